import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filter, parseFilter } from '../../src/filter/index.ts';
import { LdapError } from '../../src/protocol/ldap-error.ts';

describe('filter template tag', () => {
  it('escapes interpolated values', () => {
    const name = '*)(uid=*';
    const s = filter`(&(uid=${name})(objectClass=person))`;
    assert.equal(s, '(&(uid=\\2a\\29\\28uid=\\2a)(objectClass=person))');
    const f = parseFilter(s);
    assert.equal(f.type === 'and' && f.filters.length, 2, 'the injection did not add a filter');
  });

  it('writes numbers, bigints, booleans and Buffers as values', () => {
    assert.equal(filter`(uidNumber>=${1000})`, '(uidNumber>=1000)');
    assert.equal(filter`(n=${10n ** 20n})`, '(n=100000000000000000000)');
    assert.equal(filter`(&(a=${true})(b=${false}))`, '(&(a=TRUE)(b=FALSE))');
    assert.equal(filter`(objectGUID=${Buffer.from([0xff, 0x2a, 0x41])})`, '(objectGUID=\\ff\\2aA)');
  });

  it('interpolations inside substring patterns stay literal', () => {
    const f = parseFilter(filter`(cn=${'a*b'}*)`);
    assert.deepEqual(f, { type: 'substrings', attribute: 'cn', initial: Buffer.from('a*b'), any: [] });
  });

  it('throws LdapError for a malformed template', () => {
    assert.throws(
      () => filter`(&(uid=${'x'})`,
      (e: unknown) => LdapError.is(e),
    );
  });
});
