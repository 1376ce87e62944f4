import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Filter } from '../../src/filter/index.ts';
import { parseFilter } from '../../src/filter/index.ts';
import { LdapError } from '../../src/protocol/ldap-error.ts';
import { ResultCode } from '../../src/protocol/result-code.ts';

const b = (s: string) => Buffer.from(s, 'utf8');
const hex = (h: string) => Buffer.from(h, 'hex');
const eq = (attribute: string, value: string | Buffer): Filter => ({
  type: 'equality',
  attribute,
  value: typeof value === 'string' ? b(value) : value,
});

const valid: [string, Filter][] = [
  // RFC 4515 §4 examples
  ['(cn=Babs Jensen)', eq('cn', 'Babs Jensen')],
  ['(!(cn=Tim Howes))', { type: 'not', filter: eq('cn', 'Tim Howes') }],
  [
    '(&(objectClass=Person)(|(sn=Jensen)(cn=Babs J*)))',
    {
      type: 'and',
      filters: [
        eq('objectClass', 'Person'),
        {
          type: 'or',
          filters: [
            eq('sn', 'Jensen'),
            { type: 'substrings', attribute: 'cn', initial: b('Babs J'), any: [] },
          ],
        },
      ],
    },
  ],
  [
    '(o=univ*of*mich*)',
    { type: 'substrings', attribute: 'o', initial: b('univ'), any: [b('of'), b('mich')] },
  ],
  ['(seeAlso=)', eq('seeAlso', '')],
  [
    '(cn:caseExactMatch:=Fred Flintstone)',
    {
      type: 'extensibleMatch',
      attribute: 'cn',
      matchingRule: 'caseExactMatch',
      value: b('Fred Flintstone'),
      dnAttributes: false,
    },
  ],
  [
    '(cn:=Betty Rubble)',
    { type: 'extensibleMatch', attribute: 'cn', value: b('Betty Rubble'), dnAttributes: false },
  ],
  [
    '(sn:dn:2.4.6.8.10:=Barney Rubble)',
    {
      type: 'extensibleMatch',
      attribute: 'sn',
      matchingRule: '2.4.6.8.10',
      value: b('Barney Rubble'),
      dnAttributes: true,
    },
  ],
  [
    '(o:dn:=Ace Industry)',
    { type: 'extensibleMatch', attribute: 'o', value: b('Ace Industry'), dnAttributes: true },
  ],
  [
    '(:1.2.3:=Wilma Flintstone)',
    { type: 'extensibleMatch', matchingRule: '1.2.3', value: b('Wilma Flintstone'), dnAttributes: false },
  ],
  [
    '(:DN:2.4.6.8.10:=Dino)',
    { type: 'extensibleMatch', matchingRule: '2.4.6.8.10', value: b('Dino'), dnAttributes: true },
  ],
  [
    '(o=Parens R Us \\28for all your parenthetical needs\\29)',
    eq('o', 'Parens R Us (for all your parenthetical needs)'),
  ],
  ['(cn=*\\2A*)', { type: 'substrings', attribute: 'cn', any: [b('*')] }],
  ['(filename=C:\\5cMyFile)', eq('filename', 'C:\\MyFile')],
  ['(bin=\\00\\00\\00\\04)', eq('bin', hex('00000004'))],
  ['(sn=Lu\\c4\\8di\\c4\\87)', eq('sn', 'Lučić')],
  ['(1.3.6.1.4.1.1466.0=\\04\\02\\48\\69)', eq('1.3.6.1.4.1.1466.0', hex('04024869'))],
  // every filter type
  ['(cn=*)', { type: 'present', attribute: 'cn' }],
  ['(cn=a*)', { type: 'substrings', attribute: 'cn', initial: b('a'), any: [] }],
  ['(cn=*a)', { type: 'substrings', attribute: 'cn', any: [], final: b('a') }],
  ['(cn=*a*)', { type: 'substrings', attribute: 'cn', any: [b('a')] }],
  ['(cn=a*b)', { type: 'substrings', attribute: 'cn', initial: b('a'), any: [], final: b('b') }],
  [
    '(cn=a*b*c*d)',
    { type: 'substrings', attribute: 'cn', initial: b('a'), any: [b('b'), b('c')], final: b('d') },
  ],
  ['(cn=\\2a)', eq('cn', '*')],
  ['(cn=\\2A\\2a*)', { type: 'substrings', attribute: 'cn', initial: b('**'), any: [] }],
  ['(uidNumber>=1000)', { type: 'greaterOrEqual', attribute: 'uidNumber', value: b('1000') }],
  ['(uidNumber<=1000)', { type: 'lessOrEqual', attribute: 'uidNumber', value: b('1000') }],
  ['(cn~=jensen)', { type: 'approxMatch', attribute: 'cn', value: b('jensen') }],
  [
    '(member:1.2.840.113556.1.4.1941:=cn=g,dc=x)',
    {
      type: 'extensibleMatch',
      attribute: 'member',
      matchingRule: '1.2.840.113556.1.4.1941',
      value: b('cn=g,dc=x'),
      dnAttributes: false,
    },
  ],
  [
    '(:dn:2.5.13.5:=x)',
    { type: 'extensibleMatch', matchingRule: '2.5.13.5', value: b('x'), dnAttributes: true },
  ],
  ['(cn:dn:=x)', { type: 'extensibleMatch', attribute: 'cn', value: b('x'), dnAttributes: true }],
  // attribute descriptions
  ['(cn;lang-en=x)', eq('cn;lang-en', 'x')],
  ['(userCertificate;binary=*)', { type: 'present', attribute: 'userCertificate;binary' }],
  ['(2.5.4.3=x)', eq('2.5.4.3', 'x')],
  ['(x-custom-1=x)', eq('x-custom-1', 'x')],
  // values: non-ASCII, spaces, specials that need no escape
  ['(cn=日本語)', eq('cn', '日本語')],
  ['(cn=محمد علي)', eq('cn', 'محمد علي')],
  ['(cn=Éloïse)', eq('cn', 'Éloïse')],
  ['(cn=\\c3\\a9)', eq('cn', 'é')],
  ['(cn= spaced )', eq('cn', ' spaced ')],
  ['(cn=a=b&c|d!e~f<g>h:i)', eq('cn', 'a=b&c|d!e~f<g>h:i')],
  ['(objectGUID=\\ff\\fe\\00\\80)', eq('objectGUID', hex('fffe0080'))],
  // sets, including RFC 4526 absolute true/false
  ['(&)', { type: 'and', filters: [] }],
  ['(|)', { type: 'or', filters: [] }],
  ['(!(&))', { type: 'not', filter: { type: 'and', filters: [] } }],
  ['(|(a=1)(b=2)(c=3))', { type: 'or', filters: [eq('a', '1'), eq('b', '2'), eq('c', '3')] }],
  // ldapsearch style: no outer parentheses; white space between filters
  ['uid=x', eq('uid', 'x')],
  ['cn=a*', { type: 'substrings', attribute: 'cn', initial: b('a'), any: [] }],
  ['&(a=1)(b=2)', { type: 'and', filters: [eq('a', '1'), eq('b', '2')] }],
  [' (&\n  (a=1)\n  (b=2)\n) ', { type: 'and', filters: [eq('a', '1'), eq('b', '2')] }],
  ['  uid=x  ', eq('uid', 'x')],
];

const invalid: [string, number, RegExp][] = [
  ['', 0, /empty filter/],
  ['   ', 0, /empty filter/],
  ['(', 1, /attribute description/],
  ['()', 1, /attribute description/],
  ['(cn=a', 5, /missing '\)'/],
  ['(cn=a))', 6, /unexpected '\)' after the filter/],
  ['(cn=a)(cn=b)', 6, /unexpected '\('/],
  ['(&(a=b)', 7, /missing '\)'/],
  ['(&(a=b)(c=d)', 12, /missing '\)'/],
  ['(&(a=b)))', 8, /unexpected '\)'/],
  ['(&a=b)', 2, /expected '\('/],
  ['(cn=\\zz)', 4, /two hex digits/],
  ['(cn=\\2)', 4, /two hex digits/],
  ['(cn=\\)', 4, /two hex digits/],
  ['(cn=a\\', 5, /two hex digits/],
  ['(=a)', 1, /missing attribute description/],
  ['(cn>=a*)', 6, /unescaped '\*'/],
  ['(cn<=*)', 5, /unescaped '\*'/],
  ['(cn~=*a)', 5, /unescaped '\*'/],
  ['(cn:=a*)', 6, /unescaped '\*'/],
  ['(cn=**)', 4, /empty substring/],
  ['(cn=a**b)', 4, /empty substring/],
  ['(cn=a(b)', 5, /unescaped '\('/],
  ['(cn=a\0b)', 5, /U\+0000/],
  ['(!(a=b)(c=d))', 7, /exactly one filter/],
  ['(!)', 2, /must be followed by a filter/],
  ['(:dn:=x)', 1, /needs an attribute description, a matching rule or both/],
  ['(:=x)', 1, /needs an attribute description/],
  ['(cn:a:b:=x)', 1, /too many ':'/],
  ['(cn:dn:dn:1.2:=x)', 1, /too many ':'/],
  ['(cn:1.02:=x)', 4, /invalid matching rule/],
  ['(c n=x)', 2, /expected '=', '~=', '>=', '<=' or ':='/],
  ['( cn=x)', 1, /attribute description/],
  ['(cn =x)', 3, /expected '='/],
  ['(cn!=x)', 3, /expected '='/],
  ['(cn_x=y)', 3, /expected '='/],
  ['(1cn=x)', 1, /invalid attribute description "1cn"/],
  ['(2.5.04.3=x)', 1, /invalid attribute description/],
  ['(cn;=x)', 1, /invalid attribute description/],
  ['(;x=x)', 1, /invalid attribute description/],
  ['(cn:x=y)', 1, /invalid attribute description/],
  ['(cn)', 3, /expected '='/],
  ['(cn', 3, /unexpected end of filter/],
  ['cn=a)', 5, /unexpected '\)'/],
  ['x', 1, /after "x"/],
];

describe('parseFilter', () => {
  for (const [text, expected] of valid) {
    it(`parses ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseFilter(text), expected);
    });
  }

  for (const [text, position, message] of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => parseFilter(text),
        (e: unknown) => {
          assert.ok(LdapError.is(e));
          assert.equal(e.resultCode, ResultCode.protocolError);
          assert.match(e.message, message);
          assert.match(e.message, new RegExp(`^bad filter at position ${position}: `));
          return true;
        },
      );
    });
  }
});

describe('parseFilter limits', () => {
  const nested = (depth: number) => `${'(!'.repeat(depth - 1)}(a=b)${')'.repeat(depth - 1)}`;

  it('accepts nesting up to maxDepth (default 100)', () => {
    assert.equal(parseFilter(nested(100)).type, 'not');
    assert.throws(
      () => parseFilter(nested(101)),
      /bad filter at position 200: filter nested deeper than 100 levels/,
    );
  });

  it('maxDepth is an option', () => {
    assert.throws(() => parseFilter('(&(|(a=b)))', { maxDepth: 2 }), /nested deeper than 2/);
    assert.equal(parseFilter('(&(|(a=b)))', { maxDepth: 3 }).type, 'and');
  });

  it('refuses too long a filter before reading it', () => {
    const long = `(cn=${'x'.repeat(70_000)})`;
    assert.throws(() => parseFilter(long), /bad filter: longer than 65536 characters/);
    assert.equal(parseFilter(long, { maxLength: 100_000 }).type, 'equality');
  });

  it('deep nesting never overflows the stack, even with the limits lifted', () => {
    const depth = 100_000;
    const f = parseFilter(nested(depth), {
      maxDepth: Number.POSITIVE_INFINITY,
      maxLength: Number.POSITIVE_INFINITY,
    });
    assert.equal(f.type, 'not');
    assert.throws(
      () => parseFilter('(|'.repeat(depth), { maxLength: Number.POSITIVE_INFINITY }),
      /nested deeper/,
    );
    assert.throws(
      () =>
        parseFilter('(&'.repeat(depth), {
          maxDepth: Number.POSITIVE_INFINITY,
          maxLength: Number.POSITIVE_INFINITY,
        }),
      /missing '\)'/,
    );
  });

  it('a wide filter is fine', () => {
    const wide = `(|${'(a=b)'.repeat(10_000)})`;
    const f = parseFilter(wide);
    assert.equal(f.type === 'or' && f.filters.length, 10_000);
  });
});
