// The larger view of one image: preview picture, where it came from, its title and note, the same picture saved
// again, and what can be done with it. It walks through the collection it was opened from (gallery or board).

import { api } from './api.js';
import { byId, el, safeHttpUrl, hostOf, formatDate, formatBytes, toast, confirmAction } from './dom.js';
import { titleOf, altOf } from './collection.js';
import { gallery } from './gallery.js';
import { openShareDialog } from './share-dialog.js';
import { openBoardPicker } from './board-picker.js';

const dialog = byId('preview');
const img = byId('preview-img');
const pending = byId('preview-pending');
const failed = byId('preview-failed');
const failedText = byId('preview-failed-text');
const title = byId('preview-title');
const source = byId('preview-source');
const date = byId('preview-date');
const meta = byId('preview-meta');
const altLabel = byId('preview-alt-label');
const alt = byId('preview-alt');
const addedBy = byId('preview-added-by');
const note = byId('preview-note');
const original = byId('preview-original');
const deleteButton = byId('preview-delete');
const prevButton = byId('preview-prev');
const nextButton = byId('preview-next');
const ownerActions = [byId('preview-edit-open'), byId('preview-share'), byId('preview-add-board'), deleteButton];
const removeFromBoard = byId('preview-remove-board');
const editForm = byId('preview-edit');
const editTitle = byId('preview-edit-title');
const editNote = byId('preview-edit-note');
const editError = byId('preview-edit-error');
const similarNotice = byId('preview-similar');
const similarText = byId('preview-similar-text');
const similarList = byId('preview-similar-list');
const similarItems = byId('preview-similar-items');

/** Where the preview was opened from: a collection, and the board it shows, if any ({id, role, onRemoved}). */
const galleryContext = { collection: gallery, board: null };
let context = galleryContext;
let currentId = null;
let similarAsked = null;

export function openPreview(id, from = galleryContext) {
  if (!from.collection.imageById(id)) return;
  context = from;
  show(id);
  if (!dialog.open) dialog.showModal();
}

export function closePreview() {
  if (dialog.open) dialog.close();
}

/** The image is the viewer's own: in the gallery always, on a board when they added it. */
function mine(id) {
  const added = context.collection.metaOf(id);
  return !added || added.mine;
}

function show(id) {
  currentId = id;
  editForm.hidden = true;
  render(context.collection.imageById(id));
}

function render(image) {
  const pageUrl = safeHttpUrl(image.pageUrl);
  const name = titleOf(image);
  title.replaceChildren(pageUrl
    ? el('a', { href: pageUrl, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'preview-page-link', text: name })
    : name);

  const from = hostOf(image.pageUrl) || hostOf(image.sourceUrl);
  // The heading is the image's own title when it has one; the page it came from is then named here.
  const page = image.title?.trim() && image.pageTitle?.trim();
  source.textContent = !from ? 'Uploaded from a file' : page ? `From "${page}" on ${from}` : `From ${from}`;

  date.dateTime = image.savedAt || '';
  date.textContent = formatDate(image.savedAt);
  const size = image.width && image.height ? `${image.width} × ${image.height}` : null;
  meta.textContent = [size, image.format?.toUpperCase(), formatBytes(image.bytes)].filter(Boolean).join(' · ');

  const altText = image.alt?.trim();
  alt.textContent = altText || '';
  alt.hidden = !altText;
  altLabel.hidden = !altText;
  note.textContent = image.note?.trim() || '';
  note.hidden = !note.textContent;

  const added = context.collection.metaOf(image.id);
  addedBy.hidden = !added || added.mine;
  addedBy.textContent = added ? `Added by ${added.addedBy?.username || 'a member'}` : '';

  const originalUrl = safeHttpUrl(image.originalUrl);
  original.hidden = !originalUrl;
  if (originalUrl) original.href = originalUrl;
  else original.removeAttribute('href');

  const own = mine(image.id);
  for (const button of ownerActions) button.hidden = !own;
  const board = context.board;
  removeFromBoard.hidden = !board || !(board.role === 'owner' || (board.role === 'contributor' && own));

  showSimilar(image, own);
  showPicture(image);
  updateNavigation();
}

function showPicture(image) {
  const previewUrl = safeHttpUrl(image.previewUrl);
  pending.hidden = image.status !== 'pending';
  const usable = image.status === 'ready' && previewUrl;
  failed.hidden = usable || image.status === 'pending';
  failedText.textContent = image.failureReason?.trim()
    ? `Couldn't make a preview: ${image.failureReason.trim()}`
    : "Couldn't make a preview of this image.";
  img.hidden = !usable;
  if (usable) {
    if (img.getAttribute('src') !== previewUrl) {
      img.removeAttribute('src');
      if (image.preview?.width && image.preview?.height) {
        img.width = image.preview.width;
        img.height = image.preview.height;
      } else {
        img.removeAttribute('width');
        img.removeAttribute('height');
      }
      img.src = previewUrl;
    }
    img.alt = altOf(image);
  } else {
    img.removeAttribute('src');
  }
}

// ---------- The same picture saved again ----------

function showSimilar(image, own) {
  const earlier = own ? image.similarTo : null;
  similarNotice.hidden = !earlier;
  if (earlier) similarText.textContent = `You already saved this picture on ${formatDate(earlier.savedAt)}.`;
  if (!own || image.status !== 'ready') {
    similarList.hidden = true;
    similarAsked = null;
  } else if (similarAsked !== image.id) {
    loadSimilar(image.id);
  }
}

async function loadSimilar(id) {
  similarAsked = id;
  similarList.hidden = true;
  try {
    const { items = [] } = await api(`/api/images/${encodeURIComponent(id)}/similar`);
    if (currentId !== id) return;
    similarItems.replaceChildren(...items.map(({ image }) => similarItem(image)));
    similarList.hidden = items.length === 0;
  } catch {
    // The list is a hint; the preview is complete without it.
  }
}

function similarItem(image) {
  const size = `${image.width} × ${image.height}, ${formatBytes(image.bytes)}`;
  const button = el('button', {
    type: 'button', class: 'similar-item', 'data-testid': 'preview-similar-item', 'data-id': image.id,
    'aria-label': `${titleOf(image)}, saved ${formatDate(image.savedAt)}, ${size}`,
  });
  const thumbnail = safeHttpUrl(image.thumbnailUrl);
  if (thumbnail) button.append(el('img', { src: thumbnail, alt: '', referrerpolicy: 'no-referrer', loading: 'lazy' }));
  button.append(el('span', { text: `${formatDate(image.savedAt)} · ${size}` }));
  button.addEventListener('click', () => goTo(image.id));
  return button;
}

/** Shows another of your images: in this collection when it is there, else through its own link. */
function goTo(id) {
  if (context.collection.imageById(id)) show(id);
  else {
    closePreview();
    window.location.hash = `#/images/${id}`;
  }
}

const pixels = (image) => image.width * image.height;

/** Of this image and the earlier one of the same picture, deletes the smaller (fewer pixels, then fewer bytes). */
async function keepLarger() {
  const image = context.collection.imageById(currentId);
  const earlier = image?.similarTo;
  if (!earlier) return;
  const earlierIsLarger = pixels(earlier) > pixels(image)
    || (pixels(earlier) === pixels(image) && earlier.bytes > image.bytes);
  const smaller = earlierIsLarger ? image : earlier;
  const which = earlierIsLarger ? 'this copy' : `the copy saved on ${formatDate(earlier.savedAt)}`;
  const ok = await confirmAction(
    `Delete ${which} (${smaller.width} × ${smaller.height}, ${formatBytes(smaller.bytes)}) and keep the larger one?`,
    'Delete the smaller');
  if (!ok) return;
  try {
    await api(`/api/images/${encodeURIComponent(smaller.id)}`, { method: 'DELETE' });
  } catch (error) {
    if (error.status !== 404) {
      if (error.status !== 401) toast(`Couldn't delete: ${error.message}`, 'error');
      return;
    }
  }
  toast('Deleted the smaller copy.');
  if (earlierIsLarger) {
    removeAndMoveOn(image.id);
    goTo(earlier.id);
  } else {
    gallery.remove(earlier.id);
    context.collection.remove(earlier.id);
    context.collection.update(await api(`/api/images/${encodeURIComponent(image.id)}`));
  }
}

// ---------- Title and note ----------

function openEditor() {
  const image = context.collection.imageById(currentId);
  if (!image) return;
  editTitle.value = image.title || '';
  editNote.value = image.note || '';
  editError.hidden = true;
  editForm.hidden = false;
  editTitle.focus();
}

async function saveText(event) {
  event.preventDefault();
  const id = currentId;
  const save = byId('preview-edit-save');
  save.disabled = true;
  try {
    // Blank clears (the server trims); a merge patch of both fields.
    const image = await api(`/api/images/${encodeURIComponent(id)}`, {
      method: 'PATCH', json: { title: editTitle.value, note: editNote.value },
    });
    editForm.hidden = true;
    context.collection.update(image);
    if (context.collection !== gallery) gallery.update(image);
    toast('Saved.');
    if (currentId === id) byId('preview-edit-open').focus();
  } catch (error) {
    if (error.status === 401) return;
    editError.textContent = error.message;
    editError.hidden = false;
  } finally {
    save.disabled = false;
  }
}

// ---------- Moving and removing ----------

function position() {
  return context.collection.images().findIndex((image) => image.id === currentId);
}

function updateNavigation() {
  const index = position();
  const { collection } = context;
  prevButton.disabled = index <= 0;
  nextButton.disabled = index === -1 || (index >= collection.images().length - 1 && !collection.hasMore());
}

async function step(delta) {
  const { collection } = context;
  let index = position();
  if (index === -1) return;
  if (delta > 0 && index >= collection.images().length - 1 && collection.hasMore()) {
    await collection.loadMore();
    index = position();
  }
  const target = collection.images()[index + delta];
  if (target) show(target.id);
  else updateNavigation();
}

// After a delete the dialog shows the next image (or the previous one at the end), like a photo viewer.
function removeAndMoveOn(id) {
  const all = context.collection.images();
  const index = all.findIndex((image) => image.id === id);
  const neighbour = all[index + 1] || all[index - 1];
  if (dialog.open && currentId === id && neighbour) show(neighbour.id);
  context.collection.remove(id);
  if (context.collection !== gallery) gallery.remove(id);
}

async function deleteCurrent() {
  const image = context.collection.imageById(currentId);
  if (!image) return;
  const ok = await confirmAction(`Delete "${titleOf(image)}" from your scrapbook? This can't be undone.`, 'Delete');
  if (!ok) return;
  deleteButton.disabled = true;
  try {
    await api(`/api/images/${encodeURIComponent(image.id)}`, { method: 'DELETE' });
    removeAndMoveOn(image.id);
    toast('Deleted.');
  } catch (error) {
    if (error.status === 404) {
      removeAndMoveOn(image.id);
    } else if (error.status !== 401) {
      toast(`Couldn't delete: ${error.message}`, 'error');
    }
  } finally {
    deleteButton.disabled = false;
  }
}

async function removeCurrentFromBoard() {
  const { board } = context;
  const image = context.collection.imageById(currentId);
  if (!board || !image) return;
  try {
    await api(`/api/boards/${encodeURIComponent(board.id)}/images/${encodeURIComponent(image.id)}`, { method: 'DELETE' });
    toast('Taken off the board; it stays in the gallery.');
  } catch (error) {
    if (error.status === 401) return;
    if (error.status !== 404) {
      toast(`Couldn't take it off: ${error.message}`, 'error');
      return;
    }
  }
  const { collection } = context;
  const all = collection.images();
  const index = all.findIndex((item) => item.id === image.id);
  const neighbour = all[index + 1] || all[index - 1];
  if (neighbour) show(neighbour.id);
  else closePreview();
  collection.remove(image.id);
  board.onRemoved?.();
}

// ---------- Wiring ----------

function follow(collection) {
  collection.subscribe((kind, payload) => {
    if (!dialog.open || context.collection !== collection) return;
    if (kind === 'updated' && payload.id === currentId && editForm.hidden) render(payload);
    else if (kind === 'removed' && payload === currentId) closePreview();
    else updateNavigation();
  });
}

/** A collection other than the gallery (a board) whose changes the open preview follows. */
export function followCollection(collection) {
  follow(collection);
}

export function initPreview() {
  follow(gallery);
  prevButton.addEventListener('click', () => step(-1));
  nextButton.addEventListener('click', () => step(1));
  byId('preview-close').addEventListener('click', closePreview);
  deleteButton.addEventListener('click', deleteCurrent);
  removeFromBoard.addEventListener('click', removeCurrentFromBoard);
  byId('preview-share').addEventListener('click', () => {
    const image = context.collection.imageById(currentId);
    if (image) openShareDialog([image], titleOf(image));
  });
  byId('preview-add-board').addEventListener('click', () => {
    if (currentId) openBoardPicker([currentId]);
  });
  byId('preview-edit-open').addEventListener('click', openEditor);
  byId('preview-edit-cancel').addEventListener('click', () => { editForm.hidden = true; });
  editForm.addEventListener('submit', saveText);
  byId('preview-keep-larger').addEventListener('click', keepLarger);
  byId('preview-similar-show').addEventListener('click', () => {
    const earlier = context.collection.imageById(currentId)?.similarTo;
    if (earlier) goTo(earlier.id);
  });
  dialog.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // Arrows inside the title and note fields move the caret, not the picture.
    if (event.target.closest('input, textarea, select')) return;
    if (event.key === 'ArrowLeft') {
      event.preventDefault();
      step(-1);
    } else if (event.key === 'ArrowRight') {
      event.preventDefault();
      step(1);
    }
  });
  // A click on the dark backdrop (the dialog box itself, outside its content) closes it.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) closePreview();
  });
  img.addEventListener('error', () => {
    if (img.getAttribute('src')) {
      img.hidden = true;
      failed.hidden = false;
      failedText.textContent = "The preview couldn't be loaded.";
    }
  });
  dialog.addEventListener('close', () => {
    const id = currentId;
    const { collection } = context;
    currentId = null;
    similarAsked = null;
    img.removeAttribute('src');
    // After the browser has put focus back on the tile that opened the dialog: the user may have
    // browsed on to another image since, and that one's tile is where they expect to be. Unless they have
    // already gone on elsewhere (pressed "/" for the search box, say).
    setTimeout(() => {
      const active = document.activeElement;
      if (active && active !== document.body && !active.closest('.grid')) return;
      (collection.tileButton(id) || byId('main')).focus({ preventScroll: false });
    });
  });
}
