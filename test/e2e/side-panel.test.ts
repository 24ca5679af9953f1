// The side panel in real Chromium, fed directly (no hub): notices from a source are data, so titles are
// text and only http(s) links become links, opened with rel=noopener. Bundled with esbuild for the page.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PanelData } from '../../renderer/app/panel-data';
import { launchBrowser, openPage, screenshot, type PageProblems } from './support/browser';
import { ROOT } from './support/hub';

let browser: Browser;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowsight-panel-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    [
      `import { SidePanel } from ${JSON.stringify(join(ROOT, 'renderer/app/side-panel.ts'))};`,
      `import { RateHistory } from ${JSON.stringify(join(ROOT, 'renderer/app/history.ts'))};`,
      `(window as unknown as { renderPanel: unknown }).renderPanel = (data: never) => {`,
      `  const root = document.createElement('aside'); root.id = 'panel'; document.body.append(root);`,
      `  new SidePanel(root, () => undefined).render(data, { series: (key: string) => ({ samples: new RateHistory().series(key), from: 'display' as const }) });`,
      `};`,
    ].join('\n'),
  );
  const bundle = await build({ entryPoints: [entry], bundle: true, format: 'iife', write: false, logLevel: 'silent' });
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser));
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addStyleTag({ path: join(ROOT, 'renderer/styles.css') });
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
});

afterAll(async () => {
  await browser?.close();
});

const EVIL = '<img src=x onerror=alert(1)>';

const data: PanelData = {
  title: EVIL,
  subtitle: 'service · in <b>east</b>',
  figures: [{ label: 'requests/s', value: '12' }],
  history: null,
  callers: [{ id: 'a', name: `${EVIL}-caller`, rps: 3, errorRatio: 0.5 }],
  callees: [],
  busiest: [],
  worst: [],
  notices: [
    { severity: 'danger', title: 'Runbook', link: 'https://runbooks.example/api' },
    { severity: 'warning', title: `click ${EVIL}`, link: 'javascript:alert(2)' },
    { severity: 'info', title: 'deploy 42' },
  ],
  sources: [{ name: 'prod <east>', type: 'prometheus', ok: false, lastSuccess: null, error: `refused ${EVIL}`, failingSince: 1, detail: 'up{job="<x>"}' }],
  sampledAt: null,
  stale: true,
  latency: null,
  traceOnly: false,
};

describe('side panel', () => {
  it('lists notices with their severity, links only http(s) with noopener, and shows every string as text', async () => {
    await page.evaluate((d) => (window as unknown as { renderPanel(x: unknown): void }).renderPanel(d), data);
    expect(await page.locator('#panel .panel-title').textContent()).toBe(EVIL);
    const notices = page.locator('#panel .notice');
    expect(await notices.count()).toBe(3);
    expect(await notices.locator('.badge').allTextContents()).toEqual(['danger', 'warning', 'info']);
    const links = page.locator('#panel .notice a');
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute('href')).toBe('https://runbooks.example/api');
    expect(await links.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await links.getAttribute('target')).toBe('_blank');
    // The javascript: link stays visible as text, so the reader still sees what the source sent.
    expect(await notices.nth(1).textContent()).toBe(`warningclick ${EVIL} (javascript:alert(2))`);
    expect(await page.locator('#panel .source.failing').textContent()).toContain(`failing: refused ${EVIL}`);
    expect(await page.locator('#panel button.peer-name').textContent()).toBe(`${EVIL}-caller`);
    expect(await page.locator('img, b').count()).toBe(0);
    await screenshot(page, 'side-panel-notices');
    expect(problems.dialogs).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});
