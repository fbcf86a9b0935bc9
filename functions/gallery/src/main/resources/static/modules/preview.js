// The larger view of one image: preview picture, where it came from, and what can be done with it.

import { api } from './api.js';
import { byId, el, safeHttpUrl, hostOf, formatDate, formatBytes, toast, confirmAction } from './dom.js';
import * as gallery from './gallery.js';
import { openShareDialog } from './share-dialog.js';

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
const original = byId('preview-original');
const deleteButton = byId('preview-delete');
const prevButton = byId('preview-prev');
const nextButton = byId('preview-next');

let currentId = null;

export function openPreview(id) {
  if (!gallery.imageById(id)) return;
  show(id);
  if (!dialog.open) dialog.showModal();
}

export function closePreview() {
  if (dialog.open) dialog.close();
}

function show(id) {
  currentId = id;
  render(gallery.imageById(id));
}

function render(image) {
  const pageUrl = safeHttpUrl(image.pageUrl);
  const name = gallery.titleOf(image);
  title.replaceChildren(pageUrl
    ? el('a', { href: pageUrl, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'preview-page-link', text: name })
    : name);

  const from = hostOf(image.pageUrl) || hostOf(image.sourceUrl);
  source.textContent = from ? `From ${from}` : 'Uploaded from a file';

  date.dateTime = image.savedAt || '';
  date.textContent = formatDate(image.savedAt);
  const size = image.width && image.height ? `${image.width} × ${image.height}` : null;
  meta.textContent = [size, image.format?.toUpperCase(), formatBytes(image.bytes)].filter(Boolean).join(' · ');

  const altText = image.alt?.trim();
  alt.textContent = altText || '';
  alt.hidden = !altText;
  altLabel.hidden = !altText;

  const originalUrl = safeHttpUrl(image.originalUrl);
  original.hidden = !originalUrl;
  if (originalUrl) original.href = originalUrl;
  else original.removeAttribute('href');

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
    img.alt = gallery.altOf(image);
  } else {
    img.removeAttribute('src');
  }
}

function position() {
  return gallery.images().findIndex((image) => image.id === currentId);
}

function updateNavigation() {
  const index = position();
  prevButton.disabled = index <= 0;
  nextButton.disabled = index === -1 || (index >= gallery.images().length - 1 && !gallery.hasMore());
}

async function step(delta) {
  let index = position();
  if (index === -1) return;
  if (delta > 0 && index >= gallery.images().length - 1 && gallery.hasMore()) {
    await gallery.loadMore();
    index = position();
  }
  const target = gallery.images()[index + delta];
  if (target) show(target.id);
  else updateNavigation();
}

// After a delete the dialog shows the next image (or the previous one at the end), like a photo viewer.
function removeAndMoveOn(id) {
  const all = gallery.images();
  const index = all.findIndex((image) => image.id === id);
  const neighbour = all[index + 1] || all[index - 1];
  if (dialog.open && currentId === id && neighbour) show(neighbour.id);
  gallery.remove(id);
}

async function deleteCurrent() {
  const image = gallery.imageById(currentId);
  if (!image) return;
  const ok = await confirmAction(`Delete "${gallery.titleOf(image)}" from your scrapbook? This can't be undone.`, 'Delete');
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

export function initPreview() {
  gallery.onOpen(openPreview);
  gallery.subscribe((kind, payload) => {
    if (!dialog.open) return;
    if (kind === 'updated' && payload.id === currentId) render(payload);
    if (kind === 'removed') {
      if (payload !== currentId) {
        updateNavigation();
        return;
      }
      closePreview();
    }
  });
  prevButton.addEventListener('click', () => step(-1));
  nextButton.addEventListener('click', () => step(1));
  byId('preview-close').addEventListener('click', closePreview);
  deleteButton.addEventListener('click', deleteCurrent);
  byId('preview-share').addEventListener('click', () => {
    const image = gallery.imageById(currentId);
    if (image) openShareDialog(image, gallery.titleOf(image));
  });
  dialog.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
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
    currentId = null;
    img.removeAttribute('src');
    // After the browser has put focus back on the tile that opened the dialog: the user may have
    // browsed on to another image since, and that one's tile is where they expect to be.
    setTimeout(() => (gallery.tileButton(id) || byId('main')).focus({ preventScroll: false }));
  });
}
