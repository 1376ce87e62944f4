import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rdn } from '../../src/dn/index.ts';
import { parseDn, parseRdn } from '../../src/dn/index.ts';
import { LdapError } from '../../src/protocol/ldap-error.ts';
import { ResultCode } from '../../src/protocol/result-code.ts';

const hex = (h: string) => Buffer.from(h, 'hex');

// [DN string, expected RDNs (type/value pairs, each inner array one RDN)]
const valid: [string, Rdn[]][] = [
  ['', []],
  ['   ', []],
  // RFC 4514 §4 examples
  [
    'UID=jsmith,DC=example,DC=net',
    [[{ type: 'UID', value: 'jsmith' }], [{ type: 'DC', value: 'example' }], [{ type: 'DC', value: 'net' }]],
  ],
  [
    'OU=Sales+CN=J.  Smith,DC=example,DC=net',
    [
      [
        { type: 'OU', value: 'Sales' },
        { type: 'CN', value: 'J.  Smith' },
      ],
      [{ type: 'DC', value: 'example' }],
      [{ type: 'DC', value: 'net' }],
    ],
  ],
  [
    'CN=James \\"Jim\\" Smith\\, III,DC=example,DC=net',
    [
      [{ type: 'CN', value: 'James "Jim" Smith, III' }],
      [{ type: 'DC', value: 'example' }],
      [{ type: 'DC', value: 'net' }],
    ],
  ],
  [
    'CN=Before\\0dAfter,DC=example,DC=net',
    [
      [{ type: 'CN', value: 'Before\rAfter' }],
      [{ type: 'DC', value: 'example' }],
      [{ type: 'DC', value: 'net' }],
    ],
  ],
  ['1.3.6.1.4.1.1466.0=#04024869', [[{ type: '1.3.6.1.4.1.1466.0', value: hex('04024869') }]]],
  ['CN=Lu\\C4\\8Di\\C4\\87', [[{ type: 'CN', value: 'Lučić' }]]],
  // escapes
  ['cn=a\\,b', [[{ type: 'cn', value: 'a,b' }]]],
  ['cn=a\\2Cb', [[{ type: 'cn', value: 'a,b' }]]],
  ['cn=a\\2cb', [[{ type: 'cn', value: 'a,b' }]]],
  ['cn=a\\+b', [[{ type: 'cn', value: 'a+b' }]]],
  ['cn=a\\;\\<\\>\\\\\\"\\=', [[{ type: 'cn', value: 'a;<>\\"=' }]]],
  ['cn=\\23hash', [[{ type: 'cn', value: '#hash' }]]],
  ['cn=\\#hash', [[{ type: 'cn', value: '#hash' }]]],
  ['cn=a#b#', [[{ type: 'cn', value: 'a#b#' }]]],
  ['cn=a=b', [[{ type: 'cn', value: 'a=b' }]]],
  ['cn=\\ lead', [[{ type: 'cn', value: ' lead' }]]],
  ['cn=trail\\ ', [[{ type: 'cn', value: 'trail ' }]]],
  ['cn=trail\\20', [[{ type: 'cn', value: 'trail ' }]]],
  ['cn=\\ \\ ', [[{ type: 'cn', value: '  ' }]]],
  ['cn=trail\\  ,dc=x', [[{ type: 'cn', value: 'trail ' }], [{ type: 'dc', value: 'x' }]]],
  ['cn=nul\\00', [[{ type: 'cn', value: 'nul\0' }]]],
  ['cn=caf\\C3\\A9', [[{ type: 'cn', value: 'café' }]]],
  ['cn=café', [[{ type: 'cn', value: 'café' }]]],
  ['cn=\\E6\\97\\A5\\E6\\9C\\AC', [[{ type: 'cn', value: '日本' }]]],
  ['cn=日本語,o=東京', [[{ type: 'cn', value: '日本語' }], [{ type: 'o', value: '東京' }]]],
  ['cn=محمد', [[{ type: 'cn', value: 'محمد' }]]],
  ['cn=\\F0\\9F\\98\\80', [[{ type: 'cn', value: '😀' }]]],
  ['cn=', [[{ type: 'cn', value: '' }]]],
  ['cn=,dc=x', [[{ type: 'cn', value: '' }], [{ type: 'dc', value: 'x' }]]],
  // leniencies: spaces around separators, `;` separator (RFC 2253)
  [' cn = a , dc = b ', [[{ type: 'cn', value: 'a' }], [{ type: 'dc', value: 'b' }]]],
  [
    'cn=a + sn=b;dc=c',
    [
      [
        { type: 'cn', value: 'a' },
        { type: 'sn', value: 'b' },
      ],
      [{ type: 'dc', value: 'c' }],
    ],
  ],
  ['cn=#0a0B , dc=x', [[{ type: 'cn', value: hex('0a0b') }], [{ type: 'dc', value: 'x' }]]],
  ['2.5.4.3=x', [[{ type: '2.5.4.3', value: 'x' }]]],
  ['0.0=x', [[{ type: '0.0', value: 'x' }]]],
  ['x-my-attr9=v', [[{ type: 'x-my-attr9', value: 'v' }]]],
];

const invalid: [string, RegExp][] = [
  ['cn', /missing '='/],
  ['cn=a,', /missing attribute type/],
  [',cn=a', /missing attribute type/],
  ['cn=a,,dc=b', /missing attribute type/],
  ['cn=a+', /missing attribute type/],
  ['=a', /attribute type/],
  ['cn:a', /expected '='/],
  ['c_n=a', /expected '='/],
  ['-cn=a', /attribute type/],
  ['2.5.04.3=a', /numeric OID/],
  ['2=a', /numeric OID/],
  ['2.5.=a', /numeric OID/],
  ['cn=a"b', /'"' must be escaped/],
  ['cn="quoted"', /must be escaped/],
  ['cn=a<b', /must be escaped/],
  ['cn=a>b', /must be escaped/],
  ['cn=a\0b', /U\+0000 must be escaped/],
  ['cn=a\\', /at the end of the DN/],
  ['cn=a\\q', /invalid escape/],
  ['cn=a\\2', /two hex digits/],
  ['cn=a\\2g', /two hex digits/],
  ['cn=\\C3', /not valid UTF-8/],
  ['cn=\\C3\\28', /not valid UTF-8/],
  ['cn=\\FF', /not valid UTF-8/],
  ['cn=#', /followed by hex digits/],
  ['cn=#0', /odd number/],
  ['cn=#041', /odd number/],
  ['cn=#zz', /followed by hex digits/],
  ['cn=#0401x', /after a #hexstring/],
  ['cn=#0401 x', /after a #hexstring/],
];

describe('parseDn', () => {
  for (const [text, rdns] of valid) {
    it(`parses ${JSON.stringify(text)}`, () => {
      const dn = parseDn(text);
      assert.deepEqual(dn.rdns, rdns);
      assert.equal(dn.text, text, 'keeps the original string');
    });
  }

  for (const [text, message] of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => parseDn(text),
        (e: unknown) =>
          LdapError.is(e) &&
          e.resultCode === ResultCode.invalidDNSyntax &&
          message.test(e.message) &&
          /at position \d+/.test(e.message),
      );
    });
  }

  it('reports the position of the problem', () => {
    assert.throws(() => parseDn('cn=a,dc=b<c'), /at position 9$/);
    assert.throws(() => parseDn('cn=x\\C3,dc=y'), /at position 4$/);
  });

  it('clips a huge DN in the message', () => {
    const err = (() => {
      try {
        parseDn(`cn=${'x'.repeat(10_000)}"`);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    assert.ok(err && err.message.length < 300);
  });
});

describe('parseRdn', () => {
  it('parses a multi-valued RDN', () => {
    assert.deepEqual(parseRdn('cn=a+sn=b\\,c'), [
      { type: 'cn', value: 'a' },
      { type: 'sn', value: 'b,c' },
    ]);
  });
  it('rejects more than one RDN', () => {
    assert.throws(() => parseRdn('cn=a,dc=b'), /an RDN cannot contain an unescaped separator/);
    assert.throws(() => parseRdn('cn=a;dc=b'), /separator/);
  });
  it('rejects the empty string', () => {
    assert.throws(
      () => parseRdn(''),
      (e: unknown) => LdapError.is(e) && e.resultCode === ResultCode.invalidDNSyntax,
    );
  });
});
