#!/usr/bin/env node
// Browser test of looking through the gallery against a running Scrapbook server.
//
//   node e2e/browsing.mjs <baseUrl> <photosFolder> <screenshotFolder>
//
// Justified rows: every tile has its picture's own shape (width/height within a pixel), rows fill the width at one
// height; a pending tile turns into its thumbnail in place. The keyboard: arrows move between tiles (up and down
// by rows), X chooses, Enter opens, arrows browse in the preview, Escape closes and gives the focus back, "/"
// searches, the focus ring shows. A title and a note edited in the preview reach the server. A picture saved again
// as a smaller PNG: the upload says when it was first saved, the preview offers to keep the larger, which deletes
// the smaller.
// Dark mode follows the system (emulated), with text contrast kept; screenshots light and dark.

import { launchChromium } from './chromium.mjs';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { Failure, currentStep, fail, step } from './steps.mjs';
import {
  call, newUser, save, photos, loopbackBase, newContext, logIn, noCspViolations, tileIds, confirm, png, run,
} from './scrapbook.mjs';

let browser = null;

/** Each loaded tile's box and its picture's own size. */
function tileGeometry(page) {
  return page.$$eval('#grid [data-testid="tile"]', (tiles) => tiles.map((tile) => {
    const box = tile.getBoundingClientRect();
    const img = tile.querySelector('img[data-testid="tile-img"]');
    return {
      id: tile.dataset.id,
      left: box.left, top: box.top, width: box.width, height: box.height, right: box.right,
      natural: img && img.complete && img.naturalWidth > 0 ? [img.naturalWidth, img.naturalHeight] : null,
    };
  }));
}

async function main() {
  const [baseArg, photoFolder, shots] = process.argv.slice(2);
  if (!baseArg || !photoFolder || !shots) fail('usage: node e2e/browsing.mjs <baseUrl> <photosFolder> <screenshotFolder>');
  const base = loopbackBase(baseArg);
  await mkdir(shots, { recursive: true });
  const samples = await photos(photoFolder);

  const { user, images } = await step('a user saves three photographs and two PNGs of extreme shapes', async () => {
    const owner = await newUser(base);
    const saved = [];
    for (const photo of samples.slice(0, 3)) {
      saved.push(await save(base, owner, photo.bytes, 'image/jpeg', { filename: photo.name }));
    }
    saved.push(await save(base, owner, png(600, 150, [200, 40, 40], [40, 40, 200]), 'image/png', { filename: 'wide.png' }));
    saved.push(await save(base, owner, png(150, 450, [40, 160, 40], [240, 220, 40], 3), 'image/png', { filename: 'tall.png' }));
    return { user: owner, images: saved };
  });

  browser = await launchChromium();
  const errors = [];
  const { page } = await newContext(browser, base, errors);

  await step('log in: the gallery shows every image', async () => {
    await logIn(page, base, user);
    await page.waitForFunction((n) => [...document.querySelectorAll('#grid img[data-testid="tile-img"]')]
      .filter((img) => img.complete && img.naturalWidth > 0).length === n, images.length, { timeout: 30_000 });
  });

  await step('justified rows: each tile has its picture\'s shape within a pixel, rows fill the width at one height', async () => {
    const tiles = await tileGeometry(page);
    const gridBox = await page.$eval('#grid', (grid) => grid.getBoundingClientRect().toJSON());
    for (const tile of tiles) {
      const [w, h] = tile.natural;
      const expectedWidth = tile.height * (w / h);
      if (Math.abs(tile.width - expectedWidth) > 1) {
        fail(`tile ${tile.id} is ${tile.width.toFixed(1)} x ${tile.height.toFixed(1)}, its picture ${w} x ${h}: `
          + `expected ${expectedWidth.toFixed(1)} wide`);
      }
    }
    const ratios = tiles.map((t) => t.width / t.height);
    if (!ratios.some((r) => r > 2.5) || !ratios.some((r) => r < 0.5)) fail(`not the pictures' shapes: ratios ${ratios.map((r) => r.toFixed(2))}`);
    const rows = new Map();
    for (const tile of tiles) rows.set(Math.round(tile.top), [...(rows.get(Math.round(tile.top)) || []), tile]);
    if (rows.size < 2) fail('expected more than one row');
    const tops = [...rows.keys()].sort((a, b) => a - b);
    for (const top of tops.slice(0, -1)) {
      const row = rows.get(top);
      const heights = row.map((t) => t.height);
      if (Math.max(...heights) - Math.min(...heights) > 1) fail(`row at ${top} has heights ${heights}`);
      if (heights[0] < 110 || heights[0] > 440) fail(`row at ${top} is ${heights[0]} high, far from the 220 aimed at`);
      const right = Math.max(...row.map((t) => t.right));
      if (Math.abs(right - gridBox.right) > 1.5) fail(`row at ${top} ends at ${right}, the grid at ${gridBox.right}`);
    }
  });

  await step('a pending tile turns into its thumbnail, with the thumbnail\'s shape', async () => {
    await page.setInputFiles('[data-testid="file-input"]', {
      name: 'ribbon.png', mimeType: 'image/png', buffer: png(480, 240, [20, 20, 20], [250, 250, 250], 5),
    });
    const handle = await page.waitForFunction(() => {
      const row = [...document.querySelectorAll('[data-testid="upload-item"]')].find((r) => r.textContent.includes('ribbon.png'));
      return row?.dataset.imageId || false;
    }, null, { timeout: 30_000 });
    const id = await handle.jsonValue();
    await page.waitForFunction((tileId) => {
      const img = document.querySelector(`#grid [data-id="${tileId}"] img[data-testid="tile-img"]`);
      return img && img.complete && img.naturalWidth > 0;
    }, id, { timeout: 60_000 });
    const tile = (await tileGeometry(page)).find((t) => t.id === id);
    if (Math.abs(tile.width - tile.height * 2) > 1) fail(`the new tile is ${tile.width} x ${tile.height}, not 2:1`);
    images.unshift(await call(base, `/api/images/${id}`, { token: user.token }));
  });

  await page.screenshot({ path: path.join(shots, 'browsing-light.png'), fullPage: true, animations: 'disabled' });

  await step('keyboard: arrows move between tiles and rows, Enter opens, arrows browse, Escape closes', async () => {
    const order = await tileIds(page, 'grid');
    await page.focus(`#grid [data-id="${order[0]}"] .tile-btn`);
    const focused = () => page.evaluate(() => document.activeElement.closest('.tile')?.dataset.id || document.activeElement.id);
    await page.keyboard.press('ArrowRight');
    if (await focused() !== order[1]) fail(`ArrowRight focused ${await focused()}, not the second tile`);
    const outline = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    if (outline.style === 'none' || outline.width < 2) fail(`no visible focus ring: ${JSON.stringify(outline)}`);
    await page.keyboard.press('ArrowLeft');
    if (await focused() !== order[0]) fail('ArrowLeft did not go back');
    const rowTop = async () => page.evaluate(() => document.activeElement.getBoundingClientRect().top + window.scrollY);
    const firstRow = await rowTop();
    await page.keyboard.press('ArrowDown');
    if (!(await rowTop() > firstRow + 10)) fail('ArrowDown stayed in the first row');
    await page.keyboard.press('ArrowUp');
    if (Math.abs(await rowTop() - firstRow) > 1) fail('ArrowUp did not come back to the first row');
    await page.keyboard.press('x');
    if (await page.textContent('#selection-count') !== '1 image selected') fail('X did not choose the focused tile');
    await page.keyboard.press('x');
    if (!(await page.isHidden('#selection-bar'))) fail('X again did not unchoose it');
    await page.keyboard.press('End');
    if (await focused() !== order[order.length - 1]) fail('End did not reach the last tile');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('preview').open);
    const titleOf = (id) => images.find((image) => image.id === id).title;
    const previewTitle = () => page.textContent('#preview-title');
    if (await previewTitle() !== titleOf(order[1])) fail(`Enter opened "${await previewTitle()}", not ${titleOf(order[1])}`);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((t) => document.getElementById('preview-title').textContent === t, titleOf(order[2]));
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((t) => document.getElementById('preview-title').textContent === t, titleOf(order[1]));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.getElementById('preview').open);
    await page.waitForFunction((id) => document.activeElement.closest('.tile')?.dataset.id === id, order[1]);
    await page.keyboard.press('/');
    if (await focused() !== 'search-input') fail(`"/" focused ${await focused()}, not the search box`);
  });

  await step('edit a title and a note in the preview; the server has them', async () => {
    const target = images.find((image) => image.format === 'jpeg');
    await page.click(`#grid [data-id="${target.id}"] .tile-btn`);
    await page.waitForFunction(() => document.getElementById('preview').open);
    await page.click('#preview-edit-open');
    await page.fill('#preview-edit-title', 'Bridge in the fog');
    await page.fill('#preview-edit-note', 'Print this one\nfor the hallway');
    await page.click('#preview-edit-save');
    await page.waitForFunction(() => document.getElementById('preview-edit').hidden
      && document.getElementById('preview-title').textContent === 'Bridge in the fog');
    const note = await page.textContent('#preview-note');
    if (note !== 'Print this one\nfor the hallway') fail(`the preview shows the note "${note}"`);
    const stored = await call(base, `/api/images/${target.id}`, { token: user.token });
    if (stored.title !== 'Bridge in the fog' || stored.note !== 'Print this one\nfor the hallway') {
      fail(`the server has title "${stored.title}" and note "${stored.note}"`);
    }
    const caption = await page.textContent(`#grid [data-id="${target.id}"] .tile-caption`);
    if (caption !== 'Bridge in the fog') fail(`the tile's caption is "${caption}"`);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.getElementById('preview').open);
  });

  await step('save a photograph again as a half-size PNG: told when it was first saved, keep the larger', async () => {
    const first = images.find((image) => image.title === samples[1].name);
    // The browser makes the smaller copy: decode, draw at half size, encode as PNG.
    const copy = await page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
      const canvas = new OffscreenCanvas(Math.round(bitmap.width / 2), Math.round(bitmap.height / 2));
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      const out = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < out.length; i += 0x8000) binary += String.fromCharCode(...out.subarray(i, i + 0x8000));
      return btoa(binary);
    }, samples[1].bytes.toString('base64'));
    await page.setInputFiles('[data-testid="file-input"]', { name: 'smaller-copy.png', mimeType: 'image/png', buffer: Buffer.from(copy, 'base64') });
    const row = page.locator('[data-testid="upload-item"][data-state="similar"]', { hasText: 'smaller-copy.png' });
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    const said = await row.locator('[data-testid="upload-status"]').textContent();
    if (!said.startsWith('You already saved this picture on')) fail(`the upload row says "${said}"`);
    const copyId = await row.getAttribute('data-image-id');
    await row.locator('[data-testid="upload-compare"]').click();
    await page.waitForFunction(() => document.getElementById('preview').open && !document.getElementById('preview-similar').hidden);
    const notice = await page.textContent('#preview-similar-text');
    if (!notice.startsWith('You already saved this picture on')) fail(`the preview says "${notice}"`);
    await page.locator(`[data-testid="preview-similar-item"][data-id="${first.id}"]`).waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(shots, 'preview-similar.png'), animations: 'disabled' });
    await page.click('#preview-keep-larger');
    await confirm(page, 'this copy');
    // The page takes the tile away once the server has answered the delete.
    await page.waitForFunction((id) => !document.querySelector(`#grid [data-id="${id}"]`), copyId);
    const gone = await call(base, `/api/images/${copyId}`, { token: user.token, allow: [404] });
    if (gone.status !== 404) fail('the smaller copy is still there');
    const kept = await call(base, `/api/images/${first.id}`, { token: user.token, allow: [404] });
    if (kept.status !== 200) fail('the larger one was deleted');
    await page.waitForFunction((t) => document.getElementById('preview-title').textContent === t, samples[1].name);
    await page.keyboard.press('Escape');
  });

  const contrast = () => page.evaluate(() => {
    const rgb = (value) => {
      const probe = document.createElement('span');
      probe.style.color = value;
      document.body.append(probe);
      const parts = getComputedStyle(probe).color.match(/[\d.]+/g).map(Number);
      probe.remove();
      return parts.slice(0, 3);
    };
    const luminance = ([r, g, b]) => {
      const [R, G, B] = [r, g, b].map((c) => {
        const v = c / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const ratio = (a, b) => {
      const [x, y] = [luminance(rgb(a)), luminance(rgb(b))].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const vars = getComputedStyle(document.documentElement);
    const v = (name) => vars.getPropertyValue(name).trim();
    return {
      background: luminance(rgb(getComputedStyle(document.body).backgroundColor)),
      text: ratio(v('--text'), v('--bg')),
      muted: ratio(v('--muted'), v('--bg')),
      mutedOnSurface: ratio(v('--muted'), v('--surface')),
      accentButton: ratio(v('--accent-text'), v('--accent')),
      danger: ratio(v('--danger'), v('--surface')),
      focusRing: ratio(v('--accent'), v('--bg')),
    };
  });

  const checkContrast = (measured, scheme) => {
    const minimum = { text: 7, muted: 4.5, mutedOnSurface: 4.5, accentButton: 4.5, danger: 4.5, focusRing: 3 };
    for (const [name, least] of Object.entries(minimum)) {
      if (!(measured[name] >= least)) fail(`${scheme}: ${name} contrast ${measured[name].toFixed(2)} < ${least}`);
    }
  };

  await step('light mode: contrast of text, muted text, buttons and the focus ring', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await contrast();
    if (light.background < 0.8) fail(`light mode background luminance ${light.background}`);
    checkContrast(light, 'light');
  });

  await step('dark mode follows the system: dark background, contrast kept; screenshots', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await contrast();
    if (dark.background > 0.05) fail(`dark mode background luminance ${dark.background}: not dark`);
    checkContrast(dark, 'dark');
    await page.screenshot({ path: path.join(shots, 'browsing-dark.png'), fullPage: true, animations: 'disabled' });
    const some = (await tileIds(page, 'grid'))[0];
    await page.click(`#grid [data-id="${some}"] .tile-btn`);
    await page.waitForFunction(() => document.getElementById('preview').open);
    await page.screenshot({ path: path.join(shots, 'preview-dark.png'), animations: 'disabled' });
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  await step('no page error or CSP violation', async () => {
    await noCspViolations(page);
    if (errors.length > 0) fail(`page errors: ${errors.join('; ')}`);
  });
}

run('browsing e2e', 240_000, main, { currentStep, Failure, browser: () => browser });
