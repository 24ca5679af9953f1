// The timeline bar in real Chromium against the real hub (demo, 1 s polls): it draws the hub's record as a
// strip with the live edge, a click replays the clicked instant (never live, `?at=` in the address bar, the
// replay cursor on the bar), ← steps a poll, `L` goes back to live, a drag scrubs, ▶ 10× plays forward,
// and a display opened later shows the hub's history in the side panel's sparkline, not its own updates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decodeTimelineStrip, type TimelineStrip } from '../../shared/protocol';
import { launchBrowser, openPage, screenshot, stats, waitForStats } from './support/browser';
import { startHub, type RunningHub } from './support/hub';

let browser: Browser;
let hub: RunningHub;
const POLL_MS = 1000;

beforeAll(async () => {
  browser = await launchBrowser();
  hub = await startHub(['--demo', '--port', '0', '--interval', '1']);
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

async function hubStrip(): Promise<TimelineStrip> {
  const response = await fetch(new URL('/api/timeline?buckets=100', hub.url));
  return decodeTimelineStrip(await response.json());
}

/** Waits until the hub's record spans at least `ms`. */
async function recordSpans(page: Page, ms: number): Promise<TimelineStrip> {
  for (;;) {
    const strip = await hubStrip();
    if (strip.to - strip.from >= ms) return strip;
    await page.waitForTimeout(500);
  }
}

const atOf = (hash: string) => new URLSearchParams(hash.slice(hash.indexOf('?') + 1)).get('at');

describe('timeline bar', () => {
  it('draws the strip, replays a clicked instant, goes back live with L, and plays at 10×', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url);
    await waitForStats(page, (s) => s.live && s.nodes > 0);
    const strip = await recordSpans(page, 12_000);
    // The strip is drawn from the hub's record: an area with data in it, and the live edge on the right.
    await page.waitForFunction(() => (document.querySelector('#timebar .timebar-rps')?.getAttribute('d') ?? '').length > 20, null, { timeout: 30_000 });
    await expect.poll(() => page.locator('#timebar .timebar-label').textContent()).toMatch(/^live/);
    const svg = page.locator('#timebar svg.timebar-svg');
    const box = (await svg.boundingBox())!;
    const edge = Number(await page.locator('#timebar .timebar-live-edge').getAttribute('x1'));
    expect(edge).toBeGreaterThan(box.width * 0.9);
    expect(await page.locator('#timebar .timebar-cursor').getAttribute('visibility')).toBe('hidden');
    await screenshot(page, 'timeline-bar-live');

    // Click at 40 % of the bar: the instant there, on a domain from the record's start to now.
    const pad = 8;
    const frac = 0.4;
    const x = pad + frac * (box.width - 2 * pad);
    const before = Date.now();
    await page.mouse.click(box.x + x, box.y + box.height / 2);
    const after = Date.now();
    const lo = strip.from + frac * (before - 1500 - strip.from) - POLL_MS;
    const hi = strip.from + frac * (after - strip.from) + POLL_MS;
    const replay = await waitForStats(page, (s) => s.replayAt !== null && s.nodes > 0);
    expect(replay.live).toBe(false);
    const at = Date.parse(replay.replayAt!);
    expect(at).toBeGreaterThanOrEqual(lo);
    expect(at).toBeLessThanOrEqual(hi);
    // The address bar names the instant (a link to share), and the strip says REPLAY in its own colour.
    expect(Date.parse(atOf(await page.evaluate(() => location.hash))!)).toBe(at);
    await expect.poll(() => page.locator('#status').getAttribute('class')).toContain('replay');
    expect(await page.locator('#timebar .timebar-cursor').getAttribute('visibility')).toBe('visible');
    // The replay cursor sits where the click was, behind the live edge (which moves on with the present).
    const cursorX = Number(await page.locator('#timebar .timebar-cursor').getAttribute('x1'));
    expect(cursorX).toBeGreaterThan(x - 0.15 * box.width);
    expect(cursorX).toBeLessThan(x + 4);
    expect(cursorX).toBeLessThan(Number(await page.locator('#timebar .timebar-live-edge').getAttribute('x1')) - 0.3 * box.width);
    await expect.poll(() => page.locator('#timebar .timebar-label').textContent()).toMatch(/^REPLAY \d\d:\d\d:\d\d$/);
    await screenshot(page, 'timeline-bar-replay');

    // One poll back with the bar focused: ← steps the replay, not the view's node selection.
    await page.keyboard.press('ArrowLeft');
    const stepped = await waitForStats(page, (s) => s.replayAt !== null && Date.parse(s.replayAt) === at - POLL_MS);
    expect(stepped.selected).toBeNull();

    // L: back to live, and the link no longer names an instant.
    await page.keyboard.press('L');
    const live = await waitForStats(page, (s) => s.live && s.replayAt === null);
    expect(live.nodes).toBeGreaterThan(0);
    expect(await page.evaluate(() => location.hash)).not.toContain('at=');
    await expect.poll(() => page.locator('#status').getAttribute('class')).toContain('live');

    // Drag from 60 % to 10 %: the replay follows the scrub and rests where the pointer is released.
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + pad + 0.6 * (box.width - 2 * pad), y);
    await page.mouse.down();
    for (const f of [0.5, 0.4, 0.3, 0.2, 0.1]) await page.mouse.move(box.x + pad + f * (box.width - 2 * pad), y, { steps: 3 });
    const released = Date.now();
    await page.mouse.up();
    let start = 0;
    await expect
      .poll(async () => {
        const [s, hash] = [await stats(page), await page.evaluate(() => location.hash)];
        start = s.replayAt === null ? 0 : Date.parse(s.replayAt);
        return s.replayAt !== null && Date.parse(atOf(hash) ?? '') === start;
      }, { timeout: 30_000 })
      .toBe(true);
    expect(start).toBeGreaterThanOrEqual(strip.from + 0.1 * (released - 1500 - strip.from) - POLL_MS);
    expect(start).toBeLessThanOrEqual(strip.from + 0.1 * (released - strip.from) + POLL_MS);

    // Play at 10× from there: the replayed instant moves forward on its own.
    await page.locator('#timebar button[data-action="play-10"]').click();
    const playing = await waitForStats(page, (s) => s.replayAt !== null && Date.parse(s.replayAt) >= start + 5 * POLL_MS);
    expect(playing.live).toBe(false);
    await expect.poll(() => page.locator('#timebar .timebar-label').textContent()).toMatch(/^REPLAY \d\d:\d\d:\d\d ▶ 10×$/);
    expect(await page.locator('#timebar button[data-action="play-10"]').getAttribute('class')).toContain('active');
    // The address follows what is shown (a copied link or a reload opens there, not where playing started).
    await expect
      .poll(async () => {
        const [s, hash] = [await stats(page), await page.evaluate(() => location.hash)];
        const inAddress = Date.parse(atOf(hash) ?? '');
        return inAddress > start && s.replayAt !== null && inAddress <= Date.parse(s.replayAt);
      }, { timeout: 30_000 })
      .toBe(true);
    await page.locator('#timebar button[data-action="live"]').click();
    await waitForStats(page, (s) => s.live && s.replayAt === null);
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('Shift+drag picks two instants for "what changed", Shift+click one against live, Esc and ✕ clear it, live stays live', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url);
    await waitForStats(page, (s) => s.live && s.nodes > 0);
    const strip = await recordSpans(page, 12_000);
    await page.waitForFunction(() => (document.querySelector('#timebar .timebar-rps')?.getAttribute('d') ?? '').length > 20, null, { timeout: 30_000 });
    const svg = page.locator('#timebar svg.timebar-svg');
    const box = (await svg.boundingBox())!;
    const pad = 8;
    const y = box.y + box.height / 2;
    const xAt = (f: number) => box.x + pad + f * (box.width - 2 * pad);
    const params = async () => new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1] ?? '');
    expect(await page.locator('#timebar .timebar-band').getAttribute('visibility')).toBe('hidden');

    // Shift+drag from 20 % to 60 %: the link gets changed=T1..T2 (as if typed) and the panel compares them.
    const before = Date.now();
    await page.keyboard.down('Shift');
    await page.mouse.move(xAt(0.2), y);
    await page.mouse.down();
    for (const f of [0.3, 0.4, 0.5, 0.6]) await page.mouse.move(xAt(f), y, { steps: 3 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const after = Date.now();
    const s = await waitForStats(page, (x) => x.changes !== null && x.changes.error === null && x.changes.to !== 'live', POLL_MS * 30);
    const [t1, t2] = [Date.parse(s.changes!.from), Date.parse(s.changes!.to)];
    for (const [t, f] of [[t1, 0.2], [t2, 0.6]] as const) {
      expect(t).toBeGreaterThanOrEqual(strip.from + f * (before - 1500 - strip.from) - POLL_MS);
      expect(t).toBeLessThanOrEqual(strip.from + f * (after - strip.from) + POLL_MS);
    }
    expect((await params()).get('changed')).toBe(`${s.changes!.from}..${s.changes!.to}`);
    // Picking a comparison is not a replay: the view stays live, with the list in the side panel.
    expect(s.live).toBe(true);
    expect(s.replayAt).toBeNull();
    await page.locator('#panel .changes').waitFor({ timeout: 30_000 });
    // The band spans the two instants on the bar, and the head names them with a ✕.
    const band = page.locator('#timebar .timebar-band');
    expect(await band.getAttribute('visibility')).toBe('visible');
    const bandX = Number(await band.getAttribute('x'));
    const bandW = Number(await band.getAttribute('width'));
    expect(bandX).toBeGreaterThan(xAt(0.2) - box.x - 0.1 * box.width);
    expect(bandX).toBeLessThan(xAt(0.2) - box.x + 4);
    expect(bandX + bandW).toBeGreaterThan(xAt(0.6) - box.x - 0.15 * box.width);
    expect(bandX + bandW).toBeLessThan(xAt(0.6) - box.x + 4);
    await expect.poll(() => page.locator('#timebar .timebar-compare').textContent()).toMatch(/^changed \d\d:\d\d:\d\d → \d\d:\d\d:\d\d$/);
    await screenshot(page, 'timeline-bar-compare-range');

    // Esc (the bar has the focus) clears it: no comparison, no changed= in the link, no band.
    await page.keyboard.press('Escape');
    await waitForStats(page, (x) => x.changes === null);
    expect((await params()).get('changed')).toBeNull();
    expect(await band.getAttribute('visibility')).toBe('hidden');
    expect((await stats(page)).view).toBe('global'); // Esc did not also go up a level

    // Shift+click at 30 %: that instant against live (since=T); ✕ clears it.
    await page.keyboard.down('Shift');
    await page.mouse.click(xAt(0.3), y);
    await page.keyboard.up('Shift');
    const since = await waitForStats(page, (x) => x.changes !== null && x.changes.to === 'live' && x.changes.error === null, POLL_MS * 30);
    expect((await params()).get('since')).toBe(since.changes!.from);
    expect(since.live).toBe(true);
    await page.locator('#timebar button[data-action="clear-compare"]').click();
    await waitForStats(page, (x) => x.changes === null);
    expect((await params()).get('since')).toBeNull();

    // A plain click still replays the instant, as before.
    await page.mouse.click(xAt(0.4), y);
    await waitForStats(page, (x) => x.replayAt !== null && !x.live);
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('a display opened later shows the hub’s history in the sparkline, from the record’s start', async () => {
    const strip = await hubStrip();
    const { page, problems } = await openPage(browser);
    const opened = Date.now();
    await page.goto(`${hub.url}#/region/us-east-1`);
    await waitForStats(page, (s) => s.live && s.nodes > 0);
    await page.keyboard.press('ArrowRight'); // select the busiest node
    await waitForStats(page, (s) => s.selected !== null);
    const spark = page.locator('#panel .sparkline[data-from="hub"]');
    await spark.waitFor({ timeout: 30_000 });
    const title = await spark.locator('title').textContent();
    expect(title).toMatch(/^the hub's timeline since \d\d:\d\d:\d\d; /);
    // Its first sample is the record's first bucket: from long before this page opened, not its own updates.
    const [, h, m, sec] = /since (\d\d):(\d\d):(\d\d)/.exec(title!)!;
    const first = new Date(strip.from).setHours(Number(h), Number(m), Number(sec), 0);
    expect(first).toBeGreaterThanOrEqual(Math.floor(strip.from / 1000) * 1000);
    expect(first).toBeLessThan(opened - 10_000);
    expect(await page.locator('#panel .sparkline .spark-rps').getAttribute('d')).not.toBe('');
    await screenshot(page, 'timeline-bar-sparkline');
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('is not on a wall, and a wall never enters replay by itself, not even on [ or L', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${hub.url}?wall=2`);
    await waitForStats(page, (s) => s.wall && s.live && s.nodes > 0);
    expect(await page.locator('#timebar').isVisible()).toBe(false);
    await page.keyboard.press('[');
    await page.keyboard.press('L');
    await waitForStats(page, (s) => s.view === 'region' && s.live);
    const later = await waitForStats(page, (s) => s.view === 'global' && s.live);
    expect(later.replayAt).toBeNull();
    expect(await page.evaluate(() => location.hash)).not.toContain('at=');
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});
