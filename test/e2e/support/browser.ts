// Real Chromium (Debian's /usr/bin/chromium) through playwright-core, with software WebGL.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FlowsightApi, FlowsightStats } from '../../../renderer/app/api';
import type { ClockControl } from '../../../renderer/scene/index';
import { ROOT } from './hub';

export const VIEWPORT = { width: 1600, height: 900 };
export const SHOTS = join(ROOT, 'test-output', 'e2e');

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium as every test and benchmark here runs it: root needs --no-sandbox, WebGL comes from
 * SwiftShader, and nothing reaches for the network this machine does not have.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** `extraArgs`, e.g. the soak's `--js-flags=--expose-gc`, go after the common flags. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--disable-gpu', ...extraArgs] });
}

export interface PageProblems {
  errors: string[];
  dialogs: string[];
}

/** A page that records uncaught errors, console errors and any dialog (an alert() would be an XSS). */
export async function openPage(browser: Browser): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const problems: PageProblems = { errors: [], dialogs: [] };
  page.on('pageerror', (error) => problems.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.errors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    problems.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(SHOTS, { recursive: true });
  return page.screenshot({ path: join(SHOTS, `${name}.png`), type: 'png' });
}

export type Stats = FlowsightStats;

interface FlowsightWindow {
  flowsight?: FlowsightApi;
}

export function stats(page: Page): Promise<Stats> {
  return page.evaluate(() => {
    const api = (window as unknown as FlowsightWindow).flowsight;
    if (!api) throw new Error('window.flowsight is missing');
    return api.stats();
  });
}

/** Polls stats() until `accept` holds; returns the accepted stats. */
export async function waitForStats(page: Page, accept: (s: Stats) => boolean, timeoutMs = 30_000): Promise<Stats> {
  const deadline = Date.now() + timeoutMs;
  let last: Stats | null = null;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      last = await stats(page);
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`stats never matched; last: ${JSON.stringify(last)} ${lastError ? String(lastError) : ''}`);
}

export function navigate(page: Page, hash: string): Promise<void> {
  return page.evaluate((h) => {
    const api = (window as unknown as FlowsightWindow).flowsight;
    if (!api) throw new Error('window.flowsight is missing');
    api.navigate(h);
  }, hash);
}

export function updateLatency(page: Page): Promise<number | null> {
  return page.evaluate(() => (window as unknown as FlowsightWindow).flowsight?.lastUpdateLatencyMs() ?? null);
}

interface ClockWindow {
  flowsight?: { clock?: ClockControl };
  harness?: { clock?: ClockControl };
}

type ClockCall = { op: 'pause' } | { op: 'resume' } | { op: 'step'; ms: number; frames: number } | { op: 'now' };

/** One call on the page's scene clock: `window.flowsight.clock` (the app) or `window.harness.clock` (the harness). */
function onClock(page: Page, call: ClockCall): Promise<number> {
  return page.evaluate((c) => {
    const w = window as unknown as ClockWindow;
    const clock = w.flowsight?.clock ?? w.harness?.clock;
    if (!clock) throw new Error('the page exposes no scene clock');
    if (c.op === 'pause') clock.pause();
    else if (c.op === 'resume') clock.resume();
    else if (c.op === 'step') clock.step(c.ms, c.frames);
    return clock.now();
  }, call);
}

/** Freezes the scene (camera, glides, fades, particles): screenshots stay identical until a step. */
export function pauseScene(page: Page): Promise<number> {
  return onClock(page, { op: 'pause' });
}

/**
 * Advances the scene by exactly `ms` of its own time, drawing `frames` frames (one per 100 ms by default),
 * and leaves it paused; returns the scene time reached. Replaces sleeping for a transition to end.
 */
export function stepScene(page: Page, ms: number, frames = Math.max(1, Math.ceil(ms / 100))): Promise<number> {
  return onClock(page, { op: 'step', ms, frames });
}

export function resumeScene(page: Page): Promise<number> {
  return onClock(page, { op: 'resume' });
}

/** Lets `ms` of scene time pass at once (camera transition, node glide, fade, particle easing), then runs on. */
export async function settleScene(page: Page, ms: number): Promise<void> {
  await stepScene(page, ms);
  await resumeScene(page);
}
