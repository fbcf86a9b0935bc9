#!/usr/bin/env node
// Browser test of the extension against a running Scrapbook server and the test pages of
// local/.../ExtensionTestSite.java. Headed, so run it under Xvfb: the host-permission prompt and the context
// menu are native browser UI that only exists with a display; xdotool answers them with the keyboard.
//
//   xvfb-run -a node e2e/extension.mjs <serverUrl> <testSiteUrl> <unpackedExtensionDir> <outputDir>
//
// Exits 0 after "PASS extension e2e", 1 with the step and the reason otherwise.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM, MACHINE_FLAGS } from './chromium.mjs';
import { Failure, currentStep, fail, sleep, step } from './steps.mjs';

const CHROMIUM_ARGS = [...MACHINE_FLAGS, '--window-position=0,0', '--window-size=1280,1000'];
const OVERALL_MS = 420_000;
const SAVE_MS = 30_000;
// Where our item sits, counted from the bottom of Chromium's context menu: above "Inspect" on an image (the
// "Save to Scrapbook" submenu: Save, the last boards used, Choose board…); above "View page source" and
// "Inspect" on the page.
const UP_TO_IMAGE_ITEM = 2;
const UP_TO_PAGE_ITEM = 3;
/** The n-th item of our image submenu, separators not counted: 0 is "Save", then the recent boards. */
const submenuItem = (n) => ({ up: UP_TO_IMAGE_ITEM, submenu: n });
const SAVE = submenuItem(0);
const PAGE_ITEM = { up: UP_TO_PAGE_ITEM, submenu: null };
const SHORTCUT = 'alt+shift+s';

let context = null;
let userDataDir = null;

async function finish(code, message) {
  if (message) (code === 0 ? console.log : console.error)(message);
  if (context) await Promise.race([context.close().catch(() => {}), sleep(5000)]);
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  process.exit(code);
}

function parseArgs() {
  const [serverArg, siteArg, extensionDir, outputDir] = process.argv.slice(2);
  if (!serverArg || !siteArg || !extensionDir || !outputDir) {
    fail('usage: node e2e/extension.mjs <serverUrl> <testSiteUrl> <unpackedExtensionDir> <outputDir>');
  }
  const server = new URL(serverArg);
  const site = new URL(siteArg);
  for (const url of [server, site]) {
    if (!/^(localhost|127(\.\d{1,3}){3})$/.test(url.hostname)) fail(`only loopback addresses, got ${url}`);
  }
  return { server: server.origin, site: site.href, extensionDir: path.resolve(extensionDir), outputDir: path.resolve(outputDir) };
}

/** A user of our own, made over the API; the test reads the gallery API as that user. */
async function newUser(server) {
  const username = `ext_${randomBytes(5).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const post = (p, body, token) => fetch(`${server}${p}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const signup = await post('/api/account/signup', { username, password });
  if (signup.status !== 201) fail(`sign-up answered ${signup.status}: ${await signup.text()}`);
  const { id } = await signup.json();
  const { token } = await (await post('/api/account/login', { username, password })).json();
  const send = async (method, p, body) => {
    const response = await fetch(`${server}${p}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) fail(`${method} ${p} answered ${response.status}: ${await response.text()}`);
    return (response.headers.get('Content-Type') || '').includes('json') ? response.json() : null;
  };
  const get = async (p) => {
    const response = await fetch(`${server}${p}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) fail(`GET ${p} answered ${response.status}`);
    return response.json();
  };
  const remove = async (p) => {
    const response = await fetch(`${server}${p}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    if (response.status !== 204) fail(`DELETE ${p} answered ${response.status}`);
  };
  return { id, username, password, get, delete: remove, post: (p, body) => send('POST', p, body), patch: (p, body) => send('PATCH', p, body) };
}

/** Chrome's extension id is the SHA-256 of the manifest's public key, first 32 hex digits spelled a-p. */
async function expectedId(extensionDir) {
  const { key } = JSON.parse(await readFile(path.join(extensionDir, 'manifest.json'), 'utf8'));
  if (!key) fail('the manifest has no "key": the extension id would change from run to run');
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

function keys(...names) {
  execFileSync('xdotool', ['key', '--delay', '120', ...names]);
}

/** Visible X windows with their geometry: Chromium's context menu is one of its own. */
function windows() {
  let ids = [];
  try {
    ids = execFileSync('xdotool', ['search', '--onlyvisible', '--name', ''], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
  return ids.flatMap((id) => {
    let shell;
    try {
      shell = execFileSync('xdotool', ['getwindowgeometry', '--shell', id], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    } catch {
      return []; // closed between the search and now
    }
    const value = (name) => Number(new RegExp(`${name}=(-?\\d+)`).exec(shell)?.[1]);
    return [{ id, x: value('X'), y: value('Y'), width: value('WIDTH'), height: value('HEIGHT') }];
  });
}

/**
 * Keys go to the X window with the input focus, and with no window manager nothing moves it when a tab is
 * brought to the front: give it to the browser window showing this page.
 */
function focusWindowOf(title) {
  const pattern = `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} - Chromium$`;
  try {
    const [id] = execFileSync('xdotool', ['search', '--onlyvisible', '--name', pattern], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString().trim().split(/\s+/);
    execFileSync('xdotool', ['windowraise', id, 'windowfocus', '--sync', id], { stdio: 'ignore' });
  } catch {
    fail(`no browser window shows "${title}"`);
  }
}

/** The menu opens with its top (or, flipped, its bottom) at the point, shifted sideways to stay on screen. */
const menuAt = (w, p) => w.x - 12 <= p.x && p.x <= w.x + w.width + 12
  && (Math.abs(w.y - p.y) < 12 || Math.abs(w.y + w.height - p.y) < 12);

/** Where a point of the page is on the X screen. */
async function onScreen(page, point) {
  const origin = await page.evaluate(() => ({ x: window.screenX + (window.outerWidth - window.innerWidth),
    y: window.screenY + (window.outerHeight - window.innerHeight) }));
  return { x: Math.round(origin.x + point.x), y: Math.round(origin.y + point.y) };
}

/**
 * Right-clicks at a point with real mouse events, waits for Chromium's context menu to be on screen, then
 * picks our item with the keyboard, counting up from the bottom, and in our submenu down from its top.
 */
async function contextMenu(page, point, item) {
  await page.bringToFront();
  const title = await page.title();
  focusWindowOf(title);
  const menuPoint = await onScreen(page, point);
  const before = new Set(windows().map((w) => w.id));
  await page.mouse.move(point.x, point.y);
  await page.mouse.click(point.x, point.y, { button: 'right' });
  const deadline = Date.now() + 10_000;
  while (!windows().some((w) => !before.has(w.id) && menuAt(w, menuPoint))) {
    if (Date.now() > deadline) fail(`no context menu appeared at ${JSON.stringify(menuPoint)}: ${JSON.stringify(windows())}`);
    await sleep(100);
  }
  // Mapped is not yet listening: a key sent too early is lost, and one Up short is "Inspect".
  await sleep(1000);
  // A notification popping up meanwhile may have taken the input focus: the browser window feeds the menu.
  focusWindowOf(title);
  keys(...Array(item.up).fill('Up'));
  if (item.submenu != null) {
    // Right opens the submenu with its first item ("Save") selected; give it a moment to be listening too.
    keys('Right');
    await sleep(500);
    if (item.submenu > 0) keys(...Array(item.submenu).fill('Down'));
  }
  keys('Return');
}

async function centreOf(page, selector) {
  const box = await page.locator(selector).boundingBox();
  if (!box) fail(`${selector} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function main() {
  const { server, site, extensionDir, outputDir } = parseArgs();
  const user = await newUser(server);
  const id = await expectedId(extensionDir);
  userDataDir = await mkdtemp(path.join(tmpdir(), 'scrapbook-ext-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    viewport: null,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);

  await step(`the extension loads with the stable id ${id}`, async () => {
    const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
    const actual = new URL(worker.url()).host;
    if (actual !== id) fail(`the extension id is ${actual}, expected ${id} from the manifest key`);
  });

  // A fresh install opens the options page by itself, at a moment of the browser's choosing: use that page
  // when it is there; a navigation of ours that it interrupts just ends on the same page.
  const optionsUrl = `chrome-extension://${id}/options.html`;
  let options = context.pages().find((p) => p.url() === optionsUrl);
  if (!options) {
    options = await context.newPage();
    await options.goto(optionsUrl).catch(async (error) => {
      if (!/interrupted by another navigation/.test(error.message)) throw error;
      await options.waitForURL(optionsUrl);
    });
  }
  const storage = (name) => options.evaluate(async (key) => (await chrome.storage.local.get(key))[key], name);
  const page = await context.newPage();

  async function outcomeAfter(before, ms) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const latest = (await storage('recent'))?.[0];
      if (latest && latest.at !== before) {
        // Its notification pops up next and may take the input focus: let it, before the next menu.
        await sleep(1500);
        return latest;
      }
      await sleep(200);
    }
    return null;
  }

  /**
   * Does something that saves, then waits for the extension to record its outcome. Driving a native menu by
   * keyboard on a shared machine can miss; one more try, said out loud, when nothing at all happened.
   */
  async function saveOutcome(action) {
    const before = (await storage('recent'))?.[0]?.at ?? null;
    await action();
    const first = await outcomeAfter(before, SAVE_MS / 3);
    if (first) return first;
    console.log(`  ..  no outcome after ${SAVE_MS / 3000} s: right-clicking once more`);
    keys('Escape');
    await page.bringToFront();
    await action();
    return await outcomeAfter(before, SAVE_MS)
      ?? fail('the extension recorded no outcome: the menu item was not chosen, or the save never finished');
  }

  async function saveByRightClick(pagePath, selector, item = SAVE) {
    await page.goto(new URL(pagePath, site).href);
    await page.locator(selector).evaluate((img) => img.decode().catch(() => {}));
    return saveOutcome(async () => contextMenu(page, await centreOf(page, selector), item));
  }

  async function expectSaved(outcome, { kind = 'saved', sourceUrl, pageUrl, width }) {
    if (outcome.kind !== kind) fail(`expected "${kind}", the extension said ${outcome.kind}: ${outcome.message}`);
    if (!outcome.link?.startsWith(`${server}/#/images/`)) fail(`no gallery link: ${outcome.link}`);
    const image = await user.get(`/api/images/${outcome.imageId}`);
    if (image.sourceUrl !== sourceUrl) fail(`saved from ${image.sourceUrl}, expected ${sourceUrl}`);
    if (image.pageUrl !== pageUrl) fail(`page URL ${image.pageUrl}, expected ${pageUrl}`);
    if (width && image.width !== width) fail(`saved an image ${image.width} px wide, expected ${width}`);
    return image;
  }

  const savedIds = new Map();
  const url = (p) => new URL(p, site).href;
  const BLANK_SPOT = { x: 600, y: 20 };

  /**
   * Does something that opens one of our windows (picker.html, board.html) and answers that window once it is
   * ready; one more try, said out loud, when none opened.
   */
  async function windowOpenedBy(file, action) {
    const isOurs = (p) => p.url().startsWith(`chrome-extension://${id}/${file}`);
    let opened = null;
    for (let attempt = 1; attempt <= 2 && !opened; attempt += 1) {
      const waiting = context.waitForEvent('page', { timeout: SAVE_MS / 3, predicate: isOurs }).catch(() => null);
      await action();
      opened = await waiting;
      if (!opened) {
        console.log(`  ..  no ${file} opened: once more`);
        keys('Escape');
        for (const stray of context.pages()) if (![page, options].includes(stray)) await stray.close();
      }
    }
    if (!opened) fail(`${file} did not open: the menu item or the shortcut was not chosen`);
    const errors = [];
    opened.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    opened.on('pageerror', (e) => errors.push(e.message));
    await opened.waitForFunction(() => document.body.dataset.ready === 'true').catch(async () => {
      fail(`${file} never got ready at ${opened.url()}: "${await opened.locator('body').innerText()}" ${errors.join('; ')}`);
    });
    return opened;
  }

  await step('before connecting, a save says "not connected"', async () => {
    const outcome = await saveByRightClick('plain.html', '#plain');
    if (outcome.kind !== 'error' || outcome.reason !== 'not-connected') fail(`got ${JSON.stringify(outcome)}`);
  });

  await step('connect through the options page: permission prompt, sign-in, a token named after the browser', async () => {
    await options.bringToFront();
    await options.fill('#server', server);
    await options.fill('#username', user.username);
    await options.fill('#password', user.password);
    await options.click('#connect');
    await sleep(1500);
    keys('Tab', 'Return'); // "Allow" on the browser's own permission prompt
    await options.waitForFunction(() => {
      const status = document.querySelector('[data-testid=status]');
      return status.dataset.kind === 'ok' || status.dataset.kind === 'error';
    });
    const status = await options.locator('[data-testid=status]').evaluate((n) => ({ kind: n.dataset.kind, text: n.textContent }));
    if (status.kind !== 'ok') fail(`connecting failed: ${status.text}`);
    const connection = await storage('connection');
    if (connection?.server !== server || !connection.token) fail(`no connection stored: ${JSON.stringify(connection)}`);
    if (await options.evaluate((t) => document.documentElement.outerHTML.includes(t), connection.token)) {
      fail('the token is visible in the options page');
    }
    const tokens = await user.get('/api/account/tokens');
    if (!tokens.items.some((t) => /Chrome on Linux/.test(t.name))) fail(`no API token named after the browser: ${JSON.stringify(tokens)}`);
  });

  await step('"Test connection" names the user', async () => {
    await options.evaluate(() => { document.querySelector('[data-testid=status]').textContent = ''; });
    await options.click('#test');
    await options.waitForFunction((name) => document.querySelector('[data-testid=status]').textContent.includes(`as ${name}`), user.username);
  });

  await step('right-click "Save to Scrapbook" saves by URL, with the page and the alt text', async () => {
    const outcome = await saveByRightClick('plain.html', '#plain');
    const image = await expectSaved(outcome, { sourceUrl: url('img/plain.png?w=640&h=480'), pageUrl: url('plain.html'), width: 640 });
    if (image.alt !== 'A plain test image' || image.pageTitle !== 'Plain image') fail(`alt/title not taken from the page: ${JSON.stringify(image)}`);
    savedIds.set(image.id, url('plain.html'));
  });

  await step('a srcset image saves its largest candidate, not the one shown', async () => {
    const shown = await page.goto(url('srcset.html')).then(() => page.locator('#srcset').evaluate((img) => img.currentSrc));
    if (shown.includes('1600')) fail(`the browser showed the largest candidate already (${shown}): the page proves nothing`);
    const outcome = await saveByRightClick('srcset.html', '#srcset');
    const image = await expectSaved(outcome, { sourceUrl: url('img/srcset-1600.png?w=1600&h=1200'), pageUrl: url('srcset.html'), width: 1600 });
    savedIds.set(image.id, url('srcset.html'));
  });

  await step('a lazy data-src image saves the real image, not the placeholder', async () => {
    const outcome = await saveByRightClick('lazy.html', '#lazy');
    const image = await expectSaved(outcome, { sourceUrl: url('img/lazy-real.png?w=900&h=600'), pageUrl: url('lazy.html'), width: 900 });
    savedIds.set(image.id, url('lazy.html'));
  });

  await step('an image served only with the session cookie saves through the upload fallback', async () => {
    const outcome = await saveByRightClick('cookie.html', '#private');
    const image = await expectSaved(outcome, { sourceUrl: url('private/photo.png'), pageUrl: url('cookie.html'), width: 800 });
    savedIds.set(image.id, url('cookie.html'));
  });

  await step('saving the same image again says "already saved"', async () => {
    const outcome = await saveByRightClick('plain.html', '#plain');
    await expectSaved(outcome, { kind: 'duplicate', sourceUrl: url('img/plain.png?w=640&h=480'), pageUrl: url('plain.html') });
  });

  await step('the picker lists the page\'s images, marks the saved one, and saves three with progress', async () => {
    await page.goto(url('picker.html'));
    await page.waitForLoadState('load');
    // A blank spot near the top left: Chromium shows its notifications at the bottom right, and a menu pushed
    // sideways by the screen's edge opens under the pointer, which then selects an item by hovering.
    const picker = await windowOpenedBy('picker.html', () => contextMenu(page, BLANK_SPOT, PAGE_ITEM));
    const tiles = await picker.$$eval('[data-testid=picker-tile]', (nodes) => nodes.map((n) => ({ url: n.dataset.url, state: n.dataset.state })));
    const wanted = [url('img/picker-a.png?w=300&h=200'), url('img/picker-b-wide.png?w=1200&h=600'), url('img/picker-c.png?w=400&h=300')];
    for (const want of wanted) {
      if (!tiles.some((t) => t.url === want && t.state === 'idle')) fail(`the picker does not offer ${want}: ${JSON.stringify(tiles)}`);
    }
    if (!tiles.some((t) => t.url === url('img/plain.png?w=640&h=480') && t.state === 'already-saved')) {
      fail(`the image saved before is not marked: ${JSON.stringify(tiles)}`);
    }
    if (tiles.some((t) => t.url.includes('icon.png'))) fail('the picker offers an icon smaller than 100 px');
    for (const want of wanted) await picker.click(`[data-testid=picker-tile][data-url="${want}"]`);
    await picker.click('[data-testid=picker-save]');
    await picker.waitForFunction(() => document.body.dataset.done === 'true', null, { timeout: 60_000 });
    const progress = await picker.locator('[data-testid=picker-progress]').evaluate((p) => ({ value: p.value, max: p.max }));
    if (progress.value !== 3 || progress.max !== 3) fail(`progress ended at ${progress.value}/${progress.max}`);
    const after = await picker.$$eval('[data-testid=picker-tile]', (nodes) => nodes.map((n) => ({ url: n.dataset.url, state: n.dataset.state, title: n.title })));
    for (const want of wanted) {
      const tile = after.find((t) => t.url === want);
      if (tile.state !== 'saved') fail(`${want} ended "${tile.state}": ${tile.title}`);
    }
    await mkdir(outputDir, { recursive: true });
    await picker.screenshot({ path: path.join(outputDir, 'picker.png') });
    const recent = (await storage('recent')).slice(0, 3);
    for (const entry of recent) savedIds.set(entry.imageId, url('picker.html'));
  });

  await step('the popup shows the connection and the last saves with gallery links', async () => {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await popup.waitForFunction((name) => document.querySelector('[data-testid=connection]').textContent.includes(`as ${name}`), user.username);
    const links = await popup.$$eval('[data-testid=recent-link]', (nodes) => nodes.map((n) => n.getAttribute('href')));
    if (links.length < 7 || !links.every((l) => l.startsWith(`${server}/#/images/`))) fail(`popup links: ${JSON.stringify(links)}`);
    await popup.screenshot({ path: path.join(outputDir, 'popup.png') });
    await popup.close();
  });

  await step('every saved image is in the gallery API with its page URL', async () => {
    const { items } = await user.get('/api/images?limit=100');
    if (items.length !== savedIds.size) fail(`the gallery has ${items.length} images, the extension saved ${savedIds.size}`);
    for (const [imageId, pageUrl] of savedIds) {
      const item = items.find((i) => i.id === imageId);
      if (!item) fail(`image ${imageId} is not in the gallery`);
      if (item.pageUrl !== pageUrl) fail(`image ${imageId} has page URL ${item.pageUrl}, expected ${pageUrl}`);
    }
  });

  await step('the popup\'s link opens that image in the gallery', async () => {
    const [imageId] = savedIds.keys();
    const gallery = await context.newPage();
    await gallery.goto(`${server}/`);
    await gallery.fill('#login-username', user.username);
    await gallery.fill('#login-password', user.password);
    await gallery.click('#login-submit');
    await gallery.waitForFunction(() => !document.getElementById('gallery-view').hidden);
    await gallery.goto(`${server}/#/images/${imageId}`);
    await gallery.waitForFunction(() => document.getElementById('preview').open);
    const title = await gallery.locator('#preview-title').textContent();
    if (title.trim() !== 'Plain image') fail(`the preview shows "${title}", not the image the link names`);
    await gallery.close();
  });

  // ---- Boards: the submenu, "Choose board…", the picker; a picture saved twice; the keyboard shortcut ----

  const boards = {};
  const boardImageIds = async (board) => (await user.get(`/api/boards/${board.id}/images?limit=100`)).items.map((i) => i.image.id);
  const recentBoardIds = async () => ((await storage('recentBoards'))?.boards ?? []).map((b) => b.id);
  const latestAt = async () => (await storage('recent'))?.[0]?.at ?? null;

  async function expectOnBoard(outcome, board, kind) {
    if (outcome.kind !== kind) fail(`expected "${kind}", the extension said ${outcome.kind}: ${outcome.message}`);
    if (outcome.board?.id !== board.id) fail(`expected the image on "${board.name}", the extension said: ${outcome.message}`);
    if (!(await boardImageIds(board)).includes(outcome.imageId)) fail(`image ${outcome.imageId} is not on "${board.name}" in the API`);
  }

  async function expectRecentBoards(...expected) {
    const actual = await recentBoardIds();
    if (actual.join() !== expected.map((b) => b.id).join()) {
      fail(`the last boards used are ${JSON.stringify(await storage('recentBoards'))}, expected ${expected.map((b) => b.name)}`);
    }
  }

  await step('boards to save to: two of the user\'s own, and a friend\'s board the user may only look at', async () => {
    boards.trips = await user.post('/api/boards', { name: 'Trips' });
    boards.garden = await user.post('/api/boards', { name: 'Garden' });
    const friend = await newUser(server);
    await user.post('/api/friends/requests', { username: friend.username });
    await friend.post('/api/friends/requests', { username: user.username });
    boards.viewOnly = await friend.post('/api/boards', { name: 'Look, do not add' });
    await friend.post(`/api/boards/${boards.viewOnly.id}/members`, { userId: user.id, role: 'viewer' });
    const listed = await user.get('/api/boards');
    if (!listed.items.some((b) => b.id === boards.viewOnly.id && b.role === 'viewer')) fail(`the friend's board is not shared: ${JSON.stringify(listed)}`);
  });

  /** "Choose board…" on an image, then a click on the board in the chooser, which closes itself. */
  async function saveThroughChooser(selector, chooseItem, board, screenshot) {
    await page.goto(url('boards.html'));
    await page.locator(selector).evaluate((img) => img.decode().catch(() => {}));
    const chooser = await windowOpenedBy('board.html', async () => contextMenu(page, await centreOf(page, selector), chooseItem));
    const listed = await chooser.$$eval('[data-testid=board-choice]', (nodes) => nodes.map((n) => n.dataset.boardId));
    if (!listed.includes(boards.trips.id) || !listed.includes(boards.garden.id)) fail(`the chooser lists ${JSON.stringify(listed)}`);
    if (listed.includes(boards.viewOnly.id)) fail('the chooser offers a board the user may only look at');
    if (screenshot) await chooser.screenshot({ path: path.join(outputDir, screenshot) });
    const before = await latestAt();
    const closed = chooser.waitForEvent('close');
    await chooser.click(`[data-testid=board-choice][data-board-id="${board.id}"]`);
    await closed;
    return await outcomeAfter(before, SAVE_MS) ?? fail('the chooser closed, but the extension recorded no outcome');
  }

  let firstOnBoard = null;
  await step('"Choose board…" (the submenu\'s second item, with no board used yet) lists the boards one may add to and saves onto the one chosen', async () => {
    const outcome = await saveThroughChooser('#first', submenuItem(1), boards.trips, 'board-chooser.png');
    await expectOnBoard(outcome, boards.trips, 'saved');
    firstOnBoard = outcome.imageId;
    await expectRecentBoards(boards.trips);
  });

  await step('"Choose board…" again, now below "Trips" in the submenu: onto "Garden"', async () => {
    const outcome = await saveThroughChooser('#second', submenuItem(2), boards.garden);
    await expectOnBoard(outcome, boards.garden, 'saved');
    await expectRecentBoards(boards.garden, boards.trips);
  });

  await step('the submenu lists the last boards used, most recent first: its second board, "Trips", saves there', async () => {
    const outcome = await saveByRightClick('boards.html', '#third', submenuItem(2));
    await expectOnBoard(outcome, boards.trips, 'saved');
    if ((await boardImageIds(boards.garden)).includes(outcome.imageId)) fail('the image went onto "Garden" too');
    await expectRecentBoards(boards.trips, boards.garden);
  });

  await step('an image saved before (the save answers 200) goes onto a recent board as well', async () => {
    const outcome = await saveByRightClick('boards.html', '#first', submenuItem(2));
    await expectOnBoard(outcome, boards.garden, 'duplicate');
    if (outcome.imageId !== firstOnBoard) fail(`saved as ${outcome.imageId}, not as the image saved before (${firstOnBoard})`);
    await expectRecentBoards(boards.garden, boards.trips);
  });

  await step('a photograph saved again as another file: the notification says when it was first saved and opens the earlier one', async () => {
    const first = await saveByRightClick('similar.html', '#photo');
    await expectSaved(first, { sourceUrl: url('photo/original.jpg'), pageUrl: url('similar.html') });
    // Its picture hash comes with its thumbnail: the second file can only be matched once the first is ready.
    let original = null;
    for (const deadline = Date.now() + SAVE_MS; Date.now() < deadline && original?.status !== 'ready'; await sleep(200)) {
      original = await user.get(`/api/images/${first.imageId}`);
    }
    if (original.status !== 'ready') fail(`the first file is still ${original.status}`);
    const again = await saveByRightClick('similar.html', '#photo-again');
    await expectSaved(again, { sourceUrl: url('photo/half.png'), pageUrl: url('similar.html') });
    // The extension waits for the new image's thumbnail, then replaces the notification and adds to the entry.
    let entry = null;
    for (const deadline = Date.now() + SAVE_MS; Date.now() < deadline && !entry?.similar; await sleep(200)) {
      entry = (await storage('recent')).find((e) => e.at === again.at);
    }
    if (!entry?.similar) fail(`the extension never said the picture was saved before: ${JSON.stringify(entry)}`);
    if (entry.similar.id !== first.imageId) fail(`it names ${entry.similar.id} as the earlier one, not ${first.imageId}`);
    if ((await user.get(`/api/images/${again.imageId}`)).similarTo?.id !== first.imageId) fail('the API does not say similarTo');
    const when = await options.evaluate((at) => new Date(at).toLocaleDateString(undefined, { dateStyle: 'long' }), original.savedAt);
    if (entry.similar.message !== `You already saved this picture on ${when}.`) fail(`the notification says "${entry.similar.message}"`);
    const shown = await options.evaluate(() => chrome.notifications.getAll());
    if (!shown[entry.notificationId]) fail(`notification ${entry.notificationId} is not shown: ${JSON.stringify(shown)}`);
    const earlierLink = `${server}/#/images/${first.imageId}`;
    const key = `notification:${entry.notificationId}`;
    const links = (await options.evaluate((k) => chrome.storage.session.get(k), key))[key];
    if (links?.link !== earlierLink || links.buttons?.[0] !== earlierLink) fail(`the notification opens ${JSON.stringify(links)}`);

    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    const similar = popup.locator('[data-testid=recent-similar]').first();
    if (!(await similar.textContent()).includes(`You already saved this picture on ${when}.`)) fail(`the popup says "${await similar.textContent()}"`);
    await popup.screenshot({ path: path.join(outputDir, 'popup-similar.png') });
    const opened = context.waitForEvent('page', { predicate: (p) => p.url() === earlierLink });
    await similar.locator('[data-testid=similar-link]').click();
    await (await opened).close();
  });

  await step('the keyboard shortcut is Alt+Shift+S', async () => {
    const command = (await options.evaluate(() => chrome.commands.getAll())).find((c) => c.name === 'save-image-under-pointer');
    if (command?.shortcut !== 'Alt+Shift+S') fail(`the command is ${JSON.stringify(command)}`);
  });

  /** Moves the real pointer (xdotool) over a point of the page: the page's :hover follows it, as for a person. */
  async function pointAt(point) {
    await page.bringToFront();
    focusWindowOf(await page.title());
    const target = await onScreen(page, point);
    execFileSync('xdotool', ['mousemove', '--sync', String(target.x), String(target.y)]);
    await sleep(300);
  }

  await step('the shortcut, with the pointer over an image under an overlay, saves that image (a real key press)', async () => {
    await page.goto(url('hover.html'));
    await page.locator('#covered').evaluate((img) => img.decode().catch(() => {}));
    const outcome = await saveOutcome(async () => {
      await pointAt(await centreOf(page, '#overlay'));
      if (!(await page.locator('#overlay').evaluate((n) => n.matches(':hover')))) fail('the pointer is not over the overlay');
      keys(SHORTCUT);
    });
    await expectSaved(outcome, { sourceUrl: url('img/covered.png?w=960&h=720'), pageUrl: url('hover.html'), width: 960 });
  });

  await step('the shortcut with no image under the pointer opens the picker, which puts its selection on a board', async () => {
    await page.goto(url('picker.html'));
    await page.waitForLoadState('load');
    const picker = await windowOpenedBy('picker.html', async () => {
      await pointAt(BLANK_SPOT);
      keys(SHORTCUT);
    });
    const offered = await picker.$$eval('[data-testid=picker-board] option', (nodes) => nodes.map((n) => n.value));
    if (!offered.includes(boards.trips.id) || offered.includes(boards.viewOnly.id)) fail(`the picker offers the boards ${JSON.stringify(offered)}`);
    await picker.selectOption('[data-testid=picker-board]', boards.trips.id);
    const chosen = [url('img/picker-a.png?w=300&h=200'), url('img/picker-c.png?w=400&h=300')];
    for (const want of chosen) await picker.click(`[data-testid=picker-tile][data-url="${want}"]`);
    await picker.click('[data-testid=picker-save]');
    await picker.waitForFunction(() => document.body.dataset.done === 'true', null, { timeout: 60_000 });
    const status = await picker.locator('[data-testid=picker-status]').textContent();
    if (!status.includes('2 added to “Trips”')) fail(`the picker says "${status}"`);
    await picker.screenshot({ path: path.join(outputDir, 'picker-board.png') });
    const { saved } = await user.post('/api/images/lookup', { sourceUrls: chosen });
    const onBoard = await boardImageIds(boards.trips);
    if (saved.length !== 2 || !saved.every((s) => onBoard.includes(s.id))) fail(`not on "Trips": ${JSON.stringify(saved)} vs ${onBoard}`);
    await expectRecentBoards(boards.trips, boards.garden);
    await picker.close();
    // Off the browser window: a pointer left over the page could select a menu item by hovering later on.
    execFileSync('xdotool', ['mousemove', '0', '1020']);
  });

  await step('the recent boards follow the server: a renamed board gets its new name, a deleted one leaves the submenu', async () => {
    await user.patch(`/api/boards/${boards.trips.id}`, { name: 'Trips 2026' });
    await user.delete(`/api/boards/${boards.garden.id}`);
    const outcome = await saveByRightClick('boards.html', '#second', submenuItem(1));
    await expectOnBoard(outcome, { ...boards.trips, name: 'Trips 2026' }, 'duplicate');
    let recent = null;
    for (const deadline = Date.now() + SAVE_MS; Date.now() < deadline; await sleep(200)) {
      recent = (await storage('recentBoards'))?.boards;
      if (recent?.length === 1) break;
    }
    if (JSON.stringify(recent) !== JSON.stringify([{ id: boards.trips.id, name: 'Trips 2026' }])) fail(`the last boards used are ${JSON.stringify(recent)}`);
  });

  async function expectFailure(pagePath, selector, reason, words) {
    const outcome = await saveByRightClick(pagePath, selector);
    if (outcome.kind !== 'error' || outcome.reason !== reason) fail(`expected a "${reason}" error, got ${JSON.stringify(outcome)}`);
    if (!words.test(outcome.message)) fail(`the message does not say so clearly: ${outcome.message}`);
  }

  await step('an SVG says "unsupported type"', () => expectFailure('vector.html', '#vector', 'unsupported-type', /Unsupported type/));

  await step('an image over the size limit says "too large"', () => expectFailure('huge.html', '#huge', 'too-large', /Too large/));

  await step('a server that does not answer says "server unreachable"', async () => {
    const connection = await storage('connection');
    const deadPort = await new Promise((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
    });
    await options.evaluate((c) => chrome.storage.local.set({ connection: c }), { ...connection, server: `http://localhost:${deadPort}` });
    try {
      await expectFailure('plain.html', '#plain', 'unreachable', /unreachable/i);
    } finally {
      await options.evaluate((c) => chrome.storage.local.set({ connection: c }), connection);
    }
  });

  await step('a revoked token says "not signed in"', async () => {
    const { items } = await user.get('/api/account/tokens');
    for (const token of items) await user.delete(`/api/account/tokens/${token.id}`);
    await expectFailure('plain.html', '#plain', 'not-signed-in', /Not signed in/);
  });
}

const watchdog = setTimeout(() => finish(1, `FAIL extension e2e: gave up after ${OVERALL_MS / 1000} s during "${currentStep()}"`), OVERALL_MS);

console.log('extension e2e');
main().then(
  () => { clearTimeout(watchdog); return finish(0, 'PASS extension e2e'); },
  (error) => {
    clearTimeout(watchdog);
    const reason = error instanceof Failure ? error.message : (error?.stack || String(error));
    return finish(1, `FAIL extension e2e, during "${currentStep()}":\n  ${reason}`);
  },
);
