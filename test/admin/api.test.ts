import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { consoleAssetsModule } from '../../src/admin/embed-console.ts';
import {
  ADMIN_DN,
  ADMIN_PASSWORD,
  ApiClient,
  BASE,
  type ConsoleLinden,
  enc,
  startConsoleLinden,
} from './support.ts';

const ALICE = `uid=alice,ou=people,${BASE}`;
const BOB = `uid=bob,ou=people,${BASE}`;

describe('HTTP API', () => {
  let linden: ConsoleLinden;
  let admin: ApiClient;
  let alice: ApiClient;

  before(async () => {
    linden = await startConsoleLinden();
    admin = new ApiClient(linden.httpUrl);
    assert.equal((await admin.login(ADMIN_DN, ADMIN_PASSWORD)).status, 200);
    alice = new ApiClient(linden.httpUrl);
    assert.equal((await alice.login('alice', 'linden-demo')).status, 200);
  });
  after(() => linden.stop());

  describe('health and metrics', () => {
    it('/healthz answers ok', async () => {
      const r = await new ApiClient(linden.httpUrl).get('/healthz');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { status: 'ok' });
    });

    it('/readyz is ready while the store answers', async () => {
      const r = await new ApiClient(linden.httpUrl).get('/readyz');
      assert.equal(r.status, 200);
      assert.equal(r.body.status, 'ready');
      assert.ok(r.body.entries > 0);
    });

    it('/metrics is Prometheus text with connections, operations, latency, failed binds and store size', async () => {
      // Some LDAP traffic first: a good and a bad bind.
      const { run } = await import('../support/linden.ts');
      await run('ldapwhoami', ['-x', '-H', linden.url, '-D', ALICE, '-w', 'linden-demo']);
      await run('ldapwhoami', ['-x', '-H', linden.url, '-D', ALICE, '-w', 'wrong']);
      const r = await new ApiClient(linden.httpUrl).get('/metrics');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /text\/plain/);
      const samples = new Map<string, number>();
      for (const line of String(r.body).split('\n')) {
        if (!line || line.startsWith('#')) continue;
        const m = /^(\S+)\s+(\S+)$/.exec(line);
        assert.ok(m, `unparsable sample line: ${line}`);
        samples.set(m[1]!, Number(m[2]));
      }
      assert.ok((samples.get('linden_connections_total') ?? 0) >= 2);
      assert.ok(samples.has('linden_connections_open'));
      assert.ok((samples.get('linden_operations_total{type="bind",result="0"}') ?? 0) >= 1);
      assert.ok((samples.get('linden_operations_total{type="bind",result="49"}') ?? 0) >= 1);
      assert.ok((samples.get('linden_binds_failed_total') ?? 0) >= 1);
      assert.ok((samples.get('linden_operation_duration_seconds_count{type="bind"}') ?? 0) >= 2);
      assert.ok((samples.get('linden_store_entries') ?? 0) > 5);
      assert.ok((samples.get('linden_store_size_bytes') ?? 0) > 0);
      assert.ok((samples.get('linden_http_logins_total{result="success"}') ?? 0) >= 2);
    });
  });

  describe('sessions', () => {
    it('logs in with a uid or a DN; the cookie is HttpOnly and SameSite=Strict', async () => {
      const c = new ApiClient(linden.httpUrl);
      const r = await c.request('POST', '/api/session', { user: ALICE, password: 'linden-demo' });
      assert.equal(r.status, 200);
      assert.equal(r.body.dn, ALICE);
      assert.equal(r.body.admin, false);
      const cookie = r.headers.get('set-cookie') ?? '';
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      assert.doesNotMatch(cookie, /Secure/);
      assert.equal((await new ApiClient(linden.httpUrl).login('bob', 'linden-demo')).body.dn, BOB);
    });

    it('a wrong password, an unknown user and an empty password are the same 401', async () => {
      for (const [user, password] of [
        ['alice', 'nope'],
        ['nobody', 'linden-demo'],
        ['alice', ''],
      ]) {
        const r = await new ApiClient(linden.httpUrl).login(user!, password!);
        assert.equal(r.status, 401);
        assert.deepEqual(r.body, {
          resultCode: 49,
          resultName: 'invalidCredentials',
          message: 'wrong user name or password',
        });
      }
    });

    it('refuses a login that is not JSON (no cross-site form posts)', async () => {
      const r = await new ApiClient(linden.httpUrl).request('POST', '/api/session', undefined, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      assert.equal(r.status, 415);
    });

    it('GET /api/session says who is logged in; without a session it is 401', async () => {
      const r = await alice.get('/api/session');
      assert.equal(r.body.dn, ALICE);
      assert.equal(r.body.idleTimeoutSeconds, 900);
      const anon = await new ApiClient(linden.httpUrl).get('/api/session');
      assert.equal(anon.status, 401);
      assert.equal(anon.body.resultName, 'inappropriateAuthentication');
    });

    it('a state-changing request needs the CSRF token, and a foreign Origin is refused', async () => {
      const c = new ApiClient(linden.httpUrl);
      await c.login('bob', 'linden-demo');
      const token = c.csrf;
      c.csrf = '';
      const missing = await c.request('PATCH', `/api/entries/${enc(BOB)}`, {
        changes: [{ op: 'replace', type: 'description', values: ['x'] }],
      });
      assert.equal(missing.status, 403);
      assert.match(missing.body.message, /x-csrf-token/);
      c.csrf = 'wrong-token-of-another-length';
      assert.equal((await c.request('DELETE', '/api/session')).status, 403);
      c.csrf = token;
      const foreign = await c.request('DELETE', '/api/session', undefined, {
        origin: 'https://evil.example',
      });
      assert.equal(foreign.status, 403);
      assert.equal((await c.request('DELETE', '/api/session')).status, 204);
      assert.equal((await c.get('/api/session')).status, 401);
    });

    it('every API endpoint but login needs a session', async () => {
      const anon = new ApiClient(linden.httpUrl);
      for (const path of [
        '/api/roots',
        `/api/entries/${enc(ALICE)}`,
        '/api/search',
        '/api/schema',
        '/api/self',
        '/api/ldif/export',
      ]) {
        assert.equal((await anon.get(path)).status, 401, path);
      }
    });
  });

  describe('entries', () => {
    it('reads an entry with its operational attributes and memberOf; never the password', async () => {
      const r = await admin.get(`/api/entries/${enc(ALICE)}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.dn, ALICE);
      assert.deepEqual(r.body.attributes.uid, ['alice']);
      assert.equal(r.body.attributes.userPassword, undefined);
      assert.ok(r.body.operational.memberOf.includes(`cn=staff,ou=groups,${BASE}`));
      assert.ok(r.body.operational.entryUUID);
    });

    it('404 with noSuchObject for a missing entry, 400 for a bad DN', async () => {
      const r = await admin.get(`/api/entries/${enc(`uid=ghost,ou=people,${BASE}`)}`);
      assert.equal(r.status, 404);
      assert.equal(r.body.resultCode, 32);
      const bad = await admin.get(`/api/entries/${enc('not a dn')}`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.resultName, 'invalidDNSyntax');
    });

    it('lists children a page at a time', async () => {
      const first = await admin.get(`/api/entries/${enc(`ou=people,${BASE}`)}/children?pageSize=3`);
      assert.equal(first.body.children.length, 3);
      assert.ok(first.body.cookie);
      const rest = await admin.get(
        `/api/entries/${enc(`ou=people,${BASE}`)}/children?pageSize=3&cookie=${enc(first.body.cookie)}`,
      );
      assert.equal(rest.body.children.length, 1);
      assert.equal(rest.body.cookie, undefined);
      const top = await admin.get(`/api/entries/${enc(BASE)}/children`);
      assert.ok(
        top.body.children.some(
          (c: { dn: string; hasSubordinates: boolean }) => c.dn === `ou=people,${BASE}` && c.hasSubordinates,
        ),
      );
    });

    it('creates a posixAccount with the next free uid and gid numbers', async () => {
      const r = await admin.request('POST', '/api/entries', {
        dn: `uid=eve,ou=people,${BASE}`,
        attributes: {
          objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'posixAccount'],
          uid: 'eve',
          cn: 'Eve',
          sn: 'E',
          homeDirectory: '/home/eve',
        },
        allocate: ['uidNumber', 'gidNumber'],
      });
      assert.equal(r.status, 201);
      assert.deepEqual(r.body.allocated, { uidNumber: '1005', gidNumber: '1001' });
      const next = await admin.get('/api/next-id?attribute=uidNumber');
      assert.equal(next.body.next, 1006);
    });

    it('a schema violation is 400 with the LDAP result code and message', async () => {
      const r = await admin.request('POST', '/api/entries', {
        dn: `uid=noname,ou=people,${BASE}`,
        attributes: { objectClass: ['inetOrgPerson'], uid: 'noname', cn: 'No Name' },
      });
      assert.equal(r.status, 400);
      assert.equal(r.body.resultCode, 65);
      assert.equal(r.body.resultName, 'objectClassViolation');
      assert.match(r.body.message, /sn/);
      const dup = await admin.request('POST', '/api/entries', {
        dn: ALICE,
        attributes: { objectClass: ['account'], uid: 'alice' },
      });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.resultName, 'entryAlreadyExists');
    });

    it('a user changes only what the rules allow; a forged change to another entry is 403', async () => {
      const own = await alice.request('PATCH', `/api/entries/${enc(ALICE)}`, {
        changes: [{ op: 'replace', type: 'telephoneNumber', values: ['+1 555 0199'] }],
      });
      assert.equal(own.status, 200);
      const cn = await alice.request('PATCH', `/api/entries/${enc(ALICE)}`, {
        changes: [{ op: 'replace', type: 'cn', values: ['Mallory'] }],
      });
      assert.equal(cn.status, 403);
      const forged = await alice.request('PATCH', `/api/entries/${enc(BOB)}`, {
        changes: [{ op: 'replace', type: 'telephoneNumber', values: ['+1 555 0666'] }],
      });
      assert.equal(forged.status, 403);
      assert.deepEqual(Object.keys(forged.body).sort(), ['message', 'resultCode', 'resultName']);
      assert.equal(forged.body.resultCode, 50);
      assert.equal(forged.body.resultName, 'insufficientAccessRights');
      const bob = await admin.get(`/api/entries/${enc(BOB)}`);
      assert.deepEqual(bob.body.attributes.telephoneNumber, ['+1 555 0101']);
      const create = await alice.request('POST', '/api/entries', {
        dn: `ou=mine,${BASE}`,
        attributes: { objectClass: 'organizationalUnit', ou: 'mine' },
      });
      assert.equal(create.status, 403);
    });

    it('says which attributes the identity may write', async () => {
      const r = await alice.get(`/api/entries/${enc(ALICE)}/rights`);
      assert.equal(r.body.attributes.telephoneNumber, 'write');
      assert.equal(r.body.attributes.cn, 'read');
      assert.equal(r.body.delete, false);
      const other = await alice.get(`/api/entries/${enc(BOB)}/rights`);
      assert.equal(other.body.attributes.telephoneNumber, 'read');
    });

    it('renames and moves an entry; the groups follow', async () => {
      const r = await admin.request('POST', `/api/entries/${enc(`uid=darius,ou=people,${BASE}`)}/rename`, {
        newRdn: 'uid=dariush',
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.dn, `uid=dariush,ou=people,${BASE}`);
      const staff = await admin.get(`/api/entries/${enc(`cn=staff,ou=groups,${BASE}`)}`);
      assert.ok(staff.body.attributes.member.includes(`uid=dariush,ou=people,${BASE}`));
      const moved = await admin.request(
        'POST',
        `/api/entries/${enc(`uid=dariush,ou=people,${BASE}`)}/rename`,
        {
          newRdn: 'uid=dariush',
          newSuperior: `ou=services,${BASE}`,
        },
      );
      assert.equal(moved.body.dn, `uid=dariush,ou=services,${BASE}`);
      assert.equal((await admin.get(`/api/entries/${enc(`uid=dariush,ou=services,${BASE}`)}`)).status, 200);
    });

    it('deletes a subtree only when its name is typed', async () => {
      await admin.request('POST', '/api/entries', {
        dn: `ou=tmp,${BASE}`,
        attributes: { objectClass: 'organizationalUnit', ou: 'tmp' },
      });
      await admin.request('POST', '/api/entries', {
        dn: `ou=inner,ou=tmp,${BASE}`,
        attributes: { objectClass: 'organizationalUnit', ou: 'inner' },
      });
      const leafOnly = await admin.request('DELETE', `/api/entries/${enc(`ou=tmp,${BASE}`)}`);
      assert.equal(leafOnly.status, 409);
      assert.equal(leafOnly.body.resultName, 'notAllowedOnNonLeaf');
      const unconfirmed = await admin.request(
        'DELETE',
        `/api/entries/${enc(`ou=tmp,${BASE}`)}?subtree=true&confirm=wrong`,
      );
      assert.equal(unconfirmed.status, 400);
      const ok = await admin.request(
        'DELETE',
        `/api/entries/${enc(`ou=tmp,${BASE}`)}?subtree=true&confirm=tmp`,
      );
      assert.equal(ok.status, 200);
      assert.equal(ok.body.deleted, 2);
      assert.equal((await admin.get(`/api/entries/${enc(`ou=tmp,${BASE}`)}`)).status, 404);
    });

    it('values that are not UTF-8 or have a binary syntax come as base64', async () => {
      const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]);
      const r = await admin.request('PATCH', `/api/entries/${enc(BOB)}`, {
        changes: [{ op: 'replace', type: 'jpegPhoto', values: [{ base64: photo.toString('base64') }] }],
      });
      assert.equal(r.status, 200);
      const e = await admin.get(`/api/entries/${enc(BOB)}`);
      assert.deepEqual(e.body.attributes.jpegPhoto, [{ base64: photo.toString('base64') }]);
      assert.deepEqual(e.body.binary, ['jpegPhoto']);
    });
  });

  describe('passwords', () => {
    it('an administrator sets or generates a password; the user then binds with it', async () => {
      const set = await admin.request('POST', `/api/entries/${enc(`uid=chloe,ou=people,${BASE}`)}/password`, {
        newPassword: 'chloé-2024',
      });
      assert.equal(set.status, 200);
      assert.equal((await new ApiClient(linden.httpUrl).login('chloe', 'chloé-2024')).status, 200);
      const gen = await admin.request(
        'POST',
        `/api/entries/${enc(`uid=chloe,ou=people,${BASE}`)}/password`,
        {},
      );
      assert.equal(typeof gen.body.generatedPassword, 'string');
      assert.equal(
        (await new ApiClient(linden.httpUrl).login('chloe', gen.body.generatedPassword)).status,
        200,
      );
    });

    it("a user changes their own password with the old one, never another user's", async () => {
      const c = new ApiClient(linden.httpUrl);
      await c.login('bob', 'linden-demo');
      const wrong = await c.request('POST', '/api/self/password', {
        oldPassword: 'nope',
        newPassword: 'bob-new-pw',
      });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.message, /old password/);
      const ok = await c.request('POST', '/api/self/password', {
        oldPassword: 'linden-demo',
        newPassword: 'bob-new-pw',
      });
      assert.equal(ok.status, 200);
      assert.equal((await new ApiClient(linden.httpUrl).login('bob', 'bob-new-pw')).status, 200);
      const other = await c.request('POST', `/api/entries/${enc(ALICE)}/password`, { newPassword: 'hijack' });
      assert.equal(other.status, 403);
    });
  });

  describe('self-service', () => {
    it("shows one's entry and rights", async () => {
      const r = await alice.get('/api/self');
      assert.equal(r.body.dn, ALICE);
      assert.equal(r.body.rights.attributes.displayName, 'write');
    });

    it('lists groups; an open group can be joined and left, a closed one cannot', async () => {
      await admin.request('POST', '/api/entries', {
        dn: `cn=open,ou=groups,${BASE}`,
        attributes: { objectClass: ['top', 'groupOfNames'], cn: 'open', member: BOB },
      });
      const before = await alice.get('/api/self/groups');
      assert.deepEqual(
        before.body.member.map((g: { cn: string }) => g.cn),
        ['admins', 'staff'],
      );
      assert.deepEqual(
        before.body.open.map((g: { cn: string }) => g.cn),
        ['open'],
      );
      assert.equal(
        (await alice.request('POST', `/api/self/groups/${enc(`cn=open,ou=groups,${BASE}`)}`)).status,
        200,
      );
      const joined = await alice.get('/api/self/groups');
      assert.ok(joined.body.member.some((g: { cn: string }) => g.cn === 'open'));
      assert.equal(
        (await alice.request('DELETE', `/api/self/groups/${enc(`cn=open,ou=groups,${BASE}`)}`)).status,
        200,
      );
      const closed = await alice.request('DELETE', `/api/self/groups/${enc(`cn=staff,ou=groups,${BASE}`)}`);
      assert.equal(closed.status, 403);
    });
  });

  describe('search, schema, templates', () => {
    it('searches with a filter and pages', async () => {
      const r = await alice.get(
        `/api/search?base=${enc(BASE)}&scope=sub&filter=${enc('(objectClass=person)')}&attrs=cn&pageSize=2`,
      );
      assert.equal(r.status, 200);
      assert.equal(r.body.entries.length, 2);
      assert.ok(r.body.cookie);
      const bad = await alice.get(`/api/search?filter=${enc('(cn=')}`);
      assert.equal(bad.status, 400);
    });

    it('serves the schema with MUST/MAY closures and templates', async () => {
      const s = await alice.get('/api/schema');
      const person = s.body.objectClasses.find((c: { name: string }) => c.name === 'inetOrgPerson');
      assert.ok(person.must.includes('sn'));
      assert.ok(person.may.includes('mail'));
      const displayName = s.body.attributeTypes.find((t: { name: string }) => t.name === 'displayName');
      assert.equal(displayName.singleValue, true);
      const t = await alice.get('/api/templates');
      assert.deepEqual(
        t.body.templates.map((x: { id: string }) => x.id),
        ['user', 'posix-user', 'group', 'unique-group', 'posix-group', 'ou', 'service'],
      );
    });
  });

  describe('LDIF', () => {
    it('imports content and change records as the identity, and exports a subtree', async () => {
      const ldif = [
        `dn: ou=_users,${BASE}`,
        'objectClass: organizationalUnit',
        'ou: _users',
        '',
        `dn: uid=coco,ou=_users,${BASE}`,
        'changetype: add',
        'objectClass: inetOrgPerson',
        'uid: coco',
        'cn: Coco',
        'sn: C',
        '',
        `dn: uid=coco,ou=_users,${BASE}`,
        'changetype: modify',
        'replace: description',
        'description: imported',
        '-',
        '',
      ].join('\n');
      const r = await admin.request('POST', '/api/ldif/import', { ldif });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { records: 3, applied: 3, errors: [] });
      const refused = await alice.request('POST', '/api/ldif/import', {
        ldif: `dn: ou=x,${BASE}\nobjectClass: organizationalUnit\nou: x\n`,
      });
      assert.equal(refused.status, 207);
      assert.equal(refused.body.errors[0].resultCode, 50);
      const out = await admin.get(`/api/ldif/export?base=${enc(`ou=_users,${BASE}`)}&scope=sub`);
      assert.equal(out.status, 200);
      assert.match(out.headers.get('content-disposition') ?? '', /attachment/);
      assert.match(out.body, /dn: uid=coco,ou=_users,dc=example,dc=org\n/);
      assert.match(out.body, /description: imported/);
      assert.doesNotMatch(out.body, /userPassword/i);
      const broken = await admin.request('POST', '/api/ldif/import', {
        ldif: 'dn: ou=x\nthis is not ldif\n',
      });
      assert.equal(broken.status, 400);
    });
  });

  describe('access explained', () => {
    it('tells which rule decides, for administrators only', async () => {
      const r = await admin.get(`/api/explain?dn=${enc(BOB)}&as=${enc(ALICE)}&attr=telephoneNumber`);
      assert.equal(r.status, 200);
      assert.equal(r.body.explanations[0].level, 'read');
      assert.match(r.body.explanations[0].rule, /by users read/);
      const self = await admin.get(`/api/explain?dn=${enc(ALICE)}&as=${enc(ALICE)}&attr=telephoneNumber`);
      assert.equal(self.body.explanations[0].level, 'write');
      assert.equal((await alice.get(`/api/explain?dn=${enc(BOB)}&as=${enc(ALICE)}`)).status, 403);
    });
  });

  describe('console files', () => {
    it('serves the console with a strict Content-Security-Policy, from the package copy too', async () => {
      const page = await fetch(`${linden.httpUrl}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      assert.match(await page.text(), /<script type="module" src="\/console\/app.js">/);
      const js = await fetch(`${linden.httpUrl}/console/app.js`);
      assert.match(js.headers.get('content-type') ?? '', /javascript/);
      assert.equal((await fetch(`${linden.httpUrl}/console/../../package.json`)).status, 404);
    });

    it('the embedded copy matches src/admin/console (run src/admin/embed-console.ts after editing)', () => {
      const embedded = readFileSync(new URL('../../src/admin/console-assets.ts', import.meta.url), 'utf8');
      assert.equal(embedded, consoleAssetsModule());
    });
  });
});

describe('readiness', () => {
  it('/readyz is 503 while the store is unavailable', async () => {
    const linden = await startConsoleLinden({ store: { engine: 'memory' } });
    try {
      await linden.directory.store.close();
      const r = await fetch(`${linden.httpUrl}/readyz`);
      assert.equal(r.status, 503);
      const body = (await r.json()) as { status: string };
      assert.equal(body.status, 'unavailable');
      assert.equal((await fetch(`${linden.httpUrl}/healthz`)).status, 200);
    } finally {
      await linden.stop().catch(() => undefined);
    }
  });
});

describe('OpenAPI document', () => {
  it('documents every route the server answers, with its method', async () => {
    const { parse } = await import('yaml');
    const doc = parse(readFileSync(new URL('../../docs/api/openapi.yaml', import.meta.url), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const modules = await Promise.all(
      ['entries', 'explain', 'ldif', 'schema', 'search', 'self', 'session', 'templates'].map(
        (m) =>
          import(`../../src/admin/routes/${m}.ts`) as Promise<
            Record<string, { method: string; path: string }[]>
          >,
      ),
    );
    const routes = modules.flatMap((m) => Object.values(m).filter(Array.isArray).flat());
    assert.ok(routes.length > 20);
    for (const r of routes) {
      const path = r.path.replace(/:(\w+)/g, '{$1}');
      assert.ok(
        doc.paths[path]?.[r.method.toLowerCase()],
        `${r.method} ${path} is not in docs/api/openapi.yaml`,
      );
    }
  });
});
