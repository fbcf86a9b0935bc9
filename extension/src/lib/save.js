// Saving one image: the server fetches it by URL; when it can't (the origin refuses it, it needs the page's
// cookies, it is a blob: or data: URL), the bytes are fetched inside the page, with its credentials, and uploaded.

import { ext } from './ext.js';
import { api, Unreachable } from './server.js';
import { connection, permissionPattern } from './settings.js';
import * as outcomes from './outcomes.js';
import { fetchImageInPage } from '../page/inject.js';

const UPLOAD_PROBLEMS = new Set(['fetch-failed', 'fetch-refused']);

/**
 * target: {imageUrl, pageUrl, pageTitle, alt}; where: {tabId, frameId} of the page the image is on.
 * Answers an outcome (see outcomes.js) with the connection's server; never throws.
 */
export async function saveImage(target, where) {
  const conn = await connection();
  if (!conn) return outcomes.notConnected();
  if (!(await ext.permissions.contains({ origins: [permissionPattern(conn.server)] }))) {
    return outcomes.noPermission(conn.server);
  }
  try {
    return { ...(await saveWith(conn, target, where)), server: conn.server };
  } catch (error) {
    if (error instanceof Unreachable) return outcomes.unreachable(conn.server);
    return outcomes.failed('extension-error', `Could not save: ${error.message}`);
  }
}

async function saveWith(conn, target, where) {
  let byUrl = null;
  if (/^https?:\/\//i.test(target.imageUrl)) {
    byUrl = await api.saveByUrl(conn, target);
    if (byUrl.ok) return outcomes.saved(byUrl.body, byUrl.status === 201);
    if (!UPLOAD_PROBLEMS.has(byUrl.problem?.type)) return outcomes.fromAnswer(byUrl);
  }
  const fetched = await bytesFromPage(target.imageUrl, where);
  if (fetched.tooLarge) return outcomes.failed('too-large', `Too large: ${fetched.error}.`);
  if (fetched.error) {
    const why = byUrl ? `the server could not fetch it (${byUrl.problem?.detail || byUrl.status}) and ` : '';
    return outcomes.failed('fetch-failed', `The image could not be saved: ${why}the page would not give it either (${fetched.error}).`);
  }
  const uploaded = await api.saveBytes(conn, fetched.blob, target);
  return uploaded.ok ? outcomes.saved(uploaded.body, uploaded.status === 201) : outcomes.fromAnswer(uploaded);
}

/** Fetches the image inside the page (its cookies, its blob: URLs); the bytes travel back as a data: URL. */
async function bytesFromPage(imageUrl, { tabId, frameId }) {
  let result;
  try {
    const [injection] = await ext.scripting.executeScript({
      target: { tabId, frameIds: [frameId ?? 0] },
      func: fetchImageInPage,
      args: [imageUrl],
    });
    result = injection?.result;
  } catch (error) {
    return { error: `the page can't be reached by the extension: ${error.message}` };
  }
  if (!result || result.error) return { error: result?.error || 'no answer from the page', tooLarge: Boolean(result?.tooLarge) };
  const blob = await (await fetch(result.dataUrl)).blob();
  return { blob: result.type && blob.type !== result.type ? new Blob([blob], { type: result.type }) : blob };
}
