// The scene alone: renderer/scene-harness.html on Vite's dev server (no hub), driven through `window.harness`.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import type { DrawnItem, SceneStats } from '../../../renderer/scene/index';
import type { Graph } from '../../../shared/model';
import { launchBrowser, openPage, type PageProblems } from './browser';
import { ROOT } from './hub';

export interface HarnessWindow {
  harnessReady?: boolean;
  harness: { scene: { stats(): SceneStats; inspect(id: string): DrawnItem | null; reveal(nodeId: string): void }; graph: Graph; scaleRates(factor: number): void };
}

/** Vite's dev server on a free port; `url` is the harness page. */
export async function startHarnessServer(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    server: { port: 0, host: '127.0.0.1' },
    logLevel: 'error',
    // On a fresh clone (no dep cache) Vite would discover these on first load and reload the page mid-test.
    optimizeDeps: { include: ['three', 'd3', 'zod', 'elkjs/lib/elk.bundled.js'] },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not bind a port');
  return { server, url: `http://127.0.0.1:${address.port}/scene-harness.html` };
}

/** A suite on the harness: its dev server and a browser for all the suite's tests, closed after them. */
export function useHarness(ready: (harness: { browser: Browser; url: string }) => void): void {
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const started = await startHarnessServer();
    server = started.server;
    browser = await launchBrowser();
    ready({ browser, url: started.url });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** The harness page with `query` (see renderer/scene/harness.ts), once it has shown its first view. */
export async function openHarness(browser: Browser, url: string, query: string): Promise<{ page: Page; problems: PageProblems }> {
  const opened = await openPage(browser);
  await opened.page.goto(`${url}?${query}`);
  await opened.page.waitForFunction(() => (window as unknown as HarnessWindow).harnessReady === true, null, { timeout: 60_000 });
  return opened;
}

export function sceneStats(page: Page): Promise<SceneStats> {
  return page.evaluate(() => (window as unknown as HarnessWindow).harness.scene.stats());
}

export function inspectInHarness(page: Page, id: string): Promise<DrawnItem | null> {
  return page.evaluate((key) => (window as unknown as HarnessWindow).harness.scene.inspect(key), id);
}
