// @ts-check
import { api } from './api.js';
import { escapeFilterValue, h } from './dom.js';

/**
 * A searchable picker of people (and other entries) to add to a group.
 * @param {{ onPick: (entry: { dn: string, uid?: string, label: string }) => void | Promise<void>, placeholder?: string }} options
 */
export function memberPicker({ onPick, placeholder = 'Find people by name, uid or mail…' }) {
  const input = /** @type {HTMLInputElement} */ (
    h('input', { type: 'search', placeholder, 'aria-label': 'Find members' })
  );
  const results = h('ul', { class: 'results' });
  let timer = 0;
  let seq = 0;
  const run = async () => {
    const text = input.value.trim();
    const mine = ++seq;
    if (text.length < 1) {
      results.replaceChildren();
      return;
    }
    const v = escapeFilterValue(text);
    const filter = `(&(|(objectClass=person)(objectClass=groupOfNames)(objectClass=applicationProcess))(|(uid=*${v}*)(cn=*${v}*)(mail=*${v}*)))`;
    const { roots } = { roots: (await api('GET', '/api/roots')).suffixes };
    const found = [];
    for (const base of roots) {
      const r = await api(
        'GET',
        `/api/search?base=${encodeURIComponent(base)}&scope=sub&sizeLimit=20&attrs=cn,uid,mail&filter=${encodeURIComponent(filter)}`,
      );
      found.push(...r.entries);
    }
    if (mine !== seq) return;
    results.replaceChildren(
      ...found.map((/** @type {any} */ e) => {
        const uid = typeof e.attributes.uid?.[0] === 'string' ? e.attributes.uid[0] : undefined;
        const label = `${e.attributes.cn?.[0] ?? e.dn}${uid ? ` (${uid})` : ''}`;
        return h(
          'li',
          {},
          h('span', { title: e.dn }, label),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-pick': e.dn,
              onclick: async () => {
                await onPick({ dn: e.dn, uid, label });
                input.value = '';
                results.replaceChildren();
                input.focus();
              },
            },
            'Add',
          ),
        );
      }),
    );
    if (!found.length) results.append(h('li', { class: 'muted' }, 'Nobody found.'));
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => void run(), 200);
  });
  return h('div', { class: 'picker' }, input, results);
}
