// Names from metrics are untrusted text (CONTRACT.md): a service named like an XSS payload is shown as
// text everywhere (labels, breadcrumbs, panel, search) and nothing it says runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { formatRoute } from '../../shared/view/routes';
import { launchBrowser, openPage, screenshot, settleScene, waitForStats } from './support/browser';
import { tempDir, vizceralFeed, writeConfig, writeJson } from './support/fixtures';
import { startHub, type RunningHub } from './support/hub';

const EVIL = '<img src=x onerror=alert(1)>';
const REGION = 'eu/west#1 <b>bold</b>';

let hub: RunningHub;
let browser: Browser;

beforeAll(async () => {
  const dir = tempDir();
  const feed = writeJson(
    dir,
    'traffic.json',
    vizceralFeed({
      [REGION]: [
        { source: 'INTERNET', target: 'gateway', normal: 500 },
        { source: 'gateway', target: EVIL, normal: 120, danger: 30 },
        { source: EVIL, target: 'db', normal: 90 },
      ],
    }),
  );
  const config = writeConfig(dir, 1, [{ name: 'feed', type: 'vizceral', path: feed }]);
  hub = await startHub(['--config', config, '--port', '0']);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

describe('hostile names', () => {
  it('shows a service named like markup as text, in focus view, and runs nothing', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url + formatRoute({ view: 'focus', region: REGION, service: EVIL }));
    const s = await waitForStats(page, (x) => x.live && x.view === 'focus' && x.nodes === 3);
    expect(s.region).toBe(REGION);
    expect(s.service).toBe(EVIL);
    await expect.poll(() => page.locator('#panel .panel-title').textContent()).toBe(EVIL);
    expect(await page.locator('#breadcrumbs .crumb.current').textContent()).toBe(EVIL);
    expect(await page.locator('#breadcrumbs .crumb').nth(1).textContent()).toBe(REGION);
    // The scene's labels hold the name as text too.
    await expect.poll(() => page.locator('#labels').textContent()).toContain(EVIL);
    // No element was made from the names: no <img>, no <b> anywhere in the document.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b').count()).toBe(0);

    await page.keyboard.press('/');
    await page.keyboard.type('onerror');
    await expect.poll(() => page.locator('#search-results .search-result').first().textContent()).toBe(`${EVIL} · ${REGION}`);
    await settleScene(page, 1500);
    await screenshot(page, 'hostile-name');
    expect(problems.dialogs).toEqual([]);
    expect(problems.errors).toEqual([]);
  });

  it('filters to failing calls with "errors only"', async () => {
    const { page } = await openPage(browser);
    await page.goto(hub.url + formatRoute({ view: 'region', region: REGION }));
    await waitForStats(page, (x) => x.live && x.view === 'region' && x.connections === 3);
    await page.locator('#errors-only').check();
    // Only gateway → EVIL fails; the filter keeps that call and its two ends.
    const s = await waitForStats(page, (x) => x.connections === 1);
    expect(s.nodes).toBe(2);
    await settleScene(page, 1500);
    await screenshot(page, 'errors-only');
    await page.close();
  });
});
