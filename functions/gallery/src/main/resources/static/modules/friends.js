// Friends: ask by username, accept or decline what others asked, withdraw your own requests, unfriend.

import { api } from './api.js';
import { byId, el, formatRelative, toast, confirmAction } from './dom.js';

const form = byId('friend-form');
const input = byId('friend-username');
const errorBox = byId('friend-error');
const lists = {
  incoming: [byId('incoming-list'), byId('incoming-empty')],
  friends: [byId('friend-list'), byId('friend-empty')],
  outgoing: [byId('outgoing-list'), byId('outgoing-empty')],
};

let generation = 0;

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

/** The friends of the signed-in user; the share dialog uses it too. */
export async function fetchFriends() {
  return api('/api/friends');
}

export async function loadFriends() {
  const mine = generation;
  try {
    const overview = await fetchFriends();
    if (mine !== generation) return;
    fill('incoming', (overview.incoming || []).map(incomingItem));
    fill('friends', (overview.friends || []).map(friendItem));
    fill('outgoing', (overview.outgoing || []).map(outgoingItem));
  } catch (error) {
    if (mine !== generation || error.status === 401) return;
    showError(`Couldn't load your friends. ${error.message}`);
  }
}

function fill(name, items) {
  const [list, empty] = lists[name];
  list.replaceChildren(...items);
  empty.hidden = items.length > 0;
}

function row(testid, text, detail, ...buttons) {
  return el('li', { class: 'token-item', 'data-testid': testid },
    el('div', {},
      el('div', { class: 'token-name', 'data-testid': `${testid}-name`, text }),
      el('div', { class: 'token-dates', text: detail })),
    el('div', { class: 'row-actions' }, ...buttons));
}

function button(label, testid, kind, onClick) {
  const node = el('button', { type: 'button', class: `btn btn-small ${kind}`, 'data-testid': testid, text: label });
  node.addEventListener('click', onClick);
  return node;
}

function incomingItem(request) {
  const name = request.from?.username || '';
  return row('incoming-item', name, `asked ${formatRelative(request.createdAt)}`,
    button('Accept', 'incoming-accept', 'btn-primary', () => act(
      api(`/api/friends/requests/${encodeURIComponent(request.id)}/accept`, { method: 'POST' }),
      `You and ${name} are now friends.`)),
    button('Decline', 'incoming-decline', '', () => act(
      api(`/api/friends/requests/${encodeURIComponent(request.id)}`, { method: 'DELETE' }), 'Declined.')));
}

function friendItem(friend) {
  return row('friend-item', friend.username, `friends since ${formatRelative(friend.since)}`,
    button('Remove', 'friend-remove', 'btn-danger', async () => {
      const ok = await confirmAction(
        `Remove ${friend.username} from your friends? Images you share with each other stop being shared.`, 'Remove');
      if (ok) await act(api(`/api/friends/${encodeURIComponent(friend.id)}`, { method: 'DELETE' }), 'Removed.');
    }));
}

function outgoingItem(request) {
  return row('outgoing-item', request.username, `asked ${formatRelative(request.createdAt)}`,
    button('Withdraw', 'outgoing-withdraw', '', () => act(
      api(`/api/friends/requests/${encodeURIComponent(request.id)}`, { method: 'DELETE' }), 'Withdrawn.')));
}

async function act(call, message) {
  try {
    await call;
    toast(message);
  } catch (error) {
    if (error.status !== 401 && error.status !== 404) toast(error.message, 'error');
  }
  await loadFriends();
}

async function sendRequest(event) {
  event.preventDefault();
  const username = input.value.trim();
  if (!/^[A-Za-z0-9_.-]{3,32}$/.test(username)) {
    showError('Usernames are 3 to 32 characters: letters, digits, underscore, dot or hyphen.');
    input.focus();
    return;
  }
  showError('');
  try {
    await api('/api/friends/requests', { method: 'POST', json: { username } });
    input.value = '';
    // The same words whether or not the name exists: the server doesn't say, and neither do we.
    toast(`Request sent to ${username}. You'll be friends when they accept.`);
    await loadFriends();
  } catch (error) {
    if (error.status !== 401) showError(error.message);
  }
}

export function initFriends() {
  form.addEventListener('submit', sendRequest);
}

export function resetFriends() {
  generation += 1;
  showError('');
  input.value = '';
  for (const name of Object.keys(lists)) fill(name, []);
  for (const [, empty] of Object.values(lists)) empty.hidden = true;
}
