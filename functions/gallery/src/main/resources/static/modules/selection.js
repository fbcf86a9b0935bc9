// Choosing several images in the gallery: a check box on each tile, Ctrl/⌘-click to add one, Shift-click for a
// range, X on a focused tile; then add them to a board, share or delete them, each after one confirmation.

import { api } from './api.js';
import { byId, el, toast, confirmAction } from './dom.js';
import { gallery, decorateTiles } from './gallery.js';
import { titleOf } from './collection.js';
import { openShareDialog } from './share-dialog.js';
import { openBoardPicker } from './board-picker.js';
import { openPreview } from './preview.js';

const bar = byId('selection-bar');
const count = byId('selection-count');
const grid = gallery.grid;

const chosen = new Set();
let anchor = null; // the last tile chosen or unchosen: where a Shift-click range starts

export function selectionActive() {
  return chosen.size > 0;
}

function render() {
  count.textContent = chosen.size === 1 ? '1 image selected' : `${chosen.size} images selected`;
  bar.hidden = chosen.size === 0;
  grid.classList.toggle('selecting', chosen.size > 0);
  for (const image of gallery.images()) {
    const tile = gallery.tileOf(image.id);
    const on = chosen.has(image.id);
    tile.classList.toggle('selected', on);
    const box = tile.querySelector('.tile-check');
    if (box) box.checked = on;
    // While choosing, a tile's button toggles its choice: it says so to assistive technology.
    const button = tile.querySelector('.tile-btn');
    if (chosen.size > 0) button.setAttribute('aria-pressed', String(on));
    else button.removeAttribute('aria-pressed');
  }
}

function toggle(id) {
  if (chosen.has(id)) chosen.delete(id);
  else chosen.add(id);
  anchor = id;
  render();
}

/** Chooses every image from the anchor to this one, in grid order. */
function chooseRange(id) {
  const ids = gallery.images().map((image) => image.id);
  const from = ids.indexOf(anchor);
  const to = ids.indexOf(id);
  if (from === -1 || to === -1) {
    toggle(id);
    return;
  }
  for (const between of ids.slice(Math.min(from, to), Math.max(from, to) + 1)) chosen.add(between);
  anchor = id;
  render();
}

export function clearSelection() {
  chosen.clear();
  anchor = null;
  render();
}

/**
 * A click on a tile: with Ctrl/⌘ or Shift, or while anything is chosen, it chooses; otherwise it opens.
 * Returns true when it chose (the caller then does not open the preview).
 */
export function clickChooses(id, event) {
  if (event.shiftKey && anchor !== null) {
    chooseRange(id);
    return true;
  }
  if (event.ctrlKey || event.metaKey || event.shiftKey || chosen.size > 0) {
    toggle(id);
    return true;
  }
  return false;
}

/** X on a focused tile (keyboard.js). */
export function toggleFromKeyboard(id) {
  toggle(id);
}

function addCheckBox(tile, image) {
  const box = el('input', {
    type: 'checkbox', class: 'tile-check', 'data-testid': 'tile-check', tabindex: '-1',
    'aria-label': `Select ${titleOf(image)}`, checked: chosen.has(image.id),
  });
  // A click (not "change"), so that Shift can be read. Not cancelled: a cancelled click puts the box back as it
  // was after the handlers ran, over what render() set; render() makes it match the choice either way.
  box.addEventListener('click', (event) => {
    if (event.shiftKey && anchor !== null) chooseRange(tile.dataset.id);
    else toggle(tile.dataset.id);
  });
  tile.prepend(box);
  if (chosen.has(image.id)) tile.classList.add('selected');
}

function chosenImages() {
  return [...chosen].map((id) => gallery.imageById(id)).filter(Boolean);
}

async function addToBoard() {
  if (await openBoardPicker([...chosen])) clearSelection();
}

function share() {
  const images = chosenImages();
  if (images.length > 0) openShareDialog(images, titleOf(images[0]));
}

async function deleteChosen() {
  const images = chosenImages();
  const ok = await confirmAction(
    `Delete ${images.length === 1 ? `"${titleOf(images[0])}"` : `these ${images.length} images`} from your scrapbook? This can't be undone.`,
    images.length === 1 ? 'Delete' : `Delete ${images.length}`);
  if (!ok) return;
  let failed = 0;
  for (const image of images) {
    try {
      await api(`/api/images/${encodeURIComponent(image.id)}`, { method: 'DELETE' });
      gallery.remove(image.id);
    } catch (error) {
      if (error.status === 401) return;
      if (error.status === 404) gallery.remove(image.id);
      else failed += 1;
    }
    chosen.delete(image.id);
  }
  render();
  toast(failed === 0 ? `Deleted ${images.length === 1 ? 'one image' : `${images.length} images`}.`
    : `${failed} could not be deleted; try again.`, failed === 0 ? 'info' : 'error');
}

export function initSelection() {
  decorateTiles(addCheckBox);
  gallery.onOpen((id, event) => clickChooses(id, event) || openPreview(id));
  gallery.subscribe((kind, id) => {
    if (kind === 'removed' && chosen.delete(id)) render();
    if (kind === 'reset') clearSelection();
  });
  byId('selection-board').addEventListener('click', addToBoard);
  byId('selection-share').addEventListener('click', share);
  byId('selection-delete').addEventListener('click', deleteChosen);
  byId('selection-clear').addEventListener('click', clearSelection);
}
