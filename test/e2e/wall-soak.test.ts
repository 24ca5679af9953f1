// Wall mode must run for weeks (issue 5 §2). An accelerated run: polls every 0.1 s, so the measured minute
// holds ~600 updates (50 minutes' worth at the default 5 s interval), with 2 s dwells (30 views) while the
// demo's topology churns. The JS heap after GC, DOM nodes and event listeners must stay flat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser, openPage, stats, waitForStats } from './support/browser';
import { startHub, type RunningHub } from './support/hub';

let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startHub(['--demo', '--port', '0', '--interval', '0.1']);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

interface Footprint {
  heapMB: number;
  nodes: number;
  listeners: number;
}

async function footprint(cdp: CDPSession): Promise<Footprint> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const counters = await cdp.send('Memory.getDOMCounters');
  return { heapMB: heap.usedSize / 2 ** 20, nodes: counters.nodes, listeners: counters.jsEventListeners };
}

async function updates(page: Page): Promise<number> {
  return (await stats(page)).updates;
}

async function soak(page: Page, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) await page.waitForTimeout(1000);
}

describe('wall mode soak', () => {
  it('keeps heap, DOM and listeners flat over many laps', async () => {
    const { page, problems } = await openPage(browser);
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${hub.url}?wall=2`);
    await waitForStats(page, (s) => s.live && s.wall);
    await soak(page, 15_000); // warm-up: layouts cached, JIT settled, history rings filling
    const before = await footprint(cdp);
    const updatesBefore = await updates(page);
    await soak(page, 60_000);
    const after = await footprint(cdp);
    const delivered = (await updates(page)) - updatesBefore;
    console.log(`wall soak: ${delivered} updates; heap ${before.heapMB.toFixed(1)} → ${after.heapMB.toFixed(1)} MB, DOM nodes ${before.nodes} → ${after.nodes}, listeners ${before.listeners} → ${after.listeners}`);
    expect(delivered).toBeGreaterThan(300);
    expect(after.heapMB).toBeLessThan(before.heapMB * 1.25 + 2);
    expect(after.nodes).toBeLessThan(before.nodes * 1.25 + 50);
    expect(after.listeners).toBeLessThanOrEqual(before.listeners + 10);
    expect(problems.errors).toEqual([]);
  }, 180_000);
});
