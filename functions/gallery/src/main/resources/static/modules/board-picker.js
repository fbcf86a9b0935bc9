// "Add to board": tick the boards (yours, and those you contribute to) one image or several chosen images
// should be on, or make a new board on the spot. The dialog's button is the one confirmation.

import { api } from './api.js';
import { byId, el, toast } from './dom.js';

const dialog = byId('board-picker');
const form = byId('board-picker-form');
const heading = byId('board-picker-title');
const list = byId('board-picker-list');
const none = byId('board-picker-none');
const newName = byId('board-picker-new');
const errorBox = byId('board-picker-error');
const saveButton = byId('board-picker-save');

let imageIds = [];
let onBefore = new Set(); // boards the (single) image was on when the dialog opened
let finish = () => {};

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

/** Resolves to true when boards changed. */
export function openBoardPicker(ids) {
  imageIds = ids;
  heading.textContent = ids.length === 1 ? 'Add to board' : `Add ${ids.length} images to a board`;
  saveButton.textContent = ids.length === 1 ? 'Save' : 'Add';
  showError('');
  newName.value = '';
  list.replaceChildren();
  none.hidden = true;
  if (!dialog.open) dialog.showModal();
  loadBoards();
  return new Promise((resolve) => { finish = resolve; });
}

async function loadBoards() {
  try {
    const single = imageIds.length === 1;
    const [{ items = [] }, on] = await Promise.all([
      api('/api/boards'),
      single ? api(`/api/boards?imageId=${encodeURIComponent(imageIds[0])}`) : { items: [] },
    ]);
    onBefore = new Set((on.items || []).map((board) => board.id));
    const writable = items.filter((board) => board.role === 'owner' || board.role === 'contributor');
    list.replaceChildren(...writable.map((board) => boardRow(board, onBefore.has(board.id))));
    none.hidden = writable.length > 0;
  } catch (error) {
    if (error.status !== 401) showError(`Couldn't load your boards. ${error.message}`);
  }
}

function boardRow(board, ticked) {
  const id = `pick-board-${board.id}`;
  const owner = board.role === 'owner' ? '' : ` (${board.owner?.username || 'a friend'}'s)`;
  return el('li', { class: 'pick-item', 'data-testid': 'board-picker-item' },
    el('input', { type: 'checkbox', id, value: board.id, checked: ticked, 'data-testid': 'board-picker-check' }),
    el('label', { for: id, 'data-testid': 'board-picker-name', text: `${board.name}${owner}` }),
    el('span', { class: 'muted', text: `${board.imageCount}` }));
}

async function createBoard() {
  const name = newName.value.trim();
  if (!name) {
    showError('Give the new board a name.');
    newName.focus();
    return;
  }
  showError('');
  try {
    const board = await api('/api/boards', { method: 'POST', json: { name } });
    newName.value = '';
    none.hidden = true;
    list.prepend(boardRow(board, true));
  } catch (error) {
    if (error.status !== 401) showError(error.message);
  }
}

async function save(event) {
  event.preventDefault();
  const boxes = [...list.querySelectorAll('input[type=checkbox]')];
  const add = boxes.filter((box) => box.checked && !onBefore.has(box.value)).map((box) => box.value);
  const takeOff = boxes.filter((box) => !box.checked && onBefore.has(box.value)).map((box) => box.value);
  if (add.length === 0 && takeOff.length === 0) {
    if (imageIds.length > 1) {
      showError('Tick a board.');
      return;
    }
    close(false);
    return;
  }
  saveButton.disabled = true;
  try {
    for (const board of add) {
      await api(`/api/boards/${encodeURIComponent(board)}/images`, { method: 'POST', json: { imageIds } });
    }
    for (const board of takeOff) {
      await api(`/api/boards/${encodeURIComponent(board)}/images/${encodeURIComponent(imageIds[0])}`, { method: 'DELETE' });
    }
    const what = imageIds.length === 1 ? 'Boards saved.' : `Added ${imageIds.length} images to ${add.length === 1 ? 'the board' : `${add.length} boards`}.`;
    toast(what);
    close(true);
  } catch (error) {
    if (error.status !== 401) showError(error.message);
  } finally {
    saveButton.disabled = false;
  }
}

function close(changed) {
  const done = finish;
  finish = () => {};
  if (dialog.open) dialog.close();
  done(changed);
}

export function initBoardPicker() {
  form.addEventListener('submit', save);
  byId('board-picker-create').addEventListener('click', createBoard);
  newName.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      createBoard();
    }
  });
  byId('board-picker-cancel').addEventListener('click', () => close(false));
  byId('board-picker-close').addEventListener('click', () => close(false));
  dialog.addEventListener('close', () => close(false));
}
