// The scene alone (renderer/scene-harness.html on Vite's dev server, no hub) at the sizes the hub's demo
// never reaches: a 1,000-service region draws, animates and stays within the particle budget, and a rate
// change eases instead of jumping. The harness opens with its clock paused: the tests step scene time.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PARTICLE_BUDGET, RATE_EASE_SECONDS } from '../../shared/view/particles';
import { screenshot, stepScene } from './support/browser';
import { openHarness, sceneStats, useHarness, type HarnessWindow } from './support/harness';
import { analyse } from './support/pixels';
import { changedFraction } from './support/png';

let browser: Browser;
let url = '';
useHarness((harness) => ({ browser, url } = harness));

const WHOLE = { x: 0, y: 0, width: 1600, height: 900 };

describe('scene harness', () => {
  it('draws a 1,000-service region with moving particles inside the budget', async () => {
    const { page, problems } = await openHarness(browser, url, 'view=region&synthetic=1000&clock=manual');
    await stepScene(page, 2500, 10);
    const stats = await sceneStats(page);
    expect(stats.nodes).toBe(1001);
    expect(stats.particles).toBeGreaterThan(500);
    expect(stats.particles).toBeLessThanOrEqual(PARTICLE_BUDGET);
    const first = analyse(await screenshot(page, 'scene-1000-a'), WHOLE);
    await stepScene(page, 400, 4);
    const second = analyse(await screenshot(page, 'scene-1000-b'), WHOLE);
    expect(first.drawn).toBeGreaterThan(20_000);
    expect(changedFraction(first.image, second.image, WHOLE)).toBeGreaterThan(0.001);
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('eases particle density over about a second when rates drop', async () => {
    const { page } = await openHarness(browser, url, 'view=region&region=us-east-1&clock=manual');
    await stepScene(page, 1500, 15);
    const before = (await sceneStats(page)).particles;
    await page.evaluate(() => (window as unknown as HarnessWindow).harness.scaleRates(0.0001));
    await stepScene(page, 150, 2);
    const during = (await sceneStats(page)).particles;
    await stepScene(page, RATE_EASE_SECONDS * 1000 + 600, 8);
    const after = (await sceneStats(page)).particles;
    expect(during).toBeLessThanOrEqual(before);
    expect(during).toBeGreaterThan(after);
    expect(after).toBeLessThan(before / 2);
    await page.close();
  });
});
