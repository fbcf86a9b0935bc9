// The toolbar popup: is the extension connected, and what were the last saves (with links into the gallery).

import { ext } from './lib/ext.js';
import { api } from './lib/server.js';
import { connection, recentSaves } from './lib/settings.js';
import { byId, el, showStatus } from './lib/dom.js';

const LABELS = { saved: 'Saved', duplicate: 'Already saved', error: 'Not saved' };

function openTab(url) {
  ext.tabs.create({ url });
  window.close();
}

async function showConnection() {
  const node = byId('connection');
  const conn = await connection();
  if (!conn) {
    showStatus(node, 'error', 'Not connected. Open the options to connect to your server.');
    return;
  }
  showStatus(node, 'info', `Checking ${conn.server}…`);
  byId('open-gallery').hidden = false;
  byId('open-gallery').addEventListener('click', () => openTab(`${conn.server}/`));
  try {
    const me = await api.me(conn.server, conn.token);
    if (me.ok) showStatus(node, 'ok', `Connected to ${conn.server} as ${me.body.username}.`);
    else if (me.status === 401) showStatus(node, 'error', 'Not signed in any more: connect again in the options.');
    else showStatus(node, 'error', `The server answered ${me.status}.`);
  } catch {
    showStatus(node, 'error', `Server unreachable: ${conn.server}`);
  }
}

function link(href, testId, text) {
  const node = el('a', { href, 'data-testid': testId, text });
  node.addEventListener('click', (event) => { event.preventDefault(); openTab(href); });
  return node;
}

function entry(save) {
  const name = save.pageTitle || save.imageUrl || 'image';
  const label = LABELS[save.kind] ?? save.kind;
  const what = el('span', { class: 'what', text: save.board ? `${label}, on “${save.board.name}”: ` : `${label}: ` });
  const children = [what, save.link ? link(save.link, 'recent-link', name) : el('span', { text: name })];
  if (save.kind === 'error' || save.boardError) children.push(el('div', { class: 'hint', text: save.message }));
  if (save.similar) {
    children.push(el('div', { class: 'hint', 'data-testid': 'recent-similar' },
      [`${save.similar.message} `, link(save.similar.link, 'similar-link', 'Open the earlier one')]));
  }
  return el('li', { 'data-kind': save.kind }, children);
}

async function showRecent() {
  const recent = await recentSaves();
  byId('empty').hidden = recent.length > 0;
  byId('recent').replaceChildren(...recent.map(entry));
}

byId('open-options').addEventListener('click', () => ext.runtime.openOptionsPage());
showConnection();
showRecent();
