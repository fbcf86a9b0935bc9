#!/usr/bin/env node
// Smoke test of the Firefox package in Debian's Firefox ESR, driven over WebDriver BiDi (Playwright drives
// only its own patched Firefox). Installs dist/scrapbook-firefox.zip as a temporary add-on, connects through
// the options page with a real click (optional permissions granted without the doorhanger, a test-only
// pref), asks the background script over runtime messaging, then saves images by the context-menu
// handler of the background page (plainly, and onto a board) and finds them in the gallery API.
//
//   node --experimental-websocket e2e/extension-firefox.mjs <serverUrl> <testSiteUrl> <firefoxZip>
//
// Exits 0 after "PASS firefox extension smoke", 1 with the step and the reason otherwise.

import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Failure, currentStep, fail, sleep, step } from './steps.mjs';

const FIREFOX = '/usr/bin/firefox-esr';
const GECKO_ID = 'extension@scrapbook.dev';
const OVERALL_MS = 120_000;

let firefox = null;
let profile = null;

async function finish(code, message) {
  if (message) (code === 0 ? console.log : console.error)(message);
  if (firefox) firefox.kill('SIGTERM');
  await sleep(500);
  if (profile) await rm(profile, { recursive: true, force: true }).catch(() => {});
  process.exit(code);
}

const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
});

/** A minimal WebDriver BiDi client: commands by id, answers matched back. */
async function bidi(port) {
  let socket;
  for (let attempt = 0; ; attempt += 1) {
    try {
      socket = await new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/session`);
        ws.onopen = () => resolve(ws);
        ws.onerror = () => reject(new Error('no connection'));
      });
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await sleep(200);
    }
  }
  let next = 0;
  const waiting = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    const handler = waiting.get(message.id);
    if (!handler) return;
    waiting.delete(message.id);
    if (message.type === 'error') handler.reject(new Error(`${message.error}: ${message.message}`));
    else handler.resolve(message.result);
  };
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    next += 1;
    waiting.set(next, { resolve, reject });
    socket.send(JSON.stringify({ id: next, method, params }));
  });
  return send;
}

async function newUser(server) {
  const username = `ff_${randomBytes(5).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const post = (p, body) => fetch(`${server}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if ((await post('/api/account/signup', { username, password })).status !== 201) fail('sign-up failed');
  const { token } = await (await post('/api/account/login', { username, password })).json();
  const get = async (p) => (await fetch(`${server}${p}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  const postAs = async (p, body) => (await fetch(`${server}${p}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body),
  })).json();
  return { username, password, get, post: postAs };
}

async function main() {
  const [serverArg, siteArg, zipArg] = process.argv.slice(2);
  if (!serverArg || !siteArg || !zipArg) fail('usage: node --experimental-websocket e2e/extension-firefox.mjs <serverUrl> <testSiteUrl> <firefoxZip>');
  const server = new URL(serverArg).origin;
  const site = new URL(siteArg).href;
  const user = await newUser(server);
  const uuid = randomUUID();
  profile = await mkdtemp(path.join(tmpdir(), 'scrapbook-ff-'));
  const prefs = {
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
    // Test-only: grant optional permissions without the doorhanger, which BiDi can't click.
    'extensions.webextOptionalPermissionPrompts': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.update.disabledForTesting': true,
    'network.proxy.allow_hijacking_localhost': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
  };
  await writeFile(path.join(profile, 'user.js'),
    Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
  const port = await freePort();
  firefox = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, `--remote-debugging-port=${port}`],
    { stdio: 'ignore' });
  const send = await bidi(port);
  await send('session.new', { capabilities: {} });

  const evaluate = async (context, expression) => {
    const answer = await send('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' });
    if (answer.type === 'exception') fail(`script failed: ${answer.exceptionDetails.text}`);
    return answer.result;
  };
  const text = async (context, expression) => (await evaluate(context, expression)).value;

  await step('the Firefox package installs as a temporary add-on', async () => {
    const { extension } = await send('webExtension.install', { extensionData: { type: 'archivePath', path: path.resolve(zipArg) } });
    if (extension !== GECKO_ID) fail(`installed as ${extension}`);
  });

  let context = null;
  await step('a fresh install opens the options page', async () => {
    // BiDi may not navigate to extension pages; the extension opens its own options on install.
    const optionsUrl = `moz-extension://${uuid}/options.html`;
    for (let i = 0; i < 100 && !context; i += 1) {
      const { contexts } = await send('browsingContext.getTree', {});
      context = contexts.find((c) => c.url === optionsUrl)?.context ?? null;
      if (!context) await sleep(100);
    }
    if (!context) fail('no options page opened');
    for (let i = 0; i < 50 && (await text(context, 'document.readyState')) !== 'complete'; i += 1) await sleep(100);
  });

  await step('connect through the options page (a real click on Connect)', async () => {
    await text(context, `(() => {
      document.getElementById('server').value = ${JSON.stringify(server)};
      document.getElementById('username').value = ${JSON.stringify(user.username)};
      document.getElementById('password').value = ${JSON.stringify(user.password)};
    })()`);
    const box = JSON.parse(await text(context, `JSON.stringify(document.getElementById('connect').getBoundingClientRect())`));
    await send('input.performActions', {
      context,
      actions: [{ type: 'pointer', id: 'mouse', actions: [
        { type: 'pointerMove', x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) },
        { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }],
    });
    let status = null;
    for (let i = 0; i < 100; i += 1) {
      status = JSON.parse(await text(context, `JSON.stringify({ kind: document.getElementById('status').dataset.kind, text: document.getElementById('status').textContent })`));
      if (status.kind === 'ok' || status.kind === 'error') break;
      await sleep(100);
    }
    if (status.kind !== 'ok' || !status.text.includes(`as ${user.username}`)) fail(`options page says: ${status.text}`);
    const { items } = await user.get('/api/account/tokens');
    if (!items.some((t) => /Firefox on Linux/.test(t.name))) fail(`no token named after Firefox: ${JSON.stringify(items)}`);
  });

  await step('the background script answers the picker\'s lookup over runtime messaging', async () => {
    const answer = JSON.parse(await text(context, `browser.runtime.sendMessage({ type: 'lookup', urls: [] }).then(JSON.stringify)`));
    if (answer.server !== server) fail(`the background answered ${JSON.stringify(answer)}`);
  });

  const imageUrl = new URL('img/firefox.png?w=500&h=400', site).href;
  const pageUrl = new URL('plain.html', site).href;
  await step('the context-menu handler of the background page saves an image', async () => {
    const outcome = JSON.parse(await text(context, `browser.runtime.getBackgroundPage().then((page) =>
      page.scrapbook.saveClickedImage({ menuItemId: 'save-image', srcUrl: ${JSON.stringify(imageUrl)},
        pageUrl: ${JSON.stringify(pageUrl)}, frameId: 0 }, { id: -1, title: 'Plain image' })).then(JSON.stringify)`));
    if (outcome.kind !== 'saved') fail(`the save ended ${JSON.stringify(outcome)}`);
    const image = await user.get(`/api/images/${outcome.imageId}`);
    if (image.sourceUrl !== imageUrl || image.pageUrl !== pageUrl) fail(`saved ${JSON.stringify(image)}`);
  });

  await step('the board menu item\'s handler saves onto the board, and the board list offers it', async () => {
    const board = await user.post('/api/boards', { name: 'Firefox board' });
    const list = JSON.parse(await text(context, `browser.runtime.sendMessage({ type: 'boards' }).then(JSON.stringify)`));
    if (!list.boards?.some((b) => b.id === board.id)) fail(`the background lists ${JSON.stringify(list)}`);
    const boardImage = new URL('img/firefox-board.png?w=300&h=300', site).href;
    const outcome = JSON.parse(await text(context, `browser.runtime.getBackgroundPage().then((page) =>
      page.scrapbook.saveClickedImage({ menuItemId: 'save-image-to-board:${board.id}', srcUrl: ${JSON.stringify(boardImage)},
        pageUrl: ${JSON.stringify(pageUrl)}, frameId: 0 }, { id: -1, title: 'Plain image' })).then(JSON.stringify)`));
    if (outcome.kind !== 'saved' || outcome.board?.id !== board.id) fail(`the save ended ${JSON.stringify(outcome)}`);
    const { items } = await user.get(`/api/boards/${board.id}/images`);
    if (!items.some((i) => i.image.id === outcome.imageId)) fail(`the image is not on the board: ${JSON.stringify(items)}`);
  });

  await step('with access to the test pages, a srcset and a cookie-only image save as in Chromium', async () => {
    // activeTab comes only from a real menu click, which BiDi can't make: grant the pages' host instead,
    // from a real click as the API demands, to run the same in-page code (inspectPage, content.fetch).
    await text(context, `document.addEventListener('click', () => {
      window.__granted = browser.permissions.request({ origins: ['http://127.0.0.1/*'] });
    }, { once: true })`);
    await send('input.performActions', {
      context,
      actions: [{ type: 'pointer', id: 'mouse', actions: [
        { type: 'pointerMove', x: 5, y: 5 }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }],
    });
    if (!(await evaluate(context, 'window.__granted')).value) fail('the host permission for the test pages was not granted');
    const cases = [
      { page: 'srcset.html', shown: 'img/srcset-400.png?w=400&h=300', expected: 'img/srcset-1600.png?w=1600&h=1200' },
      { page: 'cookie.html', shown: 'private/photo.png', expected: 'private/photo.png' },
    ];
    for (const { page, shown, expected } of cases) {
      const { context: tab } = await send('browsingContext.create', { type: 'tab' });
      await send('browsingContext.navigate', { context: tab, url: new URL(page, site).href, wait: 'complete' });
      const target = new URL(page, site).href;
      const outcome = JSON.parse(await text(context, `(async () => {
        const tab = (await browser.tabs.query({})).find((t) => t.url === ${JSON.stringify(target)});
        const background = await browser.runtime.getBackgroundPage();
        return JSON.stringify(await background.scrapbook.saveClickedImage({ menuItemId: 'save-image',
          srcUrl: ${JSON.stringify(new URL(shown, site).href)}, pageUrl: ${JSON.stringify(target)}, frameId: 0 }, tab));
      })()`));
      if (outcome.kind !== 'saved') fail(`${page}: the save ended ${JSON.stringify(outcome)}`);
      const image = await user.get(`/api/images/${outcome.imageId}`);
      if (image.sourceUrl !== new URL(expected, site).href || image.pageUrl !== target) fail(`${page}: saved ${JSON.stringify(image)}`);
      await send('browsingContext.close', { context: tab });
    }
  });
}

const watchdog = setTimeout(() => finish(1, `FAIL firefox extension smoke: gave up after ${OVERALL_MS / 1000} s during "${currentStep()}"`), OVERALL_MS);
console.log('firefox extension smoke');
main().then(
  () => { clearTimeout(watchdog); return finish(0, 'PASS firefox extension smoke'); },
  (error) => {
    clearTimeout(watchdog);
    const reason = error instanceof Failure ? error.message : (error?.stack || String(error));
    return finish(1, `FAIL firefox extension smoke, during "${currentStep()}":\n  ${reason}`);
  },
);
