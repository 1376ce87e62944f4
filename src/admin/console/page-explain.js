// @ts-check
import { api } from './api.js';
import { h, mount } from './dom.js';

/** Which access rule decides what someone may do with an entry. @param {{ query: URLSearchParams }} ctx */
export async function explainPage({ query }) {
  const dn = /** @type {HTMLInputElement} */ (
    h('input', {
      name: 'dn',
      value: query.get('dn') ?? '',
      size: 50,
      required: true,
      'aria-label': 'Entry DN',
    })
  );
  const as = /** @type {HTMLInputElement} */ (
    h('input', {
      name: 'as',
      value: query.get('as') ?? '',
      size: 50,
      placeholder: 'a DN, or empty for anonymous',
      'aria-label': 'As',
    })
  );
  const attr = /** @type {HTMLInputElement} */ (
    h('input', { name: 'attr', placeholder: 'all attributes', 'aria-label': 'Attribute' })
  );
  const result = h('div');
  return h(
    'div',
    { class: 'card' },
    h('h1', {}, 'Access explained'),
    h(
      'form',
      {
        onsubmit: async (/** @type {Event} */ ev) => {
          ev.preventDefault();
          try {
            const r = await api(
              'GET',
              `/api/explain?dn=${encodeURIComponent(dn.value)}&as=${encodeURIComponent(as.value)}${attr.value ? `&attr=${encodeURIComponent(attr.value)}` : ''}`,
            );
            mount(
              result,
              h(
                'table',
                { class: 'explain' },
                h(
                  'thead',
                  {},
                  h('tr', {}, h('th', {}, 'attribute'), h('th', {}, 'access'), h('th', {}, 'decided by')),
                ),
                h(
                  'tbody',
                  {},
                  ...r.explanations.map((/** @type {any} */ x) =>
                    h(
                      'tr',
                      {},
                      h('td', {}, x.attribute),
                      h('td', {}, `${x.level} (${x.privileges})`),
                      h('td', {}, x.rule),
                    ),
                  ),
                ),
              ),
            );
          } catch (e) {
            mount(result, h('p', { class: 'error' }, /** @type {Error} */ (e).message));
          }
        },
      },
      h(
        'div',
        { class: 'grid2' },
        h('label', {}, 'Entry ', dn),
        h('label', {}, 'As ', as),
        h('label', {}, 'Attribute ', attr),
      ),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Explain')),
    ),
    result,
  );
}
