// The share dialog of one of your images: pick friends to share with (or take a share back), and
// create, copy and revoke public links.

import { api } from './api.js';
import { byId, el, formatDate, toast, confirmAction, copyToClipboard } from './dom.js';
import { fetchFriends } from './friends.js';

const dialog = byId('share-dialog');
const title = byId('share-title');
const friendList = byId('share-friends');
const noFriends = byId('share-no-friends');
const sendButton = byId('share-send');
const expiry = byId('link-expiry');
const includeOriginal = byId('link-original');
const createButton = byId('link-create');
const newLink = byId('link-new');
const linkUrl = byId('link-url');
const linkStatus = byId('link-status');
const linkList = byId('link-list');
const errorBox = byId('share-error');

let image = null;

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

export async function openShareDialog(target, name) {
  image = target;
  title.textContent = `Share "${name}"`;
  newLink.hidden = true;
  linkUrl.value = '';
  linkStatus.textContent = '';
  showError('');
  friendList.replaceChildren();
  linkList.replaceChildren();
  if (!dialog.open) dialog.showModal();
  await Promise.all([loadFriends(), loadLinks()]);
}

async function loadFriends() {
  try {
    const [{ friends = [] }, { recipients = [] }] = await Promise.all([
      fetchFriends(),
      api(`/api/shares?imageId=${encodeURIComponent(image.id)}`),
    ]);
    const sharedWith = new Map(recipients.map((r) => [r.id, r]));
    friendList.replaceChildren(...friends.map((friend) => friendRow(friend, sharedWith.has(friend.id))));
    noFriends.hidden = friends.length > 0;
    sendButton.hidden = friends.length === 0;
  } catch (error) {
    if (error.status !== 401) showError(`Couldn't load your friends. ${error.message}`);
  }
}

function friendRow(friend, shared) {
  const id = `share-with-${friend.id}`;
  const box = el('input', { type: 'checkbox', id, value: friend.id, 'data-testid': 'share-friend-check', disabled: shared });
  const label = el('label', { for: id, 'data-testid': 'share-friend-name', text: friend.username });
  const item = el('li', { class: 'pick-item', 'data-testid': 'share-friend' }, box, label);
  if (shared) {
    const takeBack = el('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'share-take-back', text: 'Take back' });
    takeBack.addEventListener('click', () => unshare(friend));
    item.append(el('span', { class: 'muted', text: 'shared' }), takeBack);
  }
  return item;
}

async function share() {
  const friendIds = [...friendList.querySelectorAll('input[type=checkbox]:checked:not([disabled])')].map((box) => box.value);
  if (friendIds.length === 0) {
    showError('Pick at least one friend.');
    return;
  }
  showError('');
  sendButton.disabled = true;
  try {
    const { recipients = [] } = await api('/api/shares', { method: 'POST', json: { imageId: image.id, friendIds } });
    toast(`Shared with ${recipients.length === 1 ? recipients[0].username : `${recipients.length} friends`}.`);
    await loadFriends();
  } catch (error) {
    if (error.status !== 401) showError(error.message);
  } finally {
    sendButton.disabled = false;
  }
}

async function unshare(friend) {
  try {
    await api(`/api/shares/${encodeURIComponent(image.id)}/recipients/${encodeURIComponent(friend.id)}`, { method: 'DELETE' });
    toast(`No longer shared with ${friend.username}.`);
  } catch (error) {
    if (error.status !== 401 && error.status !== 404) showError(error.message);
  }
  await loadFriends();
}

async function loadLinks() {
  try {
    const { items = [] } = await api(`/api/links?imageId=${encodeURIComponent(image.id)}`);
    linkList.replaceChildren(...items.map(linkRow));
  } catch (error) {
    if (error.status !== 401) showError(`Couldn't load the links. ${error.message}`);
  }
}

function linkRow(link) {
  const until = link.expiresAt ? `${link.expired ? 'expired' : 'until'} ${formatDate(link.expiresAt)}` : 'no expiry';
  const what = link.includeOriginal ? 'preview and original' : 'preview';
  const revoke = el('button', { type: 'button', class: 'btn btn-danger btn-small', 'data-testid': 'link-revoke', text: 'Revoke' });
  revoke.addEventListener('click', () => revokeLink(link));
  return el('li', { class: 'token-item', 'data-testid': 'link-item' },
    el('div', {},
      el('div', { class: 'token-name', text: `Link created ${formatDate(link.createdAt)}` }),
      el('div', { class: 'token-dates', text: `${what} · ${until}` })),
    revoke);
}

async function createLink() {
  const days = Number(expiry.value);
  const expiresAt = days ? new Date(Date.now() + days * 86400000).toISOString() : null;
  createButton.disabled = true;
  showError('');
  try {
    const created = await api('/api/links', {
      method: 'POST', json: { imageId: image.id, expiresAt, includeOriginal: includeOriginal.checked },
    });
    linkUrl.value = created.url;
    newLink.hidden = false;
    linkStatus.textContent = 'Copy the link now: for your safety it is shown only once.';
    linkUrl.focus();
    linkUrl.select();
    await loadLinks();
  } catch (error) {
    if (error.status !== 401) showError(error.message);
  } finally {
    createButton.disabled = false;
  }
}

async function revokeLink(link) {
  const ok = await confirmAction('Revoke this link? Anyone opening it will see that it no longer works.', 'Revoke');
  if (!ok) return;
  try {
    await api(`/api/links/${encodeURIComponent(link.id)}`, { method: 'DELETE' });
    toast('Link revoked.');
  } catch (error) {
    if (error.status !== 401 && error.status !== 404) showError(error.message);
  }
  await loadLinks();
}

export function closeShareDialog() {
  if (dialog.open) dialog.close();
}

export function initShareDialog() {
  sendButton.addEventListener('click', share);
  createButton.addEventListener('click', createLink);
  byId('link-copy').addEventListener('click', () => copyToClipboard(linkUrl, linkStatus));
  byId('share-close').addEventListener('click', closeShareDialog);
  dialog.addEventListener('close', () => {
    image = null;
    linkUrl.value = '';
  });
}
