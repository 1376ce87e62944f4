import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DnNormalizer } from '../../src/dn/index.ts';
import {
  defaultDnNormalizer,
  dnEquals,
  foldDnValue,
  normalizeDn,
  normalizeRdn,
  parseDn,
} from '../../src/dn/index.ts';
import { LdapError } from '../../src/protocol/ldap-error.ts';
import { ResultCode } from '../../src/protocol/result-code.ts';

describe('normalizeDn with the default normalizer', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['CN=Steve Kille,O=Isode Limited,C=GB', 'cn=steve kille,o=isode limited,c=gb'],
    [' cn = A , DC = Example ; dc=COM ', 'cn=a,dc=example,dc=com'],
    ['cn=J.   Smith', 'cn=j. smith'],
    ['cn=\\ padded\\ ', 'cn=padded'],
    ['cn=a\\2Cb', 'cn=a\\,b'],
    ['cn=\\23x', 'cn=\\#x'],
    ['CN=Straße', 'cn=strasse'],
    ['CN=STRAẞE', 'cn=strasse'],
    ['CN=ÉCOLE', 'cn=école'],
    ['cn=E\\CC\\81cole', 'cn=école'], // NFKC composes the combining accent
    ['cn=ｆｕｌｌ', 'cn=full'], // NFKC folds full-width forms
    ['cn=日本語', 'cn=日本語'],
    ['2.5.4.3=X', '2.5.4.3=x'],
    ['cn=#04024869', 'cn=#04024869'],
    ['cn=#0A0B', 'cn=#0a0b'],
  ];
  for (const [dn, ndn] of cases) {
    it(`${JSON.stringify(dn)} → ${JSON.stringify(ndn)}`, () => {
      assert.equal(normalizeDn(dn), ndn);
      assert.equal(normalizeDn(parseDn(dn)), ndn, 'a parsed Dn normalizes the same');
    });
  }

  it('sorts the AVAs of a multi-valued RDN', () => {
    assert.equal(normalizeDn('SN=b+CN=a,dc=x'), 'cn=a+sn=b,dc=x');
    assert.ok(dnEquals('cn=a+sn=b,dc=x', 'sn=B+cn=A,DC=X'));
    assert.ok(!dnEquals('cn=a,dc=x', 'cn=b,dc=x'));
  });

  it('throws invalidDNSyntax for a DN that does not parse', () => {
    assert.throws(
      () => normalizeDn('cn=a,,'),
      (e: unknown) => LdapError.is(e) && e.resultCode === ResultCode.invalidDNSyntax,
    );
  });

  it('answers the same on repeated calls (the cache is transparent)', () => {
    for (let i = 0; i < 3; i++) assert.equal(normalizeDn('CN=Repeat,DC=X'), 'cn=repeat,dc=x');
    assert.equal(normalizeDn('cn=repeat,dc=x'), 'cn=repeat,dc=x');
  });

  it('stays correct past the cache size', () => {
    for (let i = 0; i < 5000; i++) assert.equal(normalizeDn(`CN=U${i},DC=X`), `cn=u${i},dc=x`);
    assert.equal(normalizeDn('CN=U0,DC=X'), 'cn=u0,dc=x');
  });
});

describe('normalizeDn with a schema normalizer', () => {
  // What the directory passes: types to canonical names, values by equality rule.
  const names: Record<string, string> = { commonname: 'cn', '2.5.4.3': 'cn', cn: 'cn', uid: 'uid', dc: 'dc' };
  const seen: string[] = [];
  const schema: DnNormalizer = {
    type(type) {
      const name = names[type.toLowerCase()];
      if (name === undefined)
        throw new LdapError(ResultCode.invalidDNSyntax, `unknown attribute type ${type}`);
      return name;
    },
    value(type, value) {
      seen.push(type);
      if (typeof value !== 'string') return value;
      // uid is caseExactMatch-like here, the rest caseIgnoreMatch
      return type === 'uid' ? value.trim() : value.toLowerCase().trim();
    },
  };

  it('maps types to canonical names and applies each type’s rule', () => {
    assert.equal(
      normalizeDn('commonName=Ann,2.5.4.3=B+UID=MiXed,DC=X', schema),
      'cn=ann,cn=b+uid=MiXed,dc=x',
    );
    assert.ok(
      seen.every((t) => t === 'cn' || t === 'uid' || t === 'dc'),
      'value() gets the canonical type',
    );
  });

  it('passes type errors through', () => {
    assert.throws(() => normalizeDn('foo=bar', schema), /unknown attribute type foo/);
  });

  it('accepts a bare value function (types are lower-cased)', () => {
    const upper = (_t: string, v: string | Buffer) => (typeof v === 'string' ? v.toUpperCase() : v);
    assert.equal(normalizeDn('CN=a,DC=b', upper), 'cn=A,dc=B');
    assert.equal(
      normalizeRdn(
        [
          { type: 'SN', value: 'b' },
          { type: 'CN', value: 'a' },
        ],
        upper,
      ),
      'cn=A+sn=B',
    );
  });

  it('escapes what the normalizer returns', () => {
    const keep = (_t: string, v: string | Buffer) => v;
    assert.equal(normalizeDn('cn=\\ a\\,b\\ ', keep), 'cn=\\ a\\,b\\ ');
  });
});

describe('foldDnValue', () => {
  it('case-folds, applies NFKC and collapses white space', () => {
    assert.equal(foldDnValue('cn', '  Hello\t \u00a0World  '), 'hello world');
    assert.equal(foldDnValue('cn', 'ﬁle'), 'file');
  });
  it('keeps binary values', () => {
    const b = Buffer.from([1, 2]);
    assert.equal(foldDnValue('cn', b), b);
  });
  it('the default normalizer lower-cases types', () => {
    assert.equal(defaultDnNormalizer.type?.('CN'), 'cn');
  });
});
