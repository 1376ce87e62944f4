// @ts-check
import { api } from './api.js';
import { h, mount } from './dom.js';

/** Import LDIF (content or change records) and export a subtree. */
export async function ldifPage() {
  const { suffixes } = await api('GET', '/api/roots');
  const text = /** @type {HTMLTextAreaElement} */ (
    h('textarea', {
      name: 'ldif',
      'aria-label': 'LDIF',
      placeholder: 'dn: ou=_users,dc=example,dc=org\nobjectClass: organizationalUnit\nou: _users',
    })
  );
  const file = /** @type {HTMLInputElement} */ (
    h('input', { type: 'file', accept: '.ldif,text/plain', 'aria-label': 'LDIF file' })
  );
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (f) text.value = await f.text();
  });
  const go = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', name: 'continueOnError' }));
  const result = h('div', { role: 'status' });
  const base = /** @type {HTMLInputElement} */ (
    h('input', { name: 'base', value: suffixes[0] ?? '', size: 50, 'aria-label': 'Export base DN' })
  );
  const ops = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', name: 'operational' }));
  const link = /** @type {HTMLAnchorElement} */ (h('a', { class: 'button', download: '' }, 'Download LDIF'));
  const updateLink = () => {
    link.href = `/api/ldif/export?base=${encodeURIComponent(base.value)}&scope=sub${ops.checked ? '&operational=true' : ''}`;
  };
  base.addEventListener('input', updateLink);
  ops.addEventListener('change', updateLink);
  updateLink();
  return h(
    'div',
    {},
    h(
      'form',
      {
        class: 'card',
        onsubmit: async (/** @type {Event} */ ev) => {
          ev.preventDefault();
          try {
            const r = await api('POST', '/api/ldif/import', {
              ldif: text.value,
              continueOnError: go.checked,
            });
            mount(
              result,
              h('p', {}, `${r.applied} of ${r.records} records applied.`),
              r.errors.length
                ? h(
                    'ul',
                    { class: 'error' },
                    ...r.errors.map((/** @type {any} */ e) =>
                      h('li', {}, `line ${e.line}, ${e.dn}: ${e.resultName} (${e.resultCode}) ${e.message}`),
                    ),
                  )
                : null,
            );
          } catch (e) {
            mount(result, h('p', { class: 'error' }, /** @type {Error} */ (e).message));
          }
        },
      },
      h('h1', {}, 'Import LDIF'),
      h(
        'p',
        { class: 'muted' },
        'Entries (content records) are added; change records (changetype: add, modify, delete, modrdn) are applied — all as you, under your access rules.',
      ),
      file,
      text,
      h('label', { class: 'inline' }, go, 'Continue after a failed record'),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Import')),
      result,
    ),
    h(
      'section',
      { class: 'card' },
      h('h1', {}, 'Export LDIF'),
      h(
        'div',
        { class: 'inline' },
        'Subtree of ',
        base,
        h('label', { class: 'inline' }, ops, 'with operational attributes'),
        link,
      ),
    ),
  );
}
