import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Ava, Rdn } from '../../src/dn/index.ts';
import {
  childDn,
  formatDn,
  formatRdn,
  isChild,
  isDescendant,
  normalizeDn,
  parentDn,
  parseDn,
  rdnOf,
} from '../../src/dn/index.ts';
import { LdapError } from '../../src/protocol/ldap-error.ts';

const descr = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/);
const numericoid = fc
  .array(fc.nat({ max: 99_999 }), { minLength: 2, maxLength: 6 })
  .map((arcs) => arcs.join('.'));
const type = fc.oneof(descr, numericoid);
// Characters the escaping rules care about, mixed with ordinary and non-ASCII ones.
const tricky = fc.string({
  unit: fc.constantFrom(
    ' ',
    '#',
    ',',
    '+',
    '"',
    '\\',
    '<',
    '>',
    ';',
    '=',
    '\0',
    'a',
    'Z',
    'é',
    '日',
    '😀',
    '\r',
  ),
});
const value = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  tricky,
  fc.uint8Array({ minLength: 1, maxLength: 16 }).map((a) => Buffer.from(a)),
);
const ava: fc.Arbitrary<Ava> = fc.tuple(type, value).map(([t, v]) => ({ type: t, value: v }));
const rdn: fc.Arbitrary<Rdn> = fc.array(ava, { minLength: 1, maxLength: 3 });
const rdns = fc.array(rdn, { maxLength: 6 });

describe('DN properties', () => {
  it('format → parse gives back the same RDNs', () => {
    fc.assert(
      fc.property(rdns, (r) => {
        assert.deepEqual(parseDn(formatDn(r)).rdns, r);
      }),
      { numRuns: 2000 },
    );
  });

  it('parse never throws anything but LdapError', () => {
    const dnish = fc.string({
      unit: fc.constantFrom(
        'c',
        'n',
        '=',
        ',',
        '+',
        ';',
        ' ',
        '\\',
        '#',
        '"',
        '0',
        '2',
        'C',
        'F',
        '.',
        'é',
        '\0',
      ),
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), dnish), (text) => {
        try {
          parseDn(text);
        } catch (e) {
          assert.ok(LdapError.is(e), String(e));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('normalize is idempotent', () => {
    fc.assert(
      fc.property(rdns, (r) => {
        const ndn = normalizeDn(formatDn(r));
        // Through a parsed Dn, so the cache (which remembers ndn → ndn) cannot answer.
        assert.equal(normalizeDn(parseDn(ndn)), ndn);
      }),
      { numRuns: 2000 },
    );
  });

  it('normalize ignores the order of AVAs in an RDN', () => {
    fc.assert(
      fc.property(rdn, rdns, (first, rest) => {
        const reversed = [...first].reverse();
        assert.equal(normalizeDn(formatDn([first, ...rest])), normalizeDn(formatDn([reversed, ...rest])));
      }),
    );
  });

  it('a child of a normalized DN is its child, and its parent is the DN', () => {
    fc.assert(
      fc.property(rdn, rdns, (own, parent) => {
        const parentNdn = normalizeDn(formatDn(parent));
        const ndn = normalizeDn(childDn(formatRdn(own), parentNdn));
        assert.ok(isDescendant(ndn, parentNdn));
        assert.ok(isChild(ndn, parentNdn));
        assert.equal(parentDn(ndn), parentNdn);
        assert.equal(rdnOf(ndn), normalizeDn(formatDn([own])));
      }),
      { numRuns: 1000 },
    );
  });
});
