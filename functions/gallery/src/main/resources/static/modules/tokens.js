// Personal API tokens for the browser extension: create (shown once), list, revoke.

import { api } from './api.js';
import { byId, el, formatDate, formatRelative, toast, confirmAction, copyToClipboard } from './dom.js';

const form = byId('token-form');
const nameInput = byId('token-name');
const createButton = byId('token-create');
const errorBox = byId('token-error');
const newTokenBox = byId('new-token');
const newTokenValue = byId('new-token-value');
const copyStatus = byId('copy-status');
const list = byId('token-list');
const emptyNote = byId('token-empty');

let generation = 0;

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

export async function loadTokens() {
  const mine = generation;
  try {
    const { items = [] } = await api('/api/account/tokens');
    if (mine !== generation) return;
    list.replaceChildren(...items.map(tokenItem));
    emptyNote.hidden = items.length > 0;
  } catch (error) {
    if (mine !== generation || error.status === 401) return;
    showError(`Couldn't load your tokens. ${error.message}`);
  }
}

function tokenItem(token) {
  const name = typeof token.name === 'string' ? token.name : '';
  const created = `Created ${formatDate(token.createdAt)}`;
  const used = token.lastUsedAt ? `last used ${formatRelative(token.lastUsedAt)}` : 'never used';
  const revoke = el('button', {
    type: 'button', class: 'btn btn-danger btn-small', 'data-testid': 'token-revoke', 'aria-label': `Revoke ${name}`,
    text: 'Revoke',
  });
  revoke.addEventListener('click', () => revokeToken(token.id, name));
  return el('li', { class: 'token-item', 'data-testid': 'token-item', 'data-id': token.id },
    el('div', {},
      el('div', { class: 'token-name', 'data-testid': 'token-item-name', text: name }),
      el('div', { class: 'token-dates', text: `${created} · ${used}` })),
    revoke);
}

async function revokeToken(id, name) {
  const ok = await confirmAction(
    `Revoke "${name}"? Anything using it, such as the browser extension, stops working at once.`, 'Revoke');
  if (!ok) return;
  try {
    await api(`/api/account/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
    toast('Token revoked.');
  } catch (error) {
    if (error.status === 401) return;
    if (error.status !== 404) toast(`Couldn't revoke the token: ${error.message}`, 'error');
  }
  await loadTokens();
}

async function createToken(event) {
  event.preventDefault();
  const name = nameInput.value.trim();
  if (name.length < 1 || name.length > 64) {
    showError('Give the token a name of 1 to 64 characters.');
    nameInput.setAttribute('aria-invalid', 'true');
    nameInput.focus();
    return;
  }
  nameInput.removeAttribute('aria-invalid');
  showError('');
  createButton.disabled = true;
  try {
    const created = await api('/api/account/tokens', { method: 'POST', json: { name } });
    nameInput.value = '';
    newTokenValue.value = created.token;
    copyStatus.textContent = '';
    newTokenBox.hidden = false;
    newTokenValue.focus();
    newTokenValue.select();
    await loadTokens();
  } catch (error) {
    if (error.status !== 401) showError(error.message);
  } finally {
    createButton.disabled = false;
  }
}

/** The secret is shown once: it goes as soon as the view is left. */
export function forgetNewToken() {
  newTokenValue.value = '';
  copyStatus.textContent = '';
  newTokenBox.hidden = true;
}

export function initTokens() {
  form.addEventListener('submit', createToken);
  byId('copy-token').addEventListener('click', () => copyToClipboard(newTokenValue, copyStatus));
  byId('new-token-done').addEventListener('click', forgetNewToken);
}

export function resetTokens() {
  generation += 1;
  forgetNewToken();
  showError('');
  list.replaceChildren();
  emptyNote.hidden = true;
  nameInput.value = '';
}
