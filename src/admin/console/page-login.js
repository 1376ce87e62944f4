// @ts-check
import { api } from './api.js';
import { h } from './dom.js';

/** The login form: a uid or a DN, and a password. @param {{ message: string, onLogin: (s: any) => Promise<void> }} options */
export function loginPage({ message, onLogin }) {
  const user = /** @type {HTMLInputElement} */ (
    h('input', { name: 'user', autocomplete: 'username', required: true, autofocus: true })
  );
  const password = /** @type {HTMLInputElement} */ (
    h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })
  );
  const error = h('p', { class: 'error', role: 'alert' });
  const button = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit' }, 'Log in'));
  const form = h(
    'form',
    {
      class: 'card login',
      onsubmit: async (/** @type {Event} */ ev) => {
        ev.preventDefault();
        error.textContent = '';
        button.disabled = true;
        try {
          const s = await api(
            'POST',
            '/api/session',
            { user: user.value, password: password.value },
            { quiet401: true },
          );
          password.value = '';
          await onLogin(s);
        } catch (e) {
          error.textContent = /** @type {Error} */ (e).message;
          password.value = '';
          password.focus();
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', {}, 'Log in to Linden'),
    message ? h('p', { class: 'muted', 'data-testid': 'login-message' }, message) : null,
    h('label', {}, 'User name or DN', user),
    h('label', {}, 'Password', password),
    error,
    h('div', { class: 'actions' }, button),
  );
  return form;
}
