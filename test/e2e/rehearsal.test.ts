// Rehearsal in real Chromium: a ?whatif=drain: deep link shows the projection (stats().feed "whatif", REHEARSAL
// across the view), R flips live ↔ projected, a viewer token is refused plainly, a wall display stays live.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, navigate, openPage, screenshot, stats, waitForStats } from './support/browser';
import { tempDir } from './support/fixtures';
import { topology } from './support/graph';
import { startHub, type RunningHub } from './support/hub';

const OPERATOR = 'rehearsal-operator-secret';
const VIEWER = 'rehearsal-viewer-secret';
let hub: RunningHub;
let browser: Browser;
let regions: string[];

beforeAll(async () => {
  const dir = tempDir();
  const config = join(dir, 'flowsight.yaml');
  // Headroom 1.1: the survivors of the busiest region's drain take +40 % or more and go over, clear of noise.
  writeFileSync(config, `interval: 1\ntoken: ${OPERATOR}\nviewerTokens: [${VIEWER}]\nheadroom: 1.1\nsources:\n  - name: demo\n    type: demo\n`);
  hub = await startHub(['--config', config, '--port', '0']);
  browser = await launchBrowser();
  const graph = (await (await fetch(hub.url + 'api/graph', { headers: { Authorization: `Bearer ${OPERATOR}` } })).json()) as {
    connections: Array<{ source: string; target: string; metrics?: { normal?: number } }>;
  };
  const ingress = (region: string) => graph.connections.find((c) => c.source === 'INTERNET' && c.target === region)?.metrics?.normal ?? 0;
  // The busiest region first: draining it is the rehearsal worth having.
  regions = (await topology(hub.url, OPERATOR)).regions.sort((a, b) => ingress(b) - ingress(a));
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

describe('rehearsal', () => {
  it('opens a ?whatif=drain: deep link on the projection, marked REHEARSAL, and R flips to live and back', async () => {
    const drained = regions[0]!;
    const survivor = regions[1]!; // the next busiest takes the largest share
    const { page, problems } = await openPage(browser);
    await page.goto(`${hub.url}?token=${OPERATOR}#/?whatif=drain:${encodeURIComponent(drained)}`);
    const s = await waitForStats(page, (x) => x.feed === 'whatif' && x.nodes > 0);
    expect(s.live).toBe(false);
    expect(await page.locator('#rehearsal-banner').isVisible()).toBe(true);
    expect(await page.locator('#rehearsal-banner .rehearsal-banner-title').textContent()).toBe('REHEARSAL');
    // The ranked list in the panel: highest utilisation first, with the utilisation written out.
    await page.locator('#rehearsal .rehearsal-ranked li').first().waitFor({ timeout: 15_000 });
    const utilisations = await page.locator('#rehearsal .rehearsal-util').allTextContents();
    const numbers = utilisations.map((u) => parseFloat(u));
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(numbers[0]).toBeGreaterThan(100);
    await page.waitForTimeout(1500); // let the layout settle for the picture
    await screenshot(page, 'rehearsal-global');

    // Into a survivor's region view: still the projection, the plan kept in the address bar.
    await navigate(page, `#/region/${encodeURIComponent(survivor)}`);
    await waitForStats(page, (x) => x.view === 'region' && x.region === survivor && x.feed === 'whatif' && x.nodes > 0);
    expect(await page.evaluate(() => location.hash)).toContain('whatif=drain:');
    // Utilisation is written on an overloaded node's label.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#labels div')).some((d) => /% of capacity/.test(d.textContent ?? '')), null, { timeout: 15_000 });
    await page.waitForTimeout(1500);
    await screenshot(page, 'rehearsal-region');

    await page.keyboard.press('r');
    await waitForStats(page, (x) => x.feed === 'live' && x.live);
    expect(await page.locator('#rehearsal-banner').isVisible()).toBe(false);
    await page.keyboard.press('r');
    await waitForStats(page, (x) => x.feed === 'whatif');

    // Back to live from the control ends the rehearsal and drops the plan from the address.
    await page.locator('#rehearsal .rehearsal-stop').click();
    await waitForStats(page, (x) => x.feed === 'live' && x.live);
    expect(await page.evaluate(() => location.hash)).not.toContain('whatif');
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('projects a plan picked in the Rehearse control', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${hub.url}?token=${OPERATOR}#/`);
    await waitForStats(page, (x) => x.live && x.nodes > 0);
    await page.locator('.rehearse-button').click();
    await page.locator('#rehearsal .rehearsal-region', { hasText: regions[0]! }).locator('input[type=checkbox]').check();
    await page.locator('#rehearsal .rehearsal-fraction').selectOption('0.5');
    await page.locator('#rehearsal .rehearsal-project').click();
    await waitForStats(page, (x) => x.feed === 'whatif');
    expect(await page.locator('#rehearsal .rehearsal-steps').textContent()).toMatch(/^25%: \d+ over · 50%: \d+ over$/);
    expect(await page.evaluate(() => location.hash)).toContain(`whatif=drain:${regions[0]};fraction:0.5`);
    await page.waitForTimeout(1000);
    await screenshot(page, 'rehearsal-control');
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('refuses a viewer token plainly and keeps showing live data', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${hub.url}?token=${VIEWER}#/?whatif=drain:${encodeURIComponent(regions[0]!)}`);
    await page.locator('#rehearsal .rehearsal-message.error').waitFor({ timeout: 15_000 });
    expect(await page.locator('#rehearsal .rehearsal-message').textContent()).toMatch(/operator token/);
    const s = await waitForStats(page, (x) => x.live && x.nodes > 0);
    expect(s.feed).toBe('live');
    expect(await page.locator('#rehearsal-banner').isVisible()).toBe(false);
    await screenshot(page, 'rehearsal-viewer-refused');
    await page.close();
  });

  it('never shows a projection on a wall display', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${hub.url}?wall=5&token=${OPERATOR}#/?whatif=drain:${encodeURIComponent(regions[0]!)}`);
    await waitForStats(page, (x) => x.wall && x.live && x.nodes > 0);
    await page.waitForTimeout(2500); // a projection, were it requested, would have arrived by now
    const s = await stats(page);
    expect(s.feed).toBe('live');
    expect(await page.locator('#rehearsal-banner').isVisible()).toBe(false);
    await page.close();
  });
});
