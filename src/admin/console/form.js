// @ts-check
// Attribute forms built from the schema: MUST fields required, single-value
// fields single, values checked against their syntax before sending, and the
// server's refusal shown next to the field it names.
import { h } from './dom.js';
import { attributeType, classAttributes, syntaxProblem } from './schema.js';

/**
 * @typedef {{
 *   objectClasses: string[],
 *   values?: Record<string, string[]>,
 *   order?: string[],
 *   editable?: (attr: string) => boolean,
 *   placeholders?: Record<string, string>,
 *   hide?: string[],
 *   onlyEditable?: boolean,
 *   allocated?: string[],
 * }} FormOptions
 */

/** @param {FormOptions} options */
export function attributeForm(options) {
  const { must, may } = classAttributes(options.objectClasses);
  const hide = new Set((options.hide ?? []).map((a) => a.toLowerCase()));
  hide.add('objectclass');
  const editable = options.editable ?? (() => true);
  const values = options.values ?? {};
  /** @type {Map<string, { name: string, box: HTMLElement, inputs: HTMLInputElement[], error: HTMLElement, required: boolean, single: boolean }>} */
  const fields = new Map();
  const list = h('div', { class: 'fields' });

  /** @param {string} name */
  const canonical = (name) => attributeType(name)?.name ?? name;
  const shown = [];
  for (const a of [...(options.order ?? []), ...must, ...Object.keys(values)]) {
    const c = canonical(a);
    if (options.onlyEditable && !editable(c)) continue;
    if (!hide.has(c.toLowerCase()) && !shown.some((s) => s.toLowerCase() === c.toLowerCase())) shown.push(c);
  }

  /** @param {string} name */
  function addField(name) {
    const type = attributeType(name);
    const required = [...must].some((m) => m.toLowerCase() === name.toLowerCase());
    const single = type?.singleValue ?? false;
    const isPassword = name.toLowerCase() === 'userpassword';
    const canEdit = editable(name) && !type?.noUserModification && (!type?.binary || isPassword);
    const valuesBox = h('div', { class: 'values' });
    const error = h('div', { class: 'field-error', 'data-error-for': name });
    const field = {
      name,
      box: h('div'),
      inputs: /** @type {HTMLInputElement[]} */ ([]),
      error,
      required,
      single,
    };
    const addInput = (/** @type {string} */ v) => {
      const input = /** @type {HTMLInputElement} */ (
        h('input', {
          name,
          'aria-label': name,
          type: isPassword ? 'password' : 'text',
          autocomplete: isPassword ? 'new-password' : 'off',
          value: v,
          readonly: !canEdit,
          placeholder: options.placeholders?.[name] ?? '',
        })
      );
      const row = h('div', { class: 'row' }, input);
      if (!single && canEdit)
        row.append(
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              title: `Remove this ${name} value`,
              onclick: () => {
                field.inputs = field.inputs.filter((i) => i !== input);
                row.remove();
                if (!field.inputs.length) addInput('');
              },
            },
            '×',
          ),
        );
      field.inputs.push(input);
      valuesBox.append(row);
    };
    const existing =
      values[name] ?? Object.entries(values).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? [];
    if (existing.length) for (const v of existing) addInput(v);
    else addInput('');
    const hint = single ? 'single value' : 'multiple values';
    field.box = h(
      'div',
      { class: 'field', 'data-attr': name },
      h(
        'label',
        { class: 'name' },
        name,
        required ? h('span', { class: 'req', title: 'required' }, '*') : null,
        h('div', { class: 'hint' }, hint),
      ),
      h(
        'div',
        {},
        valuesBox,
        !single && canEdit
          ? h('button', { type: 'button', class: 'link', onclick: () => addInput('') }, `+ another ${name}`)
          : null,
        error,
      ),
    );
    fields.set(name.toLowerCase(), field);
    list.append(field.box);
  }
  for (const name of shown) addField(name);

  const picker = /** @type {HTMLSelectElement} */ (h('select', { 'aria-label': 'Add an attribute' }));
  const refreshPicker = () => {
    picker.replaceChildren(h('option', { value: '' }, 'Add an attribute…'));
    for (const a of [...may].sort((x, y) => x.localeCompare(y)))
      if (
        !fields.has(a.toLowerCase()) &&
        !hide.has(a.toLowerCase()) &&
        editable(a) &&
        !attributeType(a)?.noUserModification
      )
        picker.append(h('option', { value: a }, a));
  };
  refreshPicker();
  picker.addEventListener('change', () => {
    if (picker.value) addField(picker.value);
    refreshPicker();
  });

  const element = h('div', { class: 'attribute-form' }, list, h('div', { class: 'inline' }, picker));

  return {
    element,
    /** @param {string} name */
    field: (name) => fields.get(name.toLowerCase()),
    /** Values as typed, empty ones dropped. @returns {Record<string, string[]>} */
    values() {
      /** @type {Record<string, string[]>} */
      const out = {};
      for (const f of fields.values()) out[f.name] = f.inputs.map((i) => i.value).filter((v) => v !== '');
      return out;
    },
    /** Set a field's values (defaults filled in before sending). @param {string} name @param {string} value */
    setIfEmpty(name, value) {
      const f = fields.get(name.toLowerCase());
      if (f?.inputs[0] && f.inputs.every((i) => i.value === '')) f.inputs[0].value = value;
    },
    clearErrors() {
      for (const f of fields.values()) {
        f.error.textContent = '';
        f.box.classList.remove('invalid');
      }
    },
    /** @param {string} name @param {string} message @returns {boolean} whether a field showed it */
    showError(name, message) {
      const f = fields.get(name.toLowerCase()) ?? fields.get(canonical(name).toLowerCase());
      if (!f) return false;
      f.error.textContent = message;
      f.box.classList.add('invalid');
      return true;
    },
    /** Check MUST, SINGLE-VALUE and syntax; shows problems and returns whether all is well. */
    validate() {
      let ok = true;
      for (const f of fields.values()) {
        const vs = f.inputs.map((i) => i.value).filter((v) => v !== '');
        let problem = '';
        const allocated = (options.allocated ?? []).some((a) => a.toLowerCase() === f.name.toLowerCase());
        if (f.required && vs.length === 0 && !allocated) problem = 'required';
        else if (f.single && vs.length > 1) problem = 'takes a single value';
        else
          for (const v of vs) {
            const p = f.name.toLowerCase() === 'userpassword' ? '' : syntaxProblem(f.name, v);
            if (p) {
              problem = `expected ${p}`;
              break;
            }
          }
        if (problem) {
          ok = false;
          f.error.textContent = problem;
          f.box.classList.add('invalid');
        }
      }
      return ok;
    },
    /** The field a server message is about, if it names one of ours. @param {string} message */
    fieldOf(message) {
      const lower = message.toLowerCase();
      const head = /^([A-Za-z][\w-]*)[:;]/.exec(message)?.[1];
      if (head && fields.has(head.toLowerCase())) return head;
      for (const f of fields.values()) {
        const n = f.name.toLowerCase();
        if (new RegExp(`(^|[^\\w-])'?${n}'?([^\\w-]|$)`).test(lower)) return f.name;
      }
      return undefined;
    },
  };
}

/**
 * Show an API error next to its field when the message names one, else in `box`.
 * @param {ReturnType<typeof attributeForm>} form @param {HTMLElement} box @param {any} e
 */
export function showFormError(form, box, e) {
  const message = e?.resultName ? `${e.message} (${e.resultName}, ${e.resultCode})` : String(e?.message ?? e);
  const name = form.fieldOf(String(e?.message ?? ''));
  if (name && form.showError(name, message))
    box.textContent = 'The directory refused the change: see the marked field.';
  else box.textContent = message;
}
