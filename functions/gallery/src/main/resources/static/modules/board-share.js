// Who a board is shared with: the owner adds a friend as viewer or contributor, changes a role or removes a
// member, and makes or revokes public links to the board; a member sees who else is on it.

import { api } from './api.js';
import { byId, el, toast, confirmAction } from './dom.js';
import { fetchFriends } from './friends.js';
import { createLinkPanel } from './links.js';

const dialog = byId('board-share');
const title = byId('board-share-title');
const members = byId('board-members');
const adding = byId('board-member-adding');
const friendSelect = byId('board-member-friend');
const roleSelect = byId('board-member-role');
const noFriends = byId('board-no-friends');
const linkSection = byId('board-by-link');
const errorBox = byId('board-share-error');
const ROLES = [['viewer', 'viewer'], ['contributor', 'contributor']];

let board = null;
let links = null;

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

const owns = () => board?.role === 'owner';

export async function openBoardShare(target) {
  board = target;
  title.textContent = owns() ? `Share "${target.name}"` : `Members of "${target.name}"`;
  adding.hidden = !owns();
  linkSection.hidden = !owns();
  noFriends.hidden = true;
  showError('');
  members.replaceChildren();
  links.clear();
  if (!dialog.open) dialog.showModal();
  await Promise.all(owns() ? [loadMembers(), links.load({ boardId: target.id })] : [loadMembers()]);
}

async function loadMembers() {
  const asked = board;
  try {
    const [who, friends] = await Promise.all([
      api(`/api/boards/${encodeURIComponent(asked.id)}/members`),
      owns() ? fetchFriends() : { friends: [] },
    ]);
    if (asked !== board) return;
    members.replaceChildren(
      el('li', { class: 'token-item', 'data-testid': 'board-member' },
        el('div', {}, el('div', { class: 'token-name', text: who.owner.username }), el('div', { class: 'token-dates', text: 'owner' }))),
      ...who.members.map(memberRow));
    const onBoard = new Set(who.members.map((member) => member.id));
    const candidates = (friends.friends || []).filter((friend) => !onBoard.has(friend.id));
    friendSelect.replaceChildren(...candidates.map((friend) => el('option', { value: friend.id, text: friend.username })));
    byId('board-member-add').disabled = candidates.length === 0;
    noFriends.hidden = !owns() || candidates.length > 0;
  } catch (error) {
    if (error.status !== 401) showError(`Couldn't load the members. ${error.message}`);
  }
}

function memberRow(member) {
  const row = el('li', { class: 'token-item', 'data-testid': 'board-member', 'data-id': member.id },
    el('div', {},
      el('div', { class: 'token-name', 'data-testid': 'board-member-name', text: member.username }),
      el('div', { class: 'token-dates', 'data-testid': 'board-member-role-text', text: member.role })));
  if (!owns()) return row;
  const role = el('select', { 'aria-label': `Role of ${member.username}`, 'data-testid': 'board-member-role-change' },
    ...ROLES.map(([value, label]) => el('option', { value, text: label, selected: value === member.role })));
  role.addEventListener('change', () => putMember(member.id, role.value, `${member.username} is now a ${role.value}.`));
  const remove = el('button', { type: 'button', class: 'btn btn-danger btn-small', 'data-testid': 'board-member-remove', text: 'Remove' });
  remove.addEventListener('click', () => removeMember(member));
  row.append(el('div', { class: 'row-actions' }, role, remove));
  return row;
}

async function putMember(userId, role, message) {
  showError('');
  try {
    await api(`/api/boards/${encodeURIComponent(board.id)}/members`, { method: 'POST', json: { userId, role } });
    toast(message);
  } catch (error) {
    if (error.status !== 401) showError(error.message);
  }
  await loadMembers();
}

function addMember() {
  const option = friendSelect.selectedOptions[0];
  if (!option) return;
  putMember(option.value, roleSelect.value, `Shared with ${option.textContent} as ${roleSelect.value}.`);
}

async function removeMember(member) {
  const ok = await confirmAction(
    `Remove ${member.username} from "${board.name}"? The pictures they added leave the board with them.`, 'Remove');
  if (!ok) return;
  try {
    await api(`/api/boards/${encodeURIComponent(board.id)}/members/${encodeURIComponent(member.id)}`, { method: 'DELETE' });
    toast(`${member.username} is no longer on the board.`);
  } catch (error) {
    if (error.status !== 401 && error.status !== 404) showError(error.message);
  }
  await loadMembers();
}

export function closeBoardShare() {
  if (dialog.open) dialog.close();
}

export function initBoardShare() {
  links = createLinkPanel('board-link', showError);
  byId('board-member-add').addEventListener('click', addMember);
  byId('board-share-close').addEventListener('click', closeBoardShare);
  dialog.addEventListener('close', () => {
    board = null;
    links.clear();
  });
}
