// What the page tests of boards, search and browsing share: API calls made directly (to set up users and images
// and to check what the page did), logging in through the form, a browser context that reaches only the server,
// and small PNGs made here (no image library needed).

import { readFile, readdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import path from 'node:path';
import { fail, sleep } from './steps.mjs';

/** Calls the API; fails the test on any answer but 2xx unless `allow` lists the status. */
export async function call(base, pathname, { method = 'GET', token, json, body, type, allow = [] } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  if (type) headers['Content-Type'] = type;
  const response = await fetch(new URL(pathname, base), {
    method, headers, body: json !== undefined ? JSON.stringify(json) : body,
  });
  const text = await response.text();
  const parsed = text && (response.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : null;
  if (!response.ok && !allow.includes(response.status)) fail(`${method} ${pathname} answered ${response.status}: ${text}`);
  return allow.length > 0 ? { status: response.status, body: parsed } : parsed;
}

export async function newUser(base) {
  const username = `e2e_${randomBytes(5).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  await call(base, '/api/account/signup', { method: 'POST', json: { username, password } });
  const { token } = await call(base, '/api/account/login', { method: 'POST', json: { username, password } });
  const { id } = await call(base, '/api/account/me', { token });
  return { id, username, password, token };
}

export async function befriend(base, a, b) {
  await call(base, '/api/friends/requests', { method: 'POST', token: a.token, json: { username: b.username } });
  await call(base, '/api/friends/requests', { method: 'POST', token: b.token, json: { username: a.username } });
}

/** Saves bytes as the user (query: filename, pageUrl, pageTitle, ...) and waits until the thumbnail is made. */
export async function save(base, user, bytes, type, query = {}) {
  const saved = await call(base, `/api/save?${new URLSearchParams(query)}`, { method: 'POST', token: user.token, body: bytes, type });
  return saved.status === 'pending' ? awaitReady(base, user, saved.id) : saved;
}

export async function awaitReady(base, user, id) {
  for (let i = 0; i < 600; i += 1) {
    const image = await call(base, `/api/images/${id}`, { token: user.token });
    if (image.status === 'ready') return image;
    if (image.status === 'failed') fail(`the thumbnail of ${id} failed: ${image.failureReason}`);
    await sleep(100);
  }
  return fail(`image ${id} stayed pending`);
}

/** The sample photographs (scripts/fetch-photos.sh), sorted by name. */
export async function photos(folder) {
  const names = (await readdir(folder)).filter((name) => /\.jpe?g$/i.test(name)).sort();
  if (names.length < 3) fail(`fewer than 3 photographs in ${folder}: run scripts/fetch-photos.sh`);
  return Promise.all(names.map(async (name) => ({ name, bytes: await readFile(path.join(folder, name)) })));
}

export function loopbackBase(value) {
  const base = new URL(value);
  if (!/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(base.hostname)) fail(`baseUrl must be loopback, got ${value}`);
  return base;
}

/** A browser context that reaches only the server (and its S3 URLs, on loopback too), collecting page errors. */
export async function newContext(browser, base, errors, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(15_000);
  await context.route((url) => url.hostname !== base.hostname, (route) => route.abort('blockedbyclient'));
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`);
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page };
}

export async function logIn(page, base, user) {
  await page.goto(new URL('/', base).href);
  await page.fill('#login-username', user.username);
  await page.fill('#login-password', user.password);
  await page.click('#login-submit');
  await page.waitForFunction(() => !document.getElementById('gallery-view').hidden);
}

/** Fails with every CSP violation the page saw. */
export async function noCspViolations(page) {
  const violations = await page.evaluate(() => window.__cspViolations || []);
  if (violations.length > 0) fail(`CSP violations: ${violations.join('; ')}`);
}

/** The ids of the tiles of a grid, in the order shown. */
export function tileIds(page, grid) {
  return page.$$eval(`#${grid} [data-testid="tile"], #${grid} [data-testid="shared-tile"]`, (tiles) => tiles.map((t) => t.dataset.id));
}

export function sameList(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Clicks the confirmation dialog's confirm button and checks its message. */
export async function confirm(page, messagePart) {
  await page.waitForFunction(() => document.getElementById('confirm-dialog').open);
  const message = await page.textContent('#confirm-message');
  if (messagePart && !message.includes(messagePart)) fail(`the confirmation says "${message}", not "${messagePart}"`);
  await page.click('#confirm-ok');
  await page.waitForFunction(() => !document.getElementById('confirm-dialog').open);
}

// ---------- PNG ----------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * An RGB PNG of width x height: two colours in vertical bands, so that each (colour pair, band count) is another
 * picture to the similar-image hash and another file to the server's duplicate check.
 */
export function png(width, height, [r1, g1, b1], [r2, g2, b2], bands = 2) {
  const rows = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      const second = Math.floor((x * bands) / width) % 2 === 1;
      row.set(second ? [r2, g2, b2] : [r1, g1, b1], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Runs `main` under a watchdog; prints PASS or FAIL with the step, closes the browser, exits 0 or 1. */
export function run(name, overallMs, main, { currentStep, Failure, browser }) {
  const finish = async (code, message) => {
    (code === 0 ? console.log : console.error)(message);
    const open = browser();
    if (open) await Promise.race([open.close().catch(() => {}), sleep(5000)]);
    process.exit(code);
  };
  const watchdog = setTimeout(() => finish(1, `FAIL ${name}: gave up after ${overallMs / 1000} s during "${currentStep()}"`), overallMs);
  console.log(name);
  main().then(
    () => {
      clearTimeout(watchdog);
      return finish(0, `PASS ${name}`);
    },
    (error) => {
      clearTimeout(watchdog);
      const reason = error instanceof Failure ? error.message : (error?.stack || String(error));
      return finish(1, `FAIL ${name}, during "${currentStep()}":\n  ${reason}`);
    },
  );
}
