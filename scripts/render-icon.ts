// Renders assets/icon.svg to assets/icon.png (512×512, transparent corners) in headless Chromium, so the
// packaged app's icon is drawn by the same engine that draws the app. `npx tsx scripts/render-icon.ts`;
// the PNG is committed, electron-builder derives .icns/.ico from it.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const svgPath = fileURLToPath(new URL('../assets/icon.svg', import.meta.url));
const pngPath = fileURLToPath(new URL('../assets/icon.png', import.meta.url));
const SIZE = 512;

const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  const svg = readFileSync(svgPath, 'utf8');
  await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  writeFileSync(pngPath, png);
  process.stdout.write(`wrote ${pngPath} (${png.length} bytes)\n`);
} finally {
  await browser.close();
}
