import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Filter } from '../../src/filter/index.ts';
import { escapeFilterValue, formatFilter, parseFilter } from '../../src/filter/index.ts';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('formatFilter', () => {
  // [input, canonical RFC 4515 form]
  const canonical: [string, string][] = [
    ['(cn=Babs Jensen)', '(cn=Babs Jensen)'],
    [
      ' (& (objectClass=Person) (|(sn=Jensen)(cn=Babs J*)) ) ',
      '(&(objectClass=Person)(|(sn=Jensen)(cn=Babs J*)))',
    ],
    ['(o=univ*of*mich*)', '(o=univ*of*mich*)'],
    ['(cn=*\\2A*)', '(cn=*\\2a*)'],
    ['(o=Parens R Us \\28for all\\29)', '(o=Parens R Us \\28for all\\29)'],
    ['(filename=C:\\5CMyFile)', '(filename=C:\\5cMyFile)'],
    ['(sn=Lu\\c4\\8di\\c4\\87)', '(sn=Lučić)'],
    ['(bin=\\00\\ff\\c3\\28\\e2\\82)', '(bin=\\00\\ff\\c3\\28\\e2\\82)'],
    ['(cn=\\41)', '(cn=A)'],
    ['(:DN:2.4.6.8.10:=Dino)', '(:dn:2.4.6.8.10:=Dino)'],
    ['(sn:dn:caseExactMatch:=x)', '(sn:dn:caseExactMatch:=x)'],
    ['(cn:=x)', '(cn:=x)'],
    ['(!(cn=*))', '(!(cn=*))'],
    ['(&)', '(&)'],
    ['(|)', '(|)'],
    ['uid=x', '(uid=x)'],
    ['(a>=1)', '(a>=1)'],
    ['(a<=1)', '(a<=1)'],
    ['(a~=1)', '(a~=1)'],
  ];
  for (const [input, output] of canonical) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(output)}`, () => {
      assert.equal(formatFilter(parseFilter(input)), output);
    });
  }

  it('formats filters built in code (as the BER codec produces them)', () => {
    const f: Filter = {
      type: 'and',
      filters: [
        { type: 'substrings', attribute: 'cn', initial: b('a(b'), any: [b('*')], final: b('\\') },
        { type: 'extensibleMatch', matchingRule: '1.2.3', value: b(''), dnAttributes: false },
      ],
    };
    assert.equal(formatFilter(f), '(&(cn=a\\28b*\\2a*\\5c)(:1.2.3:=))');
  });

  it('formats arbitrarily deep filters without recursion', () => {
    let f: Filter = { type: 'present', attribute: 'x' };
    for (let i = 0; i < 100_000; i++) f = { type: 'not', filter: f };
    const s = formatFilter(f);
    assert.equal(s.length, 100_000 * 3 + '(x=*)'.length);
  });
});

describe('escapeFilterValue (RFC 4515 §3)', () => {
  const cases: [string | Buffer, string][] = [
    ['plain', 'plain'],
    ['*', '\\2a'],
    ['(x)', '\\28x\\29'],
    ['back\\slash', 'back\\5cslash'],
    ['nul\0', 'nul\\00'],
    ['*)(uid=*', '\\2a\\29\\28uid=\\2a'],
    ['café 日本 😀', 'café 日本 😀'],
    [Buffer.from('café'), 'café'],
    [Buffer.from([0x00, 0x01, 0x2a, 0x80, 0xff]), '\\00\x01\\2a\\80\\ff'],
    // overlong, surrogate, beyond U+10FFFF, truncated: all escaped byte by byte
    [Buffer.from([0xc0, 0xaf]), '\\c0\\af'],
    [Buffer.from([0xed, 0xa0, 0x80]), '\\ed\\a0\\80'],
    [Buffer.from([0xf4, 0x90, 0x80, 0x80]), '\\f4\\90\\80\\80'],
    [Buffer.from([0x41, 0xe2, 0x82]), 'A\\e2\\82'],
    [Buffer.from([0xe2, 0x82, 0xac, 0xe2]), '€\\e2'],
    [Buffer.from([0xf0, 0x9f, 0x98, 0x80]), '😀'],
  ];
  for (const [value, escaped] of cases) {
    it(`${typeof value === 'string' ? JSON.stringify(value) : `<${value.toString('hex')}>`} → ${escaped}`, () => {
      assert.equal(escapeFilterValue(value), escaped);
    });
  }

  it('an escaped string parses back to its UTF-8 bytes', () => {
    const value = 'a*b(c)d\\e\0f ü';
    const f = parseFilter(`(cn=${escapeFilterValue(value)})`);
    assert.deepEqual(f, { type: 'equality', attribute: 'cn', value: Buffer.from(value) });
  });
});
