// "Shared with me": what friends shared, newest first; open one, keep a copy in your gallery, or hide it.

import { api, request } from './api.js';
import { byId, el, icon, safeHttpUrl, hostOf, formatRelative, toast } from './dom.js';
import { titleOf, altOf, aspectOf } from './collection.js';
import { addSaved } from './gallery.js';
import { justify } from './justified.js';

const PAGE_SIZE = 30;

const grid = byId('shared-grid');
const empty = byId('shared-empty');
const errorBox = byId('shared-error');
const moreButton = byId('shared-more');
const dialog = byId('received');
const img = byId('received-img');
const none = byId('received-none');
const title = byId('received-title');
const from = byId('received-from');
const original = byId('received-original');
const keepButton = byId('received-keep');
const hideButton = byId('received-hide');

const emptyTitle = byId('shared-empty-title');
const emptyText = byId('shared-empty-text');
const EMPTY_LIST = [emptyTitle.textContent, emptyText.textContent];

const state = { items: new Map(), nextCursor: null, generation: 0, current: null, q: '' };

/** The first page (of a search with `q`), or with `more` the next page of the same list. */
export async function loadShared({ more = false, q = state.q } = {}) {
  if (!more) {
    // A new list: answers still coming for the one before are dropped.
    state.generation += 1;
    state.items.clear();
    state.nextCursor = null;
    state.q = q;
  }
  const generation = state.generation;
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (state.q) query.set('q', state.q);
  if (more && state.nextCursor) query.set('cursor', state.nextCursor);
  errorBox.hidden = true;
  grid.setAttribute('aria-busy', 'true');
  try {
    const page = await api(`/api/shares/received?${query}`);
    if (generation !== state.generation) return;
    if (!more) grid.replaceChildren();
    for (const item of page.items || []) {
      if (!item?.image?.id || state.items.has(item.image.id)) continue;
      state.items.set(item.image.id, item);
      grid.append(tile(item));
    }
    state.nextCursor = typeof page.nextCursor === 'string' && page.nextCursor ? page.nextCursor : null;
  } catch (error) {
    if (generation !== state.generation || error.status === 401) return;
    errorBox.textContent = `Couldn't load what was shared with you. ${error.message}`;
    errorBox.hidden = false;
  }
  if (generation !== state.generation) return;
  grid.setAttribute('aria-busy', 'false');
  moreButton.hidden = state.nextCursor === null;
  empty.hidden = state.items.size > 0 || !errorBox.hidden;
  [emptyTitle.textContent, emptyText.textContent] = state.q
    ? ['Nothing matches', 'Try fewer words or the beginning of a word.'] : EMPTY_LIST;
}

function tile(item) {
  const { image } = item;
  const button = el('button', { type: 'button', class: 'tile-btn', 'data-testid': 'shared-tile-button' });
  const thumbnail = safeHttpUrl(image.thumbnailUrl);
  const caption = `${titleOf(image)} · from ${item.sharedBy?.username || 'a friend'}`;
  if (image.status === 'ready' && thumbnail) {
    const picture = el('img', {
      src: thumbnail, alt: altOf(image), width: image.thumbnail?.width, height: image.thumbnail?.height,
      loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer',
    });
    picture.addEventListener('load', () => picture.classList.add('loaded'), { once: true });
    picture.addEventListener('error', () => refreshTile(image.id, picture), { once: true });
    button.append(picture, el('span', { class: 'tile-caption', 'aria-hidden': 'true', text: caption }));
  } else {
    button.setAttribute('aria-label', caption);
    button.append(el('div', { class: 'tile-pending' }, icon('image'), el('span', { text: caption })));
  }
  button.addEventListener('click', () => open(image.id));
  return el('li', { class: 'tile', 'data-testid': 'shared-tile', 'data-id': image.id, 'data-ar': aspectOf(image) }, button);
}

// What a friend shares comes with URLs that work for minutes only (the owner may take it back): a tile first
// shown after that asks again, and goes when the share has ended.
async function refreshTile(id, picture) {
  try {
    const fresh = await api(`/api/shares/received/${encodeURIComponent(id)}`);
    const thumbnail = safeHttpUrl(fresh.image?.thumbnailUrl);
    if (thumbnail) picture.src = thumbnail;
  } catch (error) {
    if (error.status === 404) removeTile(id);
  }
}

async function open(id) {
  const item = state.items.get(id);
  if (!item) return;
  state.current = id;
  render(item);
  if (!dialog.open) dialog.showModal();
  try {
    // Fresh presigned URLs, and a 404 if the share was taken back meanwhile.
    const fresh = await api(`/api/shares/received/${encodeURIComponent(id)}`);
    if (state.current === id) render(fresh);
  } catch (error) {
    if (error.status === 404) {
      dialog.close();
      removeTile(id);
      toast('This image is no longer shared with you.', 'error');
    }
  }
}

function render(item) {
  const { image } = item;
  const pageUrl = safeHttpUrl(image.pageUrl);
  const name = titleOf(image);
  title.replaceChildren(pageUrl
    ? el('a', { href: pageUrl, target: '_blank', rel: 'noopener noreferrer', 'data-testid': 'received-page-link', text: name })
    : name);
  const site = hostOf(image.pageUrl) || hostOf(image.sourceUrl);
  from.textContent = `Shared by ${item.sharedBy?.username || 'a friend'} ${formatRelative(item.sharedAt)}`
    + (site ? ` · found on ${site}` : '');
  const preview = safeHttpUrl(image.previewUrl);
  img.hidden = !preview;
  none.hidden = Boolean(preview);
  if (preview) {
    img.src = preview;
    img.alt = altOf(image);
  } else {
    img.removeAttribute('src');
  }
  const originalUrl = safeHttpUrl(image.originalUrl);
  original.hidden = !originalUrl;
  if (originalUrl) original.href = originalUrl;
}

async function keepCopy() {
  const id = state.current;
  keepButton.disabled = true;
  try {
    const { status, body } = await request(`/api/shares/received/${encodeURIComponent(id)}/copy`, { method: 'POST' });
    addSaved(body);
    toast(status === 201 ? 'Kept: it is in your gallery now.' : 'You already have this image in your gallery.');
  } catch (error) {
    if (error.status !== 401) toast(`Couldn't keep a copy: ${error.message}`, 'error');
  } finally {
    keepButton.disabled = false;
  }
}

async function hide() {
  const id = state.current;
  try {
    await api(`/api/shares/received/${encodeURIComponent(id)}`, { method: 'DELETE' });
    toast('Hidden from this list.');
  } catch (error) {
    if (error.status !== 401 && error.status !== 404) {
      toast(`Couldn't hide it: ${error.message}`, 'error');
      return;
    }
  }
  dialog.close();
  removeTile(id);
}

function removeTile(id) {
  state.items.delete(id);
  grid.querySelector(`[data-id="${CSS.escape(id)}"]`)?.remove();
  empty.hidden = state.items.size > 0;
}

export function closeReceived() {
  if (dialog.open) dialog.close();
}

export function initShared() {
  justify(grid);
  moreButton.addEventListener('click', () => loadShared({ more: true }));
  keepButton.addEventListener('click', keepCopy);
  hideButton.addEventListener('click', hide);
  byId('received-close').addEventListener('click', closeReceived);
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) closeReceived();
  });
  dialog.addEventListener('close', () => {
    state.current = null;
    img.removeAttribute('src');
  });
}

export function resetShared() {
  state.generation += 1;
  state.items.clear();
  state.nextCursor = null;
  state.q = '';
  grid.replaceChildren();
  grid.setAttribute('aria-busy', 'false');
  empty.hidden = true;
  errorBox.hidden = true;
  moreButton.hidden = true;
  closeReceived();
}
