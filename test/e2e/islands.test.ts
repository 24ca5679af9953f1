// A 5,000-service region (bench/generate-region.ts, fed through a Vizceral file source as a user would) reads as
// islands: one node per family of services, named with its size; clicking one opens it; searching a service
// inside a collapsed island opens that island and brings the service on screen, selected and labelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { generateRegion } from '../../bench/generate-region';
import { islandId, islandKeyOf, islandName, NAMESPACE_RULE } from '../../shared/view/islands';
import { launchBrowser, openPage, screenshot, stats, waitForStats } from './support/browser';
import { appendFileSync } from 'node:fs';
import { tempDir, writeConfig, writeJson } from './support/fixtures';
import { startHub, type RunningHub } from './support/hub';
import { inspect, label, shownLabels } from './support/scene';

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
    const accounts = families.get('svc-accounts')!;
    expect(islandKeyOf(accounts[0]!, NAMESPACE_RULE)).toBe('svc-accounts');
    await screenshot(page, 'islands-collapsed');
    // Each island's label is its name and how many services it holds (those the placement keeps).
    const islandLabels = (await shownLabels(page)).map((l) => /^(.+) \((\d+)\)$/.exec(l.text)).filter((m) => m !== null);
    // Known gap (issue 15): islands packed ~45 px apart in the middle columns leave no room for their names,
    // so about 20 of 50 are named at this zoom, the rest on zoom or search. Fewer than 15 is a regression.
    expect(islandLabels.length).toBeGreaterThanOrEqual(15);
    for (const [text, key] of islandLabels) expect(text).toBe(islandName(key!, families.get(key!)!.length));
    expect(await inspect(page, accounts[0]!)).toBeNull();

    // Clicking the island opens it: its services replace its node.
    const island = (await inspect(page, islandId('svc-accounts')))!;
    expect(island).not.toBeNull();
    await page.mouse.click(island.x, island.y);
    await waitForStats(page, (s) => s.nodes === before.nodes - 1 + accounts.length, 60_000);
    // The island's disc fades out as its services take its place.
    await expect.poll(() => inspect(page, islandId('svc-accounts')), { timeout: 30_000 }).toBeNull();
    for (const member of accounts) expect(await inspect(page, member)).not.toBeNull();
    await page.waitForTimeout(1500);
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
    await page.waitForTimeout(1500); // the camera glides to it
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
