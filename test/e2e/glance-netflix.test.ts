// Netflix's sample at a glance: what Vizceral writes on each region (share of traffic, error rate) is on
// ours too, judged on ingress; streams are sized by volume; no trickle reads "0 rps".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, waitForStats } from './support/browser';
import { freshNetflixSample, tempDir, writeConfig, writeJson } from './support/fixtures';
import { ROOT, startHub, type RunningHub } from './support/hub';
import { inspect, label, shownLabels } from './support/scene';

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
    await page.waitForTimeout(1500);
    // Ingress is what the region's services receive from outside: us-east-1's INTERNET calls sum to 52,658 of
    // the 110,779 rps the INTERNET sends (48 %), 117.3 of them failing (0.2 %).
    expect((await label(page, '48%')).text).toBe('48%\n53k rps\n0.2% err');
    expect((await label(page, '30%')).text).toBe('30%\n33k rps\n0.2% err');
    expect((await label(page, '22%')).text).toBe('22%\n25k rps\n0.3% err');
    expect((await label(page, 'INTERNET')).text).toBe('INTERNET\n111k rps total · 0.2% err');
    expect((await label(page, 'us-east-1')).text).toBe('us-east-1\ninternal 75k calls/s\nworst semitropics → disseat 16%');
    const east = (await inspect(page, 'us-east-1'))!;
    const eu = (await inspect(page, 'eu-west-1'))!;
    expect((east.radiusPx! / eu.radiusPx!) ** 2).toBeCloseTo(52_657.756 / 24_793.142, 1);
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
