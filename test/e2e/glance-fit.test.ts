// The view at a glance on any screen (issue 15 §5, §6, §8), in real Chromium: the legend folds away (button
// or k, kept across reloads, gone on a wall) and the fit takes the room it leaves; in the global view of 20
// regions × 500 services every region's name and headline survive at fitted zoom at 1600×900 and 1024×768,
// clear of each other, of every stream and of the chrome, while the secondary lines go where there is room;
// on Netflix's sample the numbers stay legible and nothing sits under the toolbar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, settleScene, waitForStats } from './support/browser';
import { freshNetflixSample, tempDir, vizceralFeed, writeConfig, writeJson } from './support/fixtures';
import { ROOT, startHub, type RunningHub } from './support/hub';
import type { DrawnItem, ShownLabel } from '../../renderer/scene/index';
import { boxInsideDisc, discHitsBox, segmentHitsBox } from '../../shared/view/label-placement';
import { generateGlobal, type VizceralDocument } from '../../bench/generate-region';

const REGIONS = Array.from({ length: 20 }, (_, i) => `region-${String(i + 1).padStart(2, '0')}`);
let world: RunningHub;
let netflix: RunningHub;
let small: RunningHub;
let browser: Browser;
/** Calls between regions in the 20 × 500 world (the INTERNET's and the failover ring), as the hub draws them. */
let worldEdges: string[] = [];

/** A feed's own time is its freshness: the generated world stamped now, so it draws live. */
function stampedNow(document: VizceralDocument): VizceralDocument {
  const now = Date.now();
  return { ...document, serverUpdateTime: now, nodes: document.nodes.map((n) => (n.renderer === 'region' && n.name !== 'INTERNET' ? { ...n, updated: now } : n)) };
}

beforeAll(async () => {
  const dir = tempDir();
  const big = tempDir();
  const generated = stampedNow(generateGlobal(20, 500).graph);
  world = await startHub(['--config', writeConfig(big, 5, [{ name: 'world', type: 'vizceral', path: writeJson(big, 'world.json', generated) }]), '--port', '0']);
  netflix = await startHub(['--config', writeConfig(dir, 2, [{ name: 'netflix', type: 'vizceral', path: writeJson(dir, 'sample.json', freshNetflixSample(ROOT)) }]), '--port', '0']);
  const tiny = tempDir();
  small = await startHub(['--config', writeConfig(tiny, 2, [{ name: 'feed', type: 'vizceral', path: writeJson(tiny, 'traffic.json', vizceralFeed({ east: [{ source: 'INTERNET', target: 'edge', normal: 900 }, { source: 'edge', target: 'api', normal: 500 }, { source: 'api', target: 'db', normal: 90, danger: 3 }], west: [{ source: 'INTERNET', target: 'gate', normal: 600 }, { source: 'gate', target: 'store', normal: 300 }] })) }]), '--port', '0']);
  browser = await launchBrowser();
  worldEdges = [...REGIONS.map((r) => `INTERNET→${r}`), ...REGIONS.map((r, i) => `${r}→${REGIONS[(i + 1) % REGIONS.length]}`)];
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await world?.kill();
  await netflix?.kill();
  await small?.kill();
});

interface Box { l: number; t: number; r: number; b: number }
interface Frame {
  labels: ShownLabel[];
  /** Font size of each label's DOM element, by its text. */
  fonts: Record<string, number>;
  nodes: DrawnItem[];
  edges: DrawnItem[];
  /** The chrome over the canvas (canvas px): each visible box. */
  chrome: (Box & { id: string })[];
  canvas: { width: number; height: number };
}

/** Labels, drawn nodes and edges, and the chrome's boxes, read in one go so they describe one frame. */
function frame(page: Page, nodeIds: readonly string[], edgeIds: readonly string[]): Promise<Frame> {
  return page.evaluate(
    ([nodeList, edgeList]) => {
      const api = (window as unknown as { flowsight: { labels(): ShownLabel[]; inspect(id: string): DrawnItem | null } }).flowsight;
      const canvas = document.getElementById('scene')!.getBoundingClientRect();
      const fonts: Record<string, number> = {};
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('#labels .fs-label'))) if (el.style.display !== 'none') fonts[el.textContent ?? ''] = parseFloat(el.style.fontSize);
      const chrome = ['topbar', 'tools', 'panel', 'panel-toggle', 'legend', 'timebar']
        .map((id) => {
          const r = document.getElementById(id)!.getBoundingClientRect();
          return { id, l: r.left - canvas.left, t: r.top - canvas.top, r: r.right - canvas.left, b: r.bottom - canvas.top };
        })
        .filter((b) => b.r > b.l && b.b > b.t);
      // The top bar spans the window but only its items are drawn: its box is theirs.
      const bar = Array.from(document.getElementById('topbar')!.children)
        .map((c) => c.getBoundingClientRect())
        .filter((r) => r.width > 0);
      const topbar = chrome.find((b) => b.id === 'topbar');
      if (topbar && bar.length > 0) topbar.b = Math.max(...bar.map((r) => r.bottom)) - canvas.top;
      const drawn = (ids: string[]) => ids.map((id) => api.inspect(id)).filter((x): x is DrawnItem => x !== null);
      return { labels: api.labels(), fonts, nodes: drawn(nodeList), edges: drawn(edgeList), chrome, canvas: { width: canvas.width, height: canvas.height } };
    },
    [nodeIds.slice(), edgeIds.slice()] as [string[], string[]],
  );
}

const overlaps = (a: Box, b: Box) => a.l < b.r && a.r > b.l && a.t < b.b && a.b > b.t;
/** Half a pixel in from the box the placer kept clear: the DOM rounds positions to whole pixels. */
const boxOf = (l: ShownLabel): Box => ({ l: l.x + 0.5, t: l.y + 0.5, r: l.x + l.width - 0.5, b: l.y + l.height - 0.5 });

/** No label over another, over a disc (but its own), crossed by a stream, or under the chrome or off the canvas. */
function expectClear(f: Frame): void {
  const names = f.labels.filter((l) => l.kind === 'node');
  for (const [i, a] of names.entries()) {
    for (const b of names.slice(i + 1)) expect(overlaps(boxOf(a), boxOf(b)), `"${a.text}" over "${b.text}"`).toBe(false);
  }
  for (const label of names) {
    const box = boxOf(label);
    expect(label.clean, label.text).toBe(true);
    expect(box.l >= 0 && box.t >= 0 && box.r <= f.canvas.width && box.b <= f.canvas.height, `"${label.text}" off the canvas`).toBe(true);
    for (const c of f.chrome) expect(overlaps(box, c), `"${label.text}" under #${c.id}`).toBe(false);
    // Streams end at the rims: numbers written wholly inside a disc are crossed by none.
    if (f.nodes.some((n) => boxInsideDisc(n.x, n.y, n.radiusPx ?? 0, box.l, box.t, box.r, box.b))) continue;
    for (const edge of f.edges) {
      const w = edge.streamHalfWidthPx ?? 0;
      const path = edge.pathPx ?? [];
      for (let k = 0; k + 3 < path.length; k += 2) {
        expect(segmentHitsBox(path[k]!, path[k + 1]!, path[k + 2]!, path[k + 3]!, box.l - w, box.t - w, box.r + w, box.b + w), `${edge.id} crosses "${label.text}"`).toBe(false);
      }
    }
    // A number written inside its own disc is the one label allowed on a disc.
    for (const node of f.nodes) {
      const inside = node.x > box.l && node.x < box.r && node.y > box.t && node.y < box.b;
      if (!inside) expect(discHitsBox(node.x, node.y, node.radiusPx ?? 0, box.l, box.t, box.r, box.b), `"${label.text}" over ${node.id}`).toBe(false);
    }
  }
}

/** A region's name label (the short form: name, then the headline unless it is written inside the disc). */
function nameLabel(f: Frame, region: string): ShownLabel | undefined {
  // The name may carry its firing alerts (▲N) after it.
  return f.labels.find((l) => l.text.split('\n')[0]!.replace(/ ▲\d+$/, '') === region);
}

/** Its headline as drawn: the three numbers inside the disc, or the line under its name. */
function headlineOf(f: Frame, region: string): string | null {
  const node = f.nodes.find((n) => n.id === region)!;
  const inside = f.labels.find((l) => l.x < node.x && l.x + l.width > node.x && l.y < node.y && l.y + l.height > node.y && /^\d/.test(l.text));
  if (inside) return inside.text.replace(/\n/g, ' · ');
  const line = nameLabel(f, region)?.text.split('\n')[1];
  return line !== undefined && / rps · /.test(line) ? line : null;
}

/** The box of every drawn disc (canvas px). */
function graphBox(nodes: readonly DrawnItem[]): Box {
  return {
    l: Math.min(...nodes.map((n) => n.x - n.radiusPx!)),
    t: Math.min(...nodes.map((n) => n.y - n.radiusPx!)),
    r: Math.max(...nodes.map((n) => n.x + n.radiusPx!)),
    b: Math.max(...nodes.map((n) => n.y + n.radiusPx!)),
  };
}

/**
 * A region of the small feed drawn at `viewport` and settled: its frame, the area the chrome leaves (below the
 * tools, above the timeline bar) and the drawn graph's box, which must lie wholly inside that area.
 */
async function fittedRegion(
  page: Page,
  viewport: { width: number; height: number },
  region: string,
  nodeIds: readonly string[],
  edgeIds: readonly string[],
  shot: string,
): Promise<{ f: Frame; free: Box; g: Box }> {
  await page.setViewportSize(viewport);
  await page.goto(small.url + `#/region/${region}`);
  await waitForStats(page, (s) => s.live && s.view === 'region' && s.nodes === nodeIds.length && !s.layoutPending, 60_000);
  await settleScene(page, 1500);
  const f = await frame(page, nodeIds, edgeIds);
  await screenshot(page, shot);
  const tools = f.chrome.find((c) => c.id === 'tools')!;
  const timebar = f.chrome.find((c) => c.id === 'timebar')!;
  const free = { l: 0, t: tools.b, r: f.canvas.width, b: timebar.t };
  const g = graphBox(f.nodes);
  expect(g.l >= free.l && g.t >= free.t && g.r <= free.r && g.b <= free.b).toBe(true);
  return { f, free, g };
}

async function openWorld(page: Page, viewport: { width: number; height: number }): Promise<Frame> {
  await page.setViewportSize(viewport);
  await page.goto(world.url);
  await waitForStats(page, (s) => s.live && s.view === 'global' && s.nodes === 21, 120_000);
  await settleScene(page, 2000); // camera transition, node glides, particle easing
  return frame(page, ['INTERNET', ...REGIONS], worldEdges);
}

describe('20 regions × 500 services, global view', () => {
  for (const viewport of [{ width: 1600, height: 900 }, { width: 1024, height: 768 }]) {
    it(`shows every region's name and headline at fitted zoom at ${viewport.width}×${viewport.height}, nothing crossed, nothing under the chrome`, async () => {
      const { page, problems } = await openPage(browser);
      const f = await openWorld(page, viewport);
      await screenshot(page, `glance-fit-world-${viewport.width}`);
      expect(f.nodes).toHaveLength(21);
      for (const region of REGIONS) {
        expect(nameLabel(f, region), region).toBeDefined();
        expect(headlineOf(f, region), region).toMatch(/^[\d.]+ ?% · [\d.]+k rps · [\d.]+ ?% err$/);
      }
      expect(f.labels.find((l) => l.text.startsWith('INTERNET\n'))?.text).toMatch(/ rps total · /);
      expectClear(f);
      // The secondary lines are the detailed form, taken only where they fit; every one shown is whole.
      for (const l of f.labels.filter((x) => x.text.includes('\ninternal '))) expect(l.text).toMatch(/^region-\d\d\n.*\ninternal [\d.]+k calls\/s\nworst .+ → .+ [\d.]+ ?%$/);
      expect(problems.errors).toEqual([]);
      await page.close();
    }, 240_000);
  }
});

describe('the legend folds away and the fit takes the room', () => {
  it('is folded at first, opens with its button or k, stays as left across a reload, and is gone on a wall', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(netflix.url);
    await waitForStats(page, (s) => s.live && s.view === 'global' && s.nodes === 4);
    const toggle = page.locator('#legend-toggle');
    expect(await page.locator('#legend').isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    // Folded, every symbol is still named there for the moment it is opened.
    expect(await page.locator('#legend .legend-label').allTextContents()).toEqual(['normal', 'warning', 'danger', 'error share', 'INTERNET', 'other region', 'stale', 'stream']);
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('#legend').isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await settleScene(page, 1000);
    await screenshot(page, 'glance-fit-legend-open');
    const open = await frame(page, ['INTERNET', 'us-east-1', 'us-west-2', 'eu-west-1'], []);
    const legend = open.chrome.find((c) => c.id === 'legend')!;
    // Open, the fit keeps the graph and every label clear of the card.
    for (const l of open.labels) expect(overlaps(boxOf(l), legend), `"${l.text}" under the legend`).toBe(false);
    for (const n of open.nodes) expect(discHitsBox(n.x, n.y, n.radiusPx!, legend.l, legend.t, legend.r, legend.b), n.id).toBe(false);

    await page.reload();
    await waitForStats(page, (s) => s.live && s.view === 'global' && s.nodes === 4);
    expect(await page.locator('#legend').isVisible()).toBe(true);
    await toggle.click();
    expect(await page.locator('#legend').isVisible()).toBe(false);
    await page.reload();
    await waitForStats(page, (s) => s.live && s.view === 'global' && s.nodes === 4);
    expect(await page.locator('#legend').isVisible()).toBe(false);
    await page.keyboard.press('k');
    await page.goto(netflix.url + '?wall=600');
    await waitForStats(page, (s) => s.live && s.wall);
    expect(await page.locator('#legend').isVisible()).toBe(false);
    expect(await page.locator('#legend-toggle').isVisible()).toBe(false);
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('fits the graph into the free area between the tools and the timeline, larger with the legend folded', async () => {
    const { page } = await openPage(browser);
    await page.goto(netflix.url);
    await waitForStats(page, (s) => s.live && s.view === 'global' && s.nodes === 4);
    await settleScene(page, 1500);
    const ids = ['INTERNET', 'us-east-1', 'us-west-2', 'eu-west-1'];
    const folded = await frame(page, ids, []);
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('#legend').isVisible()).toBe(true);
    await settleScene(page, 1500);
    const open = await frame(page, ids, []);
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('#legend').isVisible()).toBe(false);
    await page.close();
    // The free area: below the tools, above the timeline, the canvas's width (the panel is beside it).
    const tools = folded.chrome.find((c) => c.id === 'tools')!;
    const timebar = folded.chrome.find((c) => c.id === 'timebar')!;
    const free = { l: 0, t: tools.b, r: folded.canvas.width, b: timebar.t };
    const g = graphBox(folded.nodes);
    expect(g.l >= free.l && g.t >= free.t && g.r <= free.r && g.b <= free.b).toBe(true);
    // One dimension of the free area is the limit: the graph spans most of it (the fit's margin aside).
    const share = Math.max((g.r - g.l) / (free.r - free.l), (g.b - g.t) / (free.b - free.t));
    expect(share).toBeGreaterThan(0.7);
    const o = graphBox(open.nodes);
    expect((g.r - g.l) * (g.b - g.t)).toBeGreaterThan(1.2 * (o.r - o.l) * (o.b - o.t));
  }, 180_000);
});

describe("Netflix's sample, global view, at a glance", () => {
  for (const viewport of [{ width: 1600, height: 900 }, { width: 1024, height: 768 }, { width: 2560, height: 1440 }]) {
    it(`keeps every region's numbers legible and clear of the toolbar at ${viewport.width}×${viewport.height}`, async () => {
      const { page, problems } = await openPage(browser);
      await page.setViewportSize(viewport);
      await page.goto(netflix.url);
      await waitForStats(page, (s) => s.live && s.view === 'global' && s.nodes === 4);
      await settleScene(page, 1500);
      const regions = ['us-east-1', 'us-west-2', 'eu-west-1'];
      const f = await frame(page, ['INTERNET', ...regions], [...regions.map((r) => `INTERNET→${r}`)]);
      await screenshot(page, `glance-fit-netflix-${viewport.width}`);
      for (const region of regions) {
        const headline = headlineOf(f, region);
        expect(headline, region).toMatch(/^[\d.]+ ?% · [\d.]+k rps · [\d.]+ ?% err$/);
        // Legible: no number smaller than 12 px, wherever it is written.
        const carrier = f.labels.find((l) => l.text.replace(/\n/g, ' · ').includes(headline!))!;
        expect(f.fonts[carrier.text], carrier.text).toBeGreaterThanOrEqual(12);
        // On Netflix's sample there is room for every region's secondary lines.
        expect(f.labels.some((l) => l.text.startsWith(region) && l.text.includes('\ninternal ')), region).toBe(true);
      }
      expectClear(f);
      expect(problems.errors).toEqual([]);
      await page.close();
    }, 180_000);
  }
});

describe('a small region drawn large', () => {
  for (const viewport of [{ width: 1024, height: 768 }, { width: 1600, height: 900 }, { width: 2560, height: 1440 }]) {
    it(`fills the free area with a four-node region at ${viewport.width}×${viewport.height}`, async () => {
      const { page } = await openPage(browser);
      const { f, free, g } = await fittedRegion(page, viewport, 'east', ['INTERNET', 'edge', 'api', 'db'], ['INTERNET→edge', 'edge→api', 'api→db'], `glance-fit-small-${viewport.width}`);
      await page.close();
      // A row of four: it spans most of the free width (the INTERNET's label keeps its room on the left).
      expect((g.r - g.l) / (free.r - free.l)).toBeGreaterThan(0.6);
      // Every name is placed at the size it is drawn: its box is as tall as its line at its font size.
      for (const name of ['edge', 'api', 'db']) {
        const label = f.labels.find((l) => l.kind === 'node' && l.text === name)!;
        expect(label, name).toBeDefined();
        expect(label.height, name).toBeGreaterThanOrEqual(Math.ceil(f.fonts[name]! * 1.25));
      }
      expectClear(f);
    }, 120_000);
  }

  it("draws a three-node region across most of a 2560×1440 screen: the fit's zoom cap grows with the screen", async () => {
    const { page } = await openPage(browser);
    const { f, free, g } = await fittedRegion(page, { width: 2560, height: 1440 }, 'west', ['INTERNET', 'gate', 'store'], ['INTERNET→gate', 'gate→store'], 'glance-fit-three-2560');
    await page.close();
    // A 1600×900 screen's cap (2.2×) would leave this row in the middle 57 % of the width.
    expect((g.r - g.l) / (free.r - free.l)).toBeGreaterThan(0.68);
    expectClear(f);
  }, 120_000);

  it('writes its names larger on a larger screen: 1024×768 < 1600×900 < 2560×1440', async () => {
    const { page, problems } = await openPage(browser);
    const ids = ['INTERNET', 'edge', 'api', 'db'];
    const sizes: number[] = [];
    for (const [i, viewport] of [{ width: 1024, height: 768 }, { width: 1600, height: 900 }, { width: 2560, height: 1440 }].entries()) {
      await page.setViewportSize(viewport);
      if (i === 0) {
        await page.goto(small.url + '#/region/east');
        await waitForStats(page, (s) => s.live && s.view === 'region' && s.nodes === 4 && !s.layoutPending, 60_000);
      }
      await settleScene(page, 1500); // the refit after the resize
      const f = await frame(page, ids, ['INTERNET→edge', 'edge→api', 'api→db']);
      const names = ['edge', 'api', 'db'].map((name) => f.fonts[name]);
      for (const px of names) expect(px, `${viewport.width}×${viewport.height}`).toBeDefined();
      // One size for the names of one view.
      expect(new Set(names).size).toBe(1);
      sizes.push(names[0]!);
      expectClear(f);
    }
    expect(sizes[0]).toBeGreaterThanOrEqual(11);
    expect(sizes[0]).toBeLessThan(sizes[1]!);
    expect(sizes[1]).toBeLessThan(sizes[2]!);
    expect(problems.errors).toEqual([]);
    await page.close();
  }, 180_000);
});
