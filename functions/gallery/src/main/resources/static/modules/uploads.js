// Saving: files from the picker or dropped anywhere on the page, and images the server fetches by URL.
// Each save gets a row that shows its progress and how it ended.

import { uploadFile, saveFromUrl } from './api.js';
import { byId, el, icon, safeHttpUrl, formatDate } from './dom.js';

const MAX_BYTES = 25 * 1024 * 1024;
const PARALLEL_UPLOADS = 3;
const SAVED_ROW_MS = 8000;

const list = byId('uploads');
const fileInput = byId('file-input');
const overlay = byId('drop-overlay');
const urlForm = byId('url-form');
const urlInput = byId('url-input');

const queue = [];
// New images saved from this page whose "you saved this picture before" is still to be said (once known: the
// server links the earlier image when the thumbnail is made, after the save has answered).
const awaitingSimilar = new Set();
let running = 0;
let handlers = { onSaved: () => {}, canDrop: () => false, beforeSave: () => {} };

function row(name) {
  const progress = el('progress', { max: '1', 'aria-label': `Saving ${name}` });
  const status = el('span', { class: 'upload-status', 'data-testid': 'upload-status', text: 'Waiting…' });
  const dismiss = el('button', {
    type: 'button', class: 'btn btn-quiet btn-icon upload-dismiss', 'aria-label': `Dismiss ${name}`,
  }, icon('close'));
  const item = el('li', { class: 'upload', 'data-testid': 'upload-item', 'data-state': 'queued' },
    el('span', { class: 'upload-dot', 'aria-hidden': 'true' }),
    el('span', { class: 'upload-name', title: name, text: name }),
    dismiss, progress, status);
  dismiss.addEventListener('click', () => item.remove());
  list.prepend(item);
  return { item, ...rowControls(item, progress, status) };
}

function rowControls(item, progress, status) {
  return {
    progress(fraction) {
      item.dataset.state = 'uploading';
      status.textContent = fraction === null ? 'Saving…' : `Uploading… ${Math.round(fraction * 100)}%`;
      if (fraction === null) progress.removeAttribute('value');
      else progress.value = fraction;
    },
    done(httpStatus, image) {
      progress.remove();
      item.dataset.imageId = image?.id || '';
      if (httpStatus === 200) {
        item.dataset.state = 'duplicate';
        status.textContent = 'Already in your scrapbook';
      } else {
        item.dataset.state = 'saved';
        status.textContent = 'Saved';
        if (image?.id) awaitingSimilar.add(image.id);
      }
      // A row that says the picture was saved before stays until dismissed.
      setTimeout(() => item.dataset.state !== 'similar' && item.remove(), SAVED_ROW_MS);
    },
    fail(message) {
      progress.remove();
      item.dataset.state = 'error';
      status.textContent = message;
    },
  };
}

/**
 * An image saved from this page turned out to be a picture saved before (its `similarTo`): its row says so, once,
 * with a button that opens the preview, where the larger can be kept.
 */
export function noteSimilar(image, onCompare) {
  if (!image?.similarTo || !awaitingSimilar.delete(image.id)) return;
  const item = list.querySelector(`[data-image-id="${CSS.escape(image.id)}"]`) || row(image.title || 'Saved image').item;
  item.dataset.state = 'similar';
  item.dataset.imageId = image.id;
  item.querySelector('progress')?.remove();
  item.querySelector('.upload-status').textContent = `You already saved this picture on ${formatDate(image.similarTo.savedAt)}.`;
  const compare = el('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'upload-compare', text: 'Compare' });
  compare.addEventListener('click', () => onCompare(image.id));
  item.append(compare);
}

function problemOf(file) {
  if (file.type && !file.type.startsWith('image/')) return 'Not an image: only JPEG, PNG, GIF and WebP can be saved.';
  if (file.size > MAX_BYTES) return 'Too large: images can be at most 25 MB.';
  if (file.size === 0) return 'This file is empty.';
  return null;
}

export function saveFiles(files) {
  const chosen = Array.from(files);
  if (chosen.length === 0) return;
  handlers.beforeSave();
  for (const file of chosen) {
    const entry = row(file.name || 'Pasted image');
    const problem = problemOf(file);
    if (problem) entry.fail(problem);
    else queue.push({ file, entry });
  }
  pump();
}

function pump() {
  while (running < PARALLEL_UPLOADS && queue.length > 0) {
    const { file, entry } = queue.shift();
    running += 1;
    entry.progress(0);
    uploadFile(file, (fraction) => entry.progress(fraction))
      .then(({ status, image }) => {
        entry.done(status, image);
        handlers.onSaved(image, status);
      })
      .catch((error) => entry.fail(error.message))
      .finally(() => {
        running -= 1;
        pump();
      });
  }
}

export async function saveUrl(value) {
  const imageUrl = safeHttpUrl(value.trim());
  handlers.beforeSave();
  const entry = row(value.trim() || 'Image URL');
  if (!imageUrl || !/^https?:\/\//i.test(value.trim())) {
    entry.fail('Enter a full http:// or https:// address of an image.');
    return false;
  }
  entry.progress(null);
  try {
    const { status, image } = await saveFromUrl(imageUrl);
    entry.done(status, image);
    handlers.onSaved(image, status);
    return true;
  } catch (error) {
    entry.fail(error.message);
    return false;
  }
}

// ---------- Drag and drop anywhere ----------

let dragDepth = 0;
let draggingFromPage = false;

function carriesFilesOrLinks(event) {
  if (draggingFromPage) return false;
  const types = Array.from(event.dataTransfer?.types || []);
  return types.includes('Files') || types.includes('text/uri-list');
}

function hideOverlay() {
  dragDepth = 0;
  overlay.hidden = true;
}

function firstHttpUrl(uriList) {
  return uriList.split(/\r?\n/).map((line) => line.trim())
    .find((line) => line && !line.startsWith('#') && safeHttpUrl(line) && /^https?:\/\//i.test(line));
}

function bindDragAndDrop() {
  document.addEventListener('dragstart', () => { draggingFromPage = true; });
  document.addEventListener('dragend', () => { draggingFromPage = false; });
  document.addEventListener('dragenter', (event) => {
    if (!carriesFilesOrLinks(event) || !handlers.canDrop()) return;
    event.preventDefault();
    dragDepth += 1;
    overlay.hidden = false;
  });
  // Files dropped where they are not wanted (the sign-in screen) must not make the browser
  // navigate away to show them, so every file drag is taken, and refused where not wanted.
  document.addEventListener('dragover', (event) => {
    if (!carriesFilesOrLinks(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = handlers.canDrop() ? 'copy' : 'none';
  });
  document.addEventListener('dragleave', (event) => {
    if (!carriesFilesOrLinks(event) || overlay.hidden) return;
    dragDepth -= 1;
    // relatedTarget is null when the pointer leaves the window altogether.
    if (dragDepth <= 0 || event.relatedTarget === null) hideOverlay();
  });
  document.addEventListener('drop', (event) => {
    if (!carriesFilesOrLinks(event)) return;
    event.preventDefault();
    hideOverlay();
    if (!handlers.canDrop()) return;
    const { files } = event.dataTransfer;
    if (files && files.length > 0) {
      saveFiles(files);
      return;
    }
    // An image dragged from another tab arrives as its address: the server fetches it.
    const url = firstHttpUrl(event.dataTransfer.getData('text/uri-list') || '');
    if (url) saveUrl(url);
  });
  window.addEventListener('blur', hideOverlay);
}

export function initUploads(options) {
  handlers = { ...handlers, ...options };
  byId('upload-button').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    saveFiles(fileInput.files);
    fileInput.value = '';
  });
  urlForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = byId('url-submit');
    submit.disabled = true;
    try {
      if (await saveUrl(urlInput.value)) urlInput.value = '';
    } finally {
      submit.disabled = false;
    }
  });
  bindDragAndDrop();
}

export function resetUploads() {
  queue.length = 0;
  list.replaceChildren();
  hideOverlay();
}
