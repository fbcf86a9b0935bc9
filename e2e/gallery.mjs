#!/usr/bin/env node
// Browser test of the gallery page against a running Scrapbook server.
//
//   node e2e/gallery.mjs <baseUrl> <imageFile> <screenshotPath>
//
// Signs up a fresh user through the UI, uploads <imageFile> with the file input, waits for its
// tile to turn from pending into a loaded thumbnail without a reload, opens the preview, creates
// an API token, and saves a full-page screenshot. Also checks the page's Content-Security-Policy
// and that no console error or CSP violation happened. Exits 0 on success, 1 with a reason otherwise.
// The browser only reaches <baseUrl> and the image URLs the API hands out; anything else is blocked.

import { CHROMIUM, launchChromium } from './chromium.mjs';
import { access, mkdir, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Failure, currentStep, fail, step } from './steps.mjs';

const OVERALL_MS = 180_000;
const STEP_MS = 15_000;
const THUMBNAIL_MS = 60_000;
const IMAGE_URL_KEYS = new Set(['originalUrl', 'thumbnailUrl', 'previewUrl']);

let browser = null;

async function finish(code, message) {
  if (message) (code === 0 ? console.log : console.error)(message);
  if (browser) {
    // Closing a wedged browser must not hang the test either.
    await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  }
  process.exit(code);
}

function parseArgs() {
  const [baseArg, imageFile, screenshotPath] = process.argv.slice(2);
  if (!baseArg || !imageFile || !screenshotPath) {
    fail('usage: node e2e/gallery.mjs <baseUrl> <imageFile> <screenshotPath>');
  }
  let base;
  try {
    base = new URL(baseArg);
  } catch {
    fail(`baseUrl is not a URL: ${baseArg}`);
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(base.hostname);
  if (!/^https?:$/.test(base.protocol) || !loopback) fail(`baseUrl must be an http(s) loopback address, got ${baseArg}`);
  return { base, imageFile: path.resolve(imageFile), screenshotPath: path.resolve(screenshotPath) };
}

function withoutQuery(url) {
  return `${url.origin}${url.pathname}`;
}

/** Remembers every image URL an API answer hands out: the only other URLs the page may load. */
function guardNetwork(context, base) {
  const allowed = new Set();
  const parsing = new Set();
  const blocked = [];

  const collect = (value) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (IMAGE_URL_KEYS.has(key) && typeof inner === 'string') allowed.add(withoutQuery(new URL(inner, base)));
        else collect(inner);
      }
    }
  };

  context.on('response', (response) => {
    const url = new URL(response.url());
    const type = response.headers()['content-type'] || '';
    if (url.origin !== base.origin || !url.pathname.startsWith('/api/') || !type.includes('json')) return;
    const parsed = response.json().then(collect, () => {}).finally(() => parsing.delete(parsed));
    parsing.add(parsed);
  });

  // Compared without the query: the browser may re-encode a presigned signature's characters.
  const isAllowed = async (url) => {
    await Promise.allSettled([...parsing]);
    return allowed.has(withoutQuery(new URL(url)));
  };

  return {
    blocked,
    install: () => context.route((url) => url.origin !== base.origin, async (route) => {
      const url = route.request().url();
      // The API answer that named this URL may still be in flight on our side: look twice.
      if (await isAllowed(url) || (await new Promise((r) => setTimeout(r, 500)), await isAllowed(url))) {
        await route.continue();
      } else {
        blocked.push(url);
        await route.abort('blockedbyclient');
      }
    }),
  };
}

async function main() {
  const { base, imageFile, screenshotPath } = parseArgs();
  try {
    if (!(await stat(imageFile)).isFile()) fail(`not a file: ${imageFile}`);
  } catch (error) {
    if (error instanceof Failure) throw error;
    fail(`cannot read the image file ${imageFile}: ${error.message}`);
  }
  try {
    await access(CHROMIUM);
  } catch {
    fail(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  }

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(STEP_MS);
  context.setDefaultNavigationTimeout(30_000);
  const network = guardNetwork(context, base);
  await network.install();

  const consoleErrors = [];
  const pageErrors = [];
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => dialog.dismiss());

  const username = `e2e_${randomBytes(6).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const tokenName = 'e2e browser';

  await step('GET / carries a strict Content-Security-Policy', async () => {
    const response = await page.goto(new URL('/', base).href, { waitUntil: 'load' });
    if (!response) fail('no response for /');
    if (response.status() !== 200) fail(`GET / answered ${response.status()}`);
    const csp = response.headers()['content-security-policy'];
    if (!csp) fail('GET / has no Content-Security-Policy header');
    if (csp.includes("'unsafe-inline'")) fail(`the CSP allows 'unsafe-inline': ${csp}`);
    if (csp.includes("'unsafe-eval'")) fail(`the CSP allows 'unsafe-eval': ${csp}`);
    if (!/script-src[^;]*'self'|default-src[^;]*'self'/.test(csp)) fail(`the CSP does not restrict scripts: ${csp}`);
  });

  await step(`sign up as ${username} through the form`, async () => {
    await page.locator('#signup-username').waitFor({ state: 'visible' });
    await page.fill('#signup-username', username);
    await page.fill('#signup-password', password);
    await page.click('#signup-submit');
    const outcome = await page.waitForFunction(() => {
      const error = document.getElementById('signup-error');
      if (error && !error.hidden && error.textContent) return { error: error.textContent };
      return !document.getElementById('gallery-view').hidden && { ok: true };
    });
    const { error } = await outcome.jsonValue();
    if (error) fail(`sign-up failed: ${error}`);
    await page.waitForFunction((name) => document.getElementById('user-name').textContent === name, username);
    // Gone after any reload: proves the thumbnail arrives without one.
    await page.evaluate(() => { window.__e2eSamePage = true; });
  });

  const imageId = await step('upload the image through the file input', async () => {
    await page.setInputFiles('[data-testid="file-input"]', imageFile);
    const handle = await page.waitForFunction(() => {
      const row = document.querySelector('[data-testid="upload-item"]');
      if (!row || row.dataset.state === 'queued' || row.dataset.state === 'uploading') return false;
      return { state: row.dataset.state, id: row.dataset.imageId || '', text: row.textContent.trim() };
    }, null, { timeout: 30_000 });
    const { state, id, text } = await handle.jsonValue();
    if (state !== 'saved') fail(`the upload ended as "${state}": ${text}`);
    if (!id) fail('the upload row carries no image id');
    return id;
  });

  await step(`tile ${imageId} turns ready and its thumbnail loads (no reload)`, async () => {
    const handle = await page.waitForFunction((id) => {
      if (window.__cspViolations?.length) return { csp: window.__cspViolations.join('; ') };
      const tile = [...document.querySelectorAll('[data-testid="tile"]')].find((t) => t.dataset.id === id);
      if (!tile) return false;
      if (tile.dataset.status === 'failed') {
        return { failed: tile.querySelector('button')?.title || '(no reason shown)' };
      }
      const img = tile.querySelector('img[data-testid="tile-img"]');
      if (tile.dataset.status !== 'ready' || !img || !img.complete || img.naturalWidth === 0) return false;
      return { src: img.currentSrc || img.src };
    }, imageId, { timeout: THUMBNAIL_MS, polling: 250 });
    const result = await handle.jsonValue();
    if (result.csp) fail(`CSP violation while waiting for the thumbnail: ${result.csp}`);
    if (result.failed) fail(`the thumbnail failed: ${result.failed}`);
    if (!/^https?:\/\//.test(result.src)) fail(`the thumbnail src is not http(s): ${result.src}`);
    if (!(await page.evaluate(() => window.__e2eSamePage === true))) fail('the page was reloaded');
  });

  await step('drop a second image anywhere on the page; its tile appears', async () => {
    // A real file drag can't be scripted headless; the page sees the same DragEvents with a File in them.
    await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const graphics = canvas.getContext('2d');
      graphics.fillStyle = '#33aa77';
      graphics.fillRect(0, 0, 320, 240);
      graphics.fillStyle = '#ffcc33';
      graphics.fillRect(40, 40, 120, 90);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'dropped.png', { type: 'image/png' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    });
    const handle = await page.waitForFunction(() => {
      const row = [...document.querySelectorAll('[data-testid="upload-item"]')]
        .find((r) => r.textContent.includes('dropped.png'));
      if (!row || row.dataset.state === 'queued' || row.dataset.state === 'uploading') return false;
      return { state: row.dataset.state, id: row.dataset.imageId || '', text: row.textContent.trim() };
    }, null, { timeout: 30_000 });
    const { state, id, text } = await handle.jsonValue();
    if (state !== 'saved') fail(`the dropped file ended as "${state}": ${text}`);
    await page.waitForSelector(`[data-testid="tile"][data-id="${id}"]`, { timeout: 10_000 });
  });

  await step('the preview opens and its image loads; Escape closes it', async () => {
    await page.click(`[data-testid="tile"][data-id="${imageId}"] [data-testid="tile-button"]`);
    await page.waitForFunction(() => document.getElementById('preview').open);
    await page.waitForFunction(() => {
      const img = document.getElementById('preview-img');
      return !img.hidden && img.complete && img.naturalWidth > 0;
    }, null, { timeout: 20_000 });
    const original = await page.getAttribute('#preview-original', 'href');
    if (!original || !/^https?:\/\//.test(original)) fail(`"Open original" has no http(s) link: ${original}`);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.getElementById('preview').open);
  });

  await step('create an API token on the tokens view', async () => {
    await page.click('#nav-tokens');
    await page.locator('[data-testid="tokens-view"]').waitFor({ state: 'visible' });
    await page.fill('#token-name', tokenName);
    await page.click('#token-create');
    await page.waitForFunction(() => {
      const box = document.getElementById('new-token');
      return !box.hidden && document.getElementById('new-token-value').value.length > 0;
    });
    await page.waitForFunction((name) => [...document.querySelectorAll('[data-testid="token-item-name"]')]
      .some((node) => node.textContent === name), tokenName);
  });

  await step(`full-page screenshot to ${screenshotPath}`, async () => {
    await mkdir(path.dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true, animations: 'disabled' });
  });

  await step('no console error, page error, CSP violation or stray request', async () => {
    const violations = await page.evaluate(() => window.__cspViolations || []);
    const problems = [
      ...violations.map((v) => `CSP violation: ${v}`),
      ...pageErrors.map((e) => `page error: ${e}`),
      ...consoleErrors.map((e) => `console error: ${e}`),
      ...network.blocked.map((u) => `request outside the app and its image URLs: ${u}`),
    ];
    if (problems.length > 0) fail(problems.join('\n  '));
    if (!(await page.evaluate(() => window.__e2eSamePage === true))) fail('the page was reloaded');
  });
}

const watchdog = setTimeout(() => {
  finish(1, `FAIL gallery e2e: gave up after ${OVERALL_MS / 1000} s during "${currentStep()}"`);
}, OVERALL_MS);

console.log('gallery e2e');
main().then(
  () => {
    clearTimeout(watchdog);
    return finish(0, 'PASS gallery e2e');
  },
  (error) => {
    clearTimeout(watchdog);
    const reason = error instanceof Failure ? error.message : (error?.stack || String(error));
    return finish(1, `FAIL gallery e2e, during "${currentStep()}":\n  ${reason}`);
  },
);
