// A 5,000-service region (bench/generate-region.ts, fed through a Vizceral file source as a user would) reads as
// islands: one node per family of services, every one named with its size at the fitted zoom on a 1600×900
// wall (at 1024×768, where the names cannot all fit beside the panel, a small zoom brings each back); clicking
// one opens it; zooming onto one with the wheel opens it in place and zooming out folds it; searching a
// service inside a collapsed island opens that island and brings the service on screen, selected and labelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { generateRegion } from '../../bench/generate-region';
import { islandId, islandKeyOf, islandName, NAMESPACE_RULE } from '../../shared/view/islands';
import type { Page } from 'playwright-core';
import type { ShownLabel } from '../../renderer/scene/index';
import { launchBrowser, openPage, screenshot, settleScene, stats, stepScene, waitForStats } from './support/browser';
import { appendFileSync } from 'node:fs';
import { tempDir, writeConfig, writeJson } from './support/fixtures';
import { startHub, type RunningHub } from './support/hub';
import { inspect, label } from './support/scene';

let hub: RunningHub;
let browser: Browser;
let estateFile = '';
const generated = generateRegion(5000);
const region = generated.region;
/** Family → members, from the file itself (every generated name is `layer-word-n`). */
const families = new Map<string, string[]>();

beforeAll(async () => {
  const now = Date.now();
  const document = { ...generated.graph, serverUpdateTime: now, nodes: generated.graph.nodes.map((n) => (n.name === region ? { ...n, updated: now } : n)) };
  const dir = tempDir();
  estateFile = writeJson(dir, 'estate.json', document);
  const config = writeConfig(dir, 5, [{ name: 'estate', type: 'vizceral', path: estateFile }]);
  hub = await startHub(['--config', config, '--port', '0']);
  // The services the hub has (those with traffic), as /api/graph gives them in Vizceral's format.
  type Doc = { nodes: { name: string; nodes?: { name: string }[] }[] };
  let services: { name: string }[] | undefined;
  for (const deadline = Date.now() + 60_000; services === undefined && Date.now() < deadline; ) {
    const graph = (await (await fetch(hub.url + 'api/graph')).json()) as Doc;
    services = graph.nodes.find((n) => n.name === region)?.nodes;
    if (services === undefined) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  for (const node of services ?? []) {
    if (node.name === 'INTERNET') continue;
    const family = node.name.replace(/-\d+$/, '');
    families.set(family, [...(families.get(family) ?? []), node.name]);
  }
  browser = await launchBrowser();
}, 180_000);

/** The labels the scene has on screen (window.flowsight.labels()), and those naming an island: key → label. */
async function islandLabels(page: Page): Promise<{ all: ShownLabel[]; islands: Map<string, ShownLabel> }> {
  const all = await page.evaluate(() => (window as unknown as { flowsight: { labels(): ShownLabel[] } }).flowsight.labels());
  const islands = new Map<string, ShownLabel>();
  for (const l of all) {
    const match = /^(.+) \((\d+)\)$/.exec(l.text);
    if (match && families.has(match[1]!)) islands.set(match[1]!, l);
  }
  return { all, islands };
}

/** Opens the region at a screen size and waits until its islands are laid out and still. */
async function openRegion(size: { width: number; height: number }) {
  const opened = await openPage(browser);
  await opened.page.setViewportSize(size);
  await opened.page.goto(`${hub.url}#/region/${region}`);
  const shown = await waitForStats(opened.page, (s) => s.view === 'region' && s.region === region && s.nodes === families.size + 1, 120_000);
  // The layered layout may still be refining on a busy machine: wait for the places it ends with.
  await waitForStats(opened.page, (s) => !s.layoutPending, 120_000);
  await settleScene(opened.page, 1500);
  return { ...opened, shown };
}

function overlaps(a: ShownLabel, b: ShownLabel): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

describe('a 5,000-service region', () => {
  it('shows islands, opens one on click, and search finds a service inside a collapsed island', { timeout: 240_000 }, async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${hub.url}#/region/${region}`);
    // One node per family plus the INTERNET, instead of 5,001.
    const before = await waitForStats(page, (s) => s.view === 'region' && s.region === region && s.nodes === families.size + 1, 120_000);
    expect(families.size).toBe(50);
    // The layered layout may still be refining on a busy machine: click where the island ends up.
    await waitForStats(page, (s) => !s.layoutPending, 120_000);
    await settleScene(page, 1500);
    const accounts = families.get('svc-accounts')!;
    expect(islandKeyOf(accounts[0]!, NAMESPACE_RULE)).toBe('svc-accounts');
    await screenshot(page, 'islands-collapsed');
    // Every island is named, with how many services it holds, at the fitted zoom of a 1600×900 wall: on
    // screen, clear of the other names.
    const { islands } = await islandLabels(page);
    expect([...islands.keys()].sort()).toEqual([...families.keys()].sort());
    for (const [key, shown] of islands) {
      expect(shown.text).toBe(islandName(key, families.get(key)!.length));
      expect(shown.x).toBeGreaterThanOrEqual(0);
      expect(shown.y).toBeGreaterThanOrEqual(0);
      expect(shown.x + shown.width).toBeLessThanOrEqual(1600);
      expect(shown.y + shown.height).toBeLessThanOrEqual(900);
      for (const [other, box] of islands) if (other !== key) expect(overlaps(shown, box), `${key} × ${other}`).toBe(false);
    }
    expect(await inspect(page, accounts[0]!)).toBeNull();

    // Clicking the island opens it: its services replace its node.
    const island = (await inspect(page, islandId('svc-accounts')))!;
    expect(island).not.toBeNull();
    await page.mouse.click(island.x, island.y);
    await waitForStats(page, (s) => s.nodes === before.nodes - 1 + accounts.length, 60_000);
    // The island's disc fades out as its services take its place.
    await expect.poll(() => inspect(page, islandId('svc-accounts')), { timeout: 30_000 }).toBeNull();
    for (const member of accounts) expect(await inspect(page, member)).not.toBeNull();
    await settleScene(page, 1500);
    await screenshot(page, 'islands-expanded');

    // Search for a service inside a collapsed island: the island opens, the service is selected and on screen.
    const wanted = 'store-kafka-12';
    expect(islandKeyOf(wanted, NAMESPACE_RULE)).toBe('store-kafka');
    expect(families.get('store-kafka')).toContain(wanted);
    expect(await inspect(page, wanted)).toBeNull();
    await page.click('#search');
    await page.keyboard.type(wanted);
    await page.locator('#search-results button', { hasText: `${wanted} · ${region}` }).first().click();
    const found = await waitForStats(page, (s) => s.view === 'region' && s.selected === wanted, 60_000);
    expect(found.region).toBe(region);
    expect(found.nodes).toBe(before.nodes - 2 + accounts.length + families.get('store-kafka')!.length);
    await settleScene(page, 1500); // the camera glides to it
    const shown = (await inspect(page, wanted))!;
    expect(shown.x).toBeGreaterThan(0);
    expect(shown.x).toBeLessThan(1600);
    expect(shown.y).toBeGreaterThan(0);
    expect(shown.y).toBeLessThan(900);
    const name = await label(page, wanted);
    expect(name.text.split('\n')[0]).toBe(wanted);
    await screenshot(page, 'islands-search');
    expect((await stats(page)).live).toBe(true);
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});

describe('a 5,000-service region at 1024×768', () => {
  it('names most islands beside the panel, and every other one after a small zoom onto it (no island opens)', { timeout: 300_000 }, async () => {
    const { page, problems, shown } = await openRegion({ width: 1024, height: 768 });
    const fitted = await islandLabels(page);
    await screenshot(page, 'islands-1024');
    // The names cannot all fit beside the panel at this size: those the fitted zoom leaves out compete for room.
    expect(fitted.islands.size).toBeGreaterThanOrEqual(10);
    const missing = [...families.keys()].filter((key) => !fitted.islands.has(key));
    for (const key of missing) {
      await page.keyboard.press('f');
      await settleScene(page, 700);
      const island = (await inspect(page, islandId(key)))!;
      await page.mouse.move(island.x, island.y);
      // Two wheel notches (×2.5): the island's name is back, and nothing opened.
      await page.mouse.wheel(0, -300);
      await page.mouse.wheel(0, -300);
      await settleScene(page, 300);
      expect((await islandLabels(page)).islands.get(key)?.text, key).toBe(islandName(key, families.get(key)!.length));
      expect((await stats(page)).nodes).toBe(shown.nodes);
    }
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});

describe('zooming onto an island', () => {
  it('opens it in place with the mouse wheel, its services named, and folds it back to its place when zooming out', { timeout: 300_000 }, async () => {
    const { page, problems, shown } = await openRegion({ width: 1600, height: 900 });
    const key = 'svc-accounts';
    const members = families.get(key)!;
    const neighbours = ['svc-catalog', 'core-audit', 'api-web'].map((k) => islandId(k));
    const placesBefore = await Promise.all(neighbours.map((id) => inspect(page, id)));
    const island = (await inspect(page, islandId(key)))!;
    await page.mouse.move(island.x, island.y);
    // Wheel notch by notch until the island opens; it must before the camera's deepest zoom.
    let notches = 0;
    for (; notches < 12 && (await stats(page)).nodes === shown.nodes; notches++) {
      await page.mouse.wheel(0, -300);
      await stepScene(page, 100);
    }
    const opened = await waitForStats(page, (s) => s.nodes === shown.nodes - 1 + members.length, 30_000);
    expect(opened.nodes).toBe(shown.nodes - 1 + members.length);
    // Opened on the way in, not at the deepest zoom: the other islands are all still collapsed.
    expect(notches).toBeLessThan(12);
    await settleScene(page, 1500);
    await screenshot(page, 'islands-zoom-open');
    // The services are drawn where the island was, under the pointer, and named: readable at this zoom.
    const { all } = await islandLabels(page);
    const named = all.filter((l) => members.includes(l.text));
    expect(named.length).toBeGreaterThanOrEqual(20);
    for (const l of named) expect(l.height).toBeGreaterThanOrEqual(13);
    const first = (await inspect(page, `${key}-1`))!;
    expect(first.x).toBeGreaterThan(0);
    expect(first.x).toBeLessThan(1600);
    expect(first.y).toBeGreaterThan(0);
    expect(first.y).toBeLessThan(900);
    expect(await inspect(page, islandId(key))).toBeNull();

    // Zooming back out folds it: the island's disc returns and the other islands never moved.
    for (let k = 0; k < notches && (await stats(page)).nodes !== shown.nodes; k++) {
      await page.mouse.wheel(0, 300);
      await stepScene(page, 100);
    }
    await waitForStats(page, (s) => s.nodes === shown.nodes, 30_000);
    await page.keyboard.press('f');
    await settleScene(page, 1500);
    await screenshot(page, 'islands-zoom-folded');
    const back = (await inspect(page, islandId(key)))!;
    expect(Math.abs(back.x - island.x)).toBeLessThan(1);
    expect(Math.abs(back.y - island.y)).toBeLessThan(1);
    const placesAfter = await Promise.all(neighbours.map((id) => inspect(page, id)));
    placesAfter.forEach((p, i) => {
      expect(Math.abs(p!.x - placesBefore[i]!.x)).toBeLessThan(1);
      expect(Math.abs(p!.y - placesBefore[i]!.y)).toBeLessThan(1);
    });
    expect((await islandLabels(page)).islands.size).toBe(families.size);

    // A click still opens an island, and it stays open however far one zooms out (Esc folds it).
    await page.mouse.click(back.x, back.y);
    await waitForStats(page, (s) => s.nodes === shown.nodes - 1 + members.length, 30_000);
    await settleScene(page, 1000);
    for (let k = 0; k < 4; k++) await page.mouse.wheel(0, 300);
    await settleScene(page, 300);
    expect((await stats(page)).nodes).toBe(shown.nodes - 1 + members.length);
    await page.keyboard.press('Escape');
    await waitForStats(page, (s) => s.nodes === shown.nodes, 30_000);
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});

describe('groupBy in the config', () => {
  it('groups by the pattern’s capture group: five islands, one per layer of the estate', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const config = writeConfig(dir, 5, [{ name: 'estate', type: 'vizceral', path: estateFile }]);
    appendFileSync(config, 'groupBy: "^([a-z]+)-"\n');
    const grouped = await startHub(['--config', config, '--port', '0']);
    try {
      const { page, problems } = await openPage(browser);
      await page.goto(`${grouped.url}#/region/${region}`);
      const layers = new Map<string, number>();
      for (const members of families.values()) for (const name of members) layers.set(name.split('-')[0]!, (layers.get(name.split('-')[0]!) ?? 0) + 1);
      expect([...layers.keys()].sort()).toEqual(['api', 'core', 'edge', 'store', 'svc']);
      await waitForStats(page, (s) => s.view === 'region' && s.region === region && s.nodes === layers.size + 1, 120_000);
      await page.waitForTimeout(1500);
      for (const [key, count] of layers) expect((await label(page, `${key} (`)).text).toBe(islandName(key, count));
      await screenshot(page, 'islands-groupby');
      expect(problems.errors).toEqual([]);
      await page.close();
    } finally {
      await grouped.kill();
    }
  });
});
