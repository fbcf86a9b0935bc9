// The Scrapbook API as the extension uses it. Every call answers {ok, status, body, problem}; a server that
// can't be reached at all throws Unreachable, so callers can say so instead of failing silently.

export class Unreachable extends Error {}

async function call(server, path, { token, method = 'GET', json, body, contentType } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  else if (contentType) headers['Content-Type'] = contentType;
  let response;
  try {
    response = await fetch(new URL(path, server), {
      method,
      headers,
      body: json !== undefined ? JSON.stringify(json) : body,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    throw new Unreachable(`${server} could not be reached (${error.message})`);
  }
  const type = response.headers.get('Content-Type') || '';
  const parsed = type.includes('json') ? await response.json().catch(() => null) : null;
  const problem = type.includes('problem+json') && parsed ? {
    type: String(parsed.type || '').replace(/^.*\/problems\//, ''),
    detail: parsed.detail || parsed.title || '',
  } : null;
  return { ok: response.ok, status: response.status, body: parsed, problem };
}

export const api = {
  login: (server, username, password) => call(server, '/api/account/login', { method: 'POST', json: { username, password } }),
  logout: (server, token) => call(server, '/api/account/logout', { method: 'POST', token }),
  me: (server, token) => call(server, '/api/account/me', { token }),
  createToken: (server, token, name) => call(server, '/api/account/tokens', { method: 'POST', token, json: { name } }),
  saveByUrl: ({ server, token }, target) => call(server, '/api/save', {
    method: 'POST',
    token,
    json: { imageUrl: target.imageUrl, pageUrl: httpOrNull(target.pageUrl), pageTitle: short(target.pageTitle), alt: short(target.alt) },
  }),
  saveBytes: ({ server, token }, blob, target) => {
    const query = new URLSearchParams();
    for (const [key, value] of [['sourceUrl', httpOrNull(target.imageUrl)], ['pageUrl', httpOrNull(target.pageUrl)],
      ['pageTitle', short(target.pageTitle)], ['alt', short(target.alt)], ['filename', short(fileName(target.imageUrl))]]) {
      if (value) query.set(key, value);
    }
    const contentType = blob.type.startsWith('image/') ? blob.type : 'application/octet-stream';
    return call(server, `/api/save?${query}`, { method: 'POST', token, body: blob, contentType });
  },
  lookup: ({ server, token }, sourceUrls) => call(server, '/api/images/lookup', { method: 'POST', token, json: { sourceUrls } }),
  image: ({ server, token }, imageId) => call(server, `/api/images/${encodeURIComponent(imageId)}`, { token }),
  boards: ({ server, token }) => call(server, '/api/boards', { token }),
  addToBoard: ({ server, token }, boardId, imageIds) => call(server, `/api/boards/${encodeURIComponent(boardId)}/images`, {
    method: 'POST',
    token,
    json: { imageIds },
  }),
};

/** Only http(s) URLs of at most 2048 characters are provenance the server accepts; others are left out. */
function httpOrNull(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) && url.length <= 2048 ? url : null;
}

/** The last part of the image URL's path (photo.jpg), which the server keeps as the title of uploaded bytes. */
function fileName(url) {
  try {
    const { protocol, pathname } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') return null;
    // Control characters (a %00 in the URL) would only get the whole upload refused.
    return decodeURIComponent(pathname.slice(pathname.lastIndexOf('/') + 1)).replace(/[\u0000-\u001f\u007f]/g, '') || null;
  } catch {
    return null;
  }
}

function short(text) {
  const value = typeof text === 'string' ? text.trim() : '';
  return value ? value.slice(0, 512) : null;
}
