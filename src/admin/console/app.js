// @ts-check
// The Linden console: a hash-routed single page over the JSON API. Plain ES
// modules, no build step: the same files run from a checkout and a package.
import { api, onLoggedOut, setCsrfToken } from './api.js';
import { clearFlash, h, href, mount } from './dom.js';
import { browsePage } from './page-browse.js';
import { createPage } from './page-create.js';
import { explainPage } from './page-explain.js';
import { ldifPage } from './page-ldif.js';
import { loginPage } from './page-login.js';
import { searchPage } from './page-search.js';
import { selfPage } from './page-self.js';
import { forgetSchema, loadSchema } from './schema.js';

/** @typedef {{ dn: string, admin: boolean, csrfToken: string, idleTimeoutSeconds: number }} SessionInfo */

const app = /** @type {HTMLElement} */ (document.getElementById('app'));
const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
const who = /** @type {HTMLElement} */ (document.getElementById('who'));

/** @type {SessionInfo | undefined} */
let session;

const PAGES = {
  browse: { label: 'Directory', page: browsePage },
  search: { label: 'Search', page: searchPage },
  create: { label: 'New entry', page: createPage },
  ldif: { label: 'LDIF', page: ldifPage },
  explain: { label: 'Access', page: explainPage, adminOnly: true },
  self: { label: 'My account', page: selfPage },
};

function routeOf() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [name, query = ''] = raw.split('?');
  return { name: name || (session?.admin ? 'browse' : 'self'), query: new URLSearchParams(query) };
}

function renderChrome() {
  const current = routeOf().name;
  mount(
    nav,
    ...Object.entries(PAGES)
      .filter(([, p]) => !('adminOnly' in p) || session?.admin)
      .map(([name, p]) => h('a', { href: href(name), class: name === current ? 'current' : '' }, p.label)),
  );
  mount(
    who,
    session ? h('span', { title: session.dn, 'data-testid': 'who' }, session.dn) : null,
    session ? h('button', { type: 'button', onclick: logout }, 'Log out') : null,
  );
}

async function logout() {
  try {
    await api('DELETE', '/api/session', undefined, { quiet401: true });
  } catch {
    // Already gone: either way the session has ended.
  }
  loggedOut('You have logged out.');
}

/** @param {string} message */
function loggedOut(message) {
  session = undefined;
  setCsrfToken('');
  forgetSchema();
  renderChrome();
  mount(app, loginPage({ message, onLogin }));
}

/** @param {SessionInfo} s */
async function onLogin(s) {
  session = s;
  setCsrfToken(s.csrfToken);
  await loadSchema();
  await render();
}

async function render() {
  if (!session) return;
  clearFlash();
  renderChrome();
  const { name, query } = routeOf();
  const entry = PAGES[/** @type {keyof typeof PAGES} */ (name)] ?? PAGES.self;
  mount(app, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const view = await entry.page({
      query,
      session,
      navigate: (/** @type {string} */ to) => {
        location.hash = to;
      },
    });
    mount(app, view);
  } catch (e) {
    if (!session) return;
    mount(app, h('div', { class: 'card error' }, String(/** @type {Error} */ (e).message)));
  }
}

onLoggedOut((reason) => loggedOut(reason));
window.addEventListener('hashchange', () => void render());

(async () => {
  try {
    const s = await api('GET', '/api/session', undefined, { quiet401: true });
    await onLogin(s);
  } catch {
    loggedOut('');
  }
})();
