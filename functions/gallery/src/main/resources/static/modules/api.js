// Talking to the server: the session token, JSON calls, problem+json errors, and raw uploads.

const SESSION_KEY = 'scrapbook.session';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || messageForStatus(status));
    this.status = status;
    this.type = problem.type || null;
    this.title = problem.title || null;
  }
}

function messageForStatus(status) {
  if (status === 0) return 'Could not reach the server. Check your connection and try again.';
  if (status === 401) return 'Please log in again.';
  if (status === 404) return 'Not found.';
  if (status === 413) return 'That file is too large.';
  if (status >= 500) return 'The server had a problem. Please try again in a moment.';
  return `Request failed (HTTP ${status}).`;
}

export const session = {
  get() {
    try {
      const stored = JSON.parse(localStorage.getItem(SESSION_KEY) || 'null');
      if (!stored || typeof stored.token !== 'string') return null;
      if (stored.expiresAt && Date.parse(stored.expiresAt) <= Date.now()) {
        localStorage.removeItem(SESSION_KEY);
        return null;
      }
      return stored;
    } catch {
      return null;
    }
  },
  save(value) {
    localStorage.setItem(SESSION_KEY, JSON.stringify(value));
  },
  clear() {
    localStorage.removeItem(SESSION_KEY);
  },
  key: SESSION_KEY,
};

let unauthorizedHandler = () => {};
let sessionRenewal = null;

/**
 * A call that replaces the session token (a password change ends every earlier session and answers with a new one)
 * is in flight: a 401 meanwhile waits for it and is retried with the new token instead of signing the page out.
 */
export function renewingSession(renewal) {
  sessionRenewal = renewal;
  const settled = () => {
    if (sessionRenewal === renewal) sessionRenewal = null;
  };
  renewal.then(settled, settled);
  return renewal;
}

/** After a 401 to `usedToken`: whether the page holds another session by now (then the call is worth repeating). */
async function sessionReplaced(usedToken) {
  if (sessionRenewal) await sessionRenewal.catch(() => {});
  const current = session.get();
  return Boolean(current && current.token !== usedToken);
}

/** Called whenever an authenticated call answers 401: the session is gone, back to sign-in. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

async function problemFrom(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      const body = await response.json();
      if (body && typeof body === 'object') return body;
    } catch {
      // A malformed error body still leaves the status to explain it.
    }
  }
  return {};
}

/**
 * Calls the API and resolves to {status, body} (body null for 204); `json` is sent as a JSON
 * body, `auth: false` for sign-up and log-in, `renewsSession` for the call renewingSession waits for. Rejects with
 * ApiError on any non-2xx answer.
 */
export async function request(path, { method = 'GET', json, auth = true, renewsSession = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  if (auth) {
    const current = session.get();
    if (!current) {
      unauthorizedHandler();
      throw new ApiError(401, {});
    }
    headers.Authorization = `Bearer ${current.token}`;
  }
  let response;
  try {
    response = await fetch(await urlOf(path), {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, {});
  }
  if (!response.ok) {
    const error = new ApiError(response.status, await problemFrom(response));
    if (response.status === 401 && auth) {
      if (!renewsSession && await sessionReplaced(headers.Authorization.slice('Bearer '.length))) {
        return request(path, { method, json, auth });
      }
      unauthorizedHandler();
    }
    throw error;
  }
  const type = response.headers.get('Content-Type') || '';
  const body = response.status !== 204 && type.includes('json') ? await response.json() : null;
  return { status: response.status, body };
}

/** Like request, resolving to the body alone. */
export async function api(path, options) {
  return (await request(path, options)).body;
}

let endpoints = null;

/**
 * The origin a function answers on: the gallery names them at /api/endpoints ("" is this page's own
 * origin, as on one machine; a Knative cluster gives each function its own host).
 */
async function originOf(service) {
  if (!endpoints) {
    endpoints = fetch('/api/endpoints', { headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}));
  }
  const named = (await endpoints)[service];
  return typeof named === 'string' ? named : '';
}

/** Which function answers an API path; everything not named here is the gallery's own. */
const SERVICE_OF_PATH = [['/api/save', 'saveImage'], ['/api/account/import', 'saveImage'], ['/api/friends', 'share'], ['/api/shares', 'share'], ['/api/links', 'share']];

async function urlOf(path) {
  const owner = SERVICE_OF_PATH.find(([prefix]) => path.startsWith(prefix));
  return owner ? `${await originOf(owner[1])}${path}` : path;
}

/**
 * Posts one file's raw bytes to /api/save, with the file's name, which becomes the image's title. Resolves to
 * {status, image}; rejects with ApiError.
 */
export async function uploadFile(file, onProgress) {
  const name = typeof file.name === 'string' ? file.name.slice(0, 512) : '';
  const url = await urlOf(name ? `/api/save?filename=${encodeURIComponent(name)}` : '/api/save');
  // The server decides by magic bytes; an unknown or empty type is sent as octet-stream.
  const type = /^image\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream';
  const { status, body } = await postFile(url, file, type, onProgress);
  return { status, image: body };
}

/** Posts a zip to /api/account/import (an export, or any zip of images). Resolves to {status, body: the report}. */
export async function uploadArchive(file, onProgress) {
  return postFile(await urlOf('/api/account/import'), file, 'application/zip', onProgress);
}

/**
 * POSTs a file as the raw body. XMLHttpRequest rather than fetch because only it reports upload progress.
 * Resolves to {status, body} on 200/201; rejects with ApiError.
 */
function postFile(url, file, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const current = session.get();
    if (!current) {
      unauthorizedHandler();
      reject(new ApiError(401, {}));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${current.token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      let body = {};
      try {
        body = JSON.parse(xhr.responseText || '{}') || {};
      } catch {
        body = {};
      }
      if (xhr.status === 200 || xhr.status === 201) {
        resolve({ status: xhr.status, body });
        return;
      }
      if (xhr.status === 401) unauthorizedHandler();
      reject(new ApiError(xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, {})));
    xhr.addEventListener('abort', () => reject(new ApiError(0, { detail: 'Cancelled.' })));
    xhr.send(file);
  });
}

/**
 * Downloads a response body with a bearer token, reporting (bytes so far, response) as it arrives, and resolves to
 * {blob, response}. The chunks are folded into one Blob every 16 MB: the browser keeps a large Blob out of the
 * page's heap (Chromium moves blob data past its memory quota to disk), so a multi-GB export never sits in the page
 * as JavaScript arrays.
 */
export async function downloadWithProgress(path, onProgress) {
  const current = session.get();
  if (!current) {
    unauthorizedHandler();
    throw new ApiError(401, {});
  }
  let response;
  try {
    response = await fetch(await urlOf(path), {
      headers: { Authorization: `Bearer ${current.token}` }, credentials: 'same-origin', cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, {});
  }
  if (!response.ok) {
    const error = new ApiError(response.status, await problemFrom(response));
    if (response.status === 401) unauthorizedHandler();
    throw error;
  }
  const type = response.headers.get('Content-Type') || 'application/octet-stream';
  const reader = response.body.getReader();
  let blob = new Blob([], { type });
  let pending = [];
  let pendingBytes = 0;
  let received = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch {
      throw new ApiError(0, { detail: 'The download broke off. Please try again.' });
    }
    if (step.done) break;
    pending.push(step.value);
    pendingBytes += step.value.byteLength;
    received += step.value.byteLength;
    if (pendingBytes >= 16 * 1024 * 1024) {
      blob = new Blob([blob, ...pending], { type });
      pending = [];
      pendingBytes = 0;
    }
    onProgress(received, response);
  }
  return { blob: new Blob([blob, ...pending], { type }), response };
}

/** Asks the server to fetch an image itself. Resolves to {status, image}. */
export async function saveFromUrl(imageUrl) {
  const { status, body } = await request('/api/save', { method: 'POST', json: { imageUrl } });
  return { status, image: body };
}

let me = null;

/** Who is signed in ({id, username}), asked once per session token. */
export function currentUser() {
  const token = session.get()?.token;
  if (!me || me.token !== token) {
    const asked = { token, promise: api('/api/account/me') };
    asked.promise.catch(() => {
      if (me === asked) me = null;
    });
    me = asked;
  }
  return me.promise;
}
