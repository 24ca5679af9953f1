import { describe, expect, it } from 'vitest';
import type { Notice, TrafficClass } from '../../../shared/model';
import { cullLabels, estimateTextWidth, type LabelBox } from '../../../shared/view/label-cull';
import { EDGE_LABEL_TIER, NODE_LABEL_TIER, nodeSeverityRank, rankEdgeLabels, rankNodeLabels } from '../../../shared/view/label-rank';

const rate = (normal: number, danger = 0) => ({ normal, danger, warning: 0 });
const edge = (rps: number, cls: TrafficClass = 'normal', danger = 0) => ({ class: cls, rate: rate(rps, danger) });

describe('rankEdgeLabels()', () => {
  it('orders failing edges first, then every other edge by requests/s, busiest first', () => {
    const edges = [edge(0.2), edge(5000), edge(3, 'danger', 2), edge(20), edge(0.3), edge(900, 'danger', 300)];
    const order = new Int32Array(edges.length);
    const priority = new Float64Array(edges.length);
    rankEdgeLabels(edges, order, priority);
    expect([...order]).toEqual([5, 2, 1, 3, 4, 0]);
    // Priorities follow the order exactly and stay in the edge tier.
    for (let k = 1; k < order.length; k++) expect(priority[order[k - 1]!]!).toBeGreaterThan(priority[order[k]!]!);
    expect(Math.max(...priority)).toBeLessThan(NODE_LABEL_TIER);
    expect(Math.min(...priority)).toBeGreaterThan(EDGE_LABEL_TIER);
  });

  it('separates rates a log-level ranking would tie (0.2 vs 0.3 rps, 40k vs 50k rps)', () => {
    const edges = [edge(0.2), edge(0.3), edge(40_000), edge(50_000)];
    const order = new Int32Array(4);
    const priority = new Float64Array(4);
    rankEdgeLabels(edges, order, priority);
    expect([...order]).toEqual([3, 2, 1, 0]);
  });
});

describe('rankNodeLabels()', () => {
  it('puts entry points first, then failing services, then services by volume', () => {
    const nodes = [
      { kind: 'service' as const, class: 'normal' as const, rate: rate(2) },
      { kind: 'service' as const, class: 'normal' as const, rate: rate(9000) },
      { kind: 'internet' as const, class: 'normal' as const, rate: rate(1) },
      { kind: 'service' as const, class: 'danger' as const, rate: rate(5, 5) },
      { kind: 'service' as const, class: 'normal' as const, rate: rate(40) },
    ];
    const priority = rankNodeLabels(nodes, new Float64Array(nodes.length));
    const byPriority = [0, 1, 2, 3, 4].sort((a, b) => priority[b]! - priority[a]!);
    expect(byPriority).toEqual([2, 3, 1, 4, 0]);
    expect(Math.min(...priority)).toBeGreaterThan(NODE_LABEL_TIER);
  });
});

describe('labels by severity, then volume', () => {
  it('ranks danger services, then warning services, then the rest, each group by volume', () => {
    const nodes = [
      { kind: 'service' as const, class: 'normal' as const, rate: rate(9000) },
      { kind: 'service' as const, class: 'warning' as const, rate: rate(3) },
      { kind: 'service' as const, class: 'danger' as const, rate: rate(1, 1) },
      { kind: 'service' as const, class: 'warning' as const, rate: rate(300) },
      { kind: 'region' as const, class: 'normal' as const, rate: rate(1) },
    ];
    const priority = rankNodeLabels(nodes, new Float64Array(nodes.length));
    expect([0, 1, 2, 3, 4].sort((a, b) => priority[b]! - priority[a]!)).toEqual([4, 2, 3, 1, 0]);
  });

  it('ranks warning edges between danger edges and normal ones', () => {
    const edges = [edge(5000), edge(2, 'warning'), edge(1, 'danger', 1), edge(40, 'warning')];
    const order = new Int32Array(edges.length);
    rankEdgeLabels(edges, order, new Float64Array(edges.length));
    expect([...order]).toEqual([2, 3, 1, 0]);
  });
});

describe('ranked labels through the culler', () => {
  it('keeps the busiest edge numbers when the labels of a crowded view overlap', () => {
    // Twelve edge labels stacked in pairs on six rows: each pair overlaps, so only one of each survives.
    const rps = [0.2, 5000, 0.3, 1200, 80, 0.1, 0.2, 40_000, 7, 0.4, 300, 0.2];
    const edges = rps.map((r) => edge(r));
    const order = new Int32Array(edges.length);
    const priority = new Float64Array(edges.length);
    rankEdgeLabels(edges, order, priority);
    const boxes: LabelBox[] = rps.map((r, i) => ({ x: 100 + (i % 2) * 10, y: 40 * Math.floor(i / 2), width: estimateTextWidth(`${r} rps`, 11), height: 16, priority: priority[i]! }));
    const shown = cullLabels(boxes, { width: 800, height: 600 }, 100).sort((a, b) => a - b);
    expect(shown.map((i) => rps[i])).toEqual([5000, 1200, 80, 40_000, 7, 300]);
  });
});

describe('rankNodeLabels() with alerts', () => {
  const critical = { severity: 'danger', title: 'checkout 5xx', alert: { state: 'active' } } as unknown as Notice;
  const ticket = { severity: 'warning', title: 'cart p99', alert: { state: 'active' } } as unknown as Notice;
  const muted = { severity: 'danger', title: 'search lag', alert: { state: 'muted' } } as unknown as Notice;

  it('ranks a service with a firing alert by the alert\'s severity, above busier quiet services; muted alerts do not count', () => {
    const nodes = [
      { kind: 'service' as const, class: 'normal' as const, rate: rate(9000) },
      { kind: 'service' as const, class: 'normal' as const, rate: rate(3), notices: [ticket] },
      { kind: 'service' as const, class: 'normal' as const, rate: rate(2), notices: [critical] },
      { kind: 'service' as const, class: 'warning' as const, rate: rate(50) },
      { kind: 'service' as const, class: 'normal' as const, rate: rate(8000), notices: [muted] },
    ];
    expect(nodes.map(nodeSeverityRank)).toEqual([0, 1, 2, 1, 0]);
    const priority = rankNodeLabels(nodes, new Float64Array(nodes.length));
    const order = [0, 1, 2, 3, 4].sort((a, b) => priority[b]! - priority[a]!);
    // critical alert, then the warning-class service (busier) and the ticket, then quiet services by volume.
    expect(order).toEqual([2, 3, 1, 0, 4]);
  });
});
