// @ts-check
import { api, entryPath } from './api.js';
import { flash, h, href, mount, parentOf, rdnOf, rdnValue } from './dom.js';
import { attributeForm, showFormError } from './form.js';
import { memberPicker } from './members.js';

/** @typedef {{ dn: string, attributes: Record<string, (string | { base64: string })[]>, operational: Record<string, (string | { base64: string })[]>, binary: string[] }} EntryJson */

/** @param {EntryJson} entry */
export function objectClassesOf(entry) {
  const key = Object.keys(entry.attributes).find((k) => k.toLowerCase() === 'objectclass');
  return key ? /** @type {string[]} */ (entry.attributes[key]) : [];
}

/** The membership attribute of a group, and whether it holds DNs or uids. @param {string[]} classes */
export function groupKind(classes) {
  const has = (/** @type {string} */ c) => classes.some((x) => x.toLowerCase() === c);
  if (has('groupofnames')) return { attribute: 'member', kind: 'dn' };
  if (has('groupofuniquenames')) return { attribute: 'uniqueMember', kind: 'dn' };
  if (has('posixgroup')) return { attribute: 'memberUid', kind: 'uid' };
  return undefined;
}

/** A value for display: text as text, bytes as a download link. @param {string} attr @param {string | { base64: string }} v @param {number} i */
export function showValue(attr, v, i) {
  if (typeof v === 'string') return h('span', { class: 'value' }, v);
  const bytes = Uint8Array.from(atob(v.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(
    new Blob([bytes], {
      type: attr.toLowerCase() === 'jpegphoto' ? 'image/jpeg' : 'application/octet-stream',
    }),
  );
  return h(
    'a',
    {
      class: 'value',
      href: url,
      download: `${attr}-${i}.${attr.toLowerCase() === 'jpegphoto' ? 'jpg' : 'bin'}`,
    },
    `Download (${bytes.length} bytes)`,
  );
}

/** @param {Record<string, (string | { base64: string })[]>} attrs */
function table(attrs) {
  const names = Object.keys(attrs);
  if (!names.length) return h('p', { class: 'muted' }, 'None you may read.');
  return h(
    'table',
    {},
    h(
      'tbody',
      {},
      ...names.map((name) =>
        h(
          'tr',
          { 'data-attr': name },
          h('th', {}, name),
          h('td', {}, ...attrs[name].map((v, i) => showValue(name, v, i))),
        ),
      ),
    ),
  );
}

/** @param {Record<string, unknown>} attrs */
function stringValues(attrs) {
  /** @type {Record<string, string[]>} */
  const out = {};
  for (const [k, vs] of Object.entries(attrs)) {
    const text = /** @type {unknown[]} */ (vs).filter((v) => typeof v === 'string');
    if (text.length) out[k] = /** @type {string[]} */ (text);
  }
  return out;
}

/**
 * The entry's page: its attributes, operational ones and memberOf, and what
 * may be done with it.
 * @param {string} dn @param {{ navigate: (to: string) => void }} ctx
 */
export async function entryView(dn, { navigate }) {
  /** @type {EntryJson} */
  const entry = await api('GET', entryPath(dn));
  const classes = objectClassesOf(entry);
  const body = h('div');
  const card = h('article', { class: 'card', 'data-dn': entry.dn }, h('h1', {}, entry.dn), body);
  const reload = () => navigate(href('browse', { dn: entry.dn, t: String(Date.now()) }));
  const group = groupKind(classes);
  const isAccount = classes.some((c) =>
    ['person', 'posixaccount', 'simplesecurityobject', 'inetorgperson'].includes(c.toLowerCase()),
  );

  const showMain = () =>
    mount(
      body,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', onclick: showEdit }, 'Edit'),
        h('button', { type: 'button', class: 'secondary', onclick: showRename }, 'Rename / move'),
        isAccount
          ? h('button', { type: 'button', class: 'secondary', onclick: showPassword }, 'Set password')
          : null,
        h('a', { class: 'button secondary', href: href('create', { parent: entry.dn }) }, 'New entry here'),
        h(
          'a',
          {
            class: 'button secondary',
            href: `/api/ldif/export?base=${encodeURIComponent(entry.dn)}&scope=sub`,
            download: '',
          },
          'Export LDIF',
        ),
        h('button', { type: 'button', class: 'danger', onclick: showDelete }, 'Delete'),
      ),
      table(entry.attributes),
      group ? membersPanel(entry, group, reload) : null,
      entry.operational.memberOf
        ? h(
            'div',
            {},
            h('h2', {}, 'Member of'),
            h(
              'ul',
              { class: 'members' },
              ...entry.operational.memberOf.map((g) =>
                h('li', {}, h('a', { href: href('browse', { dn: String(g) }) }, String(g))),
              ),
            ),
          )
        : null,
      h('details', {}, h('summary', {}, 'Operational attributes'), table(entry.operational)),
    );

  function showEdit() {
    const form = attributeForm({
      objectClasses: classes,
      values: stringValues(entry.attributes),
      hide: entry.binary,
    });
    const error = h('p', { class: 'error', role: 'alert' });
    mount(
      body,
      h(
        'form',
        {
          onsubmit: async (/** @type {Event} */ ev) => {
            ev.preventDefault();
            form.clearErrors();
            error.textContent = '';
            if (!form.validate()) return;
            const before = stringValues(entry.attributes);
            const after = form.values();
            const changes = [];
            for (const [type, values] of Object.entries(after)) {
              const old =
                Object.entries(before).find(([k]) => k.toLowerCase() === type.toLowerCase())?.[1] ?? [];
              if (JSON.stringify(old) !== JSON.stringify(values))
                changes.push({ op: 'replace', type, values });
            }
            if (!changes.length) return showMain();
            try {
              await api('PATCH', entryPath(entry.dn), { changes });
              flash('Saved.');
              reload();
            } catch (e) {
              showFormError(form, error, e);
            }
          },
        },
        form.element,
        error,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit' }, 'Save'),
          h('button', { type: 'button', class: 'secondary', onclick: showMain }, 'Cancel'),
        ),
      ),
    );
  }

  function showRename() {
    const rdn = /** @type {HTMLInputElement} */ (
      h('input', { name: 'newRdn', value: rdnOf(entry.dn), 'aria-label': 'New RDN' })
    );
    const parent = /** @type {HTMLInputElement} */ (
      h('input', { name: 'newSuperior', value: parentOf(entry.dn), 'aria-label': 'New parent', size: 50 })
    );
    const keep = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', name: 'keepOld' }));
    const error = h('p', { class: 'error', role: 'alert' });
    mount(
      body,
      h(
        'form',
        {
          onsubmit: async (/** @type {Event} */ ev) => {
            ev.preventDefault();
            try {
              const moving = parent.value.trim().toLowerCase() !== parentOf(entry.dn).toLowerCase();
              const r = await api('POST', entryPath(entry.dn, '/rename'), {
                newRdn: rdn.value.trim(),
                deleteOldRdn: !keep.checked,
                ...(moving ? { newSuperior: parent.value.trim() } : {}),
              });
              flash(`Renamed to ${r.dn}.`);
              navigate(href('browse', { dn: r.dn }));
            } catch (e) {
              error.textContent = `${/** @type {Error} */ (e).message}`;
            }
          },
        },
        h('label', {}, 'New name (RDN) ', rdn),
        h('label', {}, 'Parent ', parent),
        h('label', { class: 'inline' }, keep, 'Keep the old name as a value'),
        error,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit' }, 'Rename'),
          h('button', { type: 'button', class: 'secondary', onclick: showMain }, 'Cancel'),
        ),
      ),
    );
  }

  function showPassword() {
    const pw = /** @type {HTMLInputElement} */ (
      h('input', {
        type: 'password',
        name: 'newPassword',
        autocomplete: 'new-password',
        'aria-label': 'New password',
      })
    );
    const result = h('p', { role: 'status' });
    mount(
      body,
      h(
        'form',
        {
          onsubmit: async (/** @type {Event} */ ev) => {
            ev.preventDefault();
            try {
              const r = await api(
                'POST',
                entryPath(entry.dn, '/password'),
                pw.value ? { newPassword: pw.value } : {},
              );
              pw.value = '';
              if (r.generatedPassword)
                mount(
                  result,
                  'New password: ',
                  h('code', { 'data-testid': 'generated-password' }, r.generatedPassword),
                );
              else mount(result, 'Password set.');
            } catch (e) {
              result.textContent = /** @type {Error} */ (e).message;
              result.className = 'error';
            }
          },
        },
        h('h2', {}, 'Set or reset the password'),
        h('label', {}, 'New password (leave empty to generate one) ', pw),
        result,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit' }, 'Set password'),
          h('button', { type: 'button', class: 'secondary', onclick: showMain }, 'Back'),
        ),
      ),
    );
  }

  function showDelete() {
    const hasChildren = String(entry.operational.hasSubordinates?.[0]) === 'TRUE';
    const name = rdnValue(entry.dn);
    const confirm = /** @type {HTMLInputElement} */ (
      h('input', { name: 'confirm', 'aria-label': 'Type the name to confirm', autocomplete: 'off' })
    );
    const error = h('p', { class: 'error', role: 'alert' });
    mount(
      body,
      h(
        'form',
        {
          onsubmit: async (/** @type {Event} */ ev) => {
            ev.preventDefault();
            try {
              const q = hasChildren ? `?subtree=true&confirm=${encodeURIComponent(confirm.value)}` : '';
              const r = await api('DELETE', entryPath(entry.dn) + q);
              flash(`Deleted ${r.deleted} ${r.deleted === 1 ? 'entry' : 'entries'}.`);
              navigate(href('browse', { dn: parentOf(entry.dn) }));
            } catch (e) {
              error.textContent = /** @type {Error} */ (e).message;
            }
          },
        },
        h('h2', {}, hasChildren ? 'Delete this entry and everything below it' : 'Delete this entry'),
        hasChildren
          ? h('label', {}, `Type “${name}” to confirm `, confirm)
          : h('p', {}, 'This cannot be undone.'),
        error,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'danger' }, 'Delete'),
          h('button', { type: 'button', class: 'secondary', onclick: showMain }, 'Cancel'),
        ),
      ),
    );
  }

  showMain();
  return card;
}

/**
 * A group's members with a searchable picker.
 * @param {EntryJson} entry @param {{ attribute: string, kind: string }} group @param {() => void} reload
 */
function membersPanel(entry, group, reload) {
  const key = Object.keys(entry.attributes).find((k) => k.toLowerCase() === group.attribute.toLowerCase());
  const members = key
    ? /** @type {string[]} */ (entry.attributes[key].filter((v) => typeof v === 'string'))
    : [];
  const error = h('p', { class: 'error', role: 'alert' });
  const change = async (/** @type {'add' | 'delete'} */ op, /** @type {string} */ value) => {
    error.textContent = '';
    try {
      await api('PATCH', entryPath(entry.dn), { changes: [{ op, type: group.attribute, values: [value] }] });
      flash(op === 'add' ? `Added ${value}.` : `Removed ${value}.`);
      reload();
    } catch (e) {
      error.textContent = /** @type {Error} */ (e).message;
    }
  };
  return h(
    'section',
    { class: 'members-panel' },
    h('h2', {}, `Members (${members.length})`),
    h(
      'ul',
      { class: 'members' },
      ...members.map((m) =>
        h(
          'li',
          { 'data-member': m },
          group.kind === 'dn' ? h('a', { href: href('browse', { dn: m }) }, m) : h('span', {}, m),
          h('button', { type: 'button', class: 'secondary', onclick: () => change('delete', m) }, 'Remove'),
        ),
      ),
    ),
    memberPicker({ onPick: (p) => change('add', group.kind === 'uid' ? (p.uid ?? rdnValue(p.dn)) : p.dn) }),
    error,
  );
}
