// Freshness of the data itself: a feed written two days ago is STALE however often the hub re-reads it, a
// source's own maxAge is honoured, and a source that never answered shows NO DATA YET with grey nodes and "—".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, settleScene, waitForStats } from './support/browser';
import { closedPort, tempDir, vizceralFeed, writeConfig, writeJson } from './support/fixtures';
import { startHub, type RunningHub } from './support/hub';
import { inspect, label } from './support/scene';

let browser: Browser;
const hubs: RunningHub[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const hub of hubs) await hub.kill();
});

/** A feed whose own timestamps (`updated`, `serverUpdateTime`) are `ageMs` old. */
function agedFeed(ageMs: number): unknown {
  const feed = vizceralFeed({ 'feed-region': [{ source: 'INTERNET', target: 'edge', normal: 300 }, { source: 'edge', target: 'api', normal: 200 }] }) as {
    serverUpdateTime: number;
    nodes: { updated?: number }[];
  };
  const at = Date.now() - ageMs;
  feed.serverUpdateTime = at;
  for (const node of feed.nodes) if (node.updated !== undefined) node.updated = at;
  return feed;
}

describe('freshness of the data', () => {
  it('calls a feed last written two days ago STALE by its own time, greys it, and never says "updated 0 s ago"', async () => {
    const dir = tempDir();
    const config = writeConfig(dir, 1, [{ name: 'feed', type: 'vizceral', path: writeJson(dir, 'traffic.json', agedFeed(2 * 86_400_000)) }]);
    const hub = await startHub(['--config', config, '--port', '0']);
    hubs.push(hub);
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url);
    const s = await waitForStats(page, (x) => x.nodes === 2 && x.updates >= 2);
    expect(s.live).toBe(false);
    expect(s.reasons).toEqual(['vizceral feed: data 2 d old, past its maxAge of 5 min']);
    const strip = page.locator('#status');
    // Data older than a day is dated, not just timed: "STALE since 29 Nov 22:10:38".
    await expect.poll(() => strip.textContent()).toMatch(/^STALE since \d{1,2} [A-Z][a-z]{2} \d\d:\d\d:\d\d · vizceral feed: data 2 d old, past its maxAge of 5 min · last data 2 d ago$/);
    expect(await strip.textContent()).not.toContain('updated');
    expect((await inspect(page, 'feed-region'))!.stale).toBe(true);
    await settleScene(page, 1500);
    await screenshot(page, 'glance-stale-old-feed');
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it("honours a source's own maxAge: LIVE when the feed is rewritten, STALE again once that data is older", async () => {
    const dir = tempDir();
    const path = writeJson(dir, 'traffic.json', agedFeed(3_600_000));
    const config = writeConfig(dir, 1, [{ name: 'feed', type: 'vizceral', path, maxAge: '6s' }]);
    const hub = await startHub(['--config', config, '--port', '0']);
    hubs.push(hub);
    const { page } = await openPage(browser);
    await page.goto(hub.url);
    await waitForStats(page, (x) => !x.live && x.nodes === 2);
    writeJson(dir, 'traffic.json', agedFeed(0));
    await waitForStats(page, (x) => x.live && x.nodes === 2);
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^LIVE · updated \d s ago$/);
    const stale = await waitForStats(page, (x) => !x.live, 20_000);
    expect(stale.reasons).toHaveLength(1);
    expect(stale.reasons[0]).toMatch(/^vizceral feed: data \d+ s old, past its maxAge of 6 s$/);
    const health = (await (await fetch(hub.url + 'healthz')).json()) as { status: string };
    expect(health.status).toBe('ok'); // every poll succeeds: the data is old, the source is not failing
    await page.close();
  });

  it('shows NO DATA YET, a grey INTERNET and "—" where the only source never answered', async () => {
    const dir = tempDir();
    const port = await closedPort();
    const config = writeConfig(dir, 1, [{ name: 'prod-east', type: 'prometheus', url: `http://127.0.0.1:${port}` }]);
    const hub = await startHub(['--config', config, '--port', '0']);
    hubs.push(hub);
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url);
    const s = await waitForStats(page, (x) => x.updates >= 2 && x.reasons.some((r) => r.startsWith('prometheus prod-east: no data yet')));
    expect(s.live).toBe(false);
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^NO DATA YET · prometheus prod-east: no data yet \(.+\)$/);
    expect((await inspect(page, 'INTERNET'))!.stale).toBe(true);
    await expect.poll(async () => (await label(page, 'INTERNET')).text).toBe('INTERNET\n— rps · no data yet');
    await expect.poll(() => page.locator('#panel .figure-value').allTextContents()).toEqual(['—', '—']);
    await settleScene(page, 1500);
    await screenshot(page, 'glance-no-data-yet');
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});
