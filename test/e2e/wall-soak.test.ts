// Wall mode must run for weeks (issue 5 §2). A short accelerated soak (the long one is `npm run bench -- soak`):
// the hub in this process on a demo whose clock runs 60× fast, so a new service appears and the last one goes
// every 3 real seconds; polls every 0.2 s (~300 updates in the measured minute); 2 s dwells; six WebSocket
// displays beside the page, two pausing their reads and two reconnecting. After a full GC, the medians of the
// first and last third of the samples must agree: page heap, DOM nodes, listeners and the hub's heap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { GL_COUNTER_SCRIPT, MEMORY_FLAGS, hubFootprint, median, pageFootprint, startDisplays, startSoakHub, type Displays, type SoakHub } from '../../bench/soak-rig';
import { launchBrowser, openPage, stats, waitForStats } from './support/browser';

const WARMUP_MS = 15_000;
const MEASURE_MS = 60_000;
const SAMPLE_MS = 5_000;

let soak: SoakHub;
let displays: Displays | undefined;
let browser: Browser;

beforeAll(async () => {
  soak = await startSoakHub({ speed: 60, churnEveryMs: 3 * 60_000, intervalSeconds: 0.2 });
  displays = startDisplays(soak.hub.url, 6, 2, 2, { SOAK_PAUSE_MS: '15000', SOAK_READ_MS: '5000', SOAK_RECONNECT_MS: '4000' });
  browser = await launchBrowser(MEMORY_FLAGS);
});

afterAll(async () => {
  await displays?.stop().catch(() => undefined);
  await browser?.close();
  await soak?.close();
});

interface Sample {
  pageHeapMB: number;
  domNodes: number;
  listeners: number;
  hubHeapMB: number;
}

async function sample(page: Page, cdp: CDPSession): Promise<Sample> {
  const shown = await pageFootprint(page);
  const counters = await cdp.send('Memory.getDOMCounters');
  return { pageHeapMB: shown.heapMB, domNodes: shown.domNodes, listeners: counters.jsEventListeners, hubHeapMB: hubFootprint(soak.hub.port).heapMB };
}

function thirds(samples: Sample[], key: keyof Sample): { first: number; last: number } {
  const third = Math.max(1, Math.floor(samples.length / 3));
  return { first: median(samples.slice(0, third).map((s) => s[key])), last: median(samples.slice(-third).map((s) => s[key])) };
}

function experiments(): string[] {
  return soak.hub.graph().regions.flatMap((r) => r.nodes.filter((n) => n.name.startsWith('experiment-')).map((n) => n.name));
}

describe('wall mode soak', () => {
  it('keeps page heap, DOM, listeners and hub heap flat while the wall cycles and the topology churns', async () => {
    const { page, problems } = await openPage(browser);
    const cdp = await page.context().newCDPSession(page);
    await page.addInitScript(GL_COUNTER_SCRIPT);
    await page.goto(`${soak.hub.url}?wall=2`);
    await waitForStats(page, (s) => s.live && s.wall);
    await page.waitForTimeout(WARMUP_MS); // layouts cached, JIT settled, history rings full

    const samples: Sample[] = [];
    const views = new Set<string>();
    const churned = new Set<string>();
    const updatesBefore = (await stats(page)).updates;
    const end = Date.now() + MEASURE_MS;
    let nextSample = Date.now();
    while (Date.now() < end) {
      if (Date.now() >= nextSample) {
        samples.push(await sample(page, cdp));
        nextSample += SAMPLE_MS;
      }
      const s = await stats(page);
      views.add(`${s.view}:${s.region ?? ''}`);
      for (const name of experiments()) churned.add(name);
      await page.waitForTimeout(500);
    }
    samples.push(await sample(page, cdp));
    const delivered = (await stats(page)).updates - updatesBefore;
    const received = await displays!.stop();
    displays = undefined;

    const heap = thirds(samples, 'pageHeapMB');
    const dom = thirds(samples, 'domNodes');
    const listeners = thirds(samples, 'listeners');
    const hubHeap = thirds(samples, 'hubHeapMB');
    console.log(
      `wall soak: ${samples.length} samples, ${delivered} updates, ${views.size} views, ${churned.size} churned services, ${received.connects} display connects; ` +
        `page heap ${heap.first.toFixed(1)} → ${heap.last.toFixed(1)} MB, DOM ${dom.first} → ${dom.last}, listeners ${listeners.first} → ${listeners.last}, hub heap ${hubHeap.first.toFixed(1)} → ${hubHeap.last.toFixed(1)} MB`,
    );

    // The soak did what it claims: updates flowed, the wall cycled, services came and went, displays reconnected.
    expect(delivered).toBeGreaterThan(150);
    expect(views.size).toBeGreaterThanOrEqual(3);
    expect(churned.size).toBeGreaterThanOrEqual(5);
    expect(received.connects).toBeGreaterThan(6);
    expect(received.updates).toBeGreaterThan(0);
    // Generous bounds: a leak per update or per view (hundreds of each here) would blow through them.
    expect(heap.last).toBeLessThan(heap.first * 1.1 + 1);
    expect(dom.last).toBeLessThan(dom.first * 1.1 + 30);
    expect(listeners.last).toBeLessThanOrEqual(listeners.first + 10);
    expect(hubHeap.last).toBeLessThan(hubHeap.first + 5);
    expect(problems.errors).toEqual([]);
  }, 180_000);
});
