// The share dialog of your images: pick friends to share with (or take a share back), and for one image create,
// copy and revoke public links. Several images chosen in the grid are shared with friends in one go.

import { api } from './api.js';
import { byId, el, toast } from './dom.js';
import { fetchFriends } from './friends.js';
import { createLinkPanel } from './links.js';

const dialog = byId('share-dialog');
const title = byId('share-title');
const friendList = byId('share-friends');
const noFriends = byId('share-no-friends');
const sendButton = byId('share-send');
const linkSection = byId('share-by-link');
const errorBox = byId('share-error');

let images = [];
let links = null;

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

/**
 * Opens the dialog for one image (friends it is shared with, public links) or for several chosen in the grid
 * (friends only: a link opens one image).
 */
export async function openShareDialog(targets, name) {
  images = targets;
  const single = targets.length === 1;
  title.textContent = single ? `Share "${name}"` : `Share ${targets.length} images`;
  linkSection.hidden = !single;
  showError('');
  friendList.replaceChildren();
  links.clear();
  if (!dialog.open) dialog.showModal();
  await Promise.all(single ? [loadFriends(), links.load({ imageId: targets[0].id })] : [loadFriends()]);
}

async function loadFriends() {
  try {
    const single = images.length === 1;
    const [{ friends = [] }, { recipients = [] }] = await Promise.all([
      fetchFriends(),
      single ? api(`/api/shares?imageId=${encodeURIComponent(images[0].id)}`) : { recipients: [] },
    ]);
    const sharedWith = new Set(recipients.map((r) => r.id));
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
    // One call per image (the API shares one at a time); the person confirmed the whole lot once, here.
    for (const image of images) {
      await api('/api/shares', { method: 'POST', json: { imageId: image.id, friendIds } });
    }
    const whom = friendIds.length === 1 ? 'one friend' : `${friendIds.length} friends`;
    if (images.length === 1) {
      toast(`Shared with ${whom}.`);
      await loadFriends();
    } else {
      toast(`Shared ${images.length} images with ${whom}.`);
      closeShareDialog();
    }
  } catch (error) {
    if (error.status !== 401) showError(error.message);
  } finally {
    sendButton.disabled = false;
  }
}

async function unshare(friend) {
  try {
    await api(`/api/shares/${encodeURIComponent(images[0].id)}/recipients/${encodeURIComponent(friend.id)}`, { method: 'DELETE' });
    toast(`No longer shared with ${friend.username}.`);
  } catch (error) {
    if (error.status !== 401 && error.status !== 404) showError(error.message);
  }
  await loadFriends();
}

export function closeShareDialog() {
  if (dialog.open) dialog.close();
}

export function initShareDialog() {
  links = createLinkPanel('link', showError);
  sendButton.addEventListener('click', share);
  byId('share-close').addEventListener('click', closeShareDialog);
  dialog.addEventListener('close', () => {
    images = [];
    links.clear();
  });
}
