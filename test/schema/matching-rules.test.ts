import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { registry } from './default-schema.ts';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

function rule(name: string) {
  const r = registry.matchingRule(name);
  assert.ok(r, `matching rule ${name}`);
  return r;
}

/** [rule, a, b, equal?] — equal compares normalized forms; `invalid` means a normalizes to undefined. */
const equality: [string, string, string, boolean][] = [
  ['caseIgnoreMatch', 'Scott Wingfield', 'scott wingfield', true],
  ['caseIgnoreMatch', '  Scott   Wingfield ', 'scott wingfield', true],
  ['caseIgnoreMatch', 'Scott\tWingfield', 'scott wingfield', true],
  ['caseIgnoreMatch', 'Scott Wingfield', 'Scott Wingfeld', false],
  ['caseIgnoreMatch', 'ÉCOLE', 'école', true],
  ['caseIgnoreMatch', 'e\u0301cole', 'école', true], // NFKC composes e + combining acute
  ['caseIgnoreMatch', 'ecole', 'école', false], // accents are significant
  ['caseIgnoreMatch', 'Straße', 'STRASSE', true], // full case folding
  ['caseIgnoreMatch', 'ΟΔΥΣΣΕΥΣ', 'οδυσσευς', true],
  ['caseIgnoreMatch', 'ﬁle', 'FILE', true], // compatibility ligature
  ['caseIgnoreMatch', 'Ｔｏｋｙｏ', 'tokyo', true], // full-width Latin
  ['caseIgnoreMatch', '東京\u3000都', '東京 都', true], // ideographic space
  ['caseIgnoreMatch', '東京都', '京都', false],
  ['caseIgnoreMatch', 'محمد علي', 'محمد  علي', true], // Arabic, inner run collapsed
  ['caseIgnoreMatch', 'soft\u00ADhyphen', 'softhyphen', true], // mapped to nothing
  ['caseIgnoreMatch', 'ｶﾀｶﾅ', 'カタカナ', true], // half-width katakana
  ['caseExactMatch', 'Scott', 'scott', false],
  ['caseExactMatch', ' Scott  W ', 'Scott W', true],
  ['caseExactMatch', 'ÉCOLE', 'E\u0301COLE', true],
  ['caseIgnoreIA5Match', 'U000000@Mozillians.ORG', 'u000000@mozillians.org', true],
  ['caseExactIA5Match', '/home/Ajf', '/home/ajf', false],
  ['caseExactIA5Match', '/home/ajf', '/home/ajf', true],
  ['telephoneNumberMatch', '+1 650-903-0800', '+16509030800', true],
  ['telephoneNumberMatch', '+44 1628 782565', '+44-1628-782565', true],
  ['telephoneNumberMatch', '+44 1628 782565', '+44 1628 782566', false],
  ['numericStringMatch', '123 456', '123456', true],
  ['integerMatch', '1000', '1000', true],
  ['integerMatch', '-5', '5', false],
  ['booleanMatch', 'TRUE', 'TRUE', true],
  ['booleanMatch', 'TRUE', 'FALSE', false],
  ['generalizedTimeMatch', '20240101120000Z', '20240101130000+0100', true],
  ['generalizedTimeMatch', '2024010112Z', '20240101120000.0Z', true],
  ['generalizedTimeMatch', '202401011230Z', '20240101120000,5Z', false],
  ['generalizedTimeMatch', '2024010112,5Z', '20240101123000Z', true], // fraction of an hour
  ['octetStringMatch', 'secret', 'secret', true],
  ['octetStringMatch', 'secret', 'Secret', false],
  ['objectIdentifierMatch', 'inetOrgPerson', '2.16.840.1.113730.3.2.2', true],
  ['objectIdentifierMatch', 'INETORGPERSON', 'inetorgperson', true],
  ['objectIdentifierMatch', 'cn', '2.5.4.3', true],
  ['objectIdentifierMatch', 'person', 'organizationalPerson', false],
  [
    'distinguishedNameMatch',
    'uid=AJF, ou=People,dc=Mozillians,dc=org',
    'uid=ajf,ou=people,dc=mozillians,dc=org',
    true,
  ],
  ['distinguishedNameMatch', 'CN=A B,DC=x', 'commonName=a  b,dc=X', true],
  ['distinguishedNameMatch', 'cn=a+sn=b,dc=x', 'sn=B+cn=A,dc=x', true],
  ['distinguishedNameMatch', 'cn=a\\2cb,dc=x', 'cn=a\\,b,dc=x', true],
  ['distinguishedNameMatch', 'cn=a,dc=x', 'cn=b,dc=x', false],
  ['uniqueMemberMatch', "uid=A,dc=x#'0101'B", "uid=a,dc=x#'0101'B", true],
  ['uniqueMemberMatch', "uid=a,dc=x#'0101'B", 'uid=a,dc=x', false],
  ['UUIDMatch', '597AE2F6-16A6-1027-98F4-ABCDEF012345', '597ae2f6-16a6-1027-98f4-abcdef012345', true],
  ['bitStringMatch', "'0101'B", "'0101'B", true],
  ['bitStringMatch', "'0101'B", "'01010'B", false],
];

describe('equality matching rules', () => {
  for (const [name, x, y, equal] of equality) {
    it(`${name}: ${JSON.stringify(x)} ${equal ? '==' : '!='} ${JSON.stringify(y)}`, () => {
      const r = rule(name);
      const nx = r.normalize(b(x));
      const ny = r.normalize(b(y));
      assert.notEqual(nx, undefined);
      assert.notEqual(ny, undefined);
      assert.equal(nx === ny, equal, `${nx} vs ${ny}`);
    });
  }
});

const invalid: [string, string | Buffer][] = [
  ['caseIgnoreMatch', Buffer.from([0x61, 0xff, 0x62])], // not UTF-8
  ['caseIgnoreIA5Match', 'café'],
  ['integerMatch', '12a'],
  ['integerMatch', '007'],
  ['integerMatch', '-0'],
  ['booleanMatch', 'true'],
  ['generalizedTimeMatch', '20240231120000Z'],
  ['generalizedTimeMatch', '20240101120000'],
  ['generalizedTimeMatch', '20241301120000Z'],
  ['numericStringMatch', '12-34'],
  ['UUIDMatch', 'not-a-uuid'],
  ['distinguishedNameMatch', 'not a dn'],
  ['distinguishedNameMatch', 'cn=a,'],
  ['objectIdentifierMatch', '1..2'],
  ['bitStringMatch', "'012'B"],
];

describe('values invalid for a rule normalize to undefined', () => {
  for (const [name, value] of invalid) {
    it(`${name}: ${JSON.stringify(value.toString())}`, () => {
      assert.equal(rule(name).normalize(typeof value === 'string' ? b(value) : value), undefined);
    });
  }
});

/** Ordering rules: [rule, smaller, larger]. */
const ordering: [string, string, string][] = [
  ['integerOrderingMatch', '9', '10'],
  ['integerOrderingMatch', '-10', '-9'],
  ['integerOrderingMatch', '-1', '0'],
  ['integerOrderingMatch', '0', '1'],
  ['integerOrderingMatch', '999', '1000'],
  ['integerOrderingMatch', '-1000', '-999'],
  ['generalizedTimeOrderingMatch', '20240101120000Z', '20240101120000.5Z'],
  ['generalizedTimeOrderingMatch', '20240101130000+0200', '20240101120000Z'],
  ['caseIgnoreOrderingMatch', 'apple', 'Banana'],
  ['caseExactOrderingMatch', 'Banana', 'apple'],
  ['numericStringOrderingMatch', '1 23', '124'],
  ['octetStringOrderingMatch', '\u0001', '\u0002'],
  ['UUIDOrderingMatch', '00000000-0000-0000-0000-000000000001', 'F0000000-0000-0000-0000-000000000000'],
];

describe('ordering matching rules', () => {
  for (const [name, lo, hi] of ordering) {
    it(`${name}: ${lo} < ${hi}, and the normalized forms sort bytewise the same way`, () => {
      const r = rule(name);
      const a = r.normalize(b(lo))!;
      const c = r.normalize(b(hi))!;
      assert.ok(r.compare(a, c) < 0);
      assert.ok(r.compare(c, a) > 0);
      assert.equal(r.compare(a, a), 0);
      assert.ok(Buffer.compare(b(a), b(c)) < 0, 'store key ranges rely on byte order');
    });
  }
});

/** Substrings: [rule, value, initial, any[], final, matches]. */
const substrings: [string, string, string | undefined, string[], string | undefined, boolean][] = [
  ['caseIgnoreSubstringsMatch', 'Andrew Findlay', 'and', [], undefined, true],
  ['caseIgnoreSubstringsMatch', 'Andrew Findlay', 'ANDREW ', [], undefined, true],
  ['caseIgnoreSubstringsMatch', 'Andrewson Findlay', 'andrew ', [], undefined, false],
  ['caseIgnoreSubstringsMatch', 'Dr Andrew J Findlay BSc', undefined, ['  andrew  j '], undefined, true],
  ['caseIgnoreSubstringsMatch', 'Dr Andrew J Findlay', undefined, [], 'FINDLAY', true],
  ['caseIgnoreSubstringsMatch', 'École Polytechnique', 'e\u0301cole', [], undefined, true],
  ['caseExactSubstringsMatch', 'Andrew', 'and', [], undefined, false],
  ['caseIgnoreIA5SubstringsMatch', 'U000000@Mozillians.org', 'u000000@', [], '.ORG', true],
  ['telephoneNumberSubstringsMatch', '+1 650-903-0800', '+1650', ['9030'], '800', true],
  ['numericStringSubstringsMatch', '123 456 789', '1234', [], undefined, true],
];

describe('substrings matching rules', () => {
  for (const [name, value, initial, any, fin, matches] of substrings) {
    it(`${name}: ${JSON.stringify(value)} ${matches ? 'matches' : 'does not match'} ${initial ?? ''}*${any.join('*')}*${fin ?? ''}`, () => {
      const r = rule(name);
      const v = r.normalize(b(value))!;
      let pos = 0;
      let ok = true;
      if (initial !== undefined) {
        const p = r.normalizeSubstring(b(initial), 'initial')!;
        ok &&= v.startsWith(p);
        pos = p.length;
      }
      for (const piece of any) {
        const p = r.normalizeSubstring(b(piece), 'any')!;
        const at = v.indexOf(p, pos);
        ok &&= at >= 0;
        pos = at + p.length;
      }
      if (fin !== undefined) {
        const p = r.normalizeSubstring(b(fin), 'final')!;
        ok &&= v.endsWith(p) && v.length - p.length >= pos;
      }
      assert.equal(ok, matches);
    });
  }
});

describe('distinguishedNameMatch can use the directory DN normalizer', () => {
  it('calls the normalizer given to the builder', async () => {
    const { buildDefaultSchema } = await import('../../src/schema/index.ts');
    const custom = buildDefaultSchema({ normalizeDn: (dn) => `<${dn.toUpperCase()}>` });
    assert.equal(custom.matchingRule('distinguishedNameMatch')!.normalize(b('cn=a')), '<CN=A>');
  });
});
