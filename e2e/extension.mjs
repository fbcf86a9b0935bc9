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
const OVERALL_MS = 200_000;
const SAVE_MS = 30_000;
// Where our item sits, counted from the bottom of Chromium's context menu: above "Inspect" on an image;
// above "View page source" and "Inspect" on the page.
const UP_TO_IMAGE_ITEM = 2;
const UP_TO_PAGE_ITEM = 3;

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
  const { token } = await (await post('/api/account/login', { username, password })).json();
  const get = async (p) => {
    const response = await fetch(`${server}${p}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) fail(`GET ${p} answered ${response.status}`);
    return response.json();
  };
  const remove = async (p) => {
    const response = await fetch(`${server}${p}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    if (response.status !== 204) fail(`DELETE ${p} answered ${response.status}`);
  };
  return { username, password, get, delete: remove };
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

/**
 * Right-clicks at a point with real mouse events, waits for Chromium's context menu to be on screen, then
 * picks our item with the keyboard, counting up from the bottom.
 */
async function contextMenu(page, point, upPresses) {
  await page.bringToFront();
  const title = await page.title();
  focusWindowOf(title);
  const origin = await page.evaluate(() => ({ x: window.screenX + (window.outerWidth - window.innerWidth),
    y: window.screenY + (window.outerHeight - window.innerHeight) }));
  const onScreen = { x: origin.x + point.x, y: origin.y + point.y };
  const before = new Set(windows().map((w) => w.id));
  await page.mouse.move(point.x, point.y);
  await page.mouse.click(point.x, point.y, { button: 'right' });
  const deadline = Date.now() + 10_000;
  while (!windows().some((w) => !before.has(w.id) && menuAt(w, onScreen))) {
    if (Date.now() > deadline) fail(`no context menu appeared at ${JSON.stringify(onScreen)}: ${JSON.stringify(windows())}`);
    await sleep(100);
  }
  // Mapped is not yet listening: a key sent too early is lost, and one Up short is "Inspect".
  await sleep(1000);
  // A notification popping up meanwhile may have taken the input focus: the browser window feeds the menu.
  focusWindowOf(title);
  keys(...Array(upPresses).fill('Up'), 'Return');
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

  async function saveByRightClick(pagePath, selector) {
    await page.goto(new URL(pagePath, site).href);
    await page.locator(selector).evaluate((img) => img.decode().catch(() => {}));
    return saveOutcome(async () => contextMenu(page, await centreOf(page, selector), UP_TO_IMAGE_ITEM));
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
    const isPicker = (p) => p.url().startsWith(`chrome-extension://${id}/picker.html`);
    let picker = null;
    for (let attempt = 1; attempt <= 2 && !picker; attempt += 1) {
      const opened = context.waitForEvent('page', { timeout: SAVE_MS / 3, predicate: isPicker }).catch(() => null);
      await contextMenu(page, { x: 600, y: 20 }, UP_TO_PAGE_ITEM);
      picker = await opened;
      if (!picker) {
        console.log('  ..  no picker opened: right-clicking once more');
        keys('Escape');
        for (const stray of context.pages()) if (![page, options].includes(stray)) await stray.close();
      }
    }
    if (!picker) fail('the picker did not open: the menu item was not chosen');
    const pickerErrors = [];
    picker.on('console', (m) => { if (m.type() === 'error') pickerErrors.push(m.text()); });
    picker.on('pageerror', (e) => pickerErrors.push(e.message));
    await picker.waitForFunction(() => document.body.dataset.ready === 'true').catch(async () => {
      fail(`the picker never got ready at ${picker.url()}: "${await picker.locator('body').innerText()}" ${pickerErrors.join('; ')}`);
    });
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
