#!/usr/bin/env node
// Browser test of searching against a running Scrapbook server.
//
//   node e2e/search.mjs <baseUrl> <photosFolder> <screenshotFolder>
//
// A user with 32 small PNGs named kite-NN and two photographs (one titled, one with a note, one on a board) types
// in the search box and sets the filters; the tiles shown are exactly the images the words and filters select,
// and a search longer than a page still pages in as the list scrolls (keyset cursor kept with the search). A friend
// searches "Shared with me" the same way, never
// by the owner's note. Every check compares the tile ids with the images made for it.

import { launchChromium } from './chromium.mjs';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { Failure, currentStep, fail, sleep, step } from './steps.mjs';
import {
  call, newUser, befriend, save, photos, loopbackBase, newContext, logIn, noCspViolations, tileIds, sameList, png, run,
} from './scrapbook.mjs';

const KITES = 32; // more than one page (30)

let browser = null;

const sorted = (ids) => [...ids].sort();

/**
 * Scrolls the grid's list as a reader would until it has settled on `count` tiles (no page still loading), and
 * returns their ids.
 */
async function shown(page, grid, count) {
  const settled = () => page.evaluate(({ id, n }) => {
    const list = document.getElementById(id);
    return list.querySelectorAll('.tile').length === n && list.getAttribute('aria-busy') !== 'true';
  }, { id: grid, n: count });
  for (let tries = 0; tries < 100 && !(await settled()); tries += 1) {
    await page.mouse.wheel(0, 4000);
    await sleep(200);
  }
  if (!(await settled())) fail(`${grid} shows ${(await tileIds(page, grid)).length} tiles, expected ${count}`);
  return tileIds(page, grid);
}

async function typeSearch(page, selector, words) {
  await page.fill(selector, words);
  // The box searches after a pause in typing; Enter searches at once.
  await page.press(selector, 'Enter');
}

async function main() {
  const [baseArg, photoFolder, shots] = process.argv.slice(2);
  if (!baseArg || !photoFolder || !shots) fail('usage: node e2e/search.mjs <baseUrl> <photosFolder> <screenshotFolder>');
  const base = loopbackBase(baseArg);
  await mkdir(shots, { recursive: true });
  const samples = await photos(photoFolder);

  const fixture = await step(`a user saves ${KITES} kite PNGs and two photographs; a board, a note, a friend`, async () => {
    const [owner, friend] = [await newUser(base), await newUser(base)];
    await befriend(base, owner, friend);
    const kites = [];
    for (let i = 0; i < KITES; i += 1) {
      const bytes = png(64 + i, 48, [i * 7, 90, 200 - i * 5], [250, 200, i * 6], 2 + (i % 5));
      kites.push((await save(base, owner, bytes, 'image/png', { filename: `kite-${String(i).padStart(2, '0')}.png` })).id);
    }
    const harbour = await save(base, owner, samples[0].bytes, 'image/jpeg', {
      filename: 'IMG_2041.jpg', title: 'Harbour bridge at dusk', pageUrl: 'https://photos.example.org/album/7',
    });
    const noted = await save(base, owner, samples[2].bytes, 'image/jpeg', { filename: 'IMG_2042.jpg' });
    await call(base, `/api/images/${noted.id}`, { method: 'PATCH', token: owner.token, json: { note: 'remember the lighthouse' } });
    const board = await call(base, '/api/boards', { method: 'POST', token: owner.token, json: { name: 'Coastline' } });
    await call(base, `/api/boards/${board.id}/images`, { method: 'POST', token: owner.token, json: { imageIds: [harbour.id] } });
    for (const imageId of [harbour.id, noted.id, kites[3]]) {
      await call(base, '/api/shares', { method: 'POST', token: owner.token, json: { imageId, friendIds: [friend.id] } });
    }
    return { owner, friend, kites, harbour: harbour.id, noted: noted.id, board: board.id };
  });
  const everything = [...fixture.kites, fixture.harbour, fixture.noted];

  browser = await launchChromium();
  const errors = [];
  // Days in the date filters are the browser's; the expected days here are UTC's: the same zone for both.
  const { page } = await newContext(browser, base, errors, { timezoneId: 'UTC' });
  const searches = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/images') searches.push(url.searchParams);
  });

  await step('log in; "/" puts the cursor in the search box', async () => {
    await logIn(page, base, fixture.owner);
    await page.locator('#grid .tile').first().waitFor({ state: 'visible' });
    await page.keyboard.press('/');
    const active = await page.evaluate(() => document.activeElement.id);
    if (active !== 'search-input') fail(`"/" focused "${active}"`);
  });

  await step('a word of the title finds that image alone', async () => {
    await typeSearch(page, '#search-input', 'harbour');
    sameList(await shown(page, 'grid', 1), [fixture.harbour], 'search "harbour"');
    if (await page.textContent('#gallery-heading') !== 'Search results') fail('the heading does not say it is a search');
  });

  await step('site: and the beginning of a word; the note is searched', async () => {
    await typeSearch(page, '#search-input', 'site:example.org brid');
    sameList(await shown(page, 'grid', 1), [fixture.harbour], 'search "site:example.org brid"');
    await typeSearch(page, '#search-input', 'lighthouse');
    sameList(await shown(page, 'grid', 1), [fixture.noted], 'search "lighthouse" (a note)');
  });

  await step(`"kite" finds all ${KITES}: the first page, then the rest as the list scrolls, with the same search`, async () => {
    searches.length = 0;
    await typeSearch(page, '#search-input', 'kite');
    const ids = await shown(page, 'grid', KITES);
    sameList(sorted(ids), sorted(fixture.kites), 'search "kite"');
    const paged = searches.filter((params) => params.get('cursor'));
    if (paged.length === 0 || !paged.every((params) => params.get('q') === 'kite')) {
      fail(`the next page was not asked with the search and a cursor: ${searches.map(String).join(' | ')}`);
    }
  });

  await page.screenshot({ path: path.join(shots, 'search.png'), fullPage: false, animations: 'disabled' });

  await step('format, board and date filters; clearing shows everything again', async () => {
    await page.fill('#search-input', '');
    await page.selectOption('#search-format', 'jpeg');
    sameList(sorted(await shown(page, 'grid', 2)), sorted([fixture.harbour, fixture.noted]), 'format jpeg');
    await page.selectOption('#search-format', '');
    await page.selectOption('#search-board', fixture.board);
    sameList(await shown(page, 'grid', 1), [fixture.harbour], 'board Coastline');
    await page.selectOption('#search-board', '');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.fill('#search-after', tomorrow);
    await page.dispatchEvent('#search-after', 'change');
    await shown(page, 'grid', 0);
    await page.locator('#empty', { hasText: 'Nothing matches' }).waitFor({ state: 'visible' });
    const today = new Date().toISOString().slice(0, 10);
    await page.fill('#search-after', '');
    await page.fill('#search-before', today);
    await page.dispatchEvent('#search-before', 'change');
    sameList(sorted(await shown(page, 'grid', everything.length)), sorted(everything), 'saved up to today');
    await page.click('#search-clear');
    sameList(sorted(await shown(page, 'grid', everything.length)), sorted(everything), 'cleared');
    if (await page.textContent('#gallery-heading') !== 'Your scrapbook') fail('the heading still says search');
  });

  await step('the friend searches "Shared with me"', async () => {
    const { page: friendPage } = await newContext(browser, base, errors);
    await logIn(friendPage, base, fixture.friend);
    await friendPage.click('#nav-shared');
    sameList(sorted(await shown(friendPage, 'shared-grid', 3)), sorted([fixture.harbour, fixture.noted, fixture.kites[3]]), 'shared with me');
    await friendPage.keyboard.press('/');
    await typeSearch(friendPage, '#shared-search', 'harbour');
    sameList(await shown(friendPage, 'shared-grid', 1), [fixture.harbour], 'shared search "harbour"');
    // The owner's note is theirs alone: a friend can't find the image by it.
    await typeSearch(friendPage, '#shared-search', 'lighthouse');
    await shown(friendPage, 'shared-grid', 0);
    await friendPage.locator('#shared-empty', { hasText: 'Nothing matches' }).waitFor({ state: 'visible' });
    await typeSearch(friendPage, '#shared-search', 'kite');
    sameList(await shown(friendPage, 'shared-grid', 1), [fixture.kites[3]], 'shared search "kite"');
    await noCspViolations(friendPage);
  });

  await step('no page error or CSP violation', async () => {
    await noCspViolations(page);
    if (errors.length > 0) fail(`page errors: ${errors.join('; ')}`);
  });
}

run('search e2e', 240_000, main, { currentStep, Failure, browser: () => browser });
