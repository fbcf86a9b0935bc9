#!/usr/bin/env node
// Browser test of sharing against a running Scrapbook server.
//
//   node e2e/sharing.mjs <baseUrl> <imageFile> <screenshotPath>
//
// Two users who are friends (made through the API); the owner's image is uploaded through the API.
// Then, in Chromium and with real clicks: the owner logs in, opens the image, opens the share dialog,
// shares it with the friend and creates a public link; a fresh browser context with no login opens
// the link and sees the picture (and the OpenGraph tags a chat app reads); the friend logs in, finds
// the image under "Shared with me", opens it and keeps a copy, which then is in the friend's gallery.
// Exits 0 on success, 1 with a reason otherwise. Only the loopback server and its S3 URLs are reached.

import { launchChromium } from './chromium.mjs';
import { readFile } from 'node:fs/promises';
import { Failure, currentStep, fail, step } from './steps.mjs';
import { call, newUser, logIn } from './scrapbook.mjs';

const OVERALL_MS = 180_000;

let browser = null;

async function main() {
  const [baseArg, imageFile, screenshotPath] = process.argv.slice(2);
  if (!baseArg || !imageFile || !screenshotPath) fail('usage: node e2e/sharing.mjs <baseUrl> <imageFile> <screenshotPath>');
  const base = new URL(baseArg);
  if (!/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(base.hostname)) fail(`baseUrl must be loopback, got ${baseArg}`);

  const { owner, friend, imageId } = await step('two friends; the owner saves a photograph', async () => {
    const [a, b] = [await newUser(base), await newUser(base)];
    await call(base, '/api/friends/requests', { method: 'POST', token: a.token, json: { username: b.username } });
    await call(base, '/api/friends/requests', { method: 'POST', token: b.token, json: { username: a.username } });
    const saved = await call(base, '/api/save?pageTitle=Shared%20photograph&pageUrl=https%3A%2F%2Fexample.org%2Falbum',
      { method: 'POST', token: a.token, body: await readFile(imageFile), type: 'image/jpeg' });
    for (let i = 0; i < 300; i += 1) {
      const image = await call(base, `/api/images/${saved.id}`, { token: a.token });
      if (image.status === 'ready') return { owner: a, friend: b, imageId: saved.id };
      if (image.status === 'failed') fail(`the thumbnail failed: ${image.failureReason}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return fail('the image stayed pending');
  });

  browser = await launchChromium();
  const ownerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  ownerContext.setDefaultTimeout(15_000);
  await ownerContext.route((url) => url.hostname !== base.hostname, (route) => route.abort('blockedbyclient'));
  const page = await ownerContext.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await step('the owner logs in and opens the share dialog from the preview', async () => {
    await logIn(page, base, owner);
    await page.click(`[data-testid="tile"][data-id="${imageId}"] [data-testid="tile-button"]`);
    await page.waitForFunction(() => document.getElementById('preview').open);
    await page.click('#preview-share');
    await page.waitForFunction(() => document.getElementById('share-dialog').open);
  });

  await step(`share with ${friend.username} by ticking them and clicking "Share with selected"`, async () => {
    const row = page.locator('[data-testid="share-friend"]', { hasText: friend.username });
    await row.locator('input[type=checkbox]').check();
    await page.click('#share-send');
    await row.locator('[data-testid="share-take-back"]').waitFor({ state: 'visible' });
    const { recipients } = await call(base, `/api/shares?imageId=${imageId}`, { token: owner.token });
    if (!recipients.some((r) => r.username === friend.username)) fail('the server has no share with the friend');
  });

  const link = await step('create a public link with the original and copy it', async () => {
    await page.selectOption('#link-expiry', '7');
    await page.check('#link-original');
    await page.click('#link-create');
    await page.waitForFunction(() => document.getElementById('link-url').value.includes('/s/'));
    await page.locator('[data-testid="link-item"]').first().waitFor({ state: 'visible' });
    await page.screenshot({ path: screenshotPath, animations: 'disabled' });
    return page.inputValue('#link-url');
  });

  await step('a fresh browser context, not logged in, opens the link and sees the picture', async () => {
    const stranger = await browser.newContext();
    stranger.setDefaultTimeout(15_000);
    await stranger.route((url) => url.hostname !== base.hostname, (route) => route.abort('blockedbyclient'));
    const visitor = await stranger.newPage();
    const response = await visitor.goto(link);
    if (response.status() !== 200) fail(`the link answered ${response.status()}`);
    await visitor.waitForFunction(() => {
      const img = document.querySelector('main img');
      return img && img.complete && img.naturalWidth > 0;
    });
    const ogImage = await visitor.getAttribute('meta[property="og:image"]', 'content');
    if (!ogImage || !ogImage.startsWith(`${base.origin}/s/`)) fail(`og:image is ${ogImage}`);
    const picture = await stranger.request.get(ogImage);
    if (picture.status() !== 200 || !picture.headers()['content-type'].startsWith('image/')) {
      fail(`og:image answered ${picture.status()} ${picture.headers()['content-type']}`);
    }
    if (!(await visitor.textContent('figcaption')).includes('Shared photograph')) fail('the caption is missing');
    if (!(await visitor.isVisible('[data-testid="original"]'))) fail('no "Open the original" on a link that includes it');
    if ((await stranger.cookies()).length > 0) fail('the public page set a cookie');
    await stranger.close();
  });

  await step('the friend finds it under "Shared with me" and keeps a copy', async () => {
    const friendContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    friendContext.setDefaultTimeout(15_000);
    await friendContext.route((url) => url.hostname !== base.hostname, (route) => route.abort('blockedbyclient'));
    const friendPage = await friendContext.newPage();
    friendPage.on('pageerror', (error) => pageErrors.push(error.message));
    await logIn(friendPage, base, friend);
    await friendPage.click('#nav-shared');
    const tile = friendPage.locator(`[data-testid="shared-tile"][data-id="${imageId}"]`);
    await tile.waitFor({ state: 'visible' });
    await tile.locator('button').click();
    await friendPage.waitForFunction((name) => document.getElementById('received').open
      && document.getElementById('received-from').textContent.includes(name), owner.username);
    await friendPage.waitForFunction(() => {
      const img = document.getElementById('received-img');
      return !img.hidden && img.complete && img.naturalWidth > 0;
    });
    await friendPage.click('#received-keep');
    await friendPage.locator('[data-testid="toasts"]', { hasText: 'Kept' }).waitFor({ state: 'visible' });
    const { items } = await call(base, '/api/images', { token: friend.token });
    if (!items.some((image) => image.pageUrl === 'https://example.org/album')) fail('the copy is not in the friend\'s gallery');
    await friendContext.close();
  });

  if (pageErrors.length > 0) fail(`page errors: ${pageErrors.join('; ')}`);
}

const watchdog = setTimeout(async () => {
  console.error(`FAIL sharing e2e: gave up after ${OVERALL_MS / 1000} s during "${currentStep()}"`);
  process.exit(1);
}, OVERALL_MS);

console.log('sharing e2e');
main().then(
  async () => {
    clearTimeout(watchdog);
    await browser?.close();
    console.log('PASS sharing e2e');
  },
  async (error) => {
    clearTimeout(watchdog);
    console.error(`FAIL sharing e2e, during "${currentStep()}":\n  ${error instanceof Failure ? error.message : error?.stack}`);
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
    process.exit(1);
  },
);
