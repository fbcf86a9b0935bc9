// Boards: the list of yours and those shared with you (#/boards), and one board (#/boards/{id}) with its
// pictures in board order, arranged by dragging or by each tile's move buttons; renamed, described or deleted
// by its owner, left by a member.

import { api, currentUser } from './api.js';
import { byId, el, icon, safeHttpUrl, toast, confirmAction } from './dom.js';
import { createCollection, collectionElements } from './collection.js';
import { openPreview, followCollection } from './preview.js';
import { openBoardShare } from './board-share.js';

const list = byId('board-list');
const listEmpty = byId('boards-empty');
const listError = byId('boards-error');
const createForm = byId('board-create-form');
const createName = byId('board-create-name');
const nameHeading = byId('board-name');
const description = byId('board-description');
const facts = byId('board-facts');
const editForm = byId('board-edit');
const editName = byId('board-edit-name');
const editDescription = byId('board-edit-description');
const editError = byId('board-edit-error');
const reorderHint = byId('board-reorder-hint');
const ROLE_WORDS = { owner: 'yours', contributor: 'you add pictures', viewer: 'you view it' };
const DRAG_TYPE = 'application/x-scrapbook-board-image';

let listGeneration = 0;
/** The board shown: {board, role, me}; null on the list. */
let shown = null;
let arranging = Promise.resolve();

// ---------- The list ----------

export async function loadBoards() {
  const mine = ++listGeneration;
  listError.hidden = true;
  try {
    const { items = [] } = await api('/api/boards');
    if (mine !== listGeneration) return;
    list.replaceChildren(...items.map(boardCard));
    listEmpty.hidden = items.length > 0;
  } catch (error) {
    if (mine !== listGeneration || error.status === 401) return;
    listError.textContent = `Couldn't load your boards. ${error.message}`;
    listError.hidden = false;
  }
}

function boardCard(board) {
  const cover = safeHttpUrl(board.coverUrl);
  const pictures = board.imageCount === 1 ? '1 picture' : `${board.imageCount} pictures`;
  const whose = board.role === 'owner' ? pictures : `${pictures} · ${board.owner?.username || 'a friend'}'s, ${ROLE_WORDS[board.role]}`;
  return el('li', { class: 'board-card', 'data-testid': 'board-card', 'data-id': board.id },
    el('a', { href: `#/boards/${board.id}`, 'data-testid': 'board-link' },
      cover
        ? el('img', { src: cover, alt: '', loading: 'lazy', referrerpolicy: 'no-referrer' })
        : el('span', { class: 'board-cover-empty' }, icon('image')),
      el('span', { class: 'board-card-name', 'data-testid': 'board-card-name', text: board.name }),
      el('span', { class: 'board-card-facts', text: whose })));
}

async function createBoard(event) {
  event.preventDefault();
  const name = createName.value.trim();
  if (!name) {
    createName.setAttribute('aria-invalid', 'true');
    createName.focus();
    return;
  }
  createName.removeAttribute('aria-invalid');
  try {
    const board = await api('/api/boards', { method: 'POST', json: { name } });
    createName.value = '';
    window.location.hash = `#/boards/${board.id}`;
  } catch (error) {
    if (error.status === 401) return;
    listError.textContent = error.message;
    listError.hidden = false;
  }
}

// ---------- One board ----------

const pictures = createCollection({
  ...collectionElements('board-view', {
    grid: 'board-grid', more: 'board-more', spinner: 'board-spinner', empty: 'board-empty', error: 'board-error',
  }),
  async fetchPage(cursor, limit) {
    const { board, me } = shown;
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    const page = await api(`/api/boards/${encodeURIComponent(board.id)}/images?${query}`);
    return {
      items: (page.items || []).map(({ image, addedBy, addedAt }) => ({
        image, meta: { addedBy, addedAt, mine: addedBy?.id === me.id },
      })),
      nextCursor: page.nextCursor,
    };
  },
  // Another member's image is not reachable one by one (GET /api/images/{id} is the owner's): it is shown as listed.
  refresh: (id, meta) => (meta?.mine ? api(`/api/images/${encodeURIComponent(id)}`) : null),
  decorate: (tile) => {
    if (canArrange()) addArrangeControls(tile);
  },
});

const canArrange = () => shown && (shown.role === 'owner' || shown.role === 'contributor');

/** Opens #/boards/{id}. */
export async function showBoard(id) {
  if (shown?.board.id === id) {
    pictures.ensureLoaded();
    return;
  }
  shown = null;
  pictures.reset();
  renderHead(null);
  try {
    const [board, me] = await Promise.all([api(`/api/boards/${encodeURIComponent(id)}`), currentUser()]);
    shown = { board, role: board.role, me };
    renderHead(board);
    await pictures.reload();
  } catch (error) {
    if (error.status === 401) return;
    toast(error.status === 404 ? 'That board is gone, or no longer shared with you.' : error.message, 'error');
    window.location.hash = '#/boards';
  }
}

function renderHead(board) {
  nameHeading.textContent = board?.name || '';
  description.textContent = board?.description || '';
  description.hidden = !board?.description;
  editForm.hidden = true;
  const owner = board?.role === 'owner';
  byId('board-edit-open').hidden = !owner;
  byId('board-delete').hidden = !owner;
  byId('board-leave').hidden = !board || owner;
  byId('board-share-open').hidden = !board;
  byId('board-share-open').textContent = owner ? 'Members and link' : 'Members';
  reorderHint.hidden = !(board && (owner || board.role === 'contributor'));
  if (!board) {
    facts.textContent = '';
    return;
  }
  const count = board.imageCount === 1 ? '1 picture' : `${board.imageCount} pictures`;
  facts.textContent = owner ? count : `${count} · ${board.owner?.username || 'a friend'}'s board, ${ROLE_WORDS[board.role]}`;
  document.title = `${board.name} · Image Scrapbook`;
}

async function refreshHead() {
  if (!shown) return;
  try {
    shown.board = await api(`/api/boards/${encodeURIComponent(shown.board.id)}`);
    renderHead(shown.board);
  } catch {
    // The header keeps what it showed.
  }
}

// ---------- Arranging ----------

function addArrangeControls(tile) {
  tile.draggable = true;
  tile.classList.add('arrangeable');
  const earlier = el('button', { type: 'button', class: 'move-btn earlier', 'data-testid': 'move-earlier', 'aria-label': 'Move earlier', text: '←' });
  const later = el('button', { type: 'button', class: 'move-btn later', 'data-testid': 'move-later', 'aria-label': 'Move later', text: '→' });
  earlier.addEventListener('click', () => moveBy(tile.dataset.id, -1));
  later.addEventListener('click', () => moveBy(tile.dataset.id, 1));
  tile.append(el('div', { class: 'move-btns' }, earlier, later));
  tile.addEventListener('dragstart', (event) => {
    event.dataTransfer.setData(DRAG_TYPE, tile.dataset.id);
    event.dataTransfer.effectAllowed = 'move';
    tile.classList.add('dragging');
  });
  tile.addEventListener('dragend', () => tile.classList.remove('dragging'));
  tile.addEventListener('dragover', (event) => {
    if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    tile.classList.add('drop-target');
  });
  tile.addEventListener('dragleave', () => tile.classList.remove('drop-target'));
  tile.addEventListener('drop', (event) => {
    const moved = event.dataTransfer.getData(DRAG_TYPE);
    tile.classList.remove('drop-target');
    if (!moved) return;
    event.preventDefault();
    event.stopPropagation();
    moveTo(moved, order().indexOf(tile.dataset.id));
  });
}

const order = () => pictures.images().map((image) => image.id);

function moveBy(id, delta) {
  const index = order().indexOf(id);
  moveTo(id, index + delta).then(() => {
    // Keep the keyboard on the image that moved, so pressing again moves it further.
    const button = pictures.tileOf(id)?.querySelector(delta < 0 ? '.move-btn.earlier' : '.move-btn.later');
    button?.focus();
  });
}

/**
 * Moves one image to a place and tells the server only about the stretch that changed: the images between its old
 * and new places take those places among themselves (PUT /order), so images not loaded yet keep theirs.
 * Moves are sent one after another, in the order made.
 */
function moveTo(id, target) {
  const before = order();
  const from = before.indexOf(id);
  if (from === -1 || target < 0 || target >= before.length || target === from) return Promise.resolve();
  const after = [...before];
  after.splice(from, 1);
  after.splice(target, 0, id);
  pictures.arrange(after);
  const stretch = after.slice(Math.min(from, target), Math.max(from, target) + 1);
  const boardId = shown.board.id;
  arranging = arranging.then(async () => {
    try {
      await api(`/api/boards/${encodeURIComponent(boardId)}/order`, { method: 'PUT', json: { imageIds: stretch } });
    } catch (error) {
      if (error.status === 401) return;
      toast(`Couldn't arrange the board: ${error.message}`, 'error');
      if (shown?.board.id === boardId) pictures.reload();
    }
  });
  return arranging;
}

/** Waits for the moves sent so far (tests and the preview read the order after them). */
export function arranged() {
  return arranging;
}

// ---------- Owner and member actions ----------

function openEditor() {
  editName.value = shown.board.name;
  editDescription.value = shown.board.description || '';
  editError.hidden = true;
  editForm.hidden = false;
  editName.focus();
}

async function saveBoard(event) {
  event.preventDefault();
  const name = editName.value.trim();
  if (!name) {
    editError.textContent = 'A board needs a name.';
    editError.hidden = false;
    return;
  }
  try {
    const description = editDescription.value.trim() || null;
    shown.board = await api(`/api/boards/${encodeURIComponent(shown.board.id)}`, { method: 'PATCH', json: { name, description } });
    renderHead(shown.board);
    toast('Board saved.');
  } catch (error) {
    if (error.status === 401) return;
    editError.textContent = error.message;
    editError.hidden = false;
  }
}

async function deleteBoard() {
  const { board } = shown;
  const ok = await confirmAction(
    `Delete the board "${board.name}"? Its pictures stay in their owners' galleries; members and links to it go.`, 'Delete board');
  if (!ok) return;
  try {
    await api(`/api/boards/${encodeURIComponent(board.id)}`, { method: 'DELETE' });
    toast('Board deleted.');
  } catch (error) {
    if (error.status === 401) return;
    if (error.status !== 404) {
      toast(`Couldn't delete the board: ${error.message}`, 'error');
      return;
    }
  }
  window.location.hash = '#/boards';
}

async function leaveBoard() {
  const { board, me } = shown;
  const ok = await confirmAction(
    `Leave "${board.name}"? The pictures you added leave the board with you; they stay in your gallery.`, 'Leave');
  if (!ok) return;
  try {
    await api(`/api/boards/${encodeURIComponent(board.id)}/members/${encodeURIComponent(me.id)}`, { method: 'DELETE' });
    toast(`You left "${board.name}".`);
  } catch (error) {
    if (error.status === 401) return;
    if (error.status !== 404) {
      toast(error.message, 'error');
      return;
    }
  }
  window.location.hash = '#/boards';
}

function openPicture(id) {
  openPreview(id, {
    collection: pictures,
    board: { id: shown.board.id, role: shown.role, onRemoved: refreshHead },
  });
}

export function initBoards() {
  createForm.addEventListener('submit', createBoard);
  pictures.onOpen(openPicture);
  followCollection(pictures);
  byId('board-edit-open').addEventListener('click', openEditor);
  byId('board-edit-cancel').addEventListener('click', () => { editForm.hidden = true; });
  editForm.addEventListener('submit', saveBoard);
  byId('board-delete').addEventListener('click', deleteBoard);
  byId('board-leave').addEventListener('click', leaveBoard);
  byId('board-share-open').addEventListener('click', () => openBoardShare(shown.board));
  // A member removed takes the pictures they added along: the board is shown again when its count changed.
  byId('board-share').addEventListener('close', async () => {
    const before = shown?.board.imageCount;
    await refreshHead();
    if (shown && shown.board.imageCount !== before) pictures.reload();
  });
}

/** Leaving the board view: the next visit asks again (another member may have changed it). */
export function leaveBoardView() {
  shown = null;
  pictures.reset();
}

export function resetBoards() {
  listGeneration += 1;
  list.replaceChildren();
  listEmpty.hidden = true;
  listError.hidden = true;
  leaveBoardView();
}
