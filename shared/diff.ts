import type { Connection, Graph, Notice, Region, RequestRate, ServiceNode } from './model';

/** Keyed changes to a list: entries to add or replace, and keys to remove. */
export interface ListPatch<T, K> {
  upsert: T[];
  remove: K[];
}

export type ConnectionKey = [source: string, target: string];

/** A region's changes. `header` carries every scalar field when any of them changed. */
export interface RegionPatch {
  name: string;
  header?: Omit<Region, 'nodes' | 'connections'>;
  nodes?: ListPatch<ServiceNode, string>;
  connections?: ListPatch<Connection, ConnectionKey>;
}

/** What turns one graph into the next. Small when little changed: only what differs travels. */
export interface GraphDiff {
  serverUpdateTime: number;
  regions: ListPatch<RegionPatch, string>;
  connections: ListPatch<Connection, ConnectionKey>;
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
  }
  return true;
}

function sameNode(a: ServiceNode, b: ServiceNode): boolean {
  return a.kind === b.kind && a.class === b.class && sameRate(a.rate, b.rate) && sameNotices(a.notices, b.notices);
}

function sameConnection(a: Connection, b: Connection): boolean {
  return (
    a.class === b.class && a.latencyMs === b.latencyMs && sameRate(a.rate, b.rate) && sameNotices(a.notices, b.notices)
  );
}

const SEP = '\u0000';
const connKey = (c: Connection): string => c.source + SEP + c.target;

function diffList<T, K>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
  toKey: (item: T) => K,
  same: (a: T, b: T) => boolean,
): ListPatch<T, K> | undefined {
  const old = new Map<string, T>();
  for (const item of before) old.set(key(item), item);
  const upsert: T[] = [];
  for (const item of after) {
    const k = key(item);
    const prev = old.get(k);
    if (!prev || !same(prev, item)) upsert.push(item);
    old.delete(k);
  }
  const remove: K[] = [];
  for (const item of old.values()) remove.push(toKey(item));
  return upsert.length || remove.length ? { upsert, remove } : undefined;
}

function header(region: Region): Omit<Region, 'nodes' | 'connections'> {
  const { nodes: _nodes, connections: _connections, ...rest } = region;
  return rest;
}

function sameHeader(a: Region, b: Region): boolean {
  return (
    a.updated === b.updated &&
    a.staleSince === b.staleSince &&
    a.class === b.class &&
    sameRate(a.rate, b.rate) &&
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
    const nodes = diffList(prev?.nodes ?? [], region.nodes, (n) => n.name, (n) => n.name, sameNode);
    if (nodes) patch.nodes = nodes;
    const connections = diffList<Connection, ConnectionKey>(
      prev?.connections ?? [],
      region.connections,
      connKey,
      (c) => [c.source, c.target],
      sameConnection,
    );
    if (connections) patch.connections = connections;
    if (!prev || patch.header || patch.nodes || patch.connections) upsert.push(patch);
  }
  const connections = diffList<Connection, ConnectionKey>(
    before.connections,
    after.connections,
    connKey,
    (c) => [c.source, c.target],
    sameConnection,
  ) ?? { upsert: [], remove: [] };
  return { serverUpdateTime: after.serverUpdateTime, regions: { upsert, remove: [...oldRegions.keys()] }, connections };
}

function applyList<T, K>(
  list: readonly T[],
  patch: ListPatch<T, K> | undefined,
  key: (item: T) => string,
  keyOf: (k: K) => string,
  order: (a: T, b: T) => number,
): T[] {
  if (!patch) return list.slice();
  const map = new Map<string, T>();
  for (const item of list) map.set(key(item), item);
  for (const k of patch.remove) map.delete(keyOf(k));
  for (const item of patch.upsert) map.set(key(item), item);
  return [...map.values()].sort(order);
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byEnds = (a: Connection, b: Connection): number => {
  const ka = connKey(a);
  const kb = connKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** Applies a patch made by diffGraph; returns a new graph and leaves the old one untouched. */
export function applyDiff(graph: Graph, diff: GraphDiff): Graph {
  const regions = new Map(graph.regions.map((r) => [r.name, r]));
  for (const name of diff.regions.remove) regions.delete(name);
  for (const patch of diff.regions.upsert) {
    const prev = regions.get(patch.name);
    const head = patch.header ?? (prev ? header(prev) : undefined);
    if (!head) continue; // a patch for an unknown region without a header cannot be applied; resync fixes it
    regions.set(patch.name, {
      ...head,
      nodes: applyList(prev?.nodes ?? [], patch.nodes, (n) => n.name, (k: string) => k, byName),
      connections: applyList(prev?.connections ?? [], patch.connections, connKey, (k) => k[0] + SEP + k[1], byEnds),
    });
  }
  return {
    serverUpdateTime: diff.serverUpdateTime,
    regions: [...regions.values()].sort(byName),
    connections: applyList(graph.connections, diff.connections, connKey, (k) => k[0] + SEP + k[1], byEnds),
  };
}

/** True when a diff changes nothing but the timestamp. */
export function isEmptyDiff(diff: GraphDiff): boolean {
  return (
    diff.regions.upsert.length === 0 &&
    diff.regions.remove.length === 0 &&
    diff.connections.upsert.length === 0 &&
    diff.connections.remove.length === 0
  );
}
