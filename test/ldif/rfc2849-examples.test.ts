import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LdifError, parseLdif } from '../../src/ldif/index.ts';
import { collect, fixture, texts } from './helpers.ts';

describe('RFC 2849 examples', () => {
  it('example 1: two entries', async () => {
    const records = await collect(fixture('rfc2849-example-1.ldif'));
    assert.equal(records.length, 2);
    const [barbara, bjorn] = records;
    assert.equal(barbara!.kind, 'content');
    assert.equal(barbara!.dn, 'cn=Barbara Jensen, ou=Product Development, dc=airius, dc=com');
    assert.equal(barbara!.line, 2);
    assert.deepEqual(texts(barbara!).cn, ['Barbara Jensen', 'Barbara J Jensen', 'Babs Jensen']);
    assert.deepEqual(texts(barbara!).objectclass, ['top', 'person', 'organizationalPerson']);
    assert.equal(bjorn!.dn, 'cn=Bjorn Jensen, ou=Accounting, dc=airius, dc=com');
    assert.equal(bjorn!.line, 14);
    assert.deepEqual(texts(bjorn!).telephonenumber, ['+1 408 555 1212']);
  });

  it('example 2: no space after the colon, and a folded value', async () => {
    const [record] = await collect(fixture('rfc2849-example-2.ldif'));
    assert.equal(record!.dn, 'cn=Barbara Jensen, ou=Product Development, dc=airius, dc=com');
    assert.deepEqual(texts(record!).description, [
      'Babs is a big sailing fan, and travels extensively in search of perfect sailing conditions.',
    ]);
    assert.deepEqual(texts(record!).title, ['Product Manager, Rod and Reel Division']);
  });

  it('example 3: a folded base64 value with a CR in it', async () => {
    const [record] = await collect(fixture('rfc2849-example-3.ldif'));
    assert.deepEqual(texts(record!).description, [
      'What a careful reader you are!  This value is base-64-encoded because it has a control character in it (a CR).\r  By the way, you should really get out more.',
    ]);
  });

  it('example 4: UTF-8 values, base64 DNs, language options, folded comments', async () => {
    const [ou, person] = await collect(fixture('rfc2849-example-4.ldif'));
    assert.equal(ou!.dn, 'ou=営業部,o=Airius');
    assert.deepEqual(texts(ou!).ou, ['営業部']);
    assert.deepEqual(texts(ou!)['ou;lang-ja'], ['営業部']);
    assert.deepEqual(texts(ou!)['ou;lang-ja;phonetic'], ['えいぎょうぶ']);
    assert.deepEqual(texts(ou!)['ou;lang-en'], ['Sales']);
    assert.equal(person!.dn, 'uid=rogasawara,ou=営業部,o=Airius');
    assert.deepEqual(texts(person!)['cn;lang-ja'], ['小笠原 ロドニー']);
    assert.deepEqual(texts(person!)['givenname;lang-ja;phonetic'], ['ろどにー']);
    assert.deepEqual(texts(person!).userpassword, ['{SHA}O3HSv1MusyL4kTjP+HKI5uxuNoM=']);
    assert.equal(person!.kind === 'content' && person!.attributes.length, 21);
  });

  it('example 5: a file URL is refused unless allowed, then read', async () => {
    await assert.rejects(
      collect(fixture('rfc2849-example-5.ldif')),
      (e: unknown) => LdifError.is(e) && e.line === 11 && /URL values are not allowed/.test(e.message),
    );
    await assert.rejects(
      collect(fixture('rfc2849-example-5.ldif'), { allowFileUrls: true }),
      (e: unknown) =>
        LdifError.is(e) && e.line === 11 && /cannot read .*hjensen\.jpg: ENOENT/.test(e.message),
    );
  });

  it('example 6: change records and comments', async () => {
    const records = await collect(fixture('rfc2849-example-6.ldif').replace(/^jpegphoto.*\n/m, ''));
    assert.deepEqual(
      records.map((r) => [r.kind, r.line]),
      [
        ['add', 3],
        ['delete', 14],
        ['modrdn', 18],
        ['modrdn', 25],
        ['modify', 35],
        ['modify', 55],
      ],
    );
    const [add, del, rename, move, modify, modify2] = records;
    assert.equal(add!.kind, 'add');
    assert.deepEqual(texts(add!).uid, ['fiona']);
    assert.equal(del!.dn, 'cn=Robert Jensen, ou=Marketing, dc=airius, dc=com');
    assert.deepEqual(rename, {
      kind: 'modrdn',
      changetype: 'modrdn',
      dn: 'cn=Paul Jensen, ou=Product Development, dc=airius, dc=com',
      newRdn: 'cn=Paula Jensen',
      deleteOldRdn: true,
      controls: [],
      line: 18,
    });
    assert.ok(move!.kind === 'modrdn' && !move!.deleteOldRdn);
    assert.equal(move!.kind === 'modrdn' && move!.newSuperior, 'ou=Accounting, dc=airius, dc=com');
    assert.ok(modify!.kind === 'modify');
    assert.deepEqual(
      modify!.changes.map((c) => [c.operation, c.type, c.values.map(String)]),
      [
        ['add', 'postaladdress', ['123 Anystreet $ Sunnyvale, CA $ 94086']],
        ['delete', 'description', []],
        ['replace', 'telephonenumber', ['+1 408 555 1234', '+1 408 555 5678']],
        ['delete', 'facsimiletelephonenumber', ['+1 408 555 9876']],
      ],
    );
    assert.ok(modify2!.kind === 'modify');
    assert.deepEqual(
      modify2!.changes.map((c) => [c.operation, c.type, c.values.length]),
      [
        ['replace', 'postaladdress', 0],
        ['delete', 'description', 0],
      ],
    );
  });

  it('example 7: a change record with a control', () => {
    const [record] = parseLdif(fixture('rfc2849-example-7.ldif'));
    assert.deepEqual(record, {
      kind: 'delete',
      dn: 'ou=Product Development, dc=airius, dc=com',
      controls: [{ oid: '1.2.840.113556.1.4.805', critical: true }],
      line: 6,
    });
  });
});
