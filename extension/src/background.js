// The extension's background: the two context-menu items, the picker's jobs, and the notifications' clicks.

import { ext } from './lib/ext.js';
import { api, Unreachable } from './lib/server.js';
import { connection } from './lib/settings.js';
import { saveImage } from './lib/save.js';
import { report, notify, openNotificationLink } from './lib/feedback.js';
import { inspectPage } from './page/inject.js';

const MENU_SAVE_IMAGE = 'save-image';
const MENU_SAVE_PAGE = 'save-page-images';
const PICKER_MIN_SIZE = 100;

ext.runtime.onInstalled.addListener(async ({ reason }) => {
  await ext.contextMenus.removeAll();
  ext.contextMenus.create({ id: MENU_SAVE_IMAGE, title: 'Save to Scrapbook', contexts: ['image'] });
  ext.contextMenus.create({ id: MENU_SAVE_PAGE, title: 'Save images from this page…', contexts: ['page'] });
  // A fresh install can't save anything yet: show where to connect.
  if (reason === 'install' && !(await connection())) {
    await ext.runtime.openOptionsPage().catch((error) => console.warn('options page not opened:', error));
  }
});

ext.contextMenus.onClicked.addListener((info, tab) => {
  const handler = info.menuItemId === MENU_SAVE_IMAGE ? saveClickedImage : openPicker;
  handler(info, tab).catch((error) => notify('Image Scrapbook', `Something went wrong: ${error.message}`));
});

ext.notifications.onClicked.addListener((id) => {
  openNotificationLink(id).catch((error) => console.warn('could not open the link:', error));
});

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only the extension's own pages (picker, popup, options) talk to the background.
  if (sender.id !== ext.runtime.id || !sender.url?.startsWith(ext.runtime.getURL(''))) return false;
  handleMessage(message).then(sendResponse, (error) => sendResponse({ error: error.message }));
  return true;
});

/** The menu item on an image. Exposed on the worker's global scope so tests can call it as the menu does. */
async function saveClickedImage(info, tab) {
  const where = { tabId: tab.id, frameId: info.frameId ?? 0 };
  const target = await clickedTarget(info, tab, where);
  const outcome = await saveImage(target, where);
  await report(outcome, { tabId: tab.id, target });
  return outcome;
}

async function clickedTarget(info, tab, where) {
  try {
    const [injection] = await ext.scripting.executeScript({
      target: { tabId: where.tabId, frameIds: [where.frameId] },
      func: inspectPage,
      args: [{ kind: 'clicked', srcUrl: info.srcUrl, targetElementId: info.targetElementId ?? null }],
    });
    if (injection?.result?.imageUrl) return injection.result;
  } catch (error) {
    console.warn('could not look into the page; saving the URL the menu gave:', error);
  }
  return { imageUrl: info.srcUrl, pageUrl: info.frameUrl || info.pageUrl || tab.url, pageTitle: tab.title, alt: '' };
}

/** The page-level item: collect the page's images, then let the person pick in a window of our own. */
async function openPicker(info, tab) {
  const [injection] = await ext.scripting.executeScript({
    target: { tabId: tab.id, frameIds: [0] },
    func: inspectPage,
    args: [{ kind: 'all', minSize: PICKER_MIN_SIZE }],
  });
  const found = injection?.result;
  if (!found) throw new Error('the page did not answer');
  const job = crypto.randomUUID();
  await ext.storage.session.set({ [`job:${job}`]: { tabId: tab.id, ...found } });
  await ext.windows.create({ url: ext.runtime.getURL(`picker.html?job=${job}`), type: 'popup', width: 980, height: 760 });
}

async function handleMessage(message) {
  switch (message?.type) {
    case 'picker-job': {
      const key = `job:${message.job}`;
      const { [key]: job } = await ext.storage.session.get(key);
      return job ?? { error: 'This picker has expired: choose "Save images from this page…" again.' };
    }
    case 'lookup':
      return lookup(message.urls);
    case 'save-one': {
      const { job, target } = message;
      const outcome = await saveImage(target, { tabId: job.tabId, frameId: 0 });
      await report(outcome, { tabId: job.tabId, target, quiet: true });
      return outcome;
    }
    case 'picker-done':
      await notify('Image Scrapbook', message.summary, null);
      return { ok: true };
    default:
      return { error: `unknown message ${message?.type}` };
  }
}

// The server reads at most 500 URLs, in a JSON body of at most 256 KiB: a page with more asks about its first ones.
const LOOKUP_MAX_URLS = 500;
const LOOKUP_MAX_CHARACTERS = 200_000;

function lookupBatch(urls) {
  const batch = [];
  let characters = 0;
  for (const url of urls) {
    if (!/^https?:\/\//i.test(url) || url.length > 2048) continue;
    characters += url.length + 3;
    if (batch.length === LOOKUP_MAX_URLS || characters > LOOKUP_MAX_CHARACTERS) break;
    batch.push(url);
  }
  return batch;
}

/** Which of these URLs are saved already: {saved: {url: imageId}}; an unreachable server just marks none. */
async function lookup(urls) {
  const conn = await connection();
  if (!conn) return { saved: {}, server: null };
  const httpUrls = lookupBatch(urls);
  try {
    const answer = await api.lookup(conn, httpUrls);
    if (!answer.ok) return { saved: {}, server: conn.server, error: answer.problem?.detail || `lookup answered ${answer.status}` };
    return { saved: Object.fromEntries(answer.body.saved.map((s) => [s.sourceUrl, s.id])), server: conn.server };
  } catch (error) {
    if (error instanceof Unreachable) return { saved: {}, server: conn.server, error: error.message };
    throw error;
  }
}

globalThis.scrapbook = { saveClickedImage, openPicker };
