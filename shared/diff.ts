import type { AlertBoard, Connection, Graph, InternetSummary, LatencyQuantiles, Notice, Region, RequestRate, ServiceNode, Thresholds, TrafficClass, WorstCall } from './model';
import type { SloReport } from './slo/report';

/** Keyed changes to a list: entries to add or replace, and keys to remove. */
export interface ListPatch<T, K> {
  upsert: T[];
  remove: K[];
}

export type ConnectionKey = [source: string, target: string];

/** Class on the wire: 0 normal, 1 warning, 2 danger. */
export type ClassCode = 0 | 1 | 2;
/**
 * A rate-only change of an existing connection, as a tuple: most updates are nothing but new rates, and a
 * tuple is a third of the object's size (issue 3: updates much smaller than snapshots).
 */
export type ConnectionRate = [
  source: string,
  target: string,
  normal: number,
  danger: number,
  warning: number,
  cls: ClassCode,
  latencyMs: number | null,
  /** p50 and p99 where the connection has quantiles (p95 is `latencyMs`). */
  p50?: number,
  p99?: number,
];
/** A rate-only change of an existing node; p50/p95/p99 where it has latency (absent: it has none now). */
export type NodeRate = [name: string, normal: number, danger: number, warning: number, cls: ClassCode, p50?: number, p95?: number, p99?: number];

const CLASSES: readonly TrafficClass[] = ['normal', 'warning', 'danger'];
const classCode = (cls: TrafficClass): ClassCode => (cls === 'danger' ? 2 : cls === 'warning' ? 1 : 0);
const classOf = (code: ClassCode): TrafficClass => CLASSES[code] ?? 'normal';

/**
 * A region's changes. `header` carries every scalar field when any of them changed.
 *
 * When most rates of a region changed and its list of nodes (or connections) is the same, in the same
 * order, as before, the rates travel positionally instead, without names (issue 14: 1,000 displays of a
 * 2,000-service graph whose every rate changes each poll):
 * - `nodeValues`: `normal, danger, warning, code` for every node, in the region's order, where `code` is
 *   the class code (0–2), or the class code + 3 when the node has latency, `p50, p95, p99` following;
 * - `connValues`: `normal, danger, warning, code, latencyMs` for every connection in order, where
 *   latencyMs is -1 when absent and `code` is the class code (0–2), or the class code + 3 when the
 *   connection has quantiles, in which case `p50, p99` follow (p95 is latencyMs).
 * Positional values apply to the previous lists before `nodes` / `connections` upserts.
 */
export interface RegionPatch {
  name: string;
  header?: Omit<Region, 'nodes' | 'connections'>;
  nodes?: ListPatch<ServiceNode, string>;
  nodeRates?: NodeRate[];
  nodeValues?: number[];
  connections?: ListPatch<Connection, ConnectionKey>;
  rates?: ConnectionRate[];
  connValues?: number[];
}

/** What turns one graph into the next. Small when little changed: only what differs travels. */
export interface GraphDiff {
  serverUpdateTime: number;
  regions: ListPatch<RegionPatch, string>;
  connections: ListPatch<Connection, ConnectionKey>;
  rates?: ConnectionRate[];
  /** Graph-level summaries: a few numbers, sent whole with every diff that has them. */
  internet?: InternetSummary;
  thresholds?: Thresholds;
  /** The alert board or SLO reports when they changed, whole (small); null when they went away. */
  alerts?: AlertBoard | null;
  slos?: SloReport[] | null;
}

function sameRate(a: RequestRate, b: RequestRate): boolean {
  return a.normal === b.normal && a.danger === b.danger && a.warning === b.warning;
}

function sameNotices(a: Notice[] | undefined, b: Notice[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.severity !== y.severity || x.title !== y.title || x.link !== y.link) return false;
    if ((x.alert || y.alert) && JSON.stringify(x.alert) !== JSON.stringify(y.alert)) return false;
  }
  return true;
}

function sameQuantiles(a: LatencyQuantiles | undefined, b: LatencyQuantiles | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.p50 === b.p50 && a.p95 === b.p95 && a.p99 === b.p99);
}

function sameNode(a: ServiceNode, b: ServiceNode): boolean {
  return a.kind === b.kind && a.class === b.class && sameRate(a.rate, b.rate) && sameQuantiles(a.latency, b.latency) && sameNotices(a.notices, b.notices);
}

function sameConnection(a: Connection, b: Connection): boolean {
  return (
    a.class === b.class &&
    a.latencyMs === b.latencyMs &&
    a.latency?.p50 === b.latency?.p50 &&
    a.latency?.p99 === b.latency?.p99 &&
    a.traceOnly === b.traceOnly &&
    sameRate(a.rate, b.rate) &&
    sameNotices(a.notices, b.notices)
  );
}

const SEP = '\u0000';
const connKey = (c: Connection): string => c.source + SEP + c.target;

function diffList<T, K, C>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
  toKey: (item: T) => K,
  same: (a: T, b: T) => boolean,
  compact: (before: T, after: T) => C | null,
): { patch?: ListPatch<T, K>; compact: C[] } {
  const old = new Map<string, T>();
  for (const item of before) old.set(key(item), item);
  const upsert: T[] = [];
  const small: C[] = [];
  for (const item of after) {
    const k = key(item);
    const prev = old.get(k);
    if (!prev) upsert.push(item);
    else if (!same(prev, item)) {
      const tuple = compact(prev, item);
      if (tuple) small.push(tuple);
      else upsert.push(item);
    }
    old.delete(k);
  }
  const remove: K[] = [];
  for (const item of old.values()) remove.push(toKey(item));
  return upsert.length || remove.length ? { patch: { upsert, remove }, compact: small } : { compact: small };
}

/** What nodeRate / connectionRate can say as a tuple (the rest travels whole). */
const nodeRateOnly = (a: ServiceNode, b: ServiceNode): boolean => a.kind === b.kind && sameNotices(a.notices, b.notices);
const connectionRateOnly = (a: Connection, b: Connection): boolean => sameNotices(a.notices, b.notices) && a.traceOnly === b.traceOnly;

function connectionRate(before: Connection, after: Connection): ConnectionRate | null {
  if (!connectionRateOnly(before, after)) return null;
  const r = after.rate;
  const tuple: ConnectionRate = [after.source, after.target, r.normal, r.danger, r.warning, classCode(after.class), after.latencyMs ?? null];
  if (after.latency !== undefined) tuple.push(after.latency.p50, after.latency.p99);
  return tuple;
}

function nodeRate(before: ServiceNode, after: ServiceNode): NodeRate | null {
  if (!nodeRateOnly(before, after)) return null;
  const r = after.rate;
  const tuple: NodeRate = [after.name, r.normal, r.danger, r.warning, classCode(after.class)];
  if (after.latency !== undefined) tuple.push(after.latency.p50, after.latency.p95, after.latency.p99);
  return tuple;
}

/** Positional values pay off once most of a list changed and it is long enough for names to dominate. */
const DENSE_MIN_LENGTH = 16;
/** Three quarters or more of a list's entries changed. */
const mostChanged = (changed: number, length: number): boolean => changed * 4 >= length * 3;
function denseWorthIt<T>(before: readonly T[], after: readonly T[], changed: number, key: (item: T) => string): boolean {
  if (after.length < DENSE_MIN_LENGTH || before.length !== after.length || !mostChanged(changed, after.length)) return false;
  for (let i = 0; i < after.length; i++) if (key(before[i]!) !== key(after[i]!)) return false;
  return true;
}

const sameName = (a: ServiceNode, b: ServiceNode): boolean => a.name === b.name;
const sameEnds = (a: Connection, b: Connection): boolean => a.source === b.source && a.target === b.target;

/**
 * When the list has the same keys in the same order as before and positional values pay off (denseWorthIt),
 * the entries that must travel whole (more than their rates changed); otherwise null. Gives exactly what
 * diffList + denseWorthIt would decide, in one pass by position: no map of keys, no tuples made to be dropped.
 */
function inPlace<T>(before: readonly T[], after: readonly T[], sameKey: (a: T, b: T) => boolean, same: (a: T, b: T) => boolean, rateOnly: (a: T, b: T) => boolean): T[] | null {
  if (after.length < DENSE_MIN_LENGTH || before.length !== after.length) return null;
  const whole: T[] = [];
  let changed = 0;
  for (let i = 0; i < after.length; i++) {
    const a = before[i]!;
    const b = after[i]!;
    if (!sameKey(a, b)) return null;
    if (same(a, b)) continue;
    if (rateOnly(a, b)) changed += 1;
    else whole.push(b);
  }
  return mostChanged(changed, after.length) ? whole : null;
}

function nodeValues(nodes: readonly ServiceNode[]): number[] {
  const out: number[] = [];
  for (const node of nodes) {
    const r = node.rate;
    const latency = node.latency;
    out.push(r.normal, r.danger, r.warning, classCode(node.class) + (latency ? 3 : 0));
    if (latency) out.push(latency.p50, latency.p95, latency.p99);
  }
  return out;
}

/** Null when a connection cannot be said positionally (a negative latency would read as "absent"). */
function connValues(connections: readonly Connection[]): number[] | null {
  const out: number[] = [];
  for (const c of connections) {
    const latency = c.latencyMs;
    if (latency !== undefined && latency < 0) return null;
    const quantiles = c.latency !== undefined && latency !== undefined && c.latency.p95 === latency;
    if (c.latency !== undefined && !quantiles) return null;
    out.push(c.rate.normal, c.rate.danger, c.rate.warning, classCode(c.class) + (quantiles ? 3 : 0), latency ?? -1);
    if (quantiles) out.push(c.latency!.p50, c.latency!.p99);
  }
  return out;
}

function applyNodeValues(nodes: readonly ServiceNode[], values: readonly number[]): ServiceNode[] {
  let i = 0;
  const out = nodes.map((prev) => {
    if (i + 4 > values.length) throw new RangeError('nodeValues: fewer values than nodes');
    const code = values[i + 3]!;
    const latency = code >= 3;
    const next: ServiceNode = { ...prev, rate: { normal: values[i]!, danger: values[i + 1]!, warning: values[i + 2]! }, class: classOf((latency ? code - 3 : code) as ClassCode) };
    if (latency) next.latency = { p50: values[i + 4]!, p95: values[i + 5]!, p99: values[i + 6]! };
    else delete next.latency;
    i += latency ? 7 : 4;
    return next;
  });
  if (i !== values.length) throw new RangeError('nodeValues: more values than nodes');
  return out;
}

function applyConnValues(connections: readonly Connection[], values: readonly number[]): Connection[] {
  let i = 0;
  const out = connections.map((prev) => {
    if (i + 5 > values.length) throw new RangeError('connValues: fewer values than connections');
    const code = values[i + 3]!;
    const quantiles = code >= 3;
    const next: Connection = { ...prev, rate: { normal: values[i]!, danger: values[i + 1]!, warning: values[i + 2]! }, class: classOf((quantiles ? code - 3 : code) as ClassCode) };
    const latency = values[i + 4]!;
    if (latency < 0) delete next.latencyMs;
    else next.latencyMs = latency;
    if (quantiles) next.latency = { p50: values[i + 5]!, p95: latency, p99: values[i + 6]! };
    else delete next.latency;
    i += quantiles ? 7 : 5;
    return next;
  });
  if (i !== values.length) throw new RangeError('connValues: more values than connections');
  return out;
}

function header(region: Region): Omit<Region, 'nodes' | 'connections'> {
  const { nodes: _nodes, connections: _connections, ...rest } = region;
  return rest;
}

function sameOptionalRate(a: RequestRate | undefined, b: RequestRate | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && sameRate(a, b));
}

function sameWorst(a: WorstCall | null | undefined, b: WorstCall | null | undefined): boolean {
  if (!a || !b) return a === b;
  return a.source === b.source && a.target === b.target && a.class === b.class && sameRate(a.rate, b.rate);
}

function sameHeader(a: Region, b: Region): boolean {
  return (
    a.updated === b.updated &&
    sameOptionalRate(a.ingress, b.ingress) &&
    sameOptionalRate(a.internal, b.internal) &&
    sameWorst(a.worstCall, b.worstCall) &&
    a.staleSince === b.staleSince &&
    a.partial === b.partial &&
    a.class === b.class &&
    sameRate(a.rate, b.rate) &&
    sameQuantiles(a.latency, b.latency) &&
    a.sources.join(SEP) === b.sources.join(SEP) &&
    sameNotices(a.notices, b.notices)
  );
}

/** diffGraph(a, b) is the smallest patch such that applyDiff(a, patch) equals b. */
export function diffGraph(before: Graph, after: Graph): GraphDiff {
  const oldRegions = new Map(before.regions.map((r) => [r.name, r]));
  const upsert: RegionPatch[] = [];
  for (const region of after.regions) {
    const prev = oldRegions.get(region.name);
    oldRegions.delete(region.name);
    const patch: RegionPatch = { name: region.name };
    if (!prev || !sameHeader(prev, region)) patch.header = header(region);
    // A big region polled again has the same lists in the same order: compared by position, no maps or tuples.
    const nodesInPlace = prev ? inPlace(prev.nodes, region.nodes, sameName, sameNode, nodeRateOnly) : null;
    if (nodesInPlace) {
      if (nodesInPlace.length) patch.nodes = { upsert: nodesInPlace, remove: [] };
      patch.nodeValues = nodeValues(region.nodes);
    } else {
      const nodes = diffList(prev?.nodes ?? [], region.nodes, (n) => n.name, (n) => n.name, sameNode, nodeRate);
      if (nodes.patch) patch.nodes = nodes.patch;
      if (prev && denseWorthIt(prev.nodes, region.nodes, nodes.compact.length, (n) => n.name)) patch.nodeValues = nodeValues(region.nodes);
      else if (nodes.compact.length) patch.nodeRates = nodes.compact;
    }
    const connsInPlace = prev ? inPlace(prev.connections, region.connections, sameEnds, sameConnection, connectionRateOnly) : null;
    const values = connsInPlace ? connValues(region.connections) : null;
    if (connsInPlace && values) {
      if (connsInPlace.length) patch.connections = { upsert: connsInPlace, remove: [] };
      patch.connValues = values;
    } else {
      const connections = diffList<Connection, ConnectionKey, ConnectionRate>(
        prev?.connections ?? [],
        region.connections,
        connKey,
        (c) => [c.source, c.target],
        sameConnection,
        connectionRate,
      );
      if (connections.patch) patch.connections = connections.patch;
      const dense = prev && denseWorthIt(prev.connections, region.connections, connections.compact.length, connKey) ? connValues(region.connections) : null;
      if (dense) patch.connValues = dense;
      else if (connections.compact.length) patch.rates = connections.compact;
    }
    if (!prev || patch.header || patch.nodes || patch.nodeRates || patch.nodeValues || patch.connections || patch.rates || patch.connValues) upsert.push(patch);
  }
  const connections = diffList<Connection, ConnectionKey, ConnectionRate>(
    before.connections,
    after.connections,
    connKey,
    (c) => [c.source, c.target],
    sameConnection,
    connectionRate,
  );
  const diff: GraphDiff = {
    serverUpdateTime: after.serverUpdateTime,
    regions: { upsert, remove: [...oldRegions.keys()] },
    connections: connections.patch ?? { upsert: [], remove: [] },
  };
  if (connections.compact.length) diff.rates = connections.compact;
  if (after.internet) diff.internet = after.internet;
  if (after.thresholds) diff.thresholds = after.thresholds;
  // Whole when changed: a board is a few dozen alerts, SLOs a few dozen reports.
  if (JSON.stringify(before.alerts) !== JSON.stringify(after.alerts)) diff.alerts = after.alerts ?? null;
  if (JSON.stringify(before.slos) !== JSON.stringify(after.slos)) diff.slos = after.slos ?? null;
  return diff;
}

function applyList<T, K, C>(
  list: readonly T[],
  patch: ListPatch<T, K> | undefined,
  key: (item: T) => string,
  keyOf: (k: K) => string,
  order: (a: T, b: T) => number,
  compact: readonly C[] | undefined,
  compactKey: (tuple: C) => string,
  expand: (prev: T, tuple: C) => T,
): T[] {
  if (!patch && !compact?.length) return list.slice();
  const map = new Map<string, T>();
  for (const item of list) map.set(key(item), item);
  for (const tuple of compact ?? []) {
    const k = compactKey(tuple);
    const prev = map.get(k);
    if (prev) map.set(k, expand(prev, tuple));
  }
  if (!patch) return [...map.values()];
  for (const k of patch.remove) map.delete(keyOf(k));
  for (const item of patch.upsert) map.set(key(item), item);
  return [...map.values()].sort(order);
}

function expandConnection(prev: Connection, t: ConnectionRate): Connection {
  const next: Connection = { ...prev, rate: { normal: t[2], danger: t[3], warning: t[4] }, class: classOf(t[5]) };
  if (t[6] === null) delete next.latencyMs;
  else next.latencyMs = t[6];
  if (t[6] !== null && t[7] !== undefined && t[8] !== undefined) next.latency = { p50: t[7], p95: t[6], p99: t[8] };
  else delete next.latency;
  return next;
}

function expandNode(prev: ServiceNode, t: NodeRate): ServiceNode {
  const next: ServiceNode = { ...prev, rate: { normal: t[1], danger: t[2], warning: t[3] }, class: classOf(t[4]) };
  if (t[5] !== undefined && t[6] !== undefined && t[7] !== undefined) next.latency = { p50: t[5], p95: t[6], p99: t[7] };
  else delete next.latency;
  return next;
}

const rateKey = (t: ConnectionRate): string => t[0] + SEP + t[1];
const nodeRateKey = (t: NodeRate): string => t[0];
const pairKey = (k: ConnectionKey): string => k[0] + SEP + k[1];

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byEnds = (a: Connection, b: Connection): number => {
  const ka = connKey(a);
  const kb = connKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/**
 * Applies a patch made by diffGraph; returns a new graph and leaves the old one untouched. Throws
 * RangeError when positional values do not fit the lists they are for (the display is out of step: resync).
 */
export function applyDiff(graph: Graph, diff: GraphDiff): Graph {
  const regions = new Map(graph.regions.map((r) => [r.name, r]));
  for (const name of diff.regions.remove) regions.delete(name);
  for (const patch of diff.regions.upsert) {
    const prev = regions.get(patch.name);
    const head = patch.header ?? (prev ? header(prev) : undefined);
    if (!head) continue; // a patch for an unknown region without a header cannot be applied; resync fixes it
    const prevNodes = prev?.nodes ?? [];
    const prevConnections = prev?.connections ?? [];
    regions.set(patch.name, {
      ...head,
      nodes: applyList(patch.nodeValues ? applyNodeValues(prevNodes, patch.nodeValues) : prevNodes, patch.nodes, (n) => n.name, (k: string) => k, byName, patch.nodeRates, nodeRateKey, expandNode),
      connections: applyList(patch.connValues ? applyConnValues(prevConnections, patch.connValues) : prevConnections, patch.connections, connKey, pairKey, byEnds, patch.rates, rateKey, expandConnection),
    });
  }
  const next: Graph = {
    serverUpdateTime: diff.serverUpdateTime,
    regions: [...regions.values()].sort(byName),
    connections: applyList(graph.connections, diff.connections, connKey, pairKey, byEnds, diff.rates, rateKey, expandConnection),
  };
  if (diff.internet) next.internet = diff.internet;
  if (diff.thresholds) next.thresholds = diff.thresholds;
  const alerts = diff.alerts === undefined ? graph.alerts : diff.alerts;
  const slos = diff.slos === undefined ? graph.slos : diff.slos;
  if (alerts) next.alerts = alerts;
  if (slos) next.slos = slos;
  return next;
}

/** True when a diff changes nothing but the timestamp. */
export function isEmptyDiff(diff: GraphDiff): boolean {
  return (
    diff.regions.upsert.length === 0 &&
    diff.regions.remove.length === 0 &&
    diff.connections.upsert.length === 0 &&
    diff.connections.remove.length === 0 &&
    !diff.rates?.length &&
    diff.alerts === undefined &&
    diff.slos === undefined
  );
}
