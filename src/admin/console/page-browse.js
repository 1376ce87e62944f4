// @ts-check
import { api, entryPath } from './api.js';
import { h, href, mount, parentOf, rdnOf } from './dom.js';
import { entryView } from './page-entry.js';

/** The tree (lazy, a page of children at a time) beside the selected entry. @param {{ query: URLSearchParams, navigate: (to: string) => void }} ctx */
export async function browsePage({ query, navigate }) {
  const { suffixes } = await api('GET', '/api/roots');
  const selected = query.get('dn') ?? suffixes[0] ?? '';
  const pane = h('section', { class: 'entry-pane' });
  const tree = h('nav', { class: 'card tree', 'aria-label': 'Directory tree' });
  const rootList = h('ul');
  tree.append(rootList);
  // Open every ancestor of the selected entry so it is in view.
  const open = new Set();
  for (let d = selected; d; d = parentOf(d)) open.add(d.toLowerCase());
  for (const s of suffixes) rootList.append(node({ dn: s, hasSubordinates: true }, selected, open, navigate));
  if (selected) {
    try {
      mount(pane, await entryView(selected, { navigate }));
    } catch (e) {
      mount(pane, h('div', { class: 'card error' }, `${selected}: ${/** @type {Error} */ (e).message}`));
    }
  }
  return h('div', { class: 'split' }, tree, pane);
}

/**
 * @param {{ dn: string, hasSubordinates: boolean }} item
 * @param {string} selected
 * @param {Set<string>} open
 * @param {(to: string) => void} navigate
 */
function node(item, selected, open, navigate) {
  const children = h('ul');
  let expanded = false;
  let loaded = false;
  const toggle = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'button', class: 'toggle', 'aria-label': `Expand ${item.dn}`, 'aria-expanded': 'false' },
      item.hasSubordinates ? '▸' : '·',
    )
  );
  /** @param {string} [cookie] */
  const loadPage = async (cookie) => {
    const r = await api(
      'GET',
      `${entryPath(item.dn, '/children')}?pageSize=50${cookie ? `&cookie=${encodeURIComponent(cookie)}` : ''}`,
    );
    for (const c of r.children) children.append(node(c, selected, open, navigate));
    if (r.cookie) {
      const more = h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => {
              more.remove();
              void loadPage(r.cookie);
            },
          },
          'more…',
        ),
      );
      children.append(more);
    }
  };
  const setExpanded = async (/** @type {boolean} */ on) => {
    expanded = on;
    toggle.textContent = on ? '▾' : '▸';
    toggle.setAttribute('aria-expanded', String(on));
    children.hidden = !on;
    if (on && !loaded) {
      loaded = true;
      try {
        await loadPage();
      } catch (e) {
        children.append(h('li', { class: 'error' }, /** @type {Error} */ (e).message));
      }
    }
  };
  toggle.addEventListener('click', () => {
    if (item.hasSubordinates) void setExpanded(!expanded);
  });
  const isSelected = item.dn.toLowerCase() === selected.toLowerCase();
  const label = h(
    'button',
    {
      type: 'button',
      class: `label${isSelected ? ' selected' : ''}`,
      title: item.dn,
      'data-dn': item.dn,
      onclick: () => navigate(href('browse', { dn: item.dn })),
    },
    rdnOf(item.dn),
  );
  children.hidden = true;
  if (item.hasSubordinates && open.has(item.dn.toLowerCase())) void setExpanded(true);
  return h('li', {}, h('div', { class: 'node' }, toggle, label), children);
}
