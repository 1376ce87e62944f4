// @ts-check
import { api } from './api.js';
import { escapeFilterValue, h, href, mount } from './dom.js';

/** Search with a simple form (attribute contains text) or an LDAP filter. @param {{ query: URLSearchParams }} ctx */
export async function searchPage({ query }) {
  const { suffixes } = await api('GET', '/api/roots');
  const base = /** @type {HTMLInputElement} */ (
    h('input', {
      name: 'base',
      value: query.get('base') ?? suffixes[0] ?? '',
      size: 40,
      'aria-label': 'Base DN',
    })
  );
  const attr = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'attr', 'aria-label': 'Attribute' },
      ...['any name', 'uid', 'cn', 'mail', 'sn', 'ou', 'description'].map((a) =>
        h('option', { value: a }, a),
      ),
    )
  );
  const text = /** @type {HTMLInputElement} */ (
    h('input', { name: 'text', type: 'search', placeholder: 'contains…', 'aria-label': 'Search text' })
  );
  const filter = /** @type {HTMLInputElement} */ (
    h('input', {
      name: 'filter',
      placeholder: '(&(objectClass=person)(mail=*@example.org))',
      size: 50,
      'aria-label': 'LDAP filter',
    })
  );
  const scope = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'scope', 'aria-label': 'Scope' },
      h('option', { value: 'sub' }, 'subtree'),
      h('option', { value: 'one' }, 'one level'),
      h('option', { value: 'base' }, 'base'),
    )
  );
  const results = h('div');
  let cookie = '';
  const run = async (/** @type {boolean} */ more) => {
    let f = filter.value.trim();
    if (!f) {
      const v = escapeFilterValue(text.value.trim());
      f = !v
        ? '(objectClass=*)'
        : attr.value === 'any name'
          ? `(|(uid=*${v}*)(cn=*${v}*)(mail=*${v}*)(ou=*${v}*))`
          : `(${attr.value}=*${v}*)`;
    }
    if (!more) cookie = '';
    try {
      const r = await api(
        'GET',
        `/api/search?base=${encodeURIComponent(base.value)}&scope=${scope.value}&pageSize=50&attrs=cn,objectClass,mail,description&filter=${encodeURIComponent(f)}${cookie ? `&cookie=${encodeURIComponent(cookie)}` : ''}`,
      );
      cookie = r.cookie ?? '';
      const rows = r.entries.map((/** @type {any} */ e) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { href: href('browse', { dn: e.dn }) }, e.dn)),
          h('td', {}, String(e.attributes.cn?.[0] ?? '')),
          h('td', {}, String(e.attributes.mail?.[0] ?? '')),
        ),
      );
      const tbody = more ? results.querySelector('tbody') : null;
      if (tbody) tbody.append(...rows);
      else
        mount(
          results,
          h(
            'p',
            { class: 'muted' },
            `${r.entries.length} ${r.entries.length === 1 ? 'entry' : 'entries'}${r.resultCode === 4 ? ' (size limit reached)' : ''} for ${f}`,
          ),
          h(
            'table',
            { class: 'search-results' },
            h('thead', {}, h('tr', {}, h('th', {}, 'DN'), h('th', {}, 'cn'), h('th', {}, 'mail'))),
            h('tbody', {}, ...rows),
          ),
        );
      results.querySelector('.more')?.remove();
      if (cookie)
        results.append(
          h('button', { type: 'button', class: 'secondary more', onclick: () => run(true) }, 'Next page'),
        );
    } catch (e) {
      mount(results, h('p', { class: 'error' }, /** @type {Error} */ (e).message));
    }
  };
  return h(
    'div',
    { class: 'card' },
    h('h1', {}, 'Search'),
    h(
      'form',
      {
        onsubmit: (/** @type {Event} */ ev) => {
          ev.preventDefault();
          void run(false);
        },
      },
      h('div', { class: 'inline' }, attr, text, h('span', { class: 'muted' }, 'or'), filter),
      h('div', { class: 'inline' }, 'in ', base, scope, h('button', { type: 'submit' }, 'Search')),
    ),
    results,
  );
}
