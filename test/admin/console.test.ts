import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startHttpServer } from '../../src/admin/index.ts';
import { run } from '../support/linden.ts';
import { type Browser, launchBrowser } from './browser.ts';
import {
  ADMIN_DN,
  ADMIN_PASSWORD,
  ApiClient,
  BASE,
  type ConsoleLinden,
  enc,
  startConsoleLinden,
} from './support.ts';

const IMAGES = new URL('../../docs/images/', import.meta.url).pathname;
const screenshots = process.env.LINDEN_SCREENSHOTS !== '0';

async function shot(page: Page, name: string): Promise<void> {
  if (!screenshots) return;
  mkdirSync(IMAGES, { recursive: true });
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
  await page.screenshot({ path: `${IMAGES}${name}.png`, fullPage: false });
}

async function login(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${url}/`);
  await page.getByLabel('User name or DN').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('who').waitFor();
}

/** Create an entry from a template: the form fields are the attributes' names. */
async function create(
  page: Page,
  template: string,
  parent: string,
  fields: Record<string, string>,
  members: string[] = [],
) {
  await page.locator('#nav').getByRole('link', { name: 'New entry' }).click();
  await page.getByLabel('Template').selectOption(template);
  await page.getByLabel('Parent DN').fill(parent);
  for (const [name, value] of Object.entries(fields))
    await page.locator(`.attribute-form input[name="${name}"]`).first().fill(value);
  for (const m of members) {
    await page.getByLabel('Find members').fill(m);
    await page
      .locator('.picker .results li', { hasText: `(${m})` })
      .getByRole('button', { name: 'Add' })
      .click();
  }
  await page.getByRole('button', { name: 'Create' }).click();
}

describe('web console in Chromium', () => {
  let linden: ConsoleLinden;
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
    linden = await startConsoleLinden();
  });
  after(async () => {
    await browser?.close();
    await linden?.stop();
  });

  it('an administrator adds an OU, fills it with accounts, groups them, renames one and resets a password', async () => {
    const page = await browser.newPage();
    await page.goto(`${linden.httpUrl}/`);
    await page.getByLabel('User name or DN').waitFor();
    await shot(page, 'login');
    await login(page, linden.httpUrl, ADMIN_DN, ADMIN_PASSWORD);

    // The OU.
    await create(page, 'ou', BASE, { ou: '_users', description: 'Accounts for coco' });
    await page.locator(`article[data-dn="ou=_users,${BASE}"]`).waitFor();

    // Two posix accounts: uid and gid numbers allocated.
    const ou = `ou=_users,${BASE}`;
    await create(page, 'posix-user', ou, {
      uid: 'jdoe',
      givenName: 'Jane',
      sn: 'Doe',
      mail: 'jdoe@example.org',
      userPassword: 'first-pw-1',
    });
    await page.locator(`article[data-dn="uid=jdoe,${ou}"]`).waitFor();
    assert.match((await page.locator('#flash').textContent()) ?? '', /uidNumber 1005/);
    assert.equal((await page.locator('tr[data-attr="cn"] td .value').textContent()) ?? '', 'Jane Doe');
    assert.equal(
      (await page.locator('tr[data-attr="homeDirectory"] td .value').textContent()) ?? '',
      '/home/jdoe',
    );
    await create(page, 'posix-user', ou, { uid: 'rroe', givenName: 'Richard', sn: 'Roe' });
    await page.locator(`article[data-dn="uid=rroe,${ou}"]`).waitFor();
    assert.equal((await page.locator('tr[data-attr="uidNumber"] td .value').textContent()) ?? '', '1006');

    // The form checks MUST fields and syntax before sending.
    await page.locator('#nav').getByRole('link', { name: 'New entry' }).click();
    await page.getByLabel('Template').selectOption('posix-user');
    await page.getByLabel('Parent DN').fill(ou);
    await page.locator('.attribute-form input[name="uid"]').fill('bad');
    await page.locator('.attribute-form input[name="uidNumber"]').fill('twelve');
    await page.getByRole('button', { name: 'Create' }).click();
    assert.equal((await page.locator('[data-error-for="sn"]').textContent()) ?? '', 'required');
    assert.match((await page.locator('[data-error-for="uidNumber"]').textContent()) ?? '', /whole number/);
    await shot(page, 'create-user');

    // A group with both accounts, picked by searching.
    await create(page, 'group', ou, { cn: 'coco-users', description: 'People of coco' }, ['jdoe', 'rroe']);
    const group = `cn=coco-users,${ou}`;
    await page.locator(`article[data-dn="${group}"]`).waitFor();
    assert.equal(await page.locator('.members-panel li[data-member]').count(), 2);
    // Remove one member and add them back through the picker.
    await page.locator(`li[data-member="uid=rroe,${ou}"]`).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('heading', { name: 'Members (1)' }).waitFor();
    await page.getByLabel('Find members').fill('Roe');
    await page
      .locator('.picker .results li', { hasText: '(rroe)' })
      .getByRole('button', { name: 'Add' })
      .click();
    await page.getByRole('heading', { name: 'Members (2)' }).waitFor();
    await shot(page, 'group-members');

    // Rename jdoe: the group follows (referential integrity).
    await page.goto(`${linden.httpUrl}/#/browse?dn=${enc(`uid=jdoe,${ou}`)}`);
    await page.getByRole('button', { name: 'Rename / move' }).click();
    await page.getByLabel('New RDN').fill('uid=janedoe');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.locator(`article[data-dn="uid=janedoe,${ou}"]`).waitFor();
    await page.goto(`${linden.httpUrl}/#/browse?dn=${enc(group)}`);
    await page.locator(`li[data-member="uid=janedoe,${ou}"]`).waitFor();
    assert.equal(await page.locator(`li[data-member="uid=jdoe,${ou}"]`).count(), 0);
    await shot(page, 'browse');

    // Reset rroe's password; rroe binds with it over LDAP.
    await page.goto(`${linden.httpUrl}/#/browse?dn=${enc(`uid=rroe,${ou}`)}`);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByLabel('New password', { exact: true }).fill('S3cret-roe');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Password set.').waitFor();
    const who = await run('ldapwhoami', ['-x', '-H', linden.url, '-D', `uid=rroe,${ou}`, '-w', 'S3cret-roe']);
    assert.equal(who.code, 0, who.stderr);
    assert.equal(who.stdout.trim(), `dn:uid=rroe,${ou}`);

    // Search, LDIF and the access explanation pages.
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Search text').fill('roe');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('table.search-results tbody tr').first().waitFor();
    await shot(page, 'search');
    await page.getByRole('link', { name: 'Access' }).click();
    await page.getByLabel('Entry DN').fill(`uid=rroe,${ou}`);
    await page.getByLabel('As').fill(`uid=alice,ou=people,${BASE}`);
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.locator('table.explain tbody tr').first().waitFor();
    await shot(page, 'access-explained');

    // A subtree goes only after its name is typed.
    await page.goto(`${linden.httpUrl}/#/browse?dn=${enc(ou)}`);
    await page.locator(`article[data-dn="${ou}"]`).getByRole('button', { name: 'Delete' }).click();
    await page.getByLabel('Type the name to confirm').fill('users');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.locator('form p.error').filter({ hasText: '_users' }).waitFor();
    await page.close();
  });

  it('a user edits only the attributes the rules allow, joins an open group, and cannot forge changes', async () => {
    const admin = new ApiClient(linden.httpUrl);
    await admin.login(ADMIN_DN, ADMIN_PASSWORD);
    await admin.request('POST', '/api/entries', {
      dn: `cn=open,ou=groups,${BASE}`,
      attributes: {
        objectClass: ['top', 'groupOfNames'],
        cn: 'open',
        description: 'Anyone may join',
        member: `uid=bob,ou=people,${BASE}`,
      },
    });
    const page = await browser.newPage();
    await login(page, linden.httpUrl, 'alice', 'linden-demo');
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    // Editable: what the rules give alice on her own entry. cn is shown, not editable.
    assert.equal(await page.locator('.self-form input[name="telephoneNumber"]').count(), 1);
    assert.equal(await page.locator('.self-form input[name="cn"]').count(), 0);
    assert.equal(
      (await page.locator('table.readonly tr[data-attr="cn"] td .value').textContent()) ?? '',
      'Alice Andersen',
    );
    await page.locator('.self-form input[name="telephoneNumber"]').fill('+1 555 0123');
    await page.locator('.self-form input[name="displayName"]').fill('Alice A.');
    await page.locator('.self-form').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const search = await run('ldapsearch', [
      '-x',
      '-LLL',
      '-H',
      linden.url,
      '-D',
      ADMIN_DN,
      '-w',
      ADMIN_PASSWORD,
      '-b',
      `uid=alice,ou=people,${BASE}`,
      '-s',
      'base',
      'telephoneNumber',
      'displayName',
    ]);
    assert.match(search.stdout, /telephoneNumber: \+1 555 0123/);
    assert.match(search.stdout, /displayName: Alice A\./);

    // Join the open group, then leave it again.
    await page
      .locator(`.members.open li[data-group="cn=open,ou=groups,${BASE}"]`)
      .getByRole('button', { name: 'Join' })
      .click();
    await page.locator(`.members.mine li[data-group="cn=open,ou=groups,${BASE}"]`).waitFor();
    await shot(page, 'self-service');
    await page
      .locator(`.members.mine li[data-group="cn=open,ou=groups,${BASE}"]`)
      .getByRole('button', { name: 'Leave' })
      .click();
    await page.locator(`.members.open li[data-group="cn=open,ou=groups,${BASE}"]`).waitFor();

    // A forged request from the page (with a valid session and CSRF token) for bob's entry is refused.
    const forged = await page.evaluate(
      async ([bob]) => {
        const s = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const r = await fetch(`/api/entries/${encodeURIComponent(bob!)}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken },
          body: JSON.stringify({
            changes: [{ op: 'replace', type: 'telephoneNumber', values: ['+1 555 0666'] }],
          }),
        });
        return { status: r.status, body: (await r.json()) as { resultCode: number; resultName: string } };
      },
      [`uid=bob,ou=people,${BASE}`],
    );
    assert.equal(forged.status, 403);
    assert.equal(forged.body.resultCode, 50);
    assert.equal(forged.body.resultName, 'insufficientAccessRights');

    // Change her own password with the old one.
    await page.getByLabel('Current password').fill('linden-demo');
    await page.getByLabel('New password', { exact: true }).fill('alice-new-pw');
    await page.getByLabel('New password again').fill('alice-new-pw');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed.').waitFor();
    assert.equal(
      (
        await run('ldapwhoami', [
          '-x',
          '-H',
          linden.url,
          '-D',
          `uid=alice,ou=people,${BASE}`,
          '-w',
          'alice-new-pw',
        ])
      ).code,
      0,
    );
    await page.close();
  });

  it('a cn holding markup is shown as text, never run', async () => {
    const admin = new ApiClient(linden.httpUrl);
    await admin.login(ADMIN_DN, ADMIN_PASSWORD);
    const evil = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
    const dn = `cn=xss,ou=people,${BASE}`;
    const r = await admin.request('POST', '/api/entries', {
      dn,
      attributes: { objectClass: ['person'], cn: ['xss', evil], sn: evil, description: evil },
    });
    assert.equal(r.status, 201);
    const page = await browser.newPage();
    await login(page, linden.httpUrl, ADMIN_DN, ADMIN_PASSWORD);
    await page.goto(`${linden.httpUrl}/#/browse?dn=${enc(dn)}`);
    await page.locator(`article[data-dn="${dn}"]`).waitFor();
    const cells = await page.locator('tr[data-attr="cn"] td .value').allTextContents();
    assert.ok(cells.includes(evil), `the markup is shown as text: ${cells.join(' | ')}`);
    assert.equal(await page.locator('article img').count(), 0);
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('LDAP filter').fill('(cn=xss)');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('table.search-results tbody tr').first().waitFor();
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
    await page.close();
  });

  it('a wrong password is refused with a message; an expired session returns to the login page', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    await page.goto(`${linden.httpUrl}/`);
    await page.getByLabel('User name or DN').fill('bob');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong user name or password' }).waitFor();
    assert.equal(await page.getByTestId('who').count(), 0);
    await shot(page, 'login-refused');
    await page.close();

    // A second listener on the same directory with a one-second idle timeout.
    const short = await startHttpServer({
      directory: linden.directory,
      config: linden.config,
      logger: linden.logger,
      listen: '127.0.0.1:0',
      sessionIdleSeconds: 1,
    });
    try {
      const p = await browser.newPage();
      await login(p, short.url, 'bob', 'linden-demo');
      await p.getByRole('heading', { name: 'My account' }).waitFor();
      await new Promise((r) => setTimeout(r, 1500));
      await p.getByRole('link', { name: 'Search' }).click();
      await p.getByTestId('login-message').filter({ hasText: 'session has expired' }).waitFor();
      assert.equal(await p.getByTestId('who').count(), 0);
      // Logging in again works, and logging out ends the session.
      await p.getByLabel('User name or DN').fill('bob');
      await p.getByLabel('Password').fill('linden-demo');
      await p.getByRole('button', { name: 'Log in' }).click();
      await p.getByRole('button', { name: 'Log out' }).click();
      await p.getByTestId('login-message').filter({ hasText: 'logged out' }).waitFor();
      const status = await p.evaluate(async () => (await fetch('/api/session')).status);
      assert.equal(status, 401);
      await p.close();
    } finally {
      await short.close();
    }
  });
});
