// The extension's background: the context menu (save, save to a recent board, choose a board; the page's
// picker), the keyboard shortcut, the picker's and the board chooser's jobs, and the notifications' clicks.

import { ext } from './lib/ext.js';
import { api, Unreachable } from './lib/server.js';
import { connection } from './lib/settings.js';
import { saveImage } from './lib/save.js';
import { report, reportEarlierCopy, notify, openNotificationLink } from './lib/feedback.js';
import { addAllToBoard, addToBoard, boardsToAddTo, recentBoards, refreshRecentBoards } from './lib/boards.js';
import { MENU, boardIdOf, rebuildMenus } from './lib/menus.js';
import { earlierCopy } from './lib/similar.js';
import { inspectPage } from './page/inject.js';

const PICKER_MIN_SIZE = 100;
const COMMAND_SAVE_HOVERED = 'save-image-under-pointer';

ext.runtime.onInstalled.addListener(async ({ reason }) => {
  await showRecentBoardsInMenu();
  // A fresh install can't save anything yet: show where to connect.
  if (reason === 'install' && !(await connection())) {
    await ext.runtime.openOptionsPage().catch((error) => console.warn('options page not opened:', error));
  }
});

ext.runtime.onStartup.addListener(() => showRecentBoardsInMenu());

// The submenu follows the recent boards, and another connection (another account) has its own.
ext.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && (changes.recentBoards || changes.connection)) {
    showRecentBoardsInMenu().catch((error) => console.warn('context menu not updated:', error));
  }
});

ext.contextMenus.onClicked.addListener((info, tab) => {
  saveClickedImage(info, tab).catch((error) => notify('Image Scrapbook', `Something went wrong: ${error.message}`));
});

ext.commands.onCommand.addListener((command, tab) => {
  if (command !== COMMAND_SAVE_HOVERED) return;
  saveHoveredImage(tab).catch((error) => notify('Image Scrapbook', `Something went wrong: ${error.message}`));
});

ext.notifications.onClicked.addListener((id) => {
  openNotificationLink(id).catch((error) => console.warn('could not open the link:', error));
});

ext.notifications.onButtonClicked?.addListener((id, buttonIndex) => {
  openNotificationLink(id, buttonIndex).catch((error) => console.warn('could not open the link:', error));
});

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only the extension's own pages (picker, board chooser, popup, options) talk to the background.
  if (sender.id !== ext.runtime.id || !sender.url?.startsWith(ext.runtime.getURL(''))) return false;
  handleMessage(message).then(sendResponse, (error) => sendResponse({ error: error.message }));
  return true;
});

async function showRecentBoardsInMenu() {
  await rebuildMenus(await recentBoards(await connection()));
}

/**
 * Every context-menu item. Exposed on the worker's global scope so tests can call it as the menu does; the
 * image items answer the save's outcome.
 */
async function saveClickedImage(info, tab) {
  if (info.menuItemId === MENU.page) return openPicker(info, tab);
  const where = { tabId: tab.id, frameId: info.frameId ?? 0 };
  const target = await clickedTarget(info, tab, where);
  if (info.menuItemId === MENU.choose) return openBoardChooser(target, where);
  const boardId = boardIdOf(info.menuItemId);
  const board = boardId ? (await recentBoards(await connection())).find((b) => b.id === boardId) ?? { id: boardId } : null;
  const { outcome, afterwards } = await saveAndReport(target, where, board);
  await afterwards;
  return outcome;
}

/**
 * Saves, puts the image on the board when one was chosen, and says how it went. `afterwards` then tells, for a
 * new image, whether the picture was in the scrapbook already as another file (known once its thumbnail is
 * made), and brings the recent boards up to date; it never rejects.
 */
async function saveAndReport(target, where, board = null) {
  let outcome = await saveImage(target, where);
  if (board) outcome = await addToBoard(outcome, board);
  const entry = await report(outcome, { tabId: where.tabId, target });
  const afterwards = (async () => {
    const earlier = await earlierCopy(outcome);
    if (earlier) await reportEarlierCopy(entry, earlier, outcome.server);
    if (outcome.imageId) await refreshRecentBoards();
  })().catch((error) => console.warn('after the save:', error));
  return { outcome, afterwards };
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

/**
 * The keyboard shortcut: like the menu, it grants activeTab on this tab, so the page can be asked which image is
 * under the pointer (top frame only: activeTab covers the tab's own origin). No image there: the picker.
 */
async function saveHoveredImage(tab) {
  const current = tab ?? (await ext.tabs.query({ active: true, currentWindow: true }))[0];
  if (!current) return null;
  const where = { tabId: current.id, frameId: 0 };
  let target;
  try {
    const [injection] = await ext.scripting.executeScript({
      target: { tabId: where.tabId, frameIds: [0] },
      func: inspectPage,
      args: [{ kind: 'hovered', minSize: PICKER_MIN_SIZE }],
    });
    target = injection?.result;
  } catch (error) {
    await notify('Not saved', `The extension can't read this page (${error.message}).`);
    return null;
  }
  if (!target?.imageUrl) return openPicker({}, current);
  const { outcome, afterwards } = await saveAndReport(target, where);
  await afterwards;
  return outcome;
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
  await openJobWindow('picker.html', { tabId: tab.id, ...found }, { width: 980, height: 760 });
}

/** "Choose board…": the image is known already; a small window lists the boards. */
async function openBoardChooser(target, where) {
  await openJobWindow('board.html', { ...where, target }, { width: 420, height: 560 });
}

/** The job waits in session storage (gone when the browser closes) for the window that asks for it. */
async function openJobWindow(page, job, size) {
  const id = crypto.randomUUID();
  await ext.storage.session.set({ [`job:${id}`]: job });
  await ext.windows.create({ url: ext.runtime.getURL(`${page}?job=${id}`), type: 'popup', ...size });
}

async function handleMessage(message) {
  switch (message?.type) {
    case 'job': {
      const key = `job:${message.job}`;
      const { [key]: job } = await ext.storage.session.get(key);
      return job ?? { error: 'This window has expired: choose the menu item again.' };
    }
    case 'lookup':
      return lookup(message.urls);
    case 'boards':
      return boardList();
    case 'save-one': {
      const { job, target } = message;
      const outcome = await saveImage(target, { tabId: job.tabId, frameId: 0 });
      await report(outcome, { tabId: job.tabId, target, quiet: true });
      return outcome;
    }
    case 'save-to-board': {
      // Answered as soon as it is saved, so the chooser can close; the follow-up carries on in the background.
      const { job, board } = message;
      return (await saveAndReport(job.target, { tabId: job.tabId, frameId: job.frameId ?? 0 }, board)).outcome;
    }
    case 'add-to-board':
      return addAllToBoard(message.board, message.imageIds);
    case 'picker-done':
      await notify('Image Scrapbook', message.summary);
      return { ok: true };
    default:
      return { error: `unknown message ${message?.type}` };
  }
}

/** The boards the chooser and the picker offer: recent ones first, then as the server orders them. */
async function boardList() {
  const conn = await connection();
  if (!conn) return { error: 'Not connected: open the extension options and connect to your server first.' };
  const { boards, error } = await boardsToAddTo(conn);
  if (error) return { error: `Could not list your boards: ${error}` };
  const recent = await refreshRecentBoards(boards);
  const rank = new Map(recent.map((b, i) => [b.id, i]));
  const order = (b) => rank.get(b.id) ?? recent.length;
  return { boards: [...boards].sort((a, b) => order(a) - order(b)), recentIds: recent.map((b) => b.id) };
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

globalThis.scrapbook = { saveClickedImage, saveHoveredImage, openPicker };
