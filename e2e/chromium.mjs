// Debian's Chromium for the browser tests (a test tool's own browser download fails on this kind of machine).

import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** What Chromium needs on this kind of machine, headless or headed (the extension test runs under Xvfb). */
export const MACHINE_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync',
];
export const CHROMIUM_ARGS = ['--headless=new', ...MACHINE_FLAGS];

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}
