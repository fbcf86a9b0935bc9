#!/usr/bin/env node
// Builds the extension for both browsers from the one source in src/:
//   dist/chrome/  + dist/scrapbook-chrome.zip    (background service worker, "key" for a stable ID)
//   dist/firefox/ + dist/scrapbook-firefox.zip   (background scripts, gecko id; the zip is the .xpi)
// No dependencies: the zips are written with node:zlib, every entry with a fixed date so builds repeat.

import { readFile, writeFile, readdir, mkdir, rm, copyFile } from 'node:fs/promises';
import { deflateRawSync, crc32 } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, 'src');
const dist = path.join(here, 'dist');
const GECKO_ID = 'extension@scrapbook.dev';
// optional_host_permissions came in 128; the data-collection consent key in 140 (desktop) and 142 (Android).
const FIREFOX_MIN = '142.0';

const manifests = {
  chrome: (base) => ({ ...base, minimum_chrome_version: '121' }),
  firefox: (base) => {
    const { key, background, ...rest } = base;
    return {
      ...rest,
      background: { scripts: [background.service_worker], type: background.type },
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          strict_min_version: FIREFOX_MIN,
          // Saving sends the page's address and title, and the image, to the server the person connects to.
          data_collection_permissions: { required: ['browsingActivity', 'websiteContent'] },
        },
      },
    };
  },
};

async function filesUnder(folder, prefix = '') {
  const entries = await readdir(folder, { withFileTypes: true });
  const files = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...await filesUnder(path.join(folder, entry.name), relative));
    else files.push(relative);
  }
  return files;
}

// ZIP (APPNOTE 6.3): local headers, then the central directory, then its end record. DOS date 2020-01-01.
function zip(entries) {
  const DOS_TIME = 0;
  const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data, { level: 9 });
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt32LE(crc32(data), 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    header.copy(central, 8, 6, 28);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(header, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function build(target, base, files) {
  const folder = path.join(dist, target);
  await rm(folder, { recursive: true, force: true });
  const entries = [];
  for (const file of files) {
    await mkdir(path.dirname(path.join(folder, file)), { recursive: true });
    if (file === 'manifest.json') {
      const data = Buffer.from(`${JSON.stringify(manifests[target](base), null, 2)}\n`);
      await writeFile(path.join(folder, file), data);
      entries.push({ name: file, data });
    } else {
      await copyFile(path.join(source, file), path.join(folder, file));
      entries.push({ name: file, data: await readFile(path.join(source, file)) });
    }
  }
  const archive = path.join(dist, `scrapbook-${target}.zip`);
  await writeFile(archive, zip(entries));
  console.log(`built ${path.relative(process.cwd(), folder)} and ${path.relative(process.cwd(), archive)}`);
}

const base = JSON.parse(await readFile(path.join(source, 'manifest.json'), 'utf8'));
const files = await filesUnder(source);
await mkdir(dist, { recursive: true });
for (const target of Object.keys(manifests)) await build(target, base, files);
