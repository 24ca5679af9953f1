// The view at a glance, severity and volume: a region is judged by its ingress (what its users feel), the
// INTERNET likewise, with the same thresholds as every call; the global view writes each region's share of
// traffic and error rate inside its disc, and disc area, stream width and particles follow volume.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, settleScene, waitForStats } from './support/browser';
import { tempDir, vizceralFeed, writeConfig, writeJson } from './support/fixtures';
import { startHub, type RunningHub } from './support/hub';
import { inspect, label, TONE } from './support/scene';

let hub: RunningHub;
let browser: Browser;

// eu-west: users see 25 % failures at the edge while 40 healthy internal calls carry 20,000 rps.
const internal = Array.from({ length: 40 }, (_, i) => ({ source: 'api', target: `svc-${i}`, normal: 500 }));
const feed = vizceralFeed({
  'eu-west': [{ source: 'INTERNET', target: 'edge', normal: 225, danger: 75 }, { source: 'edge', target: 'api', normal: 300 }, { source: 'api', target: 'db', normal: 990, danger: 10 }, ...internal],
  'us-east': [{ source: 'INTERNET', target: 'gateway', normal: 600 }, { source: 'gateway', target: 'orders', normal: 900 }],
});

beforeAll(async () => {
  const dir = tempDir();
  const config = writeConfig(dir, 1, [{ name: 'feed', type: 'vizceral', path: writeJson(dir, 'traffic.json', feed) }]);
  hub = await startHub(['--config', config, '--port', '0']);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await hub?.kill();
});

describe('the global view at a glance', () => {
  it('classes a region and the INTERNET by their ingress in /api/graph, with the worst internal call beside it', async () => {
    const graph = (await (await fetch(hub.url + 'api/graph')).json()) as {
      nodes: { name: string; class: string; metadata?: { ingress?: unknown; internal?: unknown; worstCall?: { source: string; target: string; class: string } | null } }[];
    };
    const eu = graph.nodes.find((n) => n.name === 'eu-west')!;
    const us = graph.nodes.find((n) => n.name === 'us-east')!;
    const internet = graph.nodes.find((n) => n.name === 'INTERNET')!;
    // 75 of 300 entering requests fail: 25 % ≥ the 5 % danger line, however healthy the 20,000 internal rps are.
    expect(eu.class).toBe('danger');
    expect(eu.metadata?.ingress).toEqual({ normal: 225, danger: 75 });
    expect(eu.metadata?.internal).toEqual({ normal: 21_290, danger: 10 });
    expect(eu.metadata?.worstCall).toMatchObject({ source: 'api', target: 'db', class: 'warning' });
    expect(us.class).toBe('normal');
    // The INTERNET sends 900 rps of which 75 fail: 8.3 %, danger.
    expect(internet.class).toBe('danger');
  });

  it('writes share of traffic, rps and error % inside each disc, red at danger, and sizes discs and streams by volume', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(hub.url);
    await waitForStats(page, (s) => s.live && s.view === 'global' && s.nodes === 3 && s.particles > 0);
    await settleScene(page, 1500); // camera transition and particle easing
    const eu = await label(page, '33%');
    expect(eu.text).toBe('33%\n300 rps\n25% err');
    expect(eu.color).toBe(TONE.danger);
    const us = await label(page, '67%');
    expect(us.text).toBe('67%\n600 rps\n0% err');
    expect((await label(page, 'INTERNET')).text).toBe('INTERNET\n900 rps total · 8.3% err');
    expect((await label(page, 'eu-west')).text).toBe('eu-west\ninternal 21k calls/s\nworst api → db 1.0%');

    const euNode = (await inspect(page, 'eu-west'))!;
    const usNode = (await inspect(page, 'us-east'))!;
    expect(euNode.class).toBe('danger');
    // Twice the ingress, twice the disc area.
    expect((usNode.radiusPx! / euNode.radiusPx!) ** 2).toBeCloseTo(2, 5);
    const euStream = (await inspect(page, 'INTERNET→eu-west'))!;
    const usStream = (await inspect(page, 'INTERNET→us-east'))!;
    expect(usStream.streamHalfWidthPx! / euStream.streamHalfWidthPx!).toBeCloseTo(Math.SQRT2, 5);
    // Particles per pixel of stream: about twice as many with twice the traffic.
    expect(usStream.particles! / usStream.lengthPx! / (euStream.particles! / euStream.lengthPx!)).toBeGreaterThan(1.6);
    await screenshot(page, 'glance-global-severity');
    expect(problems.errors).toEqual([]);
    await page.close();
  });
});
