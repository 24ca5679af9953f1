// The scene alone (renderer/scene-harness.html on Vite's dev server, no hub) at the sizes the hub's demo
// never reaches: a 1,000-service region draws, animates and stays within the particle budget, and a rate
// change eases instead of jumping.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTICLE_BUDGET } from '../../shared/view/particles';
import { launchBrowser, openPage, screenshot, type PageProblems } from './support/browser';
import { ROOT } from './support/hub';
import { analyse } from './support/pixels';
import { changedFraction } from './support/png';

interface SceneStatsLike { nodes: number; connections: number; particles: number; frameMsP50: number }
interface HarnessWindow {
  harnessReady?: boolean;
  harness: { scene: { stats(): SceneStatsLike }; scaleRates(factor: number): void };
}

let server: ViteDevServer;
let browser: Browser;
let base = '';

beforeAll(async () => {
  server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    server: { port: 0, host: '127.0.0.1' },
    logLevel: 'error',
    // On a fresh clone (no dep cache) Vite would discover these on first load and reload the page mid-test.
    optimizeDeps: { include: ['three', 'd3', 'zod', 'elkjs/lib/elk.bundled.js'] },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not bind a port');
  base = `http://127.0.0.1:${address.port}/scene-harness.html`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(query: string): Promise<{ page: Page; problems: PageProblems }> {
  const opened = await openPage(browser);
  await opened.page.goto(`${base}?${query}`);
  await opened.page.waitForFunction(() => (window as unknown as HarnessWindow).harnessReady === true, null, { timeout: 60_000 });
  return opened;
}

function sceneStats(page: Page): Promise<SceneStatsLike> {
  return page.evaluate(() => (window as unknown as HarnessWindow).harness.scene.stats());
}

const WHOLE = { x: 0, y: 0, width: 1600, height: 900 };

describe('scene harness', () => {
  it('draws a 1,000-service region with moving particles inside the budget', async () => {
    const { page, problems } = await open('view=region&synthetic=1000');
    await page.waitForTimeout(2500);
    const stats = await sceneStats(page);
    expect(stats.nodes).toBe(1001);
    expect(stats.particles).toBeGreaterThan(500);
    expect(stats.particles).toBeLessThanOrEqual(PARTICLE_BUDGET);
    const first = analyse(await screenshot(page, 'scene-1000-a'), WHOLE);
    await page.waitForTimeout(400);
    const second = analyse(await screenshot(page, 'scene-1000-b'), WHOLE);
    expect(first.drawn).toBeGreaterThan(20_000);
    expect(changedFraction(first.image, second.image, WHOLE)).toBeGreaterThan(0.001);
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('eases particle density over about a second when rates drop', async () => {
    const { page } = await open('view=region&region=us-east-1');
    await page.waitForTimeout(1500);
    const before = (await sceneStats(page)).particles;
    await page.evaluate(() => (window as unknown as HarnessWindow).harness.scaleRates(0.0001));
    await page.waitForTimeout(150);
    const during = (await sceneStats(page)).particles;
    await page.waitForTimeout(1600);
    const after = (await sceneStats(page)).particles;
    expect(during).toBeLessThanOrEqual(before);
    expect(during).toBeGreaterThan(after);
    expect(after).toBeLessThan(before / 2);
    await page.close();
  });
});
