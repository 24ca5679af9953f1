// Netflix's own Vizceral sample feed (issue 4: "it must render well"), served through a `vizceral` file
// source: the global view and a 70-service region draw with particles and no page errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { formatRoute } from '../../shared/view/routes';
import { launchBrowser, openPage, resumeScene, screenshot, stepScene, waitForStats } from './support/browser';
import { freshNetflixSample, tempDir, writeConfig, writeJson } from './support/fixtures';
import { ROOT, startHub, type RunningHub } from './support/hub';
import { analyse, motion } from './support/pixels';

let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  const dir = tempDir();
  const config = writeConfig(dir, 2, [{ name: 'netflix', type: 'vizceral', path: writeJson(dir, 'vizceral-sample.json', freshNetflixSample(ROOT)) }]);
  hub = await startHub(['--config', config, '--port', '0']);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

describe("Netflix's sample feed", () => {
  it('draws the global view and the us-east-1 region with moving particles', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url);
    await waitForStats(page, (x) => x.live && x.view === 'global' && x.nodes === 4 && x.particles > 0);

    await page.goto(hub.url + formatRoute({ view: 'region', region: 'us-east-1' }));
    const s = await waitForStats(page, (x) => x.live && x.view === 'region' && x.nodes >= 70 && x.particles > 0);
    expect(s.connections).toBeGreaterThan(100);
    await stepScene(page, 2500); // camera transition and particle easing
    const first = await screenshot(page, 'netflix-region');
    await stepScene(page, 250, 3);
    const second = await screenshot(page, 'netflix-region-later');
    await resumeScene(page);
    expect(analyse(first).drawn).toBeGreaterThan(10_000);
    expect(motion(first, second)).toBeGreaterThan(0.0005);
    // The panel traces the numbers to the file.
    await expect.poll(() => page.locator('#panel .source-detail').textContent()).toContain('vizceral-sample.json');
    expect(problems.errors).toEqual([]);
  });
});
