// `GET /api/changes` against a real Prometheus: an instant from before the hub started (Prometheus evaluates
// the queries at time=T) compared with a recorded one and with live; each call's rps and error % are exactly
// those of `/api/graph?at=` at the two instants; a source with no data at one instant (a Vizceral file tells
// only the present) is left out, never counted as appeared; and the route is behind the token like /api/*.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { resolveServeOptions } from '../../electron/hub/serve-options';
import type { ChangesAnswer } from '../../shared/timeline/changes-answer';
import type { VizceralGraph } from '../../shared/vizceral';
import { startFixedRateExporter, type FixedRateExporter } from './helpers/fixed-rate-exporter';
import { startPrometheus, type RealPrometheus } from './helpers/prometheus';

const TOKEN = 'changes-token-for-integration-tests';

function istio(destination: string, code = '200') {
  return {
    reporter: 'destination',
    source_workload: 'web',
    source_workload_namespace: 'shop',
    destination_workload: destination,
    destination_workload_namespace: 'shop',
    destination_service_name: destination,
    response_code: code,
  };
}

let exporter: FixedRateExporter;
let prometheus: RealPrometheus;
let hub: RunningHub;
let before = 0;
const staticDir = mkdtempSync(join(tmpdir(), 'flowsight-static-'));
const auth = { Authorization: `Bearer ${TOKEN}` };

async function get<T>(path: string): Promise<{ status: number; body: T & { error?: string } }> {
  const response = await fetch(`${hub.url}${path.slice(1)}`, { headers: auth });
  return { status: response.status, body: (await response.json()) as T & { error?: string } };
}

function rateOf(g: VizceralGraph, target: string): { rps: number; errorPct: number } {
  const c = g.nodes.find((n) => n.name === 'east')!.connections!.find((x) => x.source === 'web' && x.target === target)!;
  const total = (c.metrics?.normal ?? 0) + (c.metrics?.danger ?? 0) + (c.metrics?.warning ?? 0);
  return { rps: total, errorPct: total > 0 ? ((c.metrics?.danger ?? 0) / total) * 100 : 0 };
}

describe('GET /api/changes', () => {
  beforeAll(async () => {
    exporter = await startFixedRateExporter([
      { name: 'istio_requests_total', labels: istio('cart'), perSecond: 30 },
      { name: 'istio_requests_total', labels: istio('search'), perSecond: 10 },
      { name: 'istio_requests_total', labels: istio('pay'), perSecond: 20 },
      { name: 'istio_requests_total', labels: istio('pay', '503'), perSecond: 0 },
    ]);
    prometheus = await startPrometheus({ targets: [exporter.target] });
    await prometheus.waitFor('count_over_time(up{job="demo"}[12s])', 60_000, (n) => n >= 10);
    // Settled rates over the 4 s window: cart 30, search 10, pay 20 with no errors.
    before = Date.now() - 500;
    exporter.setRate(0, 60); // cart doubles
    exporter.setRate(1, 2); // search shrinks
    exporter.setRate(2, 16); // pay keeps its 20 rps but a fifth of them fail
    exporter.setRate(3, 4);
    // The 4 s window must hold only the new rates.
    await prometheus.waitFor('sum(rate(istio_requests_total{destination_workload="cart"}[4s]))', 60_000, (v) => v > 59);
    await prometheus.waitFor('min_over_time(sum(rate(istio_requests_total{destination_workload="cart"}[4s]))[3s:1s])', 60_000, (v) => v > 59);
    const dir = mkdtempSync(join(tmpdir(), 'flowsight-cfg-'));
    copyFileSync(join(import.meta.dirname, '../fixtures/vizceral-sample.json'), join(dir, 'sample.json'));
    const file = join(dir, 'flowsight.yaml');
    writeFileSync(
      file,
      [
        'interval: 5',
        // A short record: the instant before the hub started is answered by Prometheus, not by backfill.
        'timeline: { retention: 2s }',
        'sources:',
        `  - { name: prom, type: prometheus, url: "${prometheus.url}", region: east }`,
        '  - { name: file, type: vizceral, path: sample.json }',
        '',
      ].join('\n'),
    );
    hub = await startHub({ ...resolveServeOptions({ config: file, port: '0' }, staticDir), tokens: [TOKEN] });
    await hub.pollNow();
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    await prometheus?.close();
    await exporter?.close();
  });

  it('lists the calls that grew, shrank or failed more between an old instant and a recorded one, with the rates /api/graph?at= shows', async () => {
    // The old instant is older than the record: Prometheus answers for it.
    expect(hub.timeline.record.span('prom')!.from).toBeGreaterThan(before);
    const recorded = hub.timeline.record.times('prom').at(-1)!;
    const { status, body } = await get<ChangesAnswer>(`/api/changes?from=${new Date(before).toISOString()}&to=${recorded}`);
    expect(status).toBe(200);
    expect(body.from).toBe(new Date(before).toISOString());
    expect(body.to).toBe(new Date(recorded).toISOString());
    expect(body.live).toBe(false);
    expect(body.thresholds).toEqual({ rpsRatio: 0.2, minRps: 1, errorPoints: 1 });
    // The Vizceral file has no past: left out, so its calls are not "appeared".
    expect(body.compared).toEqual(['prom']);
    expect(body.excluded.map((e) => e.name)).toEqual(['file']);
    expect(body.excluded[0]!.reason).toMatch(/no data for this source/);
    expect(body.changes.every((c) => c.region === 'east' || c.region === null)).toBe(true);

    const then = (await get<VizceralGraph>(`/api/graph?at=${before}`)).body;
    const now = (await get<VizceralGraph>(`/api/graph?at=${recorded}`)).body;
    const east = body.changes.filter((c) => c.region === 'east');
    expect(east.map((c) => [c.target, c.kind])).toEqual([
      ['cart', 'grew'],
      ['search', 'shrank'],
      ['pay', 'errors-up'],
    ]);
    for (const change of east) {
      const a = rateOf(then, change.target);
      const b = rateOf(now, change.target);
      expect([change.rpsBefore, change.errorPctBefore, change.rpsAfter, change.errorPctAfter]).toEqual([a.rps, a.errorPct, b.rps, b.errorPct]);
    }
    const [cart, search, pay] = east;
    expect(cart!.rpsBefore).toBeCloseTo(30, 0);
    expect(cart!.rpsAfter).toBeCloseTo(60, 0);
    expect(search!.rpsBefore).toBeCloseTo(10, 0);
    expect(search!.rpsAfter).toBeCloseTo(2, 0);
    expect(pay!.errorPctBefore).toBe(0);
    expect(pay!.errorPctAfter).toBeCloseTo(20, 0);
  });

  it('compares against live with to=live, and takes a threshold in percent', async () => {
    const live = await get<ChangesAnswer>(`/api/changes?from=${before}&to=live`);
    expect(live.status).toBe(200);
    expect(live.body.live).toBe(true);
    expect(live.body.changes.filter((c) => c.region === 'east').map((c) => c.target)).toEqual(['cart', 'search', 'pay']);
    // At 90 % only cart (+100 %) still counts as grown, search's −80 % no longer shrank; pay's errors stay.
    const strict = await get<ChangesAnswer>(`/api/changes?from=${before}&threshold=90`);
    expect(strict.body.thresholds.rpsRatio).toBe(0.9);
    expect(strict.body.changes.filter((c) => c.region === 'east').map((c) => [c.target, c.kind])).toEqual([
      ['cart', 'grew'],
      ['pay', 'errors-up'],
    ]);
  });

  it('is 400 for unreadable parameters and 404 when nothing can answer for an instant', async () => {
    expect((await get('/api/changes')).status).toBe(400);
    const bad = await get('/api/changes?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^from: "yesterday" is neither/);
    expect((await get(`/api/changes?from=${before}&to=${before - 1000}`)).status).toBe(400);
    expect((await get(`/api/changes?from=${before}&threshold=-5`)).body.error).toMatch(/^threshold:/);
    const old = await get('/api/changes?from=2001-01-01T00:00:00Z');
    expect(old.status).toBe(404);
    expect(old.body.error).toMatch(/no source can answer for 2001-01-01T00:00:00.000Z/);
  });

  it('needs the token like every /api route', async () => {
    const response = await fetch(`${hub.url}api/changes?from=${before}`);
    expect(response.status).toBe(401);
    const wrong = await fetch(`${hub.url}api/changes?from=${before}`, { headers: { Authorization: 'Bearer not-the-token-at-all-0000' } });
    expect(wrong.status).toBe(401);
  });
});
