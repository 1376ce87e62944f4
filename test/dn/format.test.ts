import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeDnValue, formatDn, formatRdn, makeDn, parseDn } from '../../src/dn/index.ts';

describe('escapeDnValue (RFC 4514 §2.4)', () => {
  const cases: [string | Buffer, string][] = [
    ['plain', 'plain'],
    ['', ''],
    ['Smith, III', 'Smith\\, III'],
    ['a+b', 'a\\+b'],
    ['"q"', '\\"q\\"'],
    ['a;b<c>d', 'a\\;b\\<c\\>d'],
    ['back\\slash', 'back\\\\slash'],
    ['nul\0', 'nul\\00'],
    ['#lead', '\\#lead'],
    ['mid#dle#', 'mid#dle#'],
    [' lead', '\\ lead'],
    ['trail ', 'trail\\ '],
    [' ', '\\ '],
    ['  ', '\\ \\ '],
    ['   ', '\\  \\ '],
    ['a=b', 'a=b'],
    ['café 日本', 'café 日本'],
    [Buffer.from([4, 2, 0x48, 0x69]), '#04024869'],
  ];
  for (const [value, escaped] of cases) {
    it(`${JSON.stringify(typeof value === 'string' ? value : value.toString('hex'))} → ${escaped}`, () => {
      assert.equal(escapeDnValue(value), escaped);
    });
  }
});

describe('formatDn', () => {
  it('writes RDNs with `,` and multi-valued RDNs with `+`, in order', () => {
    const dn = parseDn(' OU=Sales + CN=J.  Smith ; DC=example,  DC=net');
    assert.equal(formatDn(dn), 'OU=Sales+CN=J.  Smith,DC=example,DC=net');
    assert.equal(formatDn(dn.rdns), 'OU=Sales+CN=J.  Smith,DC=example,DC=net');
  });
  it('prefers `\\,` over hexpairs and keeps UTF-8 as is', () => {
    assert.equal(formatDn(parseDn('cn=a\\2Cb\\C3\\A9')), 'cn=a\\,bé');
  });
  it('writes binary values in the #hexstring form', () => {
    assert.equal(formatRdn([{ type: '2.5.4.3', value: Buffer.from([0xff, 0]) }]), '2.5.4.3=#ff00');
  });
  it('makeDn pairs RDNs with their string form', () => {
    const dn = makeDn([[{ type: 'cn', value: ' x,' }], [{ type: 'dc', value: 'y' }]]);
    assert.equal(dn.text, 'cn=\\ x\\,,dc=y');
    assert.deepEqual(parseDn(dn.text).rdns, dn.rdns);
  });
  it('the empty DN is the empty string', () => {
    assert.equal(formatDn([]), '');
  });
});
