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

function entry(save) {
  const name = save.pageTitle || save.imageUrl || 'image';
  const what = el('span', { class: 'what', text: `${LABELS[save.kind] ?? save.kind}: ` });
  const title = save.link
    ? el('a', { href: save.link, 'data-testid': 'recent-link', text: name })
    : el('span', { text: name });
  if (save.link) title.addEventListener('click', (event) => { event.preventDefault(); openTab(save.link); });
  const children = [what, title];
  if (save.kind === 'error') children.push(el('div', { class: 'hint', text: save.message }));
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
