// Islands: a big region's services grouped (by namespace, or a configured pattern) into one node per group,
// so that 5,000 services read as a few dozen named places. A collapsed island is one node carrying the sum of
// its members' traffic, judged by the same thresholds as everything else; the calls between islands are merged
// into one edge per ordered pair, and a call inside a collapsed island is not drawn. An expanded island shows
// its services again. Pure (no DOM): view-model.ts applies it, the renderer only draws the result.
import { classify } from '../classify';
import { type Notice, type RequestRate, type Thresholds } from '../model';
import type { ViewEdge, ViewNode } from './view-model';

/** Regions with more services than this are shown as islands; smaller ones are drawn as they are. */
export const ISLAND_MIN_SERVICES = 300;
/** Prefix of an island node's id (a node id, not a service name; never sent anywhere). */
export const ISLAND_ID_PREFIX = 'island:';

/**
 * How a service's island is found. `namespace` (the default): the namespace part of its name — `reviews.bookinfo`
 * and `reviews.bookinfo.svc.cluster.local` are in `bookinfo` (how sources name a workload by namespace), and a
 * name without a dot is in its family, the name without its last `-` part (`svc-accounts-7` → `svc-accounts`).
 * `pattern`: the first capture group of a regular expression (`groupBy` in the config), e.g. `^([a-z]+)-`.
 */
export type GroupRule = { kind: 'namespace' } | { kind: 'pattern'; pattern: RegExp };

export const NAMESPACE_RULE: GroupRule = { kind: 'namespace' };

/** The rule a `groupBy` setting names: `namespace`, or a regular expression with one capture group. */
export function parseGroupBy(value: string | undefined): GroupRule {
  if (value === undefined || value === '' || value === 'namespace') return NAMESPACE_RULE;
  const pattern = new RegExp(value);
  // The number of capture groups: an empty alternative always matches, with every group undefined.
  const groups = (new RegExp(`(?:${value})|`).exec('')?.length ?? 1) - 1;
  if (groups < 1) throw new Error(`groupBy: ${JSON.stringify(value)} has no capture group (the island's name)`);
  return { kind: 'pattern', pattern };
}

/** The island a service belongs to under a rule, or null when it belongs to none (it stays a node of its own). */
export function islandKeyOf(name: string, rule: GroupRule): string | null {
  if (rule.kind === 'pattern') {
    const match = rule.pattern.exec(name);
    const key = match?.[1];
    return key === undefined || key === '' ? null : key;
  }
  const dot = name.indexOf('.');
  if (dot > 0) {
    const end = name.indexOf('.', dot + 1);
    const namespace = name.slice(dot + 1, end < 0 ? undefined : end);
    return namespace === '' ? null : namespace;
  }
  const dash = name.lastIndexOf('-');
  return dash > 0 ? name.slice(0, dash) : null;
}

export interface IslandSettings {
  rule: GroupRule;
  /** Islands only in regions with more services than this. */
  minServices: number;
  /** Keys of the islands shown open. */
  expanded: ReadonlySet<string>;
}

export const DEFAULT_ISLANDS: IslandSettings = { rule: NAMESPACE_RULE, minServices: ISLAND_MIN_SERVICES, expanded: new Set() };

/** One island of a view: its key (its name), its node id while collapsed, its members' node ids. */
export interface Island {
  key: string;
  id: string;
  members: string[];
  expanded: boolean;
}

/** A view's islands, and which island each grouped service is in. */
export interface IslandIndex {
  islands: Island[];
  /** Service node id → island key. */
  islandOf: ReadonlyMap<string, string>;
}

export function islandId(key: string): string {
  return ISLAND_ID_PREFIX + key;
}

/**
 * The islands of a region view's nodes, or null when the region is small enough to draw as it is. Only
 * services are grouped (the INTERNET and other regions stay), and a group of one stays a plain node.
 */
export function findIslands(nodes: readonly ViewNode[], settings: IslandSettings): IslandIndex | null {
  let services = 0;
  for (const n of nodes) if (n.kind === 'service') services++;
  if (services <= settings.minServices) return null;
  const groups = new Map<string, string[]>();
  for (const n of nodes) {
    if (n.kind !== 'service') continue;
    const key = islandKeyOf(n.name, settings.rule);
    if (key === null) continue;
    let members = groups.get(key);
    if (members === undefined) groups.set(key, (members = []));
    members.push(n.id);
  }
  const islands: Island[] = [];
  const islandOf = new Map<string, string>();
  for (const [key, members] of groups) {
    if (members.length < 2) continue;
    islands.push({ key, id: islandId(key), members, expanded: settings.expanded.has(key) });
    for (const id of members) islandOf.set(id, key);
  }
  if (islands.length === 0) return null;
  islands.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { islands, islandOf };
}

function addRate(into: RequestRate, rate: RequestRate): void {
  into.normal += rate.normal;
  into.danger += rate.danger;
  into.warning += rate.warning;
}

/** Label of a collapsed island: its name and how many services it holds. */
export function islandName(key: string, members: number): string {
  return `${key} (${members})`;
}

/**
 * The view with every collapsed island drawn as one node: the sum of its members' rates (error % from the summed
 * counts), classed by `thresholds`; stale when any member is; the members' notices. Edges are re-pointed at the
 * islands their ends are in and merged per ordered pair (rates summed, the slowest latency kept); a call between
 * two members of one collapsed island is not drawn. Nodes and edges keep their order of first appearance.
 */
export function collapseIslands(
  nodes: readonly ViewNode[],
  edges: readonly ViewEdge[],
  index: IslandIndex,
  thresholds: Thresholds,
): { nodes: ViewNode[]; edges: ViewEdge[] } {
  const collapsed = new Map<string, Island>();
  for (const island of index.islands) if (!island.expanded) collapsed.set(island.key, island);
  /** Node id → the id it is drawn as. */
  const drawnAs = (id: string): string => {
    const key = index.islandOf.get(id);
    return key !== undefined && collapsed.has(key) ? islandId(key) : id;
  };

  const outNodes: ViewNode[] = [];
  const islandNodes = new Map<string, ViewNode>();
  for (const n of nodes) {
    const key = index.islandOf.get(n.id);
    const island = key === undefined ? undefined : collapsed.get(key);
    if (island === undefined) {
      outNodes.push(key === undefined ? n : { ...n, islandKey: key });
      continue;
    }
    let node = islandNodes.get(island.id);
    if (node === undefined) {
      node = {
        id: island.id,
        name: islandName(island.key, island.members.length),
        kind: 'service',
        rate: { normal: 0, danger: 0, warning: 0 },
        class: 'normal',
        stale: false,
        notices: [],
        island: { key: island.key, members: island.members.length },
      };
      islandNodes.set(island.id, node);
      outNodes.push(node);
    }
    addRate(node.rate, n.rate);
    if (n.stale) node.stale = true;
    if (n.notices.length > 0) node.notices = [...node.notices, ...n.notices];
  }
  for (const node of islandNodes.values()) node.class = classify(node.rate, thresholds);

  const merged = new Map<string, ViewEdge>();
  const outEdges: ViewEdge[] = [];
  for (const e of edges) {
    const source = drawnAs(e.source);
    const target = drawnAs(e.target);
    if (source === e.source && target === e.target) {
      outEdges.push(e);
      continue;
    }
    // A call inside one collapsed island is part of the island's own traffic (in its node's rate), not an edge.
    if (source === target) continue;
    const id = source + '\u2192' + target;
    let edge = merged.get(id);
    if (edge === undefined) {
      edge = { id, source, target, rate: { normal: 0, danger: 0, warning: 0 }, class: 'normal', stale: false, notices: [] as Notice[] };
      merged.set(id, edge);
      outEdges.push(edge);
    }
    addRate(edge.rate, e.rate);
    if (e.latencyMs !== undefined) edge.latencyMs = Math.max(edge.latencyMs ?? 0, e.latencyMs);
    if (e.stale) edge.stale = true;
    if (e.notices.length > 0) edge.notices = [...edge.notices, ...e.notices];
  }
  for (const edge of merged.values()) edge.class = classify(edge.rate, thresholds);
  return { nodes: outNodes, edges: outEdges };
}

/** The island a service is drawn inside (collapsed), or null when it is drawn itself. */
export function collapsedIslandOf(index: IslandIndex | undefined, serviceId: string): Island | null {
  const key = index?.islandOf.get(serviceId);
  if (key === undefined) return null;
  const island = index!.islands.find((i) => i.key === key);
  return island && !island.expanded ? island : null;
}

/** Zooming in opens the island under the pointer once its disc is drawn at least this wide (CSS px)… */
export const ZOOM_OPEN_PX = 110;
/**
 * …and zooming out folds an island it opened once the island would be drawn narrower than this again. The gap
 * between the two keeps a zoom that stops near the threshold from opening and folding the island in turn.
 */
export const ZOOM_FOLD_PX = 70;

/** An island as the camera shows it: centre (CSS px of the canvas), disc diameter, and how it is open. */
export interface IslandOnScreen {
  key: string;
  x: number;
  y: number;
  /** The disc's width on screen; for an open island, the width its disc would have now. */
  diameterPx: number;
  /** `zoom`: opened by zooming (folds by zooming out); `pinned`: opened by click, Enter or search (stays). */
  open: 'no' | 'zoom' | 'pinned';
}

/**
 * What a zoom (wheel, pinch) about `focus` does to a region's islands: the collapsed island nearest the focus,
 * on screen, drawn at least ZOOM_OPEN_PX wide and with the focus on or near its disc (within one diameter of
 * its centre) opens — one per zoom step, so only the island zoomed onto opens, not its neighbours; every
 * island zooming opened that would now be drawn narrower than ZOOM_FOLD_PX folds. Pinned islands stay.
 */
export function zoomIslands(islands: readonly IslandOnScreen[], focus: { x: number; y: number }, viewport: { width: number; height: number }): { open: string | null; fold: string[] } {
  let open: string | null = null;
  let nearest = Infinity;
  const fold: string[] = [];
  for (const island of islands) {
    if (island.open === 'zoom') {
      if (island.diameterPx < ZOOM_FOLD_PX) fold.push(island.key);
      continue;
    }
    if (island.open !== 'no' || island.diameterPx < ZOOM_OPEN_PX) continue;
    if (island.x < 0 || island.y < 0 || island.x > viewport.width || island.y > viewport.height) continue;
    const distance = Math.hypot(island.x - focus.x, island.y - focus.y);
    if (distance > island.diameterPx || distance >= nearest) continue;
    nearest = distance;
    open = island.key;
  }
  return { open, fold };
}
