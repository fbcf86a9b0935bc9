// The gallery: your images newest first, or the ones a search asks for (search.js sets the filters), in one
// collection; the preview, the selection and the uploads work on it.

import { api } from './api.js';
import { createCollection, collectionElements } from './collection.js';

export { titleOf, altOf } from './collection.js';

let filters = new URLSearchParams();
const decorators = [];

export const gallery = createCollection({
  ...collectionElements('gallery-view', {
    grid: 'grid', more: 'load-more', spinner: 'grid-spinner', empty: 'empty', error: 'gallery-error',
  }),
  async fetchPage(cursor, limit) {
    const query = new URLSearchParams(filters);
    query.set('limit', String(limit));
    if (cursor) query.set('cursor', cursor);
    const page = await api(`/api/images?${query}`);
    return { items: (page.items || []).map((image) => ({ image, meta: null })), nextCursor: page.nextCursor };
  },
  refresh: (id) => api(`/api/images/${encodeURIComponent(id)}`),
  decorate: (tile, image) => decorators.forEach((decorate) => decorate(tile, image)),
});

/** Adds controls to every gallery tile (the selection's check box). */
export function decorateTiles(decorate) {
  decorators.push(decorate);
}

/** Whether a search (any filter) is shown rather than the whole gallery. */
export function searching() {
  return [...filters.keys()].length > 0;
}

/** Shows the images matching these filters (q, format, board, savedAfter, savedBefore), newest first. */
export function search(params) {
  filters = new URLSearchParams([...params].filter(([, value]) => value !== ''));
  return gallery.reload();
}

export const imageById = (id) => gallery.imageById(id);
export const addSaved = (image) => gallery.addSaved(image);
export const ensureLoaded = () => gallery.ensureLoaded();

export function resetGallery() {
  filters = new URLSearchParams();
  gallery.reset();
}
