// @ts-check
import { api } from './api.js';
import { escapeDnValue, flash, h, href, mount } from './dom.js';
import { attributeForm, showFormError } from './form.js';
import { memberPicker } from './members.js';

/**
 * @typedef {{ id: string, label: string, objectClasses: string[], rdnAttribute: string, fields: string[], allocate?: string[],
 *   defaults?: Record<string, string>, members?: { attribute: string, kind: 'dn' | 'uid' } }} Template
 */

/** Fill `{field}` placeholders from the values typed. @param {string} pattern @param {Record<string, string[]>} values */
function fill(pattern, values) {
  let missing = false;
  const out = pattern.replace(/\{(\w+)\}/g, (_, name) => {
    const v = Object.entries(values).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]?.[0];
    if (!v) missing = true;
    return v ?? '';
  });
  return missing ? '' : out;
}

/** New entries, from a template or from raw attributes. @param {{ query: URLSearchParams, navigate: (to: string) => void }} ctx */
export async function createPage({ query, navigate }) {
  const { templates } = /** @type {{ templates: Template[] }} */ (await api('GET', '/api/templates'));
  const { suffixes } = await api('GET', '/api/roots');
  const parent = /** @type {HTMLInputElement} */ (
    h('input', {
      name: 'parent',
      value: query.get('parent') ?? suffixes[0] ?? '',
      size: 50,
      'aria-label': 'Parent DN',
    })
  );
  const choice = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'template', 'aria-label': 'Template' },
      ...templates.map((t) => h('option', { value: t.id }, t.label)),
      h('option', { value: 'raw' }, 'Raw attributes'),
    )
  );
  choice.value = query.get('template') ?? templates[0]?.id ?? 'raw';
  const body = h('div');
  const render = () => {
    const t = templates.find((x) => x.id === choice.value);
    mount(body, t ? templateForm(t, parent, navigate) : rawForm(parent, navigate));
  };
  choice.addEventListener('change', render);
  render();
  return h(
    'div',
    { class: 'card' },
    h('h1', {}, 'New entry'),
    h('div', { class: 'grid2' }, h('label', {}, 'Kind ', choice), h('label', {}, 'Under ', parent)),
    body,
  );
}

/** @param {Template} t @param {HTMLInputElement} parent @param {(to: string) => void} navigate */
function templateForm(t, parent, navigate) {
  /** @type {Record<string, string>} */
  const placeholders = {};
  for (const a of t.allocate ?? []) placeholders[a] = 'next free number';
  for (const [a, p] of Object.entries(t.defaults ?? {})) placeholders[a] = p;
  const form = attributeForm({
    objectClasses: t.objectClasses,
    order: t.fields,
    placeholders,
    hide: t.members ? [t.members.attribute] : [],
    allocated: t.allocate ? [...t.allocate] : [],
  });
  /** @type {{ dn: string, uid?: string, label: string }[]} */
  const members = [];
  const memberList = h('ul', { class: 'members' });
  const showMembers = () =>
    mount(
      memberList,
      ...members.map((m, i) =>
        h(
          'li',
          {},
          h('span', { title: m.dn }, m.label),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => {
                members.splice(i, 1);
                showMembers();
              },
            },
            'Remove',
          ),
        ),
      ),
    );
  const error = h('p', { class: 'error', role: 'alert' });
  return h(
    'form',
    {
      onsubmit: async (/** @type {Event} */ ev) => {
        ev.preventDefault();
        form.clearErrors();
        error.textContent = '';
        for (const [a, pattern] of Object.entries(t.defaults ?? {})) {
          const v = fill(pattern, form.values());
          if (v.trim()) form.setIfEmpty(a, v.trim());
        }
        if (!form.validate()) return;
        const values = form.values();
        const rdn = values[t.rdnAttribute]?.[0];
        if (!rdn) return void form.showError(t.rdnAttribute, 'required: it names the entry');
        /** @type {Record<string, string[]>} */
        const attributes = { objectClass: t.objectClasses, ...values };
        if (t.members) {
          if (members.length)
            attributes[t.members.attribute] = members.map((m) =>
              t.members?.kind === 'uid' ? (m.uid ?? m.dn) : m.dn,
            );
          else if (t.members.kind === 'dn') {
            error.textContent = `A ${t.label} needs at least one member.`;
            return;
          }
        }
        const dn = `${t.rdnAttribute}=${escapeDnValue(rdn)},${parent.value.trim()}`;
        try {
          const r = await api('POST', '/api/entries', {
            dn,
            attributes,
            allocate: (t.allocate ?? []).filter((a) => !values[a]?.length),
          });
          const numbers = Object.entries(r.allocated ?? {})
            .map(([k, v]) => `${k} ${v}`)
            .join(', ');
          flash(`Created ${dn}${numbers ? ` (${numbers})` : ''}.`);
          navigate(href('browse', { dn }));
        } catch (e) {
          showFormError(form, error, e);
        }
      },
    },
    h(
      'p',
      { class: 'muted' },
      `Object classes: ${t.objectClasses.join(', ')}. Fields marked * are required.`,
    ),
    form.element,
    t.members
      ? h(
          'section',
          {},
          h('h2', {}, 'Members'),
          memberList,
          memberPicker({
            onPick: (m) => {
              members.push(m);
              showMembers();
            },
          }),
        )
      : null,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create')),
  );
}

/** Any entry: an RDN and `attribute: value` lines. @param {HTMLInputElement} parent @param {(to: string) => void} navigate */
function rawForm(parent, navigate) {
  const rdn = /** @type {HTMLInputElement} */ (
    h('input', { name: 'rdn', placeholder: 'cn=example', 'aria-label': 'RDN' })
  );
  const text = /** @type {HTMLTextAreaElement} */ (
    h('textarea', {
      name: 'attributes',
      'aria-label': 'Attributes',
      placeholder: 'objectClass: top\nobjectClass: device\ncn: example',
    })
  );
  const error = h('p', { class: 'error', role: 'alert' });
  return h(
    'form',
    {
      onsubmit: async (/** @type {Event} */ ev) => {
        ev.preventDefault();
        error.textContent = '';
        /** @type {Record<string, string[]>} */
        const attributes = {};
        for (const [i, line] of text.value.split('\n').entries()) {
          if (!line.trim()) continue;
          const m = /^\s*([A-Za-z0-9][\w;.-]*)\s*:\s?(.*)$/.exec(line);
          if (!m) {
            error.textContent = `Line ${i + 1}: expected "attribute: value".`;
            return;
          }
          const list = attributes[m[1]] ?? [];
          list.push(m[2]);
          attributes[m[1]] = list;
        }
        const dn = `${rdn.value.trim()},${parent.value.trim()}`;
        try {
          await api('POST', '/api/entries', { dn, attributes });
          flash(`Created ${dn}.`);
          navigate(href('browse', { dn }));
        } catch (e) {
          const err = /** @type {any} */ (e);
          error.textContent = `${err.message} (${err.resultName ?? 'error'})`;
        }
      },
    },
    h('label', {}, 'RDN ', rdn),
    h('label', {}, 'Attributes, one "name: value" per line', text),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create')),
  );
}
