#!/usr/bin/env node
// Browser test of "Your data" on the Account view against a running Scrapbook server.
//
//   node e2e/export-import.mjs <baseUrl> <imageFile> <plainZip> <screenshotDir>
//
// Signs up, uploads <imageFile>, downloads "Download my scrapbook" from the Account view (progress shown, a real
// download of a zip whose scrapbook.json comes first and whose image is <imageFile> byte for byte), then signs up a
// second user and imports that download from the page: the image comes back with its title. Then imports
// <plainZip> (a zip of plain files, one of them not an image) and sees the refused entry listed. Screenshots
// export.png and import.png go to <screenshotDir>. Exits 0 on success, 1 with a reason otherwise.

import { launchChromium } from './chromium.mjs';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { Failure, currentStep, fail, step } from './steps.mjs';

const OVERALL_MS = 150_000;
let browser = null;

async function finish(code, message) {
  if (message) (code === 0 ? console.log : console.error)(message);
  if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  process.exit(code);
}

/** Entries of a zip by its central directory, in archive order: [{name, bytes}]. */
function unzip(zip) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) fail('the download is not a whole zip (no end of central directory)');
  let at = zip.readUInt32LE(eocd + 16);
  const count = zip.readUInt16LE(eocd + 10);
  const entries = [];
  for (let i = 0; i < count; i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    entries.push({ name, bytes: method === 8 ? inflateRawSync(data) : data });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function signUp(page, base) {
  const username = `e2e_${randomBytes(6).toString('hex')}`;
  await page.goto(new URL('/', base).href, { waitUntil: 'load' });
  await page.locator('#signup-username').waitFor({ state: 'visible' });
  await page.fill('#signup-username', username);
  await page.fill('#signup-password', randomBytes(12).toString('base64url'));
  await page.click('#signup-submit');
  await page.waitForFunction((name) => document.getElementById('user-name').textContent === name, username);
  return username;
}

/** The signed-in user's images, asked with the page's own session. */
async function myImages(page) {
  return page.evaluate(async () => {
    const { token } = JSON.parse(localStorage.getItem('scrapbook.session'));
    const response = await fetch('/api/images', { headers: { Authorization: `Bearer ${token}` } });
    return (await response.json()).items;
  });
}

async function main() {
  const [baseArg, imageFile, plainZip, screenshotDir] = process.argv.slice(2);
  if (!baseArg || !imageFile || !plainZip || !screenshotDir) {
    fail('usage: node e2e/export-import.mjs <baseUrl> <imageFile> <plainZip> <screenshotDir>');
  }
  const base = new URL(baseArg);
  if (!/^(localhost|127(\.\d{1,3}){3})$/.test(base.hostname)) fail(`baseUrl must be a loopback address, got ${baseArg}`);
  const original = await readFile(imageFile);

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => dialog.accept());

  await step('sign up and upload an image', async () => {
    await signUp(page, base);
    await page.setInputFiles('[data-testid="file-input"]', imageFile);
    await page.waitForFunction(() => document.querySelector('[data-testid="upload-item"]')?.dataset.state === 'saved');
  });

  const archive = await step('"Download my scrapbook" downloads the whole scrapbook, with progress', async () => {
    await page.goto(new URL('/#/account', base).href);
    await page.locator('[data-testid="export-button"]').waitFor({ state: 'visible' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-button"]')]);
    if (!/^scrapbook-e2e_[0-9a-f]+-\d{4}-\d{2}-\d{2}\.zip$/.test(download.suggestedFilename())) {
      fail(`unexpected file name ${download.suggestedFilename()}`);
    }
    const file = await download.path();
    if (!file) fail(`the download failed: ${await download.failure()}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="export-status"]').textContent.startsWith('Done'));
    const progress = await page.evaluate(() => document.querySelector('[data-testid="export-progress"]').value);
    if (progress !== 1) fail(`the progress bar ended at ${progress}`);
    await page.screenshot({ path: path.join(screenshotDir, 'export.png'), fullPage: true });
    const entries = unzip(await readFile(file));
    if (entries[0]?.name !== 'scrapbook.json') fail(`the first entry is ${entries[0]?.name}, not scrapbook.json`);
    const images = entries.filter((e) => e.name.startsWith('images/'));
    if (images.length !== 1 || sha256(images[0].bytes) !== sha256(original)) {
      fail(`the archive's images are not the upload byte for byte: ${images.map((e) => e.name)}`);
    }
    return file;
  });

  await step('a second account imports the download from the page', async () => {
    await page.click('[data-testid="logout"]');
    await signUp(page, base);
    await page.goto(new URL('/#/account', base).href);
    await page.setInputFiles('[data-testid="import-file"]', archive);
    await page.waitForFunction(() => document.querySelector('[data-testid="import-status"]').textContent.startsWith('Import finished'));
    const status = await page.textContent('[data-testid="import-status"]');
    if (!status.includes('1 imported')) fail(`the import says: ${status}`);
    const images = await myImages(page);
    if (images.length !== 1 || images[0].title !== path.basename(imageFile)) {
      fail(`after the import the gallery holds ${JSON.stringify(images.map((i) => i.title))}`);
    }
  });

  await step('a zip of plain files: the image imported, the text file listed as refused', async () => {
    await page.setInputFiles('[data-testid="import-file"]', plainZip);
    await page.waitForFunction(() => /Import finished: 1 imported/.test(document.querySelector('[data-testid="import-status"]').textContent));
    const refused = await page.locator('[data-testid="import-refused-item"]').allTextContents();
    if (refused.length !== 1 || !refused[0].startsWith('notes.txt:')) fail(`refused entries shown: ${JSON.stringify(refused)}`);
    await page.screenshot({ path: path.join(screenshotDir, 'import.png'), fullPage: true });
    if ((await myImages(page)).length !== 2) fail('the plain zip did not add its image');
  });

  if (pageErrors.length) fail(`page errors: ${pageErrors.join('; ')}`);
}

const watchdog = setTimeout(() => finish(1, `FAIL export-import e2e: gave up during "${currentStep()}"`), OVERALL_MS);
console.log('export-import e2e');
main().then(
  () => { clearTimeout(watchdog); return finish(0, 'PASS export-import e2e'); },
  (error) => {
    clearTimeout(watchdog);
    const reason = error instanceof Failure ? error.message : (error?.stack || String(error));
    return finish(1, `FAIL export-import e2e, during "${currentStep()}":\n  ${reason}`);
  },
);
