// Alerts and error budgets on screen, end to end: the demo exporter scraped by a real Prometheus, alerts in a
// real Alertmanager, the hub started as a user would (`serve --config`), real Chromium. Badges count firing
// alerts, the panel lists them with runbooks that open outside the page, budgets show their burn, and the
// top bar (the wall's strip) counts what fires.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDemoExporter, type DemoExporter } from '../../electron/demo/exporter';
import { startAlertmanager, type RealAlertmanager } from '../integration/helpers/alertmanager';
import { startPrometheus, type RealPrometheus } from '../integration/helpers/prometheus';
import { launchBrowser, navigate, openPage, screenshot, waitForStats, type PageProblems } from './support/browser';
import { startHub, type RunningHub } from './support/hub';

let exporter: DemoExporter;
let prometheus: RealPrometheus;
let alertmanager: RealAlertmanager;
let hub: RunningHub;
let browser: Browser;
let page: Page;
let problems: PageProblems;

const EVIL = '<img src=x onerror=alert(1)>';

beforeAll(async () => {
  exporter = await startDemoExporter({ port: 0, host: '127.0.0.1', seed: 1, simulator: { noise: 0, bursts: false } });
  prometheus = await startPrometheus({ targets: [new URL(exporter.url).host] });
  alertmanager = await startAlertmanager();
  const endsAt = new Date(Date.now() + 30 * 60_000).toISOString();
  const startsAt = new Date(Date.now() - 12 * 60_000).toISOString();
  await alertmanager.post([
    {
      labels: { alertname: 'CheckoutHighErrorRate', severity: 'critical', destination_workload: 'checkout', cluster: 'us-east-1', team: 'payments' },
      annotations: { summary: 'checkout: 5xx above 0.1% for 10 minutes', description: 'Payments provider timeouts; see the runbook.', runbook_url: 'https://runbooks.example.com/checkout/5xx' },
      generatorURL: 'http://prometheus.example.com/graph?g0.expr=checkout_errors',
      startsAt,
      endsAt,
    },
    { labels: { alertname: 'CartLatencyHigh', severity: 'warning', app: 'cart', cluster: 'us-east-1' }, annotations: { summary: `cart p99 above 300 ms ${EVIL}`, runbook_url: 'javascript:alert(2)' }, endsAt },
    { labels: { alertname: 'NodeDiskFull', severity: 'warning', instance: 'db-7:9100' }, annotations: { summary: 'db-7 disk 95% full' }, endsAt },
    { labels: { alertname: 'SearchIndexLag', severity: 'info', service: 'search', cluster: 'us-east-1' }, endsAt },
  ]);
  await alertmanager.silence({ alertname: 'SearchIndexLag' });
  await prometheus.waitFor('count_over_time(up{job="demo"}[1m])', 60_000, (n) => n >= 10);
  const dir = mkdtempSync(join(tmpdir(), 'flowsight-alerts-e2e-'));
  const config = join(dir, 'flowsight.yaml');
  writeFileSync(
    config,
    [
      'interval: 2',
      'sources:',
      '  - name: mesh',
      '    type: prometheus',
      `    url: ${prometheus.url}`,
      '    preset: istio',
      '  - name: alerts',
      '    type: alertmanager',
      `    url: ${alertmanager.url}`,
      'slos:',
      '  - { service: checkout, region: us-east-1, objective: 99.99, window: 30d }',
      '  - { service: cart, region: us-east-1, objective: 99.9, window: 30d }',
      '  - { service: frontend, region: us-east-1, objective: 99, window: 28d }',
      '',
    ].join('\n'),
  );
  hub = await startHub(['--config', config, '--port', '0']);
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser));
  await page.goto(`${hub.url}#/region/us-east-1`);
  await waitForStats(page, (s) => s.live && s.view === 'region' && s.nodes > 5);
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
  await alertmanager?.close();
  await prometheus?.close();
  await exporter?.close();
});

async function nodeLabels(): Promise<string[]> {
  return page.locator('#labels > div').evaluateAll((els) => els.filter((e) => (e as HTMLElement).style.display !== 'none').map((e) => e.textContent ?? ''));
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`not met in ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 600)}`);
    await page.waitForTimeout(200);
  }
}

describe('alerts and error budgets on screen', () => {
  it('counts firing alerts on their services\' labels and in the top bar; muted ones do not count', async () => {
    const labels = await until(nodeLabels, (l) => l.some((t) => t.startsWith('checkout ▲')) && l.some((t) => t.startsWith('cart ▲')));
    // checkout: its alert and its paging budget burn; cart: its alert and its ticket; search: silenced → no badge.
    expect(labels.find((t) => t.startsWith('checkout'))).toBe('checkout ▲2');
    expect(labels.find((t) => t.startsWith('cart'))).toBe('cart ▲2');
    expect(labels.find((t) => t.startsWith('search'))).toBe('search');
    const strip = await until(() => page.locator('#alert-strip').textContent(), (t) => (t ?? '').includes('budgets burning'));
    expect(strip).toBe('3 firing · 1 critical · 2 budgets burning');
  });

  it('lists the focused service\'s alerts with runbook and generator links that open outside, and its budget', async () => {
    await navigate(page, '#/region/us-east-1/checkout');
    await waitForStats(page, (s) => s.view === 'focus' && s.selected === 'checkout');
    const panel = page.locator('#panel');
    await until(() => panel.locator('.slo').count(), (n) => n === 1);
    const runbook = panel.locator('.alerts.firing a.alert-title').first();
    expect(await runbook.textContent()).toBe('checkout: 5xx above 0.1% for 10 minutes');
    expect(await runbook.getAttribute('href')).toBe('https://runbooks.example.com/checkout/5xx');
    expect(await runbook.getAttribute('target')).toBe('_blank');
    expect(await runbook.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await panel.locator('.alert-meta').first().textContent()).toMatch(/^CheckoutHighErrorRate · since \d\d:\d\d(:\d\d)? \(12 min ago\) · team: payments · expression$/);
    expect(await panel.locator('a.alert-generator').getAttribute('href')).toBe('http://prometheus.example.com/graph?g0.expr=checkout_errors');
    const slo = panel.locator('.slo');
    expect(await slo.locator('.slo-alert').textContent()).toBe('PAGE');
    expect(await slo.locator('.slo-name').textContent()).toBe('checkout · us-east-1 · availability 99.99% / 30d');
    expect(await slo.locator('.burn dd').allTextContents()).toEqual(['16.0×', '16.0×', '16.0×', '16.0×', '16.0×']);
    expect(await slo.locator('.slo-budget').textContent()).toMatch(/^budget overspent by \d+% · exhausted$/);
    expect(await slo.locator('meter').evaluate((m) => (m as HTMLMeterElement).value)).toBe(0);
    await page.waitForTimeout(800);
    await screenshot(page, 'alerts-focus');
  });

  it('keeps a hostile summary as text and a javascript: runbook as no link', async () => {
    await navigate(page, '#/region/us-east-1/cart');
    await waitForStats(page, (s) => s.view === 'focus' && s.selected === 'cart');
    const title = page.locator('#panel .alerts.firing .alert-title').first();
    await until(() => title.textContent(), (t) => (t ?? '').startsWith('cart p99'));
    expect(await title.evaluate((e) => e.tagName)).toBe('SPAN');
    expect(await title.textContent()).toBe(`cart p99 above 300 ms ${EVIL}`);
    expect(await page.locator('#panel img').count()).toBe(0);
  });

  it('badges the region in the global view and lists alerts outside the graph and muted ones', async () => {
    await navigate(page, '#/');
    await waitForStats(page, (s) => s.view === 'global');
    const labels = await until(nodeLabels, (l) => l.some((t) => t.startsWith('us-east-1 ▲')));
    // The name carries the badge; its numbers are inside the disc or on the lines under it, as room allows.
    expect(labels.find((t) => t.startsWith('us-east-1'))).toMatch(/^us-east-1 ▲4(\n|$)/);
    const panel = page.locator('#panel');
    await until(() => panel.locator('.alerts.unplaced .alert-title').allTextContents(), (t) => t.length === 1);
    expect(await panel.locator('.alerts.unplaced .alert-title').allTextContents()).toEqual(['db-7 disk 95% full']);
    expect(await panel.locator('.alerts.muted .alert-title').allTextContents()).toEqual(['SearchIndexLag']);
    await screenshot(page, 'alerts-global');
    expect(problems.errors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
  });

  it('keeps the traffic live when Alertmanager dies, and says its alerts are the last known ones', async () => {
    await alertmanager.stop();
    const strip = await until(() => page.locator('#alert-strip').textContent(), (t) => (t ?? '').includes('alerts as of'), 45_000);
    expect(strip).toMatch(/^3 firing · 1 critical · 2 budgets burning · alerts as of \d\d:\d\d(:\d\d)?$/);
    const s = await waitForStats(page, (x) => x.view === 'global');
    expect(s.live).toBe(true);
    expect(problems.errors).toEqual([]);
  });
});
