import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { INTERNET } from '../../shared/model';
import type { WhatifResponse } from '../../electron/hub/whatif-service';
import type { WhatifReport } from '../../shared/whatif/report';

const OPERATOR = 'operator-token-for-tests';
const VIEWER = 'viewer-token-for-tests';

/** Two regions running web → db; east also runs a legacy service found nowhere else. */
function feed(): string {
  const region = (name: string, ingress: number, extra: boolean) => ({
    renderer: 'region',
    name,
    nodes: [{ name: INTERNET }, { name: 'web' }, { name: 'db' }, ...(extra ? [{ name: 'legacy' }] : [])],
    connections: [
      { source: INTERNET, target: 'web', metrics: { normal: ingress } },
      { source: 'web', target: 'db', metrics: { normal: ingress * 2 } },
      ...(extra ? [{ source: INTERNET, target: 'legacy', metrics: { normal: 5 } }] : []),
    ],
  });
  return JSON.stringify({ renderer: 'global', name: 'edge', nodes: [region('east', 100, true), region('west', 50, false)], connections: [] });
}

const post = (url: string, body: unknown, token?: string) =>
  fetch(url + 'api/whatif', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /api/whatif and GET /api/whatif/report with tokens', () => {
  let hub: RunningHub;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowsight-whatif-'));
    const path = join(dir, 'feed.json');
    writeFileSync(path, feed());
    hub = await startHub({
      host: '127.0.0.1',
      port: 0,
      interval: 1,
      staticDir: dir,
      tokens: [OPERATOR],
      viewerTokens: [VIEWER],
      capacity: { west: { web: 120 } },
      headroom: 1.5,
      sources: [{ name: 'feed', type: 'vizceral', path }],
    });
    await hub.pollNow();
  });
  afterAll(() => hub?.close());

  it('refuses a plan without a token (401) and from a viewer token (403)', async () => {
    const none = await post(hub.url, { drain: ['east'] });
    expect(none.status).toBe(401);
    const viewer = await post(hub.url, { drain: ['east'] }, VIEWER);
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as { error: string }).error).toMatch(/operator token/);
    expect((await fetch(hub.url + 'api/whatif/report?drain=east', { headers: { Authorization: `Bearer ${VIEWER}` } })).status).toBe(403);
  });

  it('projects the plan for an operator: Vizceral JSON of the projected world and the ranked overloads', async () => {
    const response = await post(hub.url, { drain: ['east'] }, OPERATOR);
    expect(response.status).toBe(200);
    const body = (await response.json()) as WhatifResponse;
    expect(body.graph.renderer).toBe('global');
    const west = body.graph.nodes.find((n) => n.name === 'west')!;
    expect(west.connections?.find((c) => c.source === INTERNET && c.target === 'web')?.metrics?.normal).toBe(150);
    expect(west.connections?.find((c) => c.source === 'web' && c.target === 'db')?.metrics?.normal).toBe(300);
    // db: observed peak 100 × headroom 1.5 = 150 → 200 %; web: configured 120 → 125 %.
    expect(body.overloaded).toEqual([
      expect.objectContaining({ region: 'west', service: 'db', projectedRps: 300, capacityRps: 150, utilisation: 2, capacitySource: 'observed-peak', firstOverAt: 50 }),
      expect.objectContaining({ region: 'west', service: 'web', projectedRps: 150, capacityRps: 120, utilisation: 1.25, capacitySource: 'config', firstOverAt: 75 }),
    ]);
    expect(body.unplaceable).toEqual([expect.objectContaining({ region: 'east', service: 'legacy', rps: 5 })]);
    expect(body.ingress.projectedRps).toBeCloseTo(body.ingress.currentRps, 9);
    expect(body.services.find((s) => s.region === 'east' && s.service === 'web')).toMatchObject({ projectedRps: 0, capacitySource: 'observed-peak' });
    expect('world' in body).toBe(false);
  });

  it('answers a display (?model=1) with the hub’s own model of the projected world', async () => {
    const response = await fetch(hub.url + 'api/whatif?model=1', { method: 'POST', headers: { Authorization: `Bearer ${OPERATOR}` }, body: JSON.stringify({ drain: ['east'] }) });
    const body = (await response.json()) as { world: { regions: Array<{ name: string; nodes: Array<{ name: string; class: string }> }> }; graph?: unknown };
    expect(body.graph).toBeUndefined();
    const west = body.world.regions.find((r) => r.name === 'west')!;
    expect(west.nodes.find((n) => n.name === 'db')?.class).toBe('danger');
  });

  it('answers a bad plan with 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ drain: ['east'], fraction: 2 }, 'fraction'],
      [{ drain: ['atlantis'] }, 'drain[0]'],
      [{ drain: 'east' }, 'drain'],
      [{ drain: ['east'], to: { east: 1 } }, 'to.east'],
      [{ drain: ['east'], weights: {} }, 'weights'],
      ['{not json', '(body)'],
    ];
    for (const [plan, field] of cases) {
      const response = await post(hub.url, plan, OPERATOR);
      expect(response.status, JSON.stringify(plan)).toBe(400);
      const body = (await response.json()) as { error: string; field: string };
      expect(body.field, JSON.stringify(plan)).toBe(field);
      expect(body.error.startsWith(`${field}: `)).toBe(true);
    }
  });

  it('gives a change-ticket report in Markdown and JSON for the same plan', async () => {
    const headers = { Authorization: `Bearer ${OPERATOR}` };
    const md = await fetch(hub.url + 'api/whatif/report?drain=east&fraction=0.5', { headers });
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    const text = await md.text();
    expect(text).toContain('# Evacuation rehearsal: drain east (50%)');
    expect(text).toContain('| 1 | west | db | 200 | 150 | 133% | 50% | observed-peak |');
    const json = await fetch(hub.url + 'api/whatif/report?drain=east&format=json', { headers });
    const report = (await json.json()) as WhatifReport;
    expect(report.verdict).toBe('overloads-and-unplaceable-traffic');
    expect(report.capacity).toMatchObject({ headroom: 1.5, services: { config: 1, 'observed-peak': 4, unknown: 0 } });
    expect((await fetch(hub.url + 'api/whatif/report?drain=east&format=pdf', { headers })).status).toBe(400);
    expect((await fetch(hub.url + 'api/whatif/report?fraction=1', { headers })).status).toBe(400);
  });

  it('keeps other routes GET-only', async () => {
    expect((await fetch(hub.url + 'api/graph', { method: 'POST', headers: { Authorization: `Bearer ${OPERATOR}` } })).status).toBe(405);
    expect((await fetch(hub.url + 'api/whatif', { headers: { Authorization: `Bearer ${OPERATOR}` } })).status).toBe(405);
  });
});
