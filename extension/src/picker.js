// The picker: the page's images (found when the menu item was chosen), those already saved marked; the
// person selects several and saves them together, watching the progress.

import { ext } from './lib/ext.js';
import { byId, el, showStatus } from './lib/dom.js';

const job = new URLSearchParams(location.search).get('job');
const grid = byId('grid');
const saveButton = byId('save');
const tiles = [];
let busy = false;

const ask = (message) => ext.runtime.sendMessage(message);
const say = (kind, text) => showStatus(byId('status'), kind, text);

function tile(image, savedId) {
  const state = savedId ? 'already-saved' : 'idle';
  const preview = /^https?:|^data:/i.test(image.url)
    ? el('img', { src: image.url, alt: image.alt || '', loading: 'lazy', referrerpolicy: 'no-referrer' })
    : el('span', { class: 'meta', text: '(preview not available)' });
  const mark = el('span', { class: 'mark', 'data-testid': 'tile-mark', text: savedId ? 'Already saved' : '' });
  mark.hidden = !savedId;
  const node = el('button', {
    type: 'button', class: 'tile', 'aria-pressed': 'false', 'data-testid': 'picker-tile', 'data-state': state,
    'data-url': image.url, title: image.url,
  }, [preview, mark, el('span', { class: 'meta', text: `${image.width} × ${image.height}${image.kind === 'background' ? ' · background' : ''}` })]);
  const item = { image, node, mark, selected: false };
  node.addEventListener('click', () => {
    if (busy) return;
    item.selected = !item.selected;
    node.setAttribute('aria-pressed', String(item.selected));
    updateButton();
  });
  return item;
}

function selected() {
  return tiles.filter((t) => t.selected);
}

function updateButton() {
  const count = selected().length;
  saveButton.textContent = `Save ${count} image${count === 1 ? '' : 's'}`;
  saveButton.disabled = busy || count === 0;
}

function setTile(item, state, label, message) {
  item.node.dataset.state = state;
  item.mark.textContent = label;
  item.mark.hidden = !label;
  item.node.title = message ? `${item.image.url}\n${message}` : item.image.url;
}

async function saveSelected(data) {
  const chosen = selected();
  busy = true;
  updateButton();
  const progress = byId('progress');
  progress.hidden = false;
  progress.max = chosen.length;
  progress.value = 0;
  const counts = { saved: 0, duplicate: 0, error: 0 };
  for (const item of chosen) {
    setTile(item, 'saving', 'Saving…');
    const target = { imageUrl: item.image.url, pageUrl: data.pageUrl, pageTitle: data.pageTitle, alt: item.image.alt };
    const outcome = await ask({ type: 'save-one', job: { tabId: data.tabId }, target })
      .catch((error) => ({ kind: 'error', message: error.message }));
    const kind = outcome?.kind in counts ? outcome.kind : 'error';
    counts[kind] += 1;
    setTile(item, kind, { saved: 'Saved', duplicate: 'Already saved', error: 'Failed' }[kind], outcome?.message);
    item.selected = false;
    item.node.setAttribute('aria-pressed', 'false');
    progress.value += 1;
    byId('progress-text').textContent = `${progress.value} of ${chosen.length} done`;
  }
  busy = false;
  updateButton();
  const summary = `${counts.saved} saved, ${counts.duplicate} already saved, ${counts.error} failed.`;
  say(counts.error ? 'error' : 'ok', counts.error ? `${summary} Hover a failed image for the reason.` : summary);
  document.body.dataset.done = 'true';
  await ask({ type: 'picker-done', summary: `From ${data.pageTitle || data.pageUrl}: ${summary}` });
}

async function start() {
  const data = await ask({ type: 'picker-job', job });
  if (!data || data.error) {
    say('error', data?.error || 'Nothing to show.');
    return;
  }
  byId('heading').textContent = `Save images from ${data.pageTitle || data.pageUrl}`;
  const known = await ask({ type: 'lookup', urls: data.images.map((i) => i.url) });
  if (!known.server) say('error', 'Not connected: open the extension options and connect to your server first.');
  else if (known.error) say('error', `Could not check which images are saved already: ${known.error}`);
  else if (data.images.length === 0) say('info', 'No images of at least 100 px on this page.');
  for (const image of data.images) tiles.push(tile(image, known.saved?.[image.url]));
  grid.replaceChildren(...tiles.map((t) => t.node));
  byId('select-all').addEventListener('click', () => {
    for (const t of tiles) {
      t.selected = t.node.dataset.state === 'idle';
      t.node.setAttribute('aria-pressed', String(t.selected));
    }
    updateButton();
  });
  saveButton.addEventListener('click', () => saveSelected(data));
  updateButton();
  document.body.dataset.ready = 'true';
}

start();
