// Where the extension keeps its connection and its recent saves: extension storage, never a web page.

import { ext } from './ext.js';

const RECENT_KEEP = 10;

/** The saved connection, {server, token, username}, or null when not connected. */
export async function connection() {
  const { connection: saved } = await ext.storage.local.get('connection');
  return saved?.server && saved?.token ? saved : null;
}

export async function saveConnection(value) {
  await ext.storage.local.set({ connection: value });
}

export async function forgetConnection() {
  await ext.storage.local.remove('connection');
}

/** The last saves, newest first: what the popup lists. */
export async function recentSaves() {
  const { recent } = await ext.storage.local.get('recent');
  return Array.isArray(recent) ? recent : [];
}

export async function rememberSave(entry) {
  const recent = await recentSaves();
  await ext.storage.local.set({ recent: [entry, ...recent].slice(0, RECENT_KEEP) });
}

/** Adds to the entry recorded at `at` (what was learnt after the save); nothing when it has left the list. */
export async function updateSave(at, changes) {
  const recent = await recentSaves();
  if (!recent.some((entry) => entry.at === at)) return;
  await ext.storage.local.set({ recent: recent.map((entry) => (entry.at === at ? { ...entry, ...changes } : entry)) });
}

/** The server origin a person typed: http(s) only, no credentials, path ignored (the gallery lives at /). */
export function serverOrigin(text) {
  let url;
  try {
    url = new URL(String(text).trim());
  } catch {
    return null;
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password) return null;
  return url.origin;
}

export function permissionPattern(origin) {
  return `${new URL(origin).protocol}//${new URL(origin).hostname}/*`;
}

export function galleryLink(server, imageId) {
  return `${server}/#/images/${encodeURIComponent(imageId)}`;
}
