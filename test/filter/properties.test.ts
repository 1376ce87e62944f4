import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Filter } from '../../src/filter/index.ts';
import { escapeFilterValue, filterDepth, formatFilter, parseFilter } from '../../src/filter/index.ts';
import { LdapError } from '../../src/protocol/ldap-error.ts';

const descr = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/);
const numericoid = fc.array(fc.nat({ max: 99_999 }), { minLength: 2, maxLength: 5 }).map((a) => a.join('.'));
const oid = fc.oneof(descr, numericoid);
const attribute = fc
  .tuple(oid, fc.array(fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/), { maxLength: 2 }))
  .map(([type, options]) => [type, ...options].join(';'));
// `dn` cannot be a matching rule name in the string form: `(x:dn:=v)` means dnAttributes (RFC 4515 §3).
const rule = oid.filter((r) => r.toLowerCase() !== 'dn');
const bytes = fc.oneof(
  fc.string({ unit: 'binary' }).map((s) => Buffer.from(s, 'utf8')),
  fc
    .string({ unit: fc.constantFrom('*', '(', ')', '\\', '\0', 'a', ' ', 'é') })
    .map((s) => Buffer.from(s, 'utf8')),
  fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a)),
);
const nonEmptyBytes = bytes.filter((v) => v.length > 0);

const item: fc.Arbitrary<Filter> = fc.oneof(
  fc.tuple(attribute, bytes).map(([a, v]): Filter => ({ type: 'equality', attribute: a, value: v })),
  fc.tuple(attribute, bytes).map(([a, v]): Filter => ({ type: 'greaterOrEqual', attribute: a, value: v })),
  fc.tuple(attribute, bytes).map(([a, v]): Filter => ({ type: 'lessOrEqual', attribute: a, value: v })),
  fc.tuple(attribute, bytes).map(([a, v]): Filter => ({ type: 'approxMatch', attribute: a, value: v })),
  attribute.map((a): Filter => ({ type: 'present', attribute: a })),
  fc
    .tuple(
      attribute,
      fc.option(nonEmptyBytes, { nil: undefined }),
      fc.array(nonEmptyBytes, { maxLength: 3 }),
      fc.option(nonEmptyBytes, { nil: undefined }),
    )
    .filter(([, initial, any, final]) => initial !== undefined || any.length > 0 || final !== undefined)
    .map(
      ([a, initial, any, final]): Filter => ({
        type: 'substrings',
        attribute: a,
        ...(initial !== undefined ? { initial } : {}),
        any,
        ...(final !== undefined ? { final } : {}),
      }),
    ),
  fc
    .tuple(fc.option(attribute, { nil: undefined }), fc.option(rule, { nil: undefined }), bytes, fc.boolean())
    .filter(([a, r]) => a !== undefined || r !== undefined)
    .map(
      ([a, r, v, dnAttributes]): Filter => ({
        type: 'extensibleMatch',
        ...(a !== undefined ? { attribute: a } : {}),
        ...(r !== undefined ? { matchingRule: r } : {}),
        value: v,
        dnAttributes,
      }),
    ),
);

const { filter } = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    item,
    fc.array(tie('filter'), { maxLength: 4 }).map((filters): Filter => ({ type: 'and', filters })),
    fc.array(tie('filter'), { maxLength: 4 }).map((filters): Filter => ({ type: 'or', filters })),
    tie('filter').map((f): Filter => ({ type: 'not', filter: f })),
  ),
}));

describe('filter properties', () => {
  it('format → parse gives back the same filter', () => {
    fc.assert(
      fc.property(filter, (f) => {
        assert.deepEqual(parseFilter(formatFilter(f), { maxDepth: 1000 }), f);
      }),
      { numRuns: 2000 },
    );
  });

  it('formatting is canonical: parse → format → parse → format is stable', () => {
    fc.assert(
      fc.property(filter, (f) => {
        const once = formatFilter(parseFilter(formatFilter(f), { maxDepth: 1000 }));
        assert.equal(formatFilter(parseFilter(once, { maxDepth: 1000 })), once);
      }),
      { numRuns: 500 },
    );
  });

  it('an escaped value always parses back to the same octets', () => {
    fc.assert(
      fc.property(bytes, (v) => {
        assert.deepEqual(parseFilter(`(x=${escapeFilterValue(v)})`), {
          type: 'equality',
          attribute: 'x',
          value: v,
        });
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const f = parseFilter(`(x=${escapeFilterValue(s)})`);
        assert.deepEqual(f, { type: 'equality', attribute: 'x', value: Buffer.from(s, 'utf8') });
      }),
      { numRuns: 2000 },
    );
  });

  it('parse never throws anything but LdapError', () => {
    const filterish = fc.string({
      unit: fc.constantFrom(
        '(',
        ')',
        '&',
        '|',
        '!',
        '=',
        '~',
        '>',
        '<',
        ':',
        '*',
        '\\',
        'a',
        '2',
        'f',
        ';',
        '.',
        ' ',
        'd',
        'n',
        '\0',
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), filterish), (text) => {
        try {
          const f = parseFilter(text, { maxDepth: 8 });
          assert.ok(filterDepth(f) <= 8);
        } catch (e) {
          assert.ok(LdapError.is(e), String(e));
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
