// Replay in a real browser: `?at=T` after the hash path shows instant T from the hub's timeline, says so
// unmistakably (REPLAY hh:mm:ss — N s ago, in the replay colour), is never live, and leaves with the link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, waitForStats } from './support/browser';
import { startHub, type RunningHub } from './support/hub';

let browser: Browser;
let hub: RunningHub;

beforeAll(async () => {
  browser = await launchBrowser();
  hub = await startHub(['--demo', '--port', '0', '--interval', '1']);
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

const clock = (ms: number) => {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

describe('replay', () => {
  it('?at=T on a view route shows T as REPLAY, never live, and the plain route goes back to live', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url);
    const live = await waitForStats(page, (x) => x.live && x.nodes > 0);
    expect(live.replayAt).toBeNull();
    // An instant the hub has recorded: a few polls ago.
    await page.waitForFunction(() => (window as unknown as { flowsight: { stats(): { updates: number } } }).flowsight.stats().updates >= 4, null, { timeout: 30_000 });
    const at = Date.now() - 3000;
    const iso = new Date(at).toISOString();
    await page.goto(`${hub.url}#/region/us-east-1?at=${iso}`);
    const replay = await waitForStats(page, (x) => x.replayAt === iso && x.nodes > 0);
    expect(replay.live).toBe(false);
    expect(replay.view).toBe('region');
    expect(replay.region).toBe('us-east-1');
    const strip = page.locator('#status');
    await expect.poll(() => strip.textContent()).toMatch(new RegExp(`^REPLAY ${clock(at)} — \\d+ s ago$`));
    expect(await strip.getAttribute('class')).toContain('replay');
    expect(await strip.getAttribute('class')).not.toContain('live');
    // Drawn from one instant: more polls do not change what is on screen.
    const before = replay.updates;
    await page.waitForTimeout(2500);
    const later = await waitForStats(page, (x) => x.replayAt === iso);
    expect(later.live).toBe(false);
    expect(later.updates).toBeGreaterThanOrEqual(before);
    await screenshot(page, 'replay-region');

    await page.evaluate(() => (location.hash = '#/region/us-east-1'));
    const back = await waitForStats(page, (x) => x.live && x.replayAt === null);
    expect(back.view).toBe('region');
    await expect.poll(() => strip.textContent()).toMatch(/^LIVE/);
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});
