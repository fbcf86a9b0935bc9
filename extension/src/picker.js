// The picker: the page's images (found when the menu item was chosen), those already saved marked; the
// person selects several and saves them together, watching the progress, and may put them all on a board.

import { ext } from './lib/ext.js';
import { byId, el, showStatus } from './lib/dom.js';

const job = new URLSearchParams(location.search).get('job');
const grid = byId('grid');
const saveButton = byId('save');
const boardSelect = byId('board');
const tiles = [];
let busy = false;

const ask = (message) => ext.runtime.sendMessage(message);
const say = (kind, text) => showStatus(byId('status'), kind, text);

function tile(image, savedId) {
  const state = savedId ? 'already-saved' : 'idle';
  const preview = /^https?:|^data:/i.test(image.url)
    ? el('img', { src: image.url, alt: image.alt || '', loading: 'lazy', referrerpolicy: 'no-referrer' })
    : el('span', { class: 'meta', text: '(preview not available)' });
  const mark = el('span', { class: 'mark', 'data-testid': 'tile-mark', text: savedId ? 'Already saved' : '' });
  mark.hidden = !savedId;
  const node = el('button', {
    type: 'button', class: 'tile', 'aria-pressed': 'false', 'data-testid': 'picker-tile', 'data-state': state,
    'data-url': image.url, title: image.url,
  }, [preview, mark, el('span', { class: 'meta', text: `${image.width} × ${image.height}${image.kind === 'background' ? ' · background' : ''}` })]);
  const item = { image, node, mark, selected: false };
  node.addEventListener('click', () => {
    if (busy) return;
    item.selected = !item.selected;
    node.setAttribute('aria-pressed', String(item.selected));
    updateButton();
  });
  return item;
}

function selected() {
  return tiles.filter((t) => t.selected);
}

function chosenBoard() {
  const option = boardSelect.selectedOptions[0];
  return option?.value ? { id: option.value, name: option.textContent } : null;
}

function updateButton() {
  const count = selected().length;
  const board = chosenBoard();
  saveButton.textContent = `Save ${count} image${count === 1 ? '' : 's'}${board ? ` to “${board.name}”` : ''}`;
  saveButton.disabled = busy || count === 0;
  boardSelect.disabled = busy;
}

function setTile(item, state, label, message) {
  item.node.dataset.state = state;
  item.mark.textContent = label;
  item.mark.hidden = !label;
  item.node.title = message ? `${item.image.url}\n${message}` : item.image.url;
}

async function saveSelected(data) {
  const chosen = selected();
  busy = true;
  updateButton();
  const progress = byId('progress');
  progress.hidden = false;
  progress.max = chosen.length;
  progress.value = 0;
  const counts = { saved: 0, duplicate: 0, error: 0 };
  const board = chosenBoard();
  const imageIds = [];
  for (const item of chosen) {
    setTile(item, 'saving', 'Saving…');
    const target = { imageUrl: item.image.url, pageUrl: data.pageUrl, pageTitle: data.pageTitle, alt: item.image.alt };
    const outcome = await ask({ type: 'save-one', job: { tabId: data.tabId }, target })
      .catch((error) => ({ kind: 'error', message: error.message }));
    const kind = outcome?.kind in counts ? outcome.kind : 'error';
    counts[kind] += 1;
    if (outcome?.imageId) imageIds.push(outcome.imageId);
    setTile(item, kind, { saved: 'Saved', duplicate: 'Already saved', error: 'Failed' }[kind], outcome?.message);
    item.selected = false;
    item.node.setAttribute('aria-pressed', 'false');
    progress.value += 1;
    byId('progress-text').textContent = `${progress.value} of ${chosen.length} done`;
  }
  const onBoard = board && imageIds.length ? await addToBoard(board, imageIds) : { text: '' };
  busy = false;
  updateButton();
  const summary = `${counts.saved} saved, ${counts.duplicate} already saved, ${counts.error} failed.${onBoard.text}`;
  const failed = counts.error || onBoard.failed;
  say(failed ? 'error' : 'ok', counts.error ? `${summary} Hover a failed image for the reason.` : summary);
  document.body.dataset.done = 'true';
  await ask({ type: 'picker-done', summary: `From ${data.pageTitle || data.pageUrl}: ${summary}` });
}

/** Saved and already-saved images alike go on the board, in one request after the saves. */
async function addToBoard(board, imageIds) {
  const answer = await ask({ type: 'add-to-board', board, imageIds }).catch((error) => ({ error: error.message }));
  if (answer?.error) return { failed: true, text: ` Not added to “${board.name}”: ${answer.error}.` };
  return { text: ` ${imageIds.length} added to “${answer.board.name}”.` };
}

/** The boards you may add to, last used first; without them (not connected, server down) only "No board". */
async function offerBoards() {
  const list = await ask({ type: 'boards' }).catch((error) => ({ error: error.message }));
  if (list?.error) return;
  boardSelect.append(...list.boards.map((board) => el('option', { value: board.id, text: board.name })));
  boardSelect.addEventListener('change', updateButton);
}

async function start() {
  const data = await ask({ type: 'job', job });
  if (!data || data.error) {
    say('error', data?.error || 'Nothing to show.');
    return;
  }
  byId('heading').textContent = `Save images from ${data.pageTitle || data.pageUrl}`;
  const known = await ask({ type: 'lookup', urls: data.images.map((i) => i.url) });
  if (!known.server) say('error', 'Not connected: open the extension options and connect to your server first.');
  else if (known.error) say('error', `Could not check which images are saved already: ${known.error}`);
  else if (data.images.length === 0) say('info', 'No images of at least 100 px on this page.');
  for (const image of data.images) tiles.push(tile(image, known.saved?.[image.url]));
  grid.replaceChildren(...tiles.map((t) => t.node));
  byId('select-all').addEventListener('click', () => {
    for (const t of tiles) {
      t.selected = t.node.dataset.state === 'idle';
      t.node.setAttribute('aria-pressed', String(t.selected));
    }
    updateButton();
  });
  saveButton.addEventListener('click', () => saveSelected(data));
  await offerBoards();
  updateButton();
  document.body.dataset.ready = 'true';
}

start();
