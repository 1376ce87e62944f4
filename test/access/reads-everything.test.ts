import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccessPolicy } from '../../src/access/index.ts';
import { buildDefaultSchema } from '../../src/schema/index.ts';

const schema = buildDefaultSchema();
const USER = {
  dn: 'uid=alice,ou=people,dc=example,dc=org',
  ndn: 'uid=alice,ou=people,dc=example,dc=org',
  ssf: 0,
};
const ANONYMOUS = { dn: '', ndn: '', ssf: 0 };
const none = async () => undefined;

async function readsEverything(rules: string[] | undefined, requester = USER): Promise<boolean> {
  const view = await createAccessPolicy(schema, rules).prepare(requester, none);
  return view.readsEverything?.() ?? false;
}

describe('readsEverything: when a search may send stored attributes without per-attribute checks', () => {
  it('holds for `to * by * read` once rules about userPassword alone are set aside', async () => {
    assert.equal(
      await readsEverything([
        'access to attrs=userPassword by anonymous auth by * none',
        'access to * by * read',
      ]),
      true,
    );
    assert.equal(
      await readsEverything(
        ['access to attrs=userPassword by anonymous auth by * none', 'access to * by * read'],
        ANONYMOUS,
      ),
      true,
    );
  });

  it('follows the built-in defaults: users read everything, anonymous only searches', async () => {
    assert.equal(await readsEverything(undefined), true);
    assert.equal(await readsEverything(undefined, ANONYMOUS), false);
  });

  it('is false whenever the answer could depend on the entry, the value, or a grant below read', async () => {
    assert.equal(
      await readsEverything(['access to dn.subtree="ou=people,dc=example,dc=org" by * read']),
      false,
    );
    assert.equal(await readsEverything(['access to filter=(objectClass=person) by * read']), false);
    assert.equal(await readsEverything(['access to * by self read by users read']), false);
    assert.equal(await readsEverything(['access to attrs=mail by * search', 'access to * by * read']), false);
    assert.equal(await readsEverything(['access to * by users read continue']), false);
    assert.equal(await readsEverything(['access to * by ssf=128 read']), false);
    assert.equal(await readsEverything(['access to * by ssf=128 read'], { ...USER, ssf: 256 }), true);
    assert.equal(await readsEverything(['access to attrs=cn by users read']), false);
  });
});
