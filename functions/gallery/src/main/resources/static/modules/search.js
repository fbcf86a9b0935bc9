// The search box and its filters over the gallery (GET /api/images?q=&format=&board=&savedAfter=&savedBefore=),
// and the search box of "Shared with me" (GET /api/shares/received?q=). Results page in as the gallery does.

import { api } from './api.js';
import { byId, el } from './dom.js';
import { search, searching } from './gallery.js';
import { loadShared } from './shared.js';

const TYPING_PAUSE_MS = 300;

const form = byId('search-form');
const input = byId('search-input');
const format = byId('search-format');
const board = byId('search-board');
const after = byId('search-after');
const before = byId('search-before');
const clearButton = byId('search-clear');
const heading = byId('gallery-heading');
const emptyTitle = byId('empty-title');
const emptyText = byId('empty-text');
const sharedInput = byId('shared-search');

const EMPTY_GALLERY = [emptyTitle.textContent, emptyText.textContent];
let typingTimer = null;
let sharedTimer = null;
let shown = '';

/** Midnight at the start of a yyyy-mm-dd day in the viewer's time zone, `days` later, as RFC 3339. */
function startOfDay(value, days = 0) {
  const [year, month, day] = value.split('-').map(Number);
  return new Date(year, month - 1, day + days).toISOString();
}

function params() {
  const query = new URLSearchParams();
  const words = input.value.trim();
  if (words) query.set('q', words);
  if (format.value) query.set('format', format.value);
  if (board.value) query.set('board', board.value);
  if (after.value) query.set('savedAfter', startOfDay(after.value));
  // "Saved before" a day includes that day: the API's savedBefore is exclusive.
  if (before.value) query.set('savedBefore', startOfDay(before.value, 1));
  return query;
}

function run() {
  clearTimeout(typingTimer);
  const query = params();
  if (after.value && before.value && after.value > before.value) {
    before.setCustomValidity('"Saved before" must not be earlier than "saved after".');
    before.reportValidity();
    return;
  }
  before.setCustomValidity('');
  if (query.toString() === shown) return;
  shown = query.toString();
  search(query);
  const active = searching();
  heading.textContent = active ? 'Search results' : 'Your scrapbook';
  clearButton.hidden = !active;
  [emptyTitle.textContent, emptyText.textContent] = active
    ? ['Nothing matches', 'Try fewer words, the beginning of a word, or another filter.']
    : EMPTY_GALLERY;
}

/** Fills the board filter with the boards you can see (yours and your friends' you are on). */
export async function loadBoardFilter() {
  try {
    const { items = [] } = await api('/api/boards');
    const chosen = board.value;
    board.replaceChildren(el('option', { value: '', text: 'any board' }),
      ...items.map((item) => el('option', { value: item.id, text: item.name })));
    board.value = items.some((item) => item.id === chosen) ? chosen : '';
  } catch {
    // The filter keeps what it had; the search works without it.
  }
}

export function clearSearch() {
  form.reset();
  before.setCustomValidity('');
  run();
}

/** "/" anywhere but in a field: the search box of the view shown. */
export function focusSearch() {
  const target = !byId('shared-view').hidden ? sharedInput : !byId('gallery-view').hidden ? input : null;
  if (!target) return false;
  target.focus();
  target.select();
  return true;
}

function searchShared() {
  clearTimeout(sharedTimer);
  loadShared({ q: sharedInput.value.trim() });
}

export function resetSearch() {
  form.reset();
  board.replaceChildren(el('option', { value: '', text: 'any board' }));
  sharedInput.value = '';
  shown = '';
  heading.textContent = 'Your scrapbook';
  clearButton.hidden = true;
  [emptyTitle.textContent, emptyText.textContent] = EMPTY_GALLERY;
}

export function initSearch() {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  input.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(run, TYPING_PAUSE_MS);
  });
  for (const filter of [format, board, after, before]) filter.addEventListener('change', run);
  clearButton.addEventListener('click', clearSearch);
  byId('shared-search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    searchShared();
  });
  sharedInput.addEventListener('input', () => {
    clearTimeout(sharedTimer);
    sharedTimer = setTimeout(searchShared, TYPING_PAUSE_MS);
  });
}
