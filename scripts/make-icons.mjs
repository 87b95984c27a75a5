#!/usr/bin/env node
/**
 * Rasterizes the add-in's icons from their SVG sources with headless Chromium, so the PNGs the
 * manifest names are always redrawn from the one design in assets/ (never edited by hand).
 *
 * assets/icon.svg is the full design; assets/icon-small.svg is the same idea with fewer, bolder
 * strokes for 16 and 32 px, where the full design turns to mush. Output: assets/icon-N.png.
 *
 * Usage: node scripts/make-icons.mjs   (needs /usr/bin/chromium; see docs/testing-notes)
 */
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const assets = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');

/** Size in px → the SVG source drawn at that size. */
const targets = [
  { size: 16, source: 'icon-small.svg' },
  { size: 32, source: 'icon-small.svg' },
  { size: 64, source: 'icon.svg' },
  { size: 80, source: 'icon.svg' },
  { size: 128, source: 'icon.svg' },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const { size, source } of targets) {
    const svg = readFileSync(join(assets, source), 'utf8');
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    // Inline the SVG as a data URL image so nothing is fetched and the background stays clear.
    const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">` +
        `<img src="${dataUrl}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    const png = await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    writeFileSync(join(assets, `icon-${size}.png`), png);
    process.stdout.write(`assets/icon-${size}.png from ${source}\n`);
    await page.close();
  }
} finally {
  await browser.close();
}
