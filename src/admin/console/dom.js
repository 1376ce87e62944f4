// @ts-check
// DOM helpers. Every piece of data reaches the page through textContent or an
// attribute value — never through innerHTML — so a value holding markup is
// shown as the text it is.

/**
 * Build an element: `h('button', { class: 'x', onclick: f, disabled: true }, 'text', child)`.
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {...(Node | string | number | null | undefined | false | (Node | string)[])} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    else if (key === 'class') el.className = String(value);
    else if (key === 'value' && 'value' in el) /** @type {HTMLInputElement} */ (el).value = String(value);
    else if (key === 'checked' && 'checked' in el)
      /** @type {HTMLInputElement} */ (el).checked = Boolean(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** @param {HTMLElement} el @param {unknown[]} children */
function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replace an element's content. @param {HTMLElement} el @param {...(Node | string | null | undefined | false)} children */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Show a message above the page; errors stay until the next action. @param {string} text @param {'ok' | 'error'} [kind] */
export function flash(text, kind = 'ok') {
  const el = /** @type {HTMLElement} */ (document.getElementById('flash'));
  flashedAt = Date.now();
  el.className = kind;
  el.textContent = text;
  if (kind === 'ok')
    setTimeout(() => {
      if (el.textContent === text) el.textContent = '';
    }, 4000);
}

let flashedAt = 0;

/** Clear the message, unless it was just shown (it announces the page being opened). */
export function clearFlash() {
  if (Date.now() - flashedAt < 1500) return;
  const el = /** @type {HTMLElement} */ (document.getElementById('flash'));
  el.textContent = '';
}

/** RFC 4514 escaping of one attribute value inside a DN. @param {string} value */
export function escapeDnValue(value) {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** RFC 4515 escaping of an assertion value. @param {string} value */
export function escapeFilterValue(value) {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The first RDN of a DN, as written (`uid=alice`). @param {string} dn */
export function rdnOf(dn) {
  const m = /^((?:\\.|[^,\\])*)/.exec(dn);
  return m ? m[1] : dn;
}

/** The parent DN, or '' for a top entry. @param {string} dn */
export function parentOf(dn) {
  const rdn = rdnOf(dn);
  return dn.length > rdn.length ? dn.slice(rdn.length + 1) : '';
}

/** The value of the first RDN, unescaped (`alice`). @param {string} dn */
export function rdnValue(dn) {
  const rdn = rdnOf(dn);
  return rdn
    .slice(rdn.indexOf('=') + 1)
    .replace(/\\([0-9a-fA-F]{2}|.)/g, (_, c) => (c.length === 2 ? String.fromCharCode(parseInt(c, 16)) : c));
}

/** A link to a route of the console. @param {string} route @param {Record<string, string>} [query] */
export function href(route, query = {}) {
  const q = new URLSearchParams(query).toString();
  return `#/${route}${q ? `?${q}` : ''}`;
}
