// A rehearsal in real Chromium: the violet REHEARSAL marking from the first snapshot (never LIVE, on a
// wall too), the prompt answered by clicking, and the debrief listing what happened and what was chosen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { launchBrowser, openPage, screenshot, waitForStats } from './support/browser';
import { ROOT, startHub, type RunningHub } from './support/hub';

const DRILL = join(ROOT, 'test', 'fixtures', 'scenarios', 'quick-drill.yaml');
let browser: Browser;
let hub: RunningHub;

beforeAll(async () => {
  browser = await launchBrowser();
  hub = await startHub(['--scenario', DRILL, '--port', '0', '--interval', '1']);
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

describe('rehearsal', () => {
  it('marks the picture REHEARSAL, shows the prompt, takes a click and ends with the debrief', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url + '#/region/us-east-1');
    const marked = await waitForStats(page, (s) => s.feed === 'scenario' && s.nodes > 0);
    expect(marked.live).toBe(false);
    expect(marked.scenario?.name).toBe('quick-drill');
    const strip = page.locator('#status');
    await expect.poll(() => strip.textContent()).toMatch(/^REHEARSAL · scenario quick-drill, not live data · updated/);
    expect(await strip.getAttribute('class')).toContain('rehearsal');
    expect(await strip.getAttribute('class')).not.toContain('live');
    expect(await page.locator('#scenario-frame').isVisible()).toBe(true);

    const prompt = page.locator('#scenario-prompt');
    await prompt.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await prompt.locator('.scenario-prompt-text').textContent()).toBe('kafka in us-east-1 is failing. Drain the region?');
    expect(await prompt.locator('button.scenario-choice').allTextContents()).toEqual(['Drain us-east-1 now', 'Wait']);
    await expect.poll(() => prompt.locator('.scenario-deadline').textContent()).toMatch(/^No answer in 4m5\ds → “Wait”$/);
    // Let the failing kafka calls reach the scene before the picture is taken.
    await page.waitForTimeout(1500);
    await screenshot(page, 'scenario-prompt');

    // The drain choice can be previewed as the evacuation what-if of the world as it is now, then R flips back.
    await prompt.locator('button[data-preview="drain"]').click();
    const previewed = await waitForStats(page, (s) => s.feed === 'whatif', 20_000);
    expect(previewed.live).toBe(false);
    expect(await page.evaluate(() => location.hash)).toBe('#/region/us-east-1?whatif=drain:us-east-1');
    await page.waitForTimeout(1000);
    await screenshot(page, 'scenario-preview');
    await page.keyboard.press('r');
    await waitForStats(page, (s) => s.feed === 'scenario');

    await prompt.locator('button[data-choice="drain"]').click();
    await prompt.waitFor({ state: 'hidden', timeout: 10_000 });
    const ended = await waitForStats(page, (s) => s.scenario?.ended === true && s.scenario.debrief, 30_000);
    expect(ended.scenario?.step).toBe('drain-2');
    expect(ended.live).toBe(false);
    const debrief = page.locator('#scenario-debrief');
    expect(await debrief.locator('.scenario-chosen-a').allTextContents()).toEqual(['You chose “Drain us-east-1 now”']);
    expect(await debrief.locator('.scenario-chosen-feedback').allTextContents()).toEqual(['Customers left the blast radius.']);
    const kinds = await debrief.locator('.scenario-event-kind').allTextContents();
    expect(kinds).toEqual(['step', 'step', 'asked', 'you chose', 'step', 'traffic', 'traffic', 'traffic', 'end']);
    const texts = await debrief.locator('.scenario-event-text').allTextContents();
    expect(texts[3]).toBe('chose "Drain us-east-1 now"');
    expect(texts[7]).toBe("100% of us-east-1's INTERNET traffic moved to the other regions");
    expect(await debrief.locator('.scenario-source-link').getAttribute('href')).toBe('https://aws.amazon.com/message/11201/');
    await page.goto(hub.url + '#/');
    await waitForStats(page, (s) => s.view === 'global' && s.scenario?.debrief === true);
    await page.waitForTimeout(1000);
    await screenshot(page, 'scenario-debrief');
    await debrief.locator('button.scenario-close').click();
    await waitForStats(page, (s) => s.scenario?.debrief === false);
    expect(problems.errors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
    await page.close();
  });

  it('never shows a rehearsal as live on a wall, and offers no controls there', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url + '?wall=30');
    const s = await waitForStats(page, (x) => x.wall && x.feed === 'scenario' && x.nodes > 0);
    expect(s.live).toBe(false);
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^REHEARSAL/);
    expect(await page.locator('#scenario-frame').isVisible()).toBe(true);
    expect(await page.locator('#scenario-step').textContent()).toMatch(/^REHEARSAL quick-drill · (ended|step \d)/);
    expect(await page.locator('#scenario-debrief').isVisible()).toBe(false);
    expect(await page.locator('button.scenario-choice').count()).toBe(0);
    await page.waitForTimeout(1000);
    await screenshot(page, 'scenario-wall');
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});
