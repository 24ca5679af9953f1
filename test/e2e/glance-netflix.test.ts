// Netflix's sample at a glance: what Vizceral writes on each region (share of traffic, error rate) is on
// ours too, judged on ingress; streams are sized by volume; no trickle reads "0 rps".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, settleScene, waitForStats } from './support/browser';
import { freshNetflixSample, tempDir, writeConfig, writeJson } from './support/fixtures';
import { ROOT, startHub, type RunningHub } from './support/hub';
import { inspect, label, shownLabels } from './support/scene';
import { formatPercent, formatRps } from '../../shared/view/palette';

let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  const dir = tempDir();
  const config = writeConfig(dir, 2, [{ name: 'netflix', type: 'vizceral', path: writeJson(dir, 'sample.json', freshNetflixSample(ROOT)) }]);
  hub = await startHub(['--config', config, '--port', '0']);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

describe("Netflix's sample, global view", () => {
  it("writes each region's share of traffic and error rate as Vizceral does, and sizes by ingress", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url);
    await waitForStats(page, (s) => s.live && s.view === 'global' && s.nodes === 4 && s.particles > 0);
    await settleScene(page, 1500); // camera transition and particle easing
    // What enters each region is the INTERNET → region connection of /api/graph (Vizceral's format); its share
    // of everything the INTERNET sends and its error rate are what Vizceral writes inside the region's circle.
    const graph = (await (await fetch(hub.url + 'api/graph')).json()) as { connections: { source: string; target: string; metrics: { normal?: number; danger?: number; warning?: number } }[] };
    const entering = graph.connections.filter((c) => c.source === 'INTERNET');
    const volume = (m: { normal?: number; danger?: number; warning?: number }) => (m.normal ?? 0) + (m.danger ?? 0) + (m.warning ?? 0);
    const total = entering.reduce((sum, c) => sum + volume(c.metrics), 0);
    const ingress: Record<string, number> = {};
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      const c = entering.find((x) => x.target === region)!;
      ingress[region] = volume(c.metrics);
      const expected = `${formatPercent(volume(c.metrics) / total)}\n${formatRps(volume(c.metrics))} rps\n${formatPercent((c.metrics.danger ?? 0) / volume(c.metrics))} err`;
      // Inside the disc where the three lines fit; a disc too small for them (the timeline bar under the view
      // leaves less height) carries them on the line under its name instead, as one line.
      const inside = (await label(page, expected.split('\n')[0]!)).text;
      if (inside !== '') expect(inside).toBe(expected);
      else expect((await label(page, region)).text.split('\n')[1]).toBe(expected.replace(/\n/g, ' · '));
      if (region === 'us-east-1') expect(inside).toBe(expected); // the busiest region's disc always has room
    }
    // The sample's us-east-1: 52,658 of 110,779 rps (48 %), 0.2 % failing, by the per-service INTERNET calls.
    expect(total).toBeGreaterThan(100_000);
    expect((await label(page, 'INTERNET')).text).toBe(`INTERNET\n${formatRps(total)} rps total · ${formatPercent(entering.reduce((sum, c) => sum + (c.metrics.danger ?? 0), 0) / total)} err`);
    expect((await label(page, 'us-east-1')).text).toMatch(/^us-east-1\ninternal \d+k calls\/s\nworst semitropics → disseat \d+%$/);
    const east = (await inspect(page, 'us-east-1'))!;
    const eu = (await inspect(page, 'eu-west-1'))!;
    expect((east.radiusPx! / eu.radiusPx!) ** 2).toBeCloseTo(ingress['us-east-1']! / ingress['eu-west-1']!, 1);
    const eastStream = (await inspect(page, 'INTERNET→us-east-1'))!;
    const euStream = (await inspect(page, 'INTERNET→eu-west-1'))!;
    // Particles per pixel of stream: about twice as dense with twice the traffic.
    expect(eastStream.particles! / eastStream.lengthPx! / (euStream.particles! / euStream.lengthPx!)).toBeGreaterThan(1.6);
    expect(eastStream.streamHalfWidthPx!).toBeGreaterThan(euStream.streamHalfWidthPx! * 1.3);
    // The cross-region trickles (0.024 to 0.2 rps) read "< 0.1 rps" or "0.2 rps", the empty ones "idle"; never "0 rps".
    const texts = (await shownLabels(page)).map((l) => l.text);
    expect(texts.filter((t) => t === '< 0.1 rps')).toHaveLength(2);
    expect(texts).toContain('idle');
    expect(texts.some((t) => /(^|\n)0 rps/.test(t))).toBe(false);
    await screenshot(page, 'glance-netflix-global');
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});
