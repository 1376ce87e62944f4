// @ts-check
import { api, entryPath } from './api.js';
import { flash, h, mount } from './dom.js';
import { attributeForm, showFormError } from './form.js';
import { objectClassesOf, showValue } from './page-entry.js';

/** Everyone's own page: the attributes their rules let them edit, their password, their groups. @param {{ session: any }} ctx */
export async function selfPage({ session }) {
  const me = await api('GET', '/api/self');
  if (!me.entry)
    return h(
      'div',
      { class: 'card' },
      h('h1', {}, 'My account'),
      h(
        'p',
        {},
        `You are logged in as ${me.dn}, the administrator named in the configuration; it has no entry of its own.`,
      ),
    );
  const entry = me.entry;
  /** @type {Record<string, string>} */
  const rights = me.rights.attributes;
  const writable = Object.keys(rights).filter((a) => rights[a] === 'write');
  /** @type {Record<string, string[]>} */
  const current = {};
  for (const [k, vs] of Object.entries(entry.attributes))
    current[k] = /** @type {any[]} */ (vs).filter((v) => typeof v === 'string');
  const canWrite = (/** @type {string} */ a) => writable.some((w) => w.toLowerCase() === a.toLowerCase());

  const form = attributeForm({
    objectClasses: objectClassesOf(entry),
    values: Object.fromEntries(Object.entries(current).filter(([k]) => canWrite(k))),
    order: writable,
    editable: canWrite,
    onlyEditable: true,
  });
  const error = h('p', { class: 'error', role: 'alert' });
  const readOnly = Object.entries(entry.attributes).filter(
    ([k]) => !canWrite(k) && k.toLowerCase() !== 'objectclass',
  );
  const profile = h(
    'section',
    { class: 'card' },
    h('h1', {}, 'My account'),
    h('p', { class: 'muted' }, entry.dn),
    h(
      'table',
      { class: 'readonly' },
      h(
        'tbody',
        {},
        ...readOnly.map(([k, vs]) =>
          h(
            'tr',
            { 'data-attr': k },
            h('th', {}, k),
            h('td', {}, .../** @type {any[]} */ (vs).map((v, i) => showValue(k, v, i))),
          ),
        ),
      ),
    ),
    writable.length
      ? h(
          'form',
          {
            class: 'self-form',
            onsubmit: async (/** @type {Event} */ ev) => {
              ev.preventDefault();
              form.clearErrors();
              error.textContent = '';
              if (!form.validate()) return;
              const changes = [];
              for (const [type, values] of Object.entries(form.values())) {
                const old =
                  Object.entries(current).find(([k]) => k.toLowerCase() === type.toLowerCase())?.[1] ?? [];
                if (JSON.stringify(old) !== JSON.stringify(values))
                  changes.push({ op: 'replace', type, values });
              }
              if (!changes.length) return flash('Nothing changed.');
              try {
                await api('PATCH', entryPath(entry.dn), { changes });
                for (const c of changes) current[c.type] = c.values;
                flash('Saved.');
              } catch (e) {
                showFormError(form, error, e);
              }
            },
          },
          h('h2', {}, 'What you may change'),
          form.element,
          error,
          h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save')),
        )
      : h('p', { class: 'muted' }, 'The access rules let you change nothing here but your password.'),
  );
  return h('div', {}, profile, passwordCard(), await groupsCard(session));
}

function passwordCard() {
  const old = /** @type {HTMLInputElement} */ (
    h('input', { type: 'password', name: 'oldPassword', autocomplete: 'current-password', required: true })
  );
  const next = /** @type {HTMLInputElement} */ (
    h('input', { type: 'password', name: 'newPassword', autocomplete: 'new-password', required: true })
  );
  const again = /** @type {HTMLInputElement} */ (
    h('input', { type: 'password', name: 'newPassword2', autocomplete: 'new-password', required: true })
  );
  const error = h('p', { class: 'error', role: 'alert' });
  return h(
    'form',
    {
      class: 'card',
      onsubmit: async (/** @type {Event} */ ev) => {
        ev.preventDefault();
        error.textContent = '';
        if (next.value !== again.value) {
          error.textContent = 'The new passwords differ.';
          return;
        }
        try {
          await api('POST', '/api/self/password', { oldPassword: old.value, newPassword: next.value });
          old.value = next.value = again.value = '';
          flash('Your password has been changed.');
        } catch (e) {
          error.textContent = /** @type {Error} */ (e).message;
        }
      },
    },
    h('h2', {}, 'Change my password'),
    h(
      'div',
      { class: 'grid2' },
      h('label', {}, 'Current password', old),
      h('label', {}, 'New password', next),
      h('label', {}, 'New password again', again),
    ),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Change password')),
  );
}

/** @param {any} _session */
async function groupsCard(_session) {
  const card = h('section', { class: 'card groups' });
  const render = async () => {
    const { member, open } = await api('GET', '/api/self/groups');
    const act = async (/** @type {'POST' | 'DELETE'} */ method, /** @type {string} */ dn) => {
      try {
        await api(method, `/api/self/groups/${encodeURIComponent(dn)}`);
        flash(method === 'POST' ? `You joined ${dn}.` : `You left ${dn}.`);
        await render();
      } catch (e) {
        flash(/** @type {Error} */ (e).message, 'error');
      }
    };
    mount(
      card,
      h('h2', {}, 'My groups'),
      member.length
        ? h(
            'ul',
            { class: 'members mine' },
            ...member.map((/** @type {any} */ g) =>
              h(
                'li',
                { 'data-group': g.dn },
                h(
                  'span',
                  { title: g.dn },
                  g.cn ?? g.dn,
                  g.description ? h('span', { class: 'muted' }, ` — ${g.description}`) : null,
                ),
                h(
                  'button',
                  { type: 'button', class: 'secondary', onclick: () => act('DELETE', g.dn) },
                  'Leave',
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'You are in no groups.'),
      h('h2', {}, 'Open groups you may join'),
      open.length
        ? h(
            'ul',
            { class: 'members open' },
            ...open.map((/** @type {any} */ g) =>
              h(
                'li',
                { 'data-group': g.dn },
                h('span', { title: g.dn }, g.cn ?? g.dn),
                h('button', { type: 'button', onclick: () => act('POST', g.dn) }, 'Join'),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'None.'),
    );
  };
  await render();
  return card;
}
