import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LdapError } from '../../src/protocol/ldap-error.ts';
import {
  type AttributeTypeDefinition,
  formatDefinition,
  parseDefinition,
  parseSchemaFile,
  parseSchemaLdif,
  SchemaError,
} from '../../src/schema/index.ts';
import { registry } from './default-schema.ts';

const STRING_RULES = [
  'caseIgnoreMatch',
  'caseExactMatch',
  'caseIgnoreIA5Match',
  'caseExactIA5Match',
  'telephoneNumberMatch',
  'numericStringMatch',
  'distinguishedNameMatch',
  'objectIdentifierMatch',
  'generalizedTimeMatch',
  'integerMatch',
  'octetStringMatch',
];

const text = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('Straße', 'ﬁ', 'ΣΑΣ', 'ǅ', 'ﬃ ', ' \u3000a\u00a0b ', 'İstanbul', 'ẞ', 'ŉ', 'ΐ', 'ｶﾞ'),
);

describe('normalizers are idempotent', () => {
  for (const name of STRING_RULES) {
    const rule = registry.matchingRule(name)!;
    it(name, () => {
      fc.assert(
        fc.property(text, (s) => {
          const once = rule.normalize(Buffer.from(s, 'utf8'));
          if (once === undefined || name === 'octetStringMatch') return;
          assert.equal(rule.normalize(Buffer.from(once, 'utf8')), once);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('normalize never throws, on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const value = Buffer.from(bytes);
        for (const rule of registry.matchingRules()) {
          rule.normalize(value);
          rule.normalizeSubstring(value, 'any');
        }
        for (const syntax of registry.syntaxes()) syntax.validate(value);
      }),
      { numRuns: 300 },
    );
  });
});

const descr = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,12}$/);
const oid = fc.array(fc.nat({ max: 99999 }), { minLength: 1, maxLength: 6 }).map((xs) => `1.${xs.join('.')}`);
const qdstring = fc.string({ unit: 'grapheme', maxLength: 20 });

const attributeType: fc.Arbitrary<AttributeTypeDefinition> = fc
  .record({
    oid,
    names: fc.uniqueArray(descr, { maxLength: 3 }),
    description: fc.option(qdstring, { nil: undefined }),
    obsolete: fc.boolean(),
    sup: fc.option(descr, { nil: undefined }),
    equality: fc.option(descr, { nil: undefined }),
    syntax: oid,
    syntaxLength: fc.option(fc.nat({ max: 100000 }), { nil: undefined }),
    singleValue: fc.boolean(),
    usage: fc.constantFrom(
      'userApplications',
      'directoryOperation',
      'dSAOperation',
      'distributedOperation' as const,
    ),
    origin: fc.option(fc.array(qdstring, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  })
  .map((r) => {
    const def: AttributeTypeDefinition = {
      kind: 'attributeType',
      oid: r.oid,
      names: r.names,
      obsolete: r.obsolete,
      extensions: new Map(r.origin ? [['X-ORIGIN', r.origin]] : []),
      syntax: r.syntax,
      singleValue: r.singleValue,
      collective: false,
      noUserModification: r.usage !== 'userApplications',
      usage: r.usage,
      ...(r.description === undefined ? {} : { description: r.description }),
      ...(r.sup === undefined ? {} : { sup: r.sup }),
      ...(r.equality === undefined ? {} : { equality: r.equality }),
      ...(r.syntaxLength === undefined ? {} : { syntaxLength: r.syntaxLength }),
    };
    return def;
  });

describe('parser properties', () => {
  it('format then parse gives the same definition back', () => {
    fc.assert(
      fc.property(attributeType, (def) => {
        const { source: _source, ...parsed } = parseDefinition('attributeType', formatDefinition(def));
        assert.deepEqual(parsed, def);
      }),
      { numRuns: 500 },
    );
  });

  const noise = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc
      .array(
        fc.constantFrom(
          '(',
          ')',
          '$',
          "'",
          'NAME',
          "'cn'",
          '2.5.4.3',
          'SUP',
          'name',
          '\n',
          '  ',
          'attributetype',
          'objectclass',
          'objectidentifier',
          'X:1',
          '{32}',
          'MUST',
          '#',
          'olcAttributeTypes:',
          '{0}',
        ),
        { maxLength: 30 },
      )
      .map((xs) => xs.join(' ')),
  );

  it('random input throws only SchemaError with a line number (or LdapError), never anything else', () => {
    fc.assert(
      fc.property(noise, (input) => {
        for (const parse of [parseSchemaFile, parseSchemaLdif]) {
          try {
            parse(input, 'fuzz');
          } catch (e) {
            if (LdapError.is(e)) continue;
            assert.ok(SchemaError.is(e), `unexpected ${String(e)}`);
            assert.equal(e.file, 'fuzz');
            assert.equal(typeof e.line, 'number');
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
