// Which labels matter most when they cannot all be shown (issue 4 §6, issue 15 §5): severity first (danger,
// then warning; a node's firing alerts count as its severity, the worst of them), then volume — node names by the node's requests/s, edge numbers by the edge's. Ranks, not log levels, so that 0.2 rps never ties
// with 20 rps; computed once per view update, read on every pan. Pure and allocation-light.
import { totalRate, type NodeKind, type Notice, type RequestRate, type TrafficClass } from '../model';
import { summariseNotices } from '../alerts/alert-summary';

/** Node names outrank edge numbers: a number without the names at its ends says nothing. */
export const NODE_LABEL_TIER = 1_000_000;
/** Edge numbers start here; a view has far fewer than (NODE_LABEL_TIER - EDGE_LABEL_TIER) edges. */
export const EDGE_LABEL_TIER = 0;

export interface RankedNode { kind: NodeKind; rate: RequestRate; class: TrafficClass; notices?: readonly Notice[] }
export interface RankedEdge { class: TrafficClass; rate: RequestRate }

/** Danger 2, warning 1, anything else 0: the order in which labels compete. */
export function severityRank(cls: TrafficClass): number {
  return cls === 'danger' ? 2 : cls === 'warning' ? 1 : 0;
}

/**
 * A node's severity for its label: its traffic class, or its firing alerts (muted ones never count) if they
 * are worse — a critical alert ranks as danger, any other firing alert at least as warning.
 */
export function nodeSeverityRank(node: RankedNode): number {
  const traffic = severityRank(node.class);
  if (traffic === 2 || !node.notices || node.notices.length === 0) return traffic;
  const { count, worst } = summariseNotices(node.notices);
  if (count === 0) return traffic;
  return Math.max(traffic, worst === 'danger' ? 2 : 1);
}

/**
 * Label priority per node, higher first: INTERNET and regions (the entry points) before services, then by
 * severity (danger, warning, normal; firing alerts included, nodeSeverityRank), then by total requests/s, ties by index (stable across frames).
 */
export function rankNodeLabels(nodes: readonly RankedNode[], out: Float64Array): Float64Array {
  const n = nodes.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const outer = (i: number) => (nodes[i]!.kind === 'service' ? 0 : 1);
  const severity = new Int8Array(n);
  for (let i = 0; i < n; i++) severity[i] = nodeSeverityRank(nodes[i]!);
  const danger = (i: number) => severity[i]!;
  order.sort((a, b) => outer(b) - outer(a) || danger(b) - danger(a) || totalRate(nodes[b]!.rate) - totalRate(nodes[a]!.rate) || a - b);
  for (let k = 0; k < n; k++) out[order[k]!] = NODE_LABEL_TIER + (n - k);
  return out;
}

/**
 * Edges in label order, most important first: danger edges (by requests/s), then warning edges, then all
 * others by requests/s.
 * `order` receives edge indices, `priority` each edge's priority (EDGE_LABEL_TIER + count - rank).
 */
export function rankEdgeLabels(edges: readonly RankedEdge[], order: Int32Array, priority: Float64Array): void {
  const m = edges.length;
  for (let i = 0; i < m; i++) order[i] = i;
  const danger = (i: number) => severityRank(edges[i]!.class);
  order.subarray(0, m).sort((a, b) => danger(b) - danger(a) || totalRate(edges[b]!.rate) - totalRate(edges[a]!.rate) || a - b);
  for (let k = 0; k < m; k++) priority[order[k]!] = EDGE_LABEL_TIER + (m - k);
}
