// The scene's injected clock (DESIGN.md "The scene with an injected clock"), on the scene harness: while
// paused nothing on screen changes however long the display runs; a step moves particles, their easing and
// camera glides by exactly the time stepped; resumed, the scene runs on. Tests step this clock instead of sleeping.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { easedCount } from '../../shared/view/particles';
import { edgeId } from '../../shared/view/view-model';
import type { ClockControl } from '../../renderer/scene/index';
import { pauseScene, screenshot, stepScene } from './support/browser';
import { inspectInHarness, openHarness, useHarness, type HarnessWindow } from './support/harness';
import { changedFraction, decodePng } from './support/png';

let browser: Browser;
let url = '';
useHarness((harness) => ({ browser, url } = harness));

const WHOLE = { x: 0, y: 0, width: 1600, height: 900 };
const REGION = 'us-east-1';

/** Waits for `count` display frames of the browser (real frames, whatever the scene's clock says). */
function displayFrames(page: Page, count: number): Promise<void> {
  return page.evaluate(
    (n) =>
      new Promise<void>((resolve) => {
        let seen = 0;
        const frame = (): void => {
          if (++seen >= n) resolve();
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    count,
  );
}

async function shot(page: Page, name: string) {
  return decodePng(await screenshot(page, name));
}

describe('the scene clock', () => {
  it('freezes the picture while paused, moves it by a step, and runs on when resumed', async () => {
    const { page, problems } = await openHarness(browser, url, `view=region&region=${REGION}&layout=fast&clock=manual`);
    // Opened paused: camera fit, fade-in and particles advance only as far as stepped.
    await stepScene(page, 1500, 15);
    const paused = await shot(page, 'clock-paused-a');
    await displayFrames(page, 20);
    const stillPaused = await shot(page, 'clock-paused-b');
    expect(changedFraction(paused, stillPaused, WHOLE, 0)).toBe(0);

    const steppedTo = await stepScene(page, 250, 3);
    const stepped = await shot(page, 'clock-stepped');
    expect(changedFraction(paused, stepped, WHOLE)).toBeGreaterThan(0.001);

    // Resumed from where it stood: scene time runs on from the last step and moves no more than real time
    // does (that it never jumps to the page's real time is proven exactly in test/unit/scene-clock.test.ts).
    const resumed = await page.evaluate(() => {
      const clock = (window as unknown as { harness: { clock: ClockControl } }).harness.clock;
      const realBefore = performance.now();
      clock.resume();
      const scene = clock.now();
      return { scene, realSpent: performance.now() - realBefore };
    });
    expect(resumed.scene).toBeGreaterThanOrEqual(steppedTo);
    expect(resumed.scene - steppedTo).toBeLessThanOrEqual(resumed.realSpent);
    await displayFrames(page, 20);
    const running = await shot(page, 'clock-running');
    expect(changedFraction(stepped, running, WHOLE)).toBeGreaterThan(0.001);
    expect(problems.errors).toEqual([]);
    await page.close();
  });

  it('eases particle counts by exactly the time stepped', async () => {
    const { page } = await openHarness(browser, url, `view=region&region=${REGION}&layout=fast&clock=manual`);
    await stepScene(page, 2000, 10);
    // The busiest connection of the region: the one whose particles change most when its rate drops.
    const region = await page.evaluate((name) => (window as unknown as HarnessWindow).harness.graph.regions.find((r) => r.name === name)!.connections, REGION);
    let id = '';
    let most = -1;
    for (const c of region) {
      const drawn = await inspectInHarness(page, edgeId(c.source, c.target));
      if (drawn && drawn.particles! > most) {
        most = drawn.particles!;
        id = drawn.id;
      }
    }
    const settled = (await inspectInHarness(page, id))!;
    expect(settled.particlesNow).toBe(settled.particles);

    await page.evaluate(() => (window as unknown as HarnessWindow).harness.scaleRates(0.0001));
    const changed = (await inspectInHarness(page, id))!;
    const from = settled.particles!;
    const to = changed.particles!;
    expect(to).toBeLessThan(from);
    // Paused: the new rate is set, nothing has eased yet.
    expect(changed.particlesNow).toBeCloseTo(from, 9);

    await stepScene(page, 300, 3);
    const at300 = (await inspectInHarness(page, id))!.particlesNow!;
    expect(at300).toBeCloseTo(easedCount(from, to, 0.3), 6);
    expect(at300).toBeLessThan(from);
    expect(at300).toBeGreaterThan(to);

    await stepScene(page, 450, 5);
    expect((await inspectInHarness(page, id))!.particlesNow).toBeCloseTo(easedCount(from, to, 0.75), 6);

    // A paused clock holds that instant, however long the display runs.
    await pauseScene(page);
    await displayFrames(page, 10);
    expect((await inspectInHarness(page, id))!.particlesNow).toBeCloseTo(easedCount(from, to, 0.75), 6);

    await stepScene(page, 1000, 4);
    expect((await inspectInHarness(page, id))!.particlesNow).toBe(to);
    await page.close();
  });

  it('ends a camera glide exactly when its duration has been stepped', async () => {
    const { page } = await openHarness(browser, url, `view=region&region=${REGION}&layout=fast&clock=manual`);
    await stepScene(page, 2000, 10);
    // A service far from the middle of the screen: "jump to" glides the camera onto it in 600 ms.
    const region = await page.evaluate((name) => (window as unknown as HarnessWindow).harness.graph.regions.find((r) => r.name === name)!.nodes.map((n) => n.name), REGION);
    let id = '';
    let farthest = -1;
    for (const name of region) {
      const drawn = await inspectInHarness(page, name);
      const off = drawn ? Math.hypot(drawn.x - 800, drawn.y - 450) : -1;
      if (off > farthest) {
        farthest = off;
        id = name;
      }
    }
    expect(farthest).toBeGreaterThan(100);
    await page.evaluate((node) => (window as unknown as HarnessWindow).harness.scene.reveal(node), id);
    await stepScene(page, 300, 3);
    const halfway = (await inspectInHarness(page, id))!;
    expect(Math.hypot(halfway.x - 800, halfway.y - 450)).toBeGreaterThan(1);
    await stepScene(page, 300, 3);
    const there = (await inspectInHarness(page, id))!;
    expect(there.x).toBeCloseTo(800, 6);
    expect(there.y).toBeCloseTo(450, 6);
    await page.close();
  });
});
