// The board chooser ("Choose board…" on an image): the boards you may add to, the last used first. Choosing one
// saves the image (found when the menu item was chosen) and puts it on that board; the window then closes, and
// the notification says how it went.

import { ext } from './lib/ext.js';
import { byId, el, showStatus } from './lib/dom.js';

const jobId = new URLSearchParams(location.search).get('job');
const ask = (message) => ext.runtime.sendMessage(message);
const say = (kind, text) => showStatus(byId('status'), kind, text);
let busy = false;

function describe(board, recent) {
  const count = `${board.imageCount} image${board.imageCount === 1 ? '' : 's'}`;
  return [count, board.role === 'contributor' ? 'shared with you' : null, recent ? 'used lately' : null].filter(Boolean).join(' · ');
}

function choice(board, job, recent) {
  const button = el('button', { type: 'button', class: 'board-choice', 'data-testid': 'board-choice', 'data-board-id': board.id },
    [el('span', { class: 'name', text: board.name }), el('span', { class: 'meta', text: describe(board, recent) })]);
  button.addEventListener('click', () => saveTo(board, job));
  return el('li', { 'data-name': board.name.toLocaleLowerCase() }, [button]);
}

async function saveTo(board, job) {
  if (busy) return;
  busy = true;
  document.body.dataset.busy = 'true';
  say('info', `Saving to “${board.name}”…`);
  const outcome = await ask({ type: 'save-to-board', job, board: { id: board.id, name: board.name } })
    .catch((error) => ({ kind: 'error', message: error.message }));
  if (outcome?.kind !== 'error' && !outcome?.boardError && !outcome?.error) {
    window.close();
    return;
  }
  busy = false;
  delete document.body.dataset.busy;
  say('error', outcome?.message || outcome?.error || 'Not saved.');
}

function filterBy(text) {
  const wanted = text.trim().toLocaleLowerCase();
  for (const item of byId('boards').children) item.hidden = !item.dataset.name.includes(wanted);
}

function preview(target) {
  const image = /^(https?|data):/i.test(target.imageUrl || '')
    ? el('img', { src: target.imageUrl, alt: target.alt || '', referrerpolicy: 'no-referrer' })
    : null;
  return [image, el('span', { class: 'meta', text: target.pageTitle || target.pageUrl || '' })].filter(Boolean);
}

async function start() {
  const job = await ask({ type: 'job', job: jobId });
  if (!job || job.error) {
    say('error', job?.error || 'Nothing to save.');
    return;
  }
  byId('chosen').replaceChildren(...preview(job.target));
  const list = await ask({ type: 'boards' });
  if (list.error) {
    say('error', list.error);
    return;
  }
  if (list.boards.length === 0) say('info', 'You have no boards you can add to yet: make one in the gallery, then choose it here.');
  const recent = new Set(list.recentIds);
  byId('boards').replaceChildren(...list.boards.map((board) => choice(board, job, recent.has(board.id))));
  byId('filter').addEventListener('input', (event) => filterBy(event.target.value));
  byId('filter').addEventListener('keydown', (event) => {
    const shown = [...byId('boards').children].filter((item) => !item.hidden);
    if (event.key === 'Enter' && shown.length === 1) shown[0].querySelector('button').click();
  });
  byId('filter').focus();
  document.body.dataset.ready = 'true';
}

start();
