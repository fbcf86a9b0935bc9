// The grid of saved images: pages newest first, tiles that follow each image from pending to
// ready without a reload, and the list order the preview walks through.

import { api } from './api.js';
import { byId, el, icon, safeHttpUrl, hostOf, formatDate } from './dom.js';

const PAGE_SIZE = 30;
const FIRST_POLL_MS = 1500;
const MAX_POLL_MS = 10000;

const grid = byId('grid');
const loadMoreButton = byId('load-more');
const spinner = byId('grid-spinner');
const emptyState = byId('empty');
const errorBox = byId('gallery-error');

const state = {
  items: [], // images, newest first
  byId: new Map(),
  tiles: new Map(),
  nextCursor: null,
  loadedOnce: false,
  loading: null,
  polls: new Map(), // image id -> timeout id
  generation: 0, // bumped on reset so answers for a previous user are dropped
};

const listeners = new Set();
let openHandler = () => {};

/** Listeners hear ('updated', image) and ('removed', id). */
export function subscribe(listener) {
  listeners.add(listener);
}

function emit(kind, payload) {
  for (const listener of listeners) listener(kind, payload);
}

export function onOpen(handler) {
  openHandler = handler;
}

export function images() {
  return state.items;
}

export function imageById(id) {
  return state.byId.get(id) || null;
}

export function hasMore() {
  return state.nextCursor !== null;
}

export function tileButton(id) {
  return state.tiles.get(id)?.querySelector('.tile-btn') || null;
}

export function titleOf(image) {
  return image.pageTitle?.trim() || hostOf(image.pageUrl) || hostOf(image.sourceUrl) || 'Uploaded image';
}

export function altOf(image) {
  return image.alt?.trim() || image.pageTitle?.trim() || `Image saved ${formatDate(image.savedAt)}`;
}

// ---------- Loading pages ----------

export function ensureLoaded() {
  if (!state.loadedOnce && !state.loading) loadMore();
}

export async function loadMore() {
  if (state.loading) return state.loading;
  if (state.loadedOnce && state.nextCursor === null) return undefined;
  const generation = state.generation;
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (state.nextCursor) query.set('cursor', state.nextCursor);
  spinner.hidden = false;
  loadMoreButton.hidden = true;
  errorBox.hidden = true;
  grid.setAttribute('aria-busy', 'true');
  state.loading = (async () => {
    try {
      const page = await api(`/api/images?${query}`);
      if (generation !== state.generation) return;
      for (const image of page.items || []) {
        if (image && typeof image.id === 'string' && !state.byId.has(image.id)) append(image);
      }
      state.nextCursor = typeof page.nextCursor === 'string' && page.nextCursor !== '' ? page.nextCursor : null;
      state.loadedOnce = true;
    } catch (error) {
      if (generation !== state.generation || error.status === 401) return;
      errorBox.textContent = `Couldn't load your images. ${error.message}`;
      errorBox.hidden = false;
    } finally {
      if (generation === state.generation) {
        state.loading = null;
        spinner.hidden = true;
        grid.setAttribute('aria-busy', 'false');
        refreshChrome();
      }
    }
  })();
  await state.loading;
  if (generation === state.generation) keepFillingViewport();
  return undefined;
}

function refreshChrome() {
  const failed = !errorBox.hidden;
  loadMoreButton.textContent = failed ? 'Try again' : 'Load more';
  loadMoreButton.hidden = !(failed || state.nextCursor !== null);
  emptyState.hidden = !(state.loadedOnce && state.items.length === 0);
}

// Infinite scroll: the "Load more" button doubles as the sentinel.
function nearViewport(node) {
  if (node.hidden) return false;
  return node.getBoundingClientRect().top < window.innerHeight + 600;
}

// After an error only the button retries, so an unreachable server is not asked in a loop.
function autoLoadAllowed() {
  return !byId('gallery-view').hidden && errorBox.hidden && state.nextCursor !== null;
}

function keepFillingViewport() {
  requestAnimationFrame(() => {
    if (autoLoadAllowed() && nearViewport(loadMoreButton)) loadMore();
  });
}

const observer = new IntersectionObserver((entries) => {
  if (entries.some((entry) => entry.isIntersecting) && autoLoadAllowed()) loadMore();
}, { rootMargin: '600px 0px' });

// ---------- Tiles ----------

function append(image) {
  state.items.push(image);
  state.byId.set(image.id, image);
  const tile = buildTile(image);
  state.tiles.set(image.id, tile);
  grid.append(tile);
  watch(image);
}

/** A newly saved image goes first; one already shown is refreshed and pointed out. */
export function addSaved(image) {
  if (!image || typeof image.id !== 'string') return;
  if (state.byId.has(image.id)) {
    update(image);
    const tile = state.tiles.get(image.id);
    tile.classList.remove('flash');
    void tile.offsetWidth; // restart the animation
    tile.classList.add('flash');
    return;
  }
  state.items.unshift(image);
  state.byId.set(image.id, image);
  const tile = buildTile(image);
  tile.classList.add('appear');
  state.tiles.set(image.id, tile);
  grid.prepend(tile);
  watch(image);
  refreshChrome();
}

function looksTheSame(a, b) {
  return a.status === b.status && a.thumbnailUrl === b.thumbnailUrl && a.previewUrl === b.previewUrl
    && a.failureReason === b.failureReason;
}

/** Takes a fresher copy of an image; the tile is redrawn only when what it shows changed. */
export function update(image, { force = false } = {}) {
  const index = state.items.findIndex((item) => item.id === image.id);
  if (index === -1) return;
  const before = state.items[index];
  state.items[index] = image;
  state.byId.set(image.id, image);
  if (!force && looksTheSame(before, image)) return;
  fillTile(state.tiles.get(image.id), image);
  emit('updated', image);
}

export function remove(id) {
  const index = state.items.findIndex((item) => item.id === id);
  if (index === -1) return;
  state.items.splice(index, 1);
  state.byId.delete(id);
  state.tiles.get(id)?.remove();
  state.tiles.delete(id);
  stopWatching(id);
  refreshChrome();
  emit('removed', id);
}

function buildTile(image) {
  const tile = el('li', { class: 'tile', 'data-testid': 'tile' });
  const button = el('button', { type: 'button', class: 'tile-btn', 'data-testid': 'tile-button' });
  button.addEventListener('click', () => openHandler(tile.dataset.id));
  tile.append(button);
  fillTile(tile, image);
  return tile;
}

function fillTile(tile, image) {
  tile.dataset.id = image.id;
  tile.dataset.status = image.status;
  const button = tile.firstElementChild;
  button.replaceChildren();
  button.removeAttribute('title');
  button.removeAttribute('aria-label');
  const title = titleOf(image);
  const thumbnail = safeHttpUrl(image.thumbnailUrl);

  if (image.status === 'ready' && thumbnail) {
    const img = el('img', {
      src: thumbnail,
      alt: altOf(image),
      width: image.thumbnail?.width,
      height: image.thumbnail?.height,
      loading: 'lazy',
      decoding: 'async',
      draggable: 'false',
      referrerpolicy: 'no-referrer',
      'data-testid': 'tile-img',
    });
    img.addEventListener('load', () => img.classList.add('loaded'), { once: true });
    img.addEventListener('error', () => recoverThumbnail(image.id), { once: true });
    button.append(img, el('span', { class: 'tile-caption', 'aria-hidden': 'true', text: title }));
  } else if (image.status === 'pending') {
    button.setAttribute('aria-label', `${title}: the thumbnail is being made`);
    button.append(el('div', { class: 'tile-pending shimmer', 'data-testid': 'tile-pending' },
      icon('image'), el('span', { text: 'Making thumbnail…' })));
  } else {
    const reason = image.failureReason?.trim() || 'No thumbnail is available for this image.';
    button.title = reason;
    button.setAttribute('aria-label', `${title}: couldn't make a thumbnail (${reason})`);
    button.append(el('div', { class: 'tile-failed', 'data-testid': 'tile-failed' },
      icon('broken'), el('span', { text: "Couldn't make a thumbnail" })));
  }
}

// Presigned URLs expire: a thumbnail that stops loading is fetched again once with fresh URLs.
const recovered = new Set();
async function recoverThumbnail(id) {
  if (recovered.has(id)) {
    const image = state.byId.get(id);
    if (image) fillTile(state.tiles.get(id), { ...image, status: 'failed', failureReason: 'The thumbnail could not be loaded.' });
    return;
  }
  recovered.add(id);
  try {
    update(await api(`/api/images/${encodeURIComponent(id)}`), { force: true });
  } catch (error) {
    if (error.status === 404) remove(id);
  }
}

// ---------- Following pending images ----------

function watch(image) {
  if (image.status === 'pending' && !state.polls.has(image.id)) schedule(image.id, FIRST_POLL_MS);
}

function stopWatching(id) {
  clearTimeout(state.polls.get(id));
  state.polls.delete(id);
}

function schedule(id, delay) {
  const generation = state.generation;
  state.polls.set(id, setTimeout(() => poll(id, delay, generation), delay));
}

async function poll(id, delay, generation) {
  if (generation !== state.generation || !state.byId.has(id)) return;
  const next = Math.min(Math.round(delay * 1.25), MAX_POLL_MS);
  try {
    const image = await api(`/api/images/${encodeURIComponent(id)}`);
    if (generation !== state.generation || !state.byId.has(id)) return;
    state.polls.delete(id);
    if (image.status === 'pending') schedule(id, next);
    update(image);
  } catch (error) {
    if (generation !== state.generation) return;
    state.polls.delete(id);
    if (error.status === 404) remove(id);
    else if (error.status !== 401) schedule(id, Math.min(delay * 2, MAX_POLL_MS * 2));
  }
}

// ---------- Life cycle ----------

export function initGallery() {
  loadMoreButton.addEventListener('click', () => loadMore());
  observer.observe(loadMoreButton);
}

/** Forgets everything shown, e.g. on log-out. */
export function resetGallery() {
  state.generation += 1;
  for (const timer of state.polls.values()) clearTimeout(timer);
  state.polls.clear();
  state.items = [];
  state.byId.clear();
  state.tiles.clear();
  state.nextCursor = null;
  state.loadedOnce = false;
  state.loading = null;
  recovered.clear();
  grid.replaceChildren();
  loadMoreButton.hidden = true;
  spinner.hidden = true;
  emptyState.hidden = true;
  errorBox.hidden = true;
}
