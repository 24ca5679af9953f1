// The Grafana dashboard in assets/ must only chart metrics the hub really exposes: a renamed metric would
// otherwise leave an empty panel that nobody notices until an incident.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHubMetrics } from '../../electron/hub/metrics';

interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: { expr: string; refId: string }[];
}

const dashboard = JSON.parse(readFileSync(new URL('../../assets/grafana-dashboard.json', import.meta.url), 'utf8')) as {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string }[] };
};
const expressions = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

async function exposedNames(): Promise<Set<string>> {
  const metrics = await createHubMetrics().registry.getMetricsAsJSON();
  return new Set(metrics.map((metric) => metric.name));
}

/** A histogram's series are NAME_bucket, NAME_sum and NAME_count. */
function baseName(series: string): string {
  return series.replace(/_(bucket|sum|count)$/, '');
}

describe('assets/grafana-dashboard.json', () => {
  it('charts only metrics the hub exposes', async () => {
    const names = await exposedNames();
    const used = new Set(expressions.flatMap((expr) => expr.match(/\b(flowsight|process|nodejs)_[a-z0-9_]+/g) ?? []));
    expect(used.size).toBeGreaterThan(10);
    const missing = [...used].filter((series) => !names.has(baseName(series)) && !names.has(series));
    expect(missing).toEqual([]);
  });

  it('charts every flowsight_ metric the hub exposes', async () => {
    const names = [...(await exposedNames())].filter((name) => name.startsWith('flowsight_'));
    const unused = names.filter((name) => !expressions.some((expr) => expr.includes(name)));
    expect(unused).toEqual([]);
  });

  it('has unique panel ids and a query in every chart', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
  });

  it('lets the viewer pick the data source, the hub and the source', () => {
    expect(dashboard.templating.list.map((variable) => variable.name)).toEqual(['datasource', 'instance', 'source']);
  });
});
