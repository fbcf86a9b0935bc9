// A grid of images that pages in from the server: the gallery (all your images, or a search of them) and a
// board's view are each one collection. Tiles keep each picture's own shape (justified rows, justified.js),
// follow an image from pending to ready without a reload, and give the preview the order it walks through.

import { byId, el, icon, safeHttpUrl, hostOf, formatDate } from './dom.js';
import { justify } from './justified.js';

const PAGE_SIZE = 30;
const FIRST_POLL_MS = 1500;
const MAX_POLL_MS = 10000;

export function titleOf(image) {
  return image.title?.trim() || image.pageTitle?.trim() || hostOf(image.pageUrl) || hostOf(image.sourceUrl)
    || 'Uploaded image';
}

export function altOf(image) {
  return image.alt?.trim() || image.title?.trim() || image.pageTitle?.trim() || `Image saved ${formatDate(image.savedAt)}`;
}

/**
 * Width over height of what the tile shows: the grid thumbnail's own size once it exists (it is already turned
 * upright, which the original's stored size may not be), the original's before.
 */
export function aspectOf(image) {
  const { width, height } = image.thumbnail || image;
  const ratio = width > 0 && height > 0 ? width / height : 1;
  // A sliver of a panorama or a ribbon would make a row unreadable; such pictures are shown cropped to this.
  return Math.min(Math.max(ratio, 0.25), 4);
}

/**
 * Options: `grid`, `moreButton`, `spinner`, `empty`, `errorBox` (elements), `view` (the section, for "is it
 * shown"), `fetchPage(cursor, limit)` → {items: [{image, meta}], nextCursor}, `refresh(id, meta)` → a fresh
 * image or null when this client can't follow it, `decorate(tile, image, meta)` to add controls to a tile.
 */
export function createCollection(options) {
  const { grid, moreButton, spinner, empty, errorBox, view, fetchPage, refresh, decorate = () => {} } = options;
  const state = {
    items: [],
    byId: new Map(),
    meta: new Map(),
    tiles: new Map(),
    nextCursor: null,
    loadedOnce: false,
    loading: null,
    polls: new Map(),
    generation: 0, // bumped on reset so answers for an earlier list (another user, search or board) are dropped
  };
  const listeners = new Set();
  const recovered = new Set();
  let openHandler = () => {};

  const emit = (kind, payload) => listeners.forEach((listener) => listener(kind, payload));

  function refreshChrome() {
    const failed = !errorBox.hidden;
    moreButton.textContent = failed ? 'Try again' : 'Load more';
    moreButton.hidden = !(failed || state.nextCursor !== null);
    empty.hidden = !(state.loadedOnce && state.items.length === 0);
  }

  // After an error only the button retries, so an unreachable server is not asked in a loop.
  const autoLoadAllowed = () => !view.hidden && errorBox.hidden && state.nextCursor !== null;

  function keepFillingViewport() {
    requestAnimationFrame(() => {
      const near = !moreButton.hidden && moreButton.getBoundingClientRect().top < window.innerHeight + 600;
      if (autoLoadAllowed() && near) loadMore();
    });
  }

  async function loadMore() {
    if (state.loading) return state.loading;
    if (state.loadedOnce && state.nextCursor === null) return undefined;
    const generation = state.generation;
    const cursor = state.nextCursor;
    spinner.hidden = false;
    moreButton.hidden = true;
    errorBox.hidden = true;
    grid.setAttribute('aria-busy', 'true');
    state.loading = (async () => {
      try {
        const page = await fetchPage(cursor, PAGE_SIZE);
        if (generation !== state.generation) return;
        for (const { image, meta } of page.items) {
          if (image && typeof image.id === 'string' && !state.byId.has(image.id)) append(image, meta);
        }
        state.nextCursor = typeof page.nextCursor === 'string' && page.nextCursor !== '' ? page.nextCursor : null;
        state.loadedOnce = true;
      } catch (error) {
        if (generation !== state.generation || error.status === 401) return;
        errorBox.textContent = `Couldn't load the images. ${error.message}`;
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

  // ---------- Tiles ----------

  function append(image, meta = null) {
    state.items.push(image);
    state.byId.set(image.id, image);
    state.meta.set(image.id, meta);
    const tile = buildTile(image, meta);
    state.tiles.set(image.id, tile);
    grid.append(tile);
    watch(image);
  }

  function buildTile(image, meta) {
    const tile = el('li', { class: 'tile', 'data-testid': 'tile' });
    const button = el('button', { type: 'button', class: 'tile-btn', 'data-testid': 'tile-button' });
    button.addEventListener('click', (event) => openHandler(tile.dataset.id, event));
    tile.append(button);
    fillTile(tile, image);
    decorate(tile, image, meta);
    return tile;
  }

  function fillTile(tile, image) {
    tile.dataset.id = image.id;
    tile.dataset.status = image.status;
    tile.dataset.ar = String(aspectOf(image));
    const button = tile.querySelector('.tile-btn');
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

  const looksTheSame = (a, b) => a.status === b.status && a.thumbnailUrl === b.thumbnailUrl
    && a.previewUrl === b.previewUrl && a.failureReason === b.failureReason && titleOf(a) === titleOf(b);

  /** Takes a fresher copy of an image; the tile is redrawn only when what it shows changed. */
  function update(image, { force = false } = {}) {
    const index = state.items.findIndex((item) => item.id === image.id);
    if (index === -1) return;
    const before = state.items[index];
    state.items[index] = image;
    state.byId.set(image.id, image);
    if (force || !looksTheSame(before, image)) fillTile(state.tiles.get(image.id), image);
    emit('updated', image);
  }

  function remove(id) {
    const index = state.items.findIndex((item) => item.id === id);
    if (index === -1) return;
    state.items.splice(index, 1);
    state.byId.delete(id);
    state.meta.delete(id);
    state.tiles.get(id)?.remove();
    state.tiles.delete(id);
    stopWatching(id);
    refreshChrome();
    emit('removed', id);
  }

  /** A newly saved image goes first; one already shown is refreshed and pointed out. */
  function addSaved(image) {
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
    state.meta.set(image.id, null);
    const tile = buildTile(image, null);
    tile.classList.add('appear');
    state.tiles.set(image.id, tile);
    grid.prepend(tile);
    watch(image);
    refreshChrome();
  }

  /** Puts the loaded images in this order (ids of all of them), tiles and list alike. */
  function arrange(ids) {
    const ordered = ids.map((id) => state.byId.get(id)).filter(Boolean);
    if (ordered.length !== state.items.length) return;
    state.items = ordered;
    grid.append(...ordered.map((image) => state.tiles.get(image.id)));
    emit('arranged', ids);
  }

  // Presigned URLs expire: a thumbnail that stops loading is fetched again once with fresh URLs.
  async function recoverThumbnail(id) {
    const tile = state.tiles.get(id);
    if (!tile) return;
    if (recovered.has(id)) {
      const image = state.byId.get(id);
      if (image) fillTile(tile, { ...image, status: 'failed', failureReason: 'The thumbnail could not be loaded.' });
      return;
    }
    recovered.add(id);
    try {
      const fresh = await refresh(id, state.meta.get(id));
      if (fresh) update(fresh, { force: true });
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
      const image = await refresh(id, state.meta.get(id));
      if (generation !== state.generation || !state.byId.has(id)) return;
      state.polls.delete(id);
      if (!image) return;
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

  /** Forgets everything shown (log-out, another search, another board). */
  function reset() {
    state.generation += 1;
    for (const timer of state.polls.values()) clearTimeout(timer);
    state.polls.clear();
    state.items = [];
    state.byId.clear();
    state.meta.clear();
    state.tiles.clear();
    state.nextCursor = null;
    state.loadedOnce = false;
    state.loading = null;
    recovered.clear();
    grid.replaceChildren();
    moreButton.hidden = true;
    spinner.hidden = true;
    empty.hidden = true;
    errorBox.hidden = true;
    emit('reset');
  }

  justify(grid);
  moreButton.addEventListener('click', () => loadMore());
  new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting) && autoLoadAllowed()) loadMore();
  }, { rootMargin: '600px 0px' }).observe(moreButton);

  return {
    grid,
    images: () => state.items,
    imageById: (id) => state.byId.get(id) || null,
    metaOf: (id) => state.meta.get(id) || null,
    hasMore: () => state.nextCursor !== null,
    tileOf: (id) => state.tiles.get(id) || null,
    tileButton: (id) => state.tiles.get(id)?.querySelector('.tile-btn') || null,
    subscribe: (listener) => listeners.add(listener),
    onOpen: (handler) => { openHandler = handler; },
    ensureLoaded: () => (!state.loadedOnce && !state.loading ? loadMore() : state.loading || undefined),
    reload: () => {
      reset();
      return loadMore();
    },
    loadMore,
    addSaved,
    update,
    remove,
    arrange,
    reset,
  };
}

/** The elements of a collection whose ids follow one pattern: `{prefix}grid`, `{prefix}more`, ... */
export function collectionElements(view, { grid, more, spinner, empty, error }) {
  return {
    view: byId(view), grid: byId(grid), moreButton: byId(more), spinner: byId(spinner), empty: byId(empty), errorBox: byId(error),
  };
}
