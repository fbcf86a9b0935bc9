#!/usr/bin/env node
// Browser test of boards and of choosing several images, against a running Scrapbook server.
//
//   node e2e/boards.mjs <baseUrl> <photosFolder> <screenshotFolder>
//
// With real clicks: the owner makes a board, chooses three images (check box, then Shift-click) and adds them,
// adds a fourth from its preview, arranges the board with a move button and by dragging (the server's order and a
// reload agree), renames and describes it, shares it with a friend as contributor and by a public link (opened,
// then revoked: 404). The friend adds a picture of their own, then leaves (their picture goes with them). The
// owner adds and removes them as viewer, shares two chosen images with them and deletes two others with one
// confirmation, then deletes the board: its images stay. Every step is checked against the API.

import { launchChromium } from './chromium.mjs';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { Failure, currentStep, fail, sleep, step } from './steps.mjs';
import {
  call, newUser, befriend, save, photos, loopbackBase, newContext, logIn, noCspViolations, tileIds, sameList, confirm,
  png, run,
} from './scrapbook.mjs';

let browser = null;

async function boardOrder(base, user, boardId) {
  const { items } = await call(base, `/api/boards/${boardId}/images?limit=100`, { token: user.token });
  return items.map((item) => item.image.id);
}

async function pickBoard(page, name) {
  await page.waitForFunction(() => document.getElementById('board-picker').open);
  const row = page.locator('[data-testid="board-picker-item"]', { hasText: name });
  await row.waitFor({ state: 'visible' });
  await row.locator('input[type=checkbox]').check();
  await page.click('#board-picker-save');
  await page.waitForFunction(() => !document.getElementById('board-picker').open);
}

/** The board's tiles once the page shows the order the server has. */
async function boardTilesMatchServer(page, base, user, boardId, expected) {
  // The page sends a move after showing it: the server's order follows within moments.
  let server = await boardOrder(base, user, boardId);
  for (let tries = 0; tries < 50 && JSON.stringify(server) !== JSON.stringify(expected); tries += 1) {
    await sleep(100);
    server = await boardOrder(base, user, boardId);
  }
  sameList(server, expected, 'the server\'s board order');
  await page.waitForFunction((ids) => JSON.stringify([...document.querySelectorAll('#board-grid .tile')]
    .map((t) => t.dataset.id)) === JSON.stringify(ids), expected).catch(async () => {
    fail(`the board shows ${JSON.stringify(await tileIds(page, 'board-grid'))}, expected ${JSON.stringify(expected)}`);
  });
}

async function main() {
  const [baseArg, photoFolder, shots] = process.argv.slice(2);
  if (!baseArg || !photoFolder || !shots) fail('usage: node e2e/boards.mjs <baseUrl> <photosFolder> <screenshotFolder>');
  const base = loopbackBase(baseArg);
  await mkdir(shots, { recursive: true });
  const samples = await photos(photoFolder);

  const { owner, friend, friendImage } = await step('an owner with six images and a friend with one', async () => {
    const [a, b] = [await newUser(base), await newUser(base)];
    await befriend(base, a, b);
    for (const photo of samples.slice(0, 4)) await save(base, a, photo.bytes, 'image/jpeg', { filename: photo.name });
    await save(base, a, png(300, 200, [230, 120, 30], [30, 120, 230]), 'image/png', { filename: 'orange.png' });
    await save(base, a, png(200, 300, [20, 200, 120], [120, 20, 200], 3), 'image/png', { filename: 'violet.png' });
    const own = await save(base, b, png(320, 240, [250, 250, 40], [40, 40, 40], 4), 'image/png', { filename: 'friend.png' });
    return { owner: a, friend: b, friendImage: own.id };
  });

  browser = await launchChromium();
  const errors = [];
  const { page } = await newContext(browser, base, errors);
  await logIn(page, base, owner);
  await page.waitForFunction(() => document.querySelectorAll('#grid .tile').length === 6);
  const gallery = await tileIds(page, 'grid');

  const boardId = await step('make a board on the Boards view', async () => {
    await page.click('#nav-boards');
    await page.locator('#boards-empty').waitFor({ state: 'visible' });
    await page.fill('#board-create-name', 'Summer');
    await page.click('#board-create');
    await page.waitForFunction(() => !document.getElementById('board-view').hidden
      && document.getElementById('board-name').textContent === 'Summer');
    const id = new URL(page.url()).hash.replace('#/boards/', '');
    const board = await call(base, `/api/boards/${id}`, { token: owner.token });
    if (board.name !== 'Summer' || board.role !== 'owner') fail(`the server has ${JSON.stringify(board)}`);
    return id;
  });

  await step('choose three images (check box, Shift-click) and add them to the board', async () => {
    await page.click('#nav-gallery');
    await page.locator(`#grid [data-id="${gallery[0]}"] [data-testid="tile-check"]`).click();
    await page.locator(`#grid [data-id="${gallery[2]}"] .tile-btn`).click({ modifiers: ['Shift'] });
    const count = await page.textContent('#selection-count');
    if (count !== '3 images selected') fail(`the selection bar says "${count}"`);
    const ticked = await page.$$eval('#grid [data-testid="tile-check"]:checked', (boxes) => boxes.map((b) => b.closest('.tile').dataset.id));
    sameList(ticked, gallery.slice(0, 3), 'the ticked check boxes');
    await page.click('#selection-board');
    await pickBoard(page, 'Summer');
    await page.waitForFunction(() => document.getElementById('selection-bar').hidden);
    sameList(await boardOrder(base, owner, boardId), gallery.slice(0, 3), 'the board after adding three');
  });

  await step('add a fourth from its preview', async () => {
    await page.click(`#grid [data-id="${gallery[3]}"] .tile-btn`);
    await page.waitForFunction(() => document.getElementById('preview').open);
    await page.click('#preview-add-board');
    await pickBoard(page, 'Summer');
    sameList(await boardOrder(base, owner, boardId), gallery.slice(0, 4), 'the board after adding from the preview');
    await page.click('#preview-add-board');
    await page.waitForFunction(() => document.querySelector('[data-testid="board-picker-check"]')?.checked === true);
    await page.click('#board-picker-cancel');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.getElementById('preview').open);
  });

  let order = gallery.slice(0, 4);
  await step('open the board from the list; its tiles are in board order', async () => {
    await page.click('#nav-boards');
    const card = page.locator('[data-testid="board-card"]', { hasText: '4 pictures' });
    await card.waitFor({ state: 'visible' });
    await page.locator('[data-testid="board-card"] img').first().evaluate((img) => img.decode());
    await page.screenshot({ path: path.join(shots, 'boards-light.png'), animations: 'disabled' });
    await card.locator('a').click();
    await boardTilesMatchServer(page, base, owner, boardId, order);
  });

  await step('a move button moves the first picture one later', async () => {
    const first = page.locator(`#board-grid [data-id="${order[0]}"]`);
    await first.hover();
    await first.locator('[data-testid="move-later"]').click();
    order = [order[1], order[0], order[2], order[3]];
    await boardTilesMatchServer(page, base, owner, boardId, order);
  });

  await step('drag the last picture onto the first place', async () => {
    await page.locator(`#board-grid [data-id="${order[3]}"]`).dragTo(page.locator(`#board-grid [data-id="${order[0]}"]`));
    order = [order[3], order[0], order[1], order[2]];
    await boardTilesMatchServer(page, base, owner, boardId, order);
    await page.reload();
    await boardTilesMatchServer(page, base, owner, boardId, order);
  });

  await step('rename and describe the board', async () => {
    await page.click('#board-edit-open');
    await page.fill('#board-edit-name', 'Summer 2026');
    await page.fill('#board-edit-description', 'Beach days and long evenings');
    await page.click('#board-edit-save');
    await page.waitForFunction(() => document.getElementById('board-name').textContent === 'Summer 2026');
    const board = await call(base, `/api/boards/${boardId}`, { token: owner.token });
    if (board.name !== 'Summer 2026' || board.description !== 'Beach days and long evenings') fail(`the server has ${JSON.stringify(board)}`);
    await page.screenshot({ path: path.join(shots, 'board-light.png'), fullPage: true, animations: 'disabled' });
  });

  await step('share it with the friend as contributor, and by a link that works until revoked', async () => {
    await page.click('#board-share-open');
    await page.waitForFunction(() => document.getElementById('board-share').open);
    await page.selectOption('#board-member-friend', { label: friend.username });
    await page.selectOption('#board-member-role', 'contributor');
    await page.click('#board-member-add');
    await page.locator('[data-testid="board-member"]', { hasText: friend.username }).waitFor({ state: 'visible' });
    const { members } = await call(base, `/api/boards/${boardId}/members`, { token: owner.token });
    sameList(members.map((m) => [m.username, m.role]), [[friend.username, 'contributor']], 'members');

    await page.click('#board-link-create');
    await page.waitForFunction(() => document.getElementById('board-link-url').value.includes('/s/'));
    const link = await page.inputValue('#board-link-url');
    const opened = await fetch(link);
    const html = await opened.text();
    if (opened.status !== 200 || !html.includes('Summer 2026')) fail(`the link answered ${opened.status}`);
    await page.click('[data-testid="board-link-revoke"]');
    await confirm(page, 'Revoke');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="board-link-item"]').length === 0);
    const revoked = await fetch(link);
    if (revoked.status !== 404) fail(`the revoked link answered ${revoked.status}`);
    await page.click('#board-share-close');
  });

  await step('the friend adds a picture of their own from its preview, then leaves the board', async () => {
    const { page: friendPage } = await newContext(browser, base, errors);
    await logIn(friendPage, base, friend);
    await friendPage.click(`#grid [data-id="${friendImage}"] .tile-btn`);
    await friendPage.click('#preview-add-board');
    await pickBoard(friendPage, 'Summer 2026');
    sameList(await boardOrder(base, owner, boardId), [...order, friendImage], 'the board after the friend added');
    await friendPage.keyboard.press('Escape');
    await friendPage.click('#nav-boards');
    const card = friendPage.locator('[data-testid="board-card"]', { hasText: `${owner.username}'s, you add pictures` });
    await card.waitFor({ state: 'visible' });
    await card.locator('a').click();
    await friendPage.waitForFunction(() => document.querySelectorAll('#board-grid .tile').length === 5);
    if (await friendPage.isVisible('#board-delete')) fail('a contributor is offered to delete the board');
    await friendPage.click('#board-leave');
    await confirm(friendPage, 'Leave');
    await friendPage.waitForFunction(() => !document.getElementById('boards-view').hidden);
    await friendPage.locator('#boards-empty').waitFor({ state: 'visible' });
    const { members } = await call(base, `/api/boards/${boardId}/members`, { token: owner.token });
    if (members.length !== 0) fail(`still members: ${JSON.stringify(members)}`);
    sameList(await boardOrder(base, owner, boardId), order, 'the board after the friend left');
    await friendPage.context().close();
  });

  await step('add the friend as viewer, make them contributor, then remove them', async () => {
    await page.click('#board-share-open');
    await page.selectOption('#board-member-friend', { label: friend.username });
    await page.selectOption('#board-member-role', 'viewer');
    await page.click('#board-member-add');
    const row = page.locator('[data-testid="board-member"]', { hasText: friend.username });
    await row.waitFor({ state: 'visible' });
    const { members } = await call(base, `/api/boards/${boardId}/members`, { token: owner.token });
    sameList(members.map((m) => m.role), ['viewer'], 'roles');
    await row.locator('[data-testid="board-member-role-change"]').selectOption('contributor');
    await page.locator('[data-testid="board-member-role-text"]', { hasText: 'contributor' }).waitFor({ state: 'visible' });
    const changed = await call(base, `/api/boards/${boardId}/members`, { token: owner.token });
    sameList(changed.members.map((m) => m.role), ['contributor'], 'roles after the change');
    await row.locator('[data-testid="board-member-remove"]').click();
    await confirm(page, friend.username);
    await row.waitFor({ state: 'detached' });
    const after = await call(base, `/api/boards/${boardId}/members`, { token: owner.token });
    if (after.members.length !== 0) fail('the friend is still a member');
    await page.click('#board-share-close');
  });

  await step('choose two images (Ctrl-click) and share them with the friend', async () => {
    await page.click('#nav-gallery');
    await page.locator(`#grid [data-id="${gallery[4]}"] .tile-btn`).click({ modifiers: ['Control'] });
    await page.locator(`#grid [data-id="${gallery[5]}"] .tile-btn`).click({ modifiers: ['Control'] });
    await page.click('#selection-share');
    await page.waitForFunction(() => document.getElementById('share-dialog').open);
    if (await page.isVisible('#share-by-link')) fail('links are offered for several images');
    await page.locator('[data-testid="share-friend"]', { hasText: friend.username }).locator('input').check();
    await page.click('#share-send');
    await page.waitForFunction(() => !document.getElementById('share-dialog').open);
    for (const id of gallery.slice(4, 6)) {
      const { recipients } = await call(base, `/api/shares?imageId=${id}`, { token: owner.token });
      if (!recipients.some((r) => r.id === friend.id)) fail(`image ${id} is not shared with the friend`);
    }
  });

  await step('delete two chosen images with one confirmation', async () => {
    await page.click('#selection-clear');
    await page.locator(`#grid [data-id="${gallery[4]}"] [data-testid="tile-check"]`).click();
    await page.locator(`#grid [data-id="${gallery[5]}"] [data-testid="tile-check"]`).click();
    const ticked = await page.$$eval('#grid [data-testid="tile-check"]:checked', (boxes) => boxes.map((b) => b.closest('.tile').dataset.id));
    sameList(ticked, gallery.slice(4, 6), 'the ticked check boxes');
    let confirmations = 0;
    await page.exposeFunction('__countConfirmation', () => { confirmations += 1; });
    await page.evaluate(() => {
      const dialog = document.getElementById('confirm-dialog');
      new MutationObserver(() => dialog.open && window.__countConfirmation()).observe(dialog, { attributes: true, attributeFilter: ['open'] });
    });
    await page.click('#selection-delete');
    await confirm(page, 'these 2 images');
    await page.waitForFunction(() => document.querySelectorAll('#grid .tile').length === 4);
    for (const id of gallery.slice(4, 6)) {
      const { status } = await call(base, `/api/images/${id}`, { token: owner.token, allow: [404] });
      if (status !== 404) fail(`image ${id} is still there`);
    }
    if (confirmations !== 1) fail(`asked ${confirmations} times`);
  });

  await step('delete the board; its images stay in the gallery', async () => {
    await page.goto(new URL(`/#/boards/${boardId}`, base).href);
    await page.waitForFunction(() => document.getElementById('board-name').textContent === 'Summer 2026');
    await page.waitForFunction(() => {
      const pictures = [...document.querySelectorAll('#board-grid img')];
      return pictures.length === 4 && pictures.every((img) => img.classList.contains('loaded'));
    });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(shots, 'board-dark.png'), fullPage: true, animations: 'disabled' });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.click('#board-delete');
    await confirm(page, 'Summer 2026');
    await page.waitForFunction(() => !document.getElementById('boards-view').hidden);
    const { status } = await call(base, `/api/boards/${boardId}`, { token: owner.token, allow: [404] });
    if (status !== 404) fail(`the board answers ${status}`);
    for (const id of order) await call(base, `/api/images/${id}`, { token: owner.token });
  });

  await step('no page error or CSP violation', async () => {
    await noCspViolations(page);
    if (errors.length > 0) fail(`page errors: ${errors.join('; ')}`);
  });
}

run('boards e2e', 240_000, main, { currentStep, Failure, browser: () => browser });
