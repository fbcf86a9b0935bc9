// The options page: the server URL, then a sign-in (which makes an API token named after this browser) or a
// pasted token. The token goes to extension storage only.

import { ext } from './lib/ext.js';
import { api, Unreachable } from './lib/server.js';
import { connection, saveConnection, forgetConnection, serverOrigin, permissionPattern } from './lib/settings.js';
import { byId, showStatus } from './lib/dom.js';

const form = byId('connect-form');
const status = byId('status');
const say = (kind, text) => showStatus(status, kind, text);

function mode() {
  return form.querySelector('input[name=mode]:checked').value;
}

function showMode() {
  byId('password-fields').hidden = mode() !== 'password';
  byId('token-fields').hidden = mode() !== 'token';
}

/** "Image Scrapbook extension · Chrome on Linux": the name the token list shows for this browser. */
function browserName() {
  const agent = navigator.userAgent;
  const browser = /Firefox\//.test(agent) ? 'Firefox' : /Edg\//.test(agent) ? 'Edge' : /Chrom(e|ium)\//.test(agent) ? 'Chrome' : 'Browser';
  const os = /Windows/.test(agent) ? 'Windows' : /Mac OS X/.test(agent) ? 'macOS' : /Android/.test(agent) ? 'Android'
    : /CrOS/.test(agent) ? 'ChromeOS' : /Linux/.test(agent) ? 'Linux' : 'unknown OS';
  return `Image Scrapbook extension · ${browser} on ${os}`;
}

async function onConnect(event) {
  event.preventDefault();
  const server = serverOrigin(byId('server').value);
  if (!server) {
    say('error', 'Enter the server URL, starting with http:// or https://');
    return;
  }
  // First, while the click still counts as the person's gesture: the browser asks them.
  const granted = await ext.permissions.request({ origins: [permissionPattern(server)] });
  if (!granted) {
    say('error', `Permission to reach ${server} was not given; the extension can't save without it.`);
    return;
  }
  say('info', `Connecting to ${server}…`);
  try {
    const token = mode() === 'password' ? await tokenFromPassword(server) : byId('token').value.trim();
    if (!token) return;
    const me = await api.me(server, token);
    if (me.status === 401) {
      say('error', 'That token is not valid (revoked, expired or mistyped).');
      return;
    }
    if (!me.ok || typeof me.body?.username !== 'string') {
      say('error', `The server answered ${me.status}: ${me.problem?.detail || 'is this an Image Scrapbook server?'}`);
      return;
    }
    await forgetOldPermission(server);
    await saveConnection({ server, token, username: me.body.username });
    byId('password').value = '';
    byId('token').value = '';
    say('ok', `Connected to ${server} as ${me.body.username}.`);
  } catch (error) {
    say('error', error instanceof Unreachable ? `Server unreachable: ${error.message}` : `Could not connect: ${error.message}`);
  }
}

/** Logs in, makes a long-lived API token for this browser, and ends the short session again. */
async function tokenFromPassword(server) {
  const username = byId('username').value.trim();
  const password = byId('password').value;
  if (!username || !password) {
    say('error', 'Enter your username and password.');
    return null;
  }
  const login = await api.login(server, username, password);
  if (login.status === 401) {
    say('error', 'Wrong username or password.');
    return null;
  }
  if (!login.ok) {
    say('error', `Sign-in failed: ${login.problem?.detail || `the server answered ${login.status}`}`);
    return null;
  }
  const session = login.body.token;
  const created = await api.createToken(server, session, browserName());
  await api.logout(server, session).catch(() => {});
  if (!created.ok) {
    say('error', `Could not make an API token: ${created.problem?.detail || `the server answered ${created.status}`}`);
    return null;
  }
  return created.body.token;
}

async function forgetOldPermission(newServer) {
  const old = await connection();
  if (old && permissionPattern(old.server) !== permissionPattern(newServer)) {
    await ext.permissions.remove({ origins: [permissionPattern(old.server)] }).catch(() => {});
  }
}

async function onTest() {
  const conn = await connection();
  if (!conn) {
    say('error', 'Not connected yet.');
    return;
  }
  say('info', `Testing ${conn.server}…`);
  try {
    const me = await api.me(conn.server, conn.token);
    if (me.ok) say('ok', `Connected to ${conn.server} as ${me.body.username}.`);
    else if (me.status === 401) say('error', 'Not signed in: the token was revoked or has expired. Connect again.');
    else say('error', `The server answered ${me.status}: ${me.problem?.detail || ''}`);
  } catch (error) {
    say('error', `Server unreachable: ${error.message}`);
  }
}

async function onDisconnect() {
  const conn = await connection();
  await forgetConnection();
  if (conn) await ext.permissions.remove({ origins: [permissionPattern(conn.server)] }).catch(() => {});
  say('info', 'Disconnected. The API token still exists on the server; revoke it on the gallery\'s API tokens page.');
}

async function start() {
  form.addEventListener('submit', onConnect);
  form.addEventListener('change', showMode);
  byId('test').addEventListener('click', onTest);
  byId('disconnect').addEventListener('click', onDisconnect);
  const conn = await connection();
  if (conn) {
    byId('server').value = conn.server;
    say('ok', `Connected to ${conn.server} as ${conn.username}.`);
  }
  showMode();
}

start();
