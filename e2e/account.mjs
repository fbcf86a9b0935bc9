#!/usr/bin/env node
// Browser test of the Account view against a running Scrapbook server.
//
//   node e2e/account.mjs <baseUrl> <imageFile> <screenshotPath>
//
// A user made through the API saves <imageFile> and holds a second session. In Chromium, with real clicks and
// typing: log in, open Account, change the password (the page keeps working on the fresh session the answer
// carries; the second session ends), log out, log in with the new password (the old one is refused), then delete
// the account: a wrong password is refused and deletes nothing; the right one, after the confirmation dialog,
// signs the page out, and logging in fails from then on. Screenshots: <screenshotPath> (the Account view) and the
// confirmation beside it (-confirm.png). Exits 0 on success, 1 with a reason otherwise. Only the loopback server
// and its S3 URLs are reached.

import { launchChromium } from './chromium.mjs';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { Failure, currentStep, fail, step } from './steps.mjs';
import { call } from './scrapbook.mjs';

const OVERALL_MS = 150_000;

let browser = null;

async function logInStatus(base, username, password) {
  return (await call(base, '/api/account/login', { method: 'POST', json: { username, password }, allow: [401, 429] })).status;
}

async function logIn(page, base, username, password) {
  await page.goto(new URL('/', base).href);
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await page.waitForFunction(() => !document.getElementById('gallery-view').hidden);
}

const storedToken = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('scrapbook.session') || '{}').token);

async function main() {
  const [baseArg, imageFile, screenshotPath] = process.argv.slice(2);
  if (!baseArg || !imageFile || !screenshotPath) fail('usage: node e2e/account.mjs <baseUrl> <imageFile> <screenshotPath>');
  const base = new URL(baseArg);
  if (!/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(base.hostname)) fail(`baseUrl must be loopback, got ${baseArg}`);
  const confirmShot = screenshotPath.replace(/\.png$/, '') + '-confirm.png';

  const user = await step('a user with a saved image and a second session', async () => {
    const username = `e2e_${randomBytes(5).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    await call(base, '/api/account/signup', { method: 'POST', json: { username, password } });
    const { token } = await call(base, '/api/account/login', { method: 'POST', json: { username, password } });
    await call(base, '/api/save', { method: 'POST', token, body: await readFile(imageFile), type: 'image/jpeg' });
    return { username, password, otherSession: token };
  });
  const newPassword = `${randomBytes(12).toString('base64url')}-new`;

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  context.setDefaultTimeout(15_000);
  await context.route((url) => url.hostname !== base.hostname, (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await step('log in and open Account from the top bar', async () => {
    await logIn(page, base, user.username, user.password);
    await page.click('#nav-account');
    await page.waitForFunction(() => !document.getElementById('account-view').hidden);
    if (!(await page.isVisible('#account-data'))) fail('the "Your data" section is missing');
  });

  await step('change the password: the page keeps its session, the other one ends', async () => {
    const before = await storedToken(page);
    await page.fill('#password-current', user.password);
    await page.fill('#password-new', newPassword);
    await page.fill('#password-repeat', newPassword);
    await page.click('#password-submit');
    await page.locator('[data-testid="toasts"]', { hasText: 'Password changed' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: screenshotPath, fullPage: true, animations: 'disabled' });
    const after = await storedToken(page);
    if (!after || after === before) fail('the page did not keep the fresh session token');
    if ((await call(base, '/api/account/me', { token: after, allow: [401] })).status !== 200) fail('the fresh session does not work');
    if ((await call(base, '/api/account/me', { token: before, allow: [401] })).status !== 401) fail('the old session still works');
    if ((await call(base, '/api/account/me', { token: user.otherSession, allow: [401] })).status !== 401) fail('the other session still works');
    await page.click('#nav-gallery');
    await page.locator('[data-testid="tile"]').first().waitFor({ state: 'visible' });
  });

  await step('log out; the old password is refused, the new one logs in', async () => {
    await page.click('#logout-button');
    await page.waitForFunction(() => !document.getElementById('auth-view').hidden);
    await page.fill('#login-username', user.username);
    await page.fill('#login-password', user.password);
    await page.click('#login-submit');
    await page.locator('#login-error', { hasText: 'Wrong username or password' }).waitFor({ state: 'visible' });
    await logIn(page, base, user.username, newPassword);
  });

  await step('a wrong password deletes nothing', async () => {
    await page.click('#nav-account');
    await page.fill('#delete-password', 'not my password');
    await page.click('#delete-submit');
    await page.waitForFunction(() => document.getElementById('confirm-dialog').open);
    await page.click('#confirm-ok');
    await page.locator('#delete-error', { hasText: 'not your current password' }).waitFor({ state: 'visible' });
    if (await page.isVisible('#auth-view')) fail('a wrong password signed the page out');
    if (await logInStatus(base, user.username, newPassword) !== 200) fail('the account is gone after a wrong password');
  });

  await step('delete the account with the password and the confirmation: signed out, and log-in fails', async () => {
    await page.fill('#delete-password', newPassword);
    await page.click('#delete-submit');
    await page.waitForFunction(() => document.getElementById('confirm-dialog').open);
    const question = await page.textContent('#confirm-message');
    if (!question.includes(user.username)) fail(`the confirmation does not name the account: ${question}`);
    await page.screenshot({ path: confirmShot, animations: 'disabled' });
    await page.click('#confirm-ok');
    await page.locator('#auth-notice', { hasText: 'deleted' }).waitFor({ state: 'visible' });
    await page.fill('#login-username', user.username);
    await page.fill('#login-password', newPassword);
    await page.click('#login-submit');
    await page.locator('#login-error', { hasText: 'Wrong username or password' }).waitFor({ state: 'visible' });
    if (await logInStatus(base, user.username, newPassword) !== 401) fail('the deleted account still logs in');
  });

  if (pageErrors.length > 0) fail(`page errors: ${pageErrors.join('; ')}`);
}

const watchdog = setTimeout(async () => {
  console.error(`FAIL account e2e: gave up after ${OVERALL_MS / 1000} s during "${currentStep()}"`);
  process.exit(1);
}, OVERALL_MS);

console.log('account e2e');
main().then(
  async () => {
    clearTimeout(watchdog);
    await browser?.close();
    console.log('PASS account e2e');
  },
  async (error) => {
    clearTimeout(watchdog);
    console.error(`FAIL account e2e, during "${currentStep()}":\n  ${error instanceof Failure ? error.message : error?.stack}`);
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
    process.exit(1);
  },
);
