import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DnScope } from '../../src/dn/index.ts';
import {
  childDn,
  dnDepth,
  inScope,
  isChild,
  isDescendant,
  parentDn,
  parseRdn,
  rdnOf,
} from '../../src/dn/index.ts';

describe('parentDn and rdnOf', () => {
  const cases: [string, string | undefined, string][] = [
    ['', undefined, ''],
    ['dc=com', '', 'dc=com'],
    ['cn=a,dc=x,dc=com', 'dc=x,dc=com', 'cn=a'],
    ['cn=a\\,b,dc=x', 'dc=x', 'cn=a\\,b'],
    ['cn=a\\2cb,dc=x', 'dc=x', 'cn=a\\2cb'],
    ['cn=a\\\\,dc=x', 'dc=x', 'cn=a\\\\'],
    ['cn=a+sn=b,dc=x', 'dc=x', 'cn=a+sn=b'],
    ['cn=a\\\\\\,b', '', 'cn=a\\\\\\,b'],
  ];
  for (const [dn, parent, rdn] of cases) {
    it(JSON.stringify(dn), () => {
      assert.equal(parentDn(dn), parent);
      assert.equal(rdnOf(dn), rdn);
    });
  }
});

describe('dnDepth', () => {
  it('counts RDNs, not escaped commas', () => {
    assert.equal(dnDepth(''), 0);
    assert.equal(dnDepth('dc=com'), 1);
    assert.equal(dnDepth('cn=a\\,b,dc=x,dc=com'), 3);
    assert.equal(dnDepth('cn=a+sn=b,dc=com'), 2);
  });
});

describe('childDn', () => {
  it('joins an RDN and a parent', () => {
    assert.equal(childDn('cn=a', 'dc=x'), 'cn=a,dc=x');
    assert.equal(childDn('dc=com', ''), 'dc=com');
    assert.equal(childDn(parseRdn('cn=a\\,b+sn=c'), 'dc=x'), 'cn=a\\,b+sn=c,dc=x');
    assert.equal(childDn([{ type: 'cn', value: '#x ' }], 'dc=x'), 'cn=\\#x\\ ,dc=x');
  });
});

describe('isDescendant, isChild, inScope', () => {
  const base = 'ou=people,dc=x';
  it('descendants are strictly below', () => {
    assert.ok(isDescendant('uid=a,ou=people,dc=x', base));
    assert.ok(isDescendant('cn=m,uid=a,ou=people,dc=x', base));
    assert.ok(!isDescendant(base, base));
    assert.ok(!isDescendant('ou=people,dc=y', base));
    assert.ok(!isDescendant('xou=people,dc=x', base));
    assert.ok(!isDescendant('dc=x', base));
  });
  it('an escaped comma is not a separator', () => {
    assert.ok(!isDescendant('cn=a\\,ou=people,dc=x', base));
    assert.ok(isDescendant('cn=a\\\\,ou=people,dc=x', base));
    assert.ok(!isDescendant('cn=a\\\\\\,ou=people,dc=x', base));
  });
  it('everything but the root is below the root', () => {
    assert.ok(isDescendant('dc=x', ''));
    assert.ok(!isDescendant('', ''));
    assert.ok(isChild('dc=x', ''));
    assert.ok(!isChild('dc=y,dc=x', ''));
  });
  it('children are one level down', () => {
    assert.ok(isChild('uid=a,ou=people,dc=x', base));
    assert.ok(isChild('uid=a\\,b,ou=people,dc=x', base));
    assert.ok(!isChild('cn=m,uid=a,ou=people,dc=x', base));
    assert.ok(!isChild(base, base));
  });

  const entries = [
    'ou=people,dc=x',
    'uid=a,ou=people,dc=x',
    'cn=m,uid=a,ou=people,dc=x',
    'dc=x',
    'ou=groups,dc=x',
  ];
  const expected: [DnScope, string[]][] = [
    ['base', ['ou=people,dc=x']],
    ['one', ['uid=a,ou=people,dc=x']],
    ['sub', ['ou=people,dc=x', 'uid=a,ou=people,dc=x', 'cn=m,uid=a,ou=people,dc=x']],
    ['children', ['uid=a,ou=people,dc=x', 'cn=m,uid=a,ou=people,dc=x']],
  ];
  for (const [scope, inside] of expected) {
    it(`scope ${scope}`, () => {
      assert.deepEqual(
        entries.filter((e) => inScope(e, base, scope)),
        inside,
      );
      const numeric = ({ base: 0, one: 1, sub: 2, children: 3 } as const)[scope as 'base'];
      assert.deepEqual(
        entries.filter((e) => inScope(e, base, numeric)),
        inside,
      );
    });
  }
});
