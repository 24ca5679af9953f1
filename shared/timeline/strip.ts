// The timeline bar's data (issue 10 §3): the hub's record of past polls boiled down to a strip a display can
// draw in one request — per-bucket requests/s and error ratio over the record's span, the instants where a
// source failed or went stale, and alert starts — plus the same buckets for one node or call (the side
// panel's sparkline). Pure: the hub gathers points and frames, this decides buckets and events.
import { buildGraph } from '../build-graph';
import { roundRate } from '../classify';
import { keptReports, type Reporter } from '../merge-reports';
import { INTERNET, type Call, type Graph, type NoticeTarget, type RequestRate, type Severity } from '../model';

/** What the hub showed at one instant: requests/s served (every call once) and of those, failed. */
export interface RatePoint {
  at: number;
  rps: number;
  danger: number;
}

export interface Buckets {
  /** Epoch ms where bucket 0 starts. */
  from: number;
  bucketMs: number;
  /** Mean requests/s of the instants in each bucket; null: no instant there (a gap, e.g. the hub was down). */
  rps: Array<number | null>;
  /** Failed ÷ all requests over each bucket's instants; null where `rps` is. */
  errorRatio: Array<number | null>;
}

/**
 * `count` equal buckets over [from, to] (the last one includes `to`); every point inside lands in one. A
 * bucket's rps is the mean of its points (each poll weighs the same), its error ratio the sum of failed
 * over the sum of all (a busy instant weighs more than a quiet one, as the requests did). Rounded to the
 * graph's own 4 significant digits. Points outside [from, to] are ignored.
 */
export function downsample(points: readonly RatePoint[], from: number, to: number, count: number): Buckets {
  const n = Math.max(1, Math.floor(count));
  const bucketMs = Math.max(1, Math.ceil((to - from + 1) / n));
  const sums = new Float64Array(n);
  const failed = new Float64Array(n);
  const seen = new Uint32Array(n);
  for (const p of points) {
    if (!(p.at >= from && p.at <= to) || !Number.isFinite(p.rps)) continue;
    const i = Math.min(n - 1, Math.floor((p.at - from) / bucketMs));
    sums[i] = sums[i]! + Math.max(0, p.rps);
    failed[i] = failed[i]! + Math.max(0, Number.isFinite(p.danger) ? p.danger : 0);
    seen[i] = seen[i]! + 1;
  }
  const rps: Array<number | null> = [];
  const errorRatio: Array<number | null> = [];
  for (let i = 0; i < n; i++) {
    if (seen[i] === 0) {
      rps.push(null);
      errorRatio.push(null);
      continue;
    }
    rps.push(roundRate(sums[i]! / seen[i]!));
    errorRatio.push(sums[i]! > 0 ? roundRate(Math.min(1, failed[i]! / sums[i]!)) : 0);
  }
  return { from, bucketMs, rps, errorRatio };
}

/** At most `max` instants from `times` (sorted), evenly spread, always keeping the last. */
export function spread(times: readonly number[], max: number): number[] {
  const limit = Math.max(1, Math.floor(max));
  if (times.length <= limit) return times.slice();
  const out: number[] = [];
  const step = (times.length - 1) / (limit - 1 || 1);
  for (let k = 0; k < limit; k++) out.push(times[Math.round(k * step)]!);
  return [...new Set(out)];
}

/** One recorded poll of one source as the strip reads it (no calls). */
export interface PollFrame {
  at: number;
  staleSince: number | null;
  /** The poll itself failed (the source did not answer), rather than the data being old. */
  failed?: boolean;
  notices?: readonly NoticeTarget[];
}

export type SourceEventKind = 'failed' | 'stale' | 'recovered';

export interface SourceEvent {
  /** Epoch ms of the poll that saw the change. */
  at: number;
  source: string;
  kind: SourceEventKind;
}

/**
 * The instants a source's part of the picture changed state, poll by poll: it `failed` (a poll did not
 * answer), went `stale` (answered, but its data was older than its maxAge), or `recovered`. A source already
 * failing at its first recorded poll counts from there; a healthy start is no event.
 */
export function sourceEvents(source: string, frames: readonly PollFrame[]): SourceEvent[] {
  const out: SourceEvent[] = [];
  let state: 'ok' | 'failed' | 'stale' = 'ok';
  for (const frame of frames) {
    const next = frame.staleSince === null && frame.failed !== true ? 'ok' : frame.failed === true ? 'failed' : 'stale';
    if (next !== state) out.push({ at: frame.at, source, kind: next === 'ok' ? 'recovered' : next });
    state = next;
  }
  return out;
}

export interface AlertStart {
  /** Epoch ms the alert says it started (Alertmanager `startsAt`), else the first poll that saw it. */
  at: number;
  title: string;
  severity: Severity;
  source: string;
}

/**
 * Every distinct alert the frames carry (by source and alert id, else title), once, at its start, oldest
 * first. Muted (silenced, inhibited) alerts are left out: they paged nobody.
 */
export function alertStarts(source: string, frames: readonly PollFrame[]): AlertStart[] {
  const seen = new Map<string, AlertStart>();
  for (const frame of frames) {
    for (const target of frame.notices ?? []) {
      const notice = target.notice;
      const alert = notice.alert;
      if (!alert || alert.state !== 'active') continue;
      const key = `${alert.source}\u0000${alert.id || notice.title}`;
      if (seen.has(key)) continue;
      seen.set(key, { at: alert.startsAt ?? frame.at, title: notice.title, severity: notice.severity, source });
    }
  }
  return [...seen.values()].sort((a, b) => a.at - b.at || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
}

const SEP = '\u0000';

/**
 * Keys naming one thing on screen, the same in the renderer's panel and the hub's series: one namespace per
 * kind, names joined by NUL (which no metric label holds). `node('', INTERNET)` is everything entering the mesh.
 */
export const historyKey = {
  region: (region: string) => `r${SEP}${region}`,
  node: (region: string, node: string) => `n${SEP}${region}${SEP}${node}`,
  call: (region: string, source: string, target: string) => `c${SEP}${region}${SEP}${source}${SEP}${target}`,
  globalCall: (source: string, target: string) => `g${SEP}${source}${SEP}${target}`,
};

export type HistoryEntity =
  | { kind: 'region'; region: string }
  | { kind: 'node'; region: string; node: string }
  | { kind: 'call'; region: string; source: string; target: string }
  | { kind: 'global'; source: string; target: string };

/** The entity a history key names, or null for anything else. */
export function parseHistoryKey(key: string): HistoryEntity | null {
  const [kind, ...parts] = key.split(SEP);
  if (kind === 'r' && parts.length === 1) return { kind: 'region', region: parts[0]! };
  if (kind === 'n' && parts.length === 2) return { kind: 'node', region: parts[0]!, node: parts[1]! };
  if (kind === 'c' && parts.length === 3) return { kind: 'call', region: parts[0]!, source: parts[1]!, target: parts[2]! };
  if (kind === 'g' && parts.length === 2) return { kind: 'global', source: parts[0]!, target: parts[1]! };
  return null;
}

/** The region whose calls alone decide the entity's figures, or null when it takes every region's. */
export function entityRegion(entity: HistoryEntity): string | null {
  if (entity.kind === 'global') return null;
  if (entity.kind === 'node' && entity.region === '') return null;
  return entity.region;
}

/** The entity's rate in a graph, as the panel shows it; null when the graph does not hold it. */
export function entityRate(graph: Graph, entity: HistoryEntity): RequestRate | null {
  if (entity.kind === 'global') return graph.connections.find((c) => c.source === entity.source && c.target === entity.target)?.rate ?? null;
  if (entity.kind === 'node' && entity.region === '' && entity.node === INTERNET) {
    const sum = { normal: 0, danger: 0, warning: 0 };
    let any = false;
    for (const c of graph.connections) {
      if (c.source !== INTERNET) continue;
      any = true;
      sum.normal += c.rate.normal;
      sum.danger += c.rate.danger;
      sum.warning += c.rate.warning;
    }
    return any ? sum : null;
  }
  const region = graph.regions.find((r) => r.name === entity.region);
  if (!region) return null;
  if (entity.kind === 'region') return region.rate;
  if (entity.kind === 'node') return region.nodes.find((n) => n.name === entity.node)?.rate ?? null;
  return region.connections.find((c) => c.source === entity.source && c.target === entity.target)?.rate ?? null;
}

/** Requests/s served in a graph (every call once: what its regions' services receive) and of those, failed. */
export function graphTotals(graph: Graph): { rps: number; danger: number } {
  let rps = 0;
  let danger = 0;
  for (const region of graph.regions) {
    rps += region.rate.normal + region.rate.danger + region.rate.warning;
    danger += region.rate.danger;
  }
  return { rps, danger };
}

/** Calls every reporter's report of which is counted (merge-reports.ts), with the reporters' own inputs. */
function forEachKept(inputs: readonly Reporter[], visit: (call: Call) => void): void {
  const kept = keptReports(inputs);
  for (let i = 0; i < inputs.length; i++) {
    const calls = inputs[i]!.batch?.calls ?? [];
    const keep = kept[i] ?? null;
    for (let j = 0; j < calls.length; j++) if (keep === null || keep[j] === 1) visit(calls[j]!);
  }
}

/**
 * graphTotals() of the graph these inputs build, without building it: every counted call that lands in a
 * region lands in exactly one service's incoming (its destination's), so the sum is over those calls.
 */
export function inputTotals(inputs: readonly Reporter[]): { rps: number; danger: number } {
  let rps = 0;
  let danger = 0;
  forEachKept(inputs, (call) => {
    if (call.scope === 'global') return;
    rps += call.rate.normal + call.rate.danger + call.rate.warning;
    danger += call.rate.danger;
  });
  return { rps, danger };
}

/**
 * entityRate() of the graph these inputs build, cheaply: a region, INTERNET and a call between regions are
 * sums over the calls that place into them (build-graph.ts place()); a node or a call inside a region is
 * built from only the calls that name it — the same figures, from a few calls instead of thousands.
 */
export function inputEntityRate(inputs: readonly Reporter[], entity: HistoryEntity): RequestRate | null {
  const sum = { normal: 0, danger: 0, warning: 0 };
  let any = false;
  const add = (call: Call) => {
    any = true;
    sum.normal += call.rate.normal;
    sum.danger += call.rate.danger;
    sum.warning += call.rate.warning;
  };
  const outside = (call: Call) => call.source === INTERNET || call.sourceRegion === INTERNET;
  if (entity.kind === 'region') {
    let seen = false;
    forEachKept(inputs, (call) => {
      if (call.scope === 'global') return;
      if (call.destinationRegion === entity.region) add(call);
      else if (call.sourceRegion === entity.region) seen = true;
    });
    // A region only calls out of: it is there, receiving nothing.
    return any || seen ? { normal: roundRate(sum.normal), danger: roundRate(sum.danger), warning: roundRate(sum.warning) } : null;
  }
  if (entity.kind === 'global' || (entity.kind === 'node' && entity.region === '')) {
    forEachKept(inputs, (call) => {
      if (entity.kind === 'node') {
        if (entity.node !== INTERNET) return;
        if (call.scope === 'global' ? call.sourceRegion === INTERNET : outside(call) && call.scope !== 'region') add(call);
        return;
      }
      if (call.scope === 'global') {
        if (call.sourceRegion === entity.source && call.destinationRegion === entity.target) add(call);
      } else if (outside(call)) {
        if (entity.source === INTERNET && call.destinationRegion === entity.target && call.scope !== 'region') add(call);
      } else if (call.sourceRegion !== call.destinationRegion && call.sourceRegion === entity.source && call.destinationRegion === entity.target) add(call);
    });
    return any ? { normal: roundRate(sum.normal), danger: roundRate(sum.danger), warning: roundRate(sum.warning) } : null;
  }
  const relevant = entityCalls(entity);
  const filtered = inputs.map((input) => (input.batch ? { ...input, batch: { ...input.batch, calls: input.batch.calls.filter(relevant), notices: [] } } : input));
  return entityRate(buildGraph(filtered, { now: 0 }), entity);
}

/**
 * Which calls can move the entity's figures (inputEntityRate() reads no others): a superset, cheap to test,
 * for reading only those out of the record. Every report of one call shares its names, so the merge of
 * overlapping sources sees all of them.
 */
export function entityCalls(entity: HistoryEntity): (call: Pick<Call, 'sourceRegion' | 'source' | 'destinationRegion' | 'destination' | 'scope'>) => boolean {
  if (entity.kind === 'region') return (c) => c.sourceRegion === entity.region || c.destinationRegion === entity.region;
  if (entity.kind === 'node' && entity.region === '') return (c) => c.source === INTERNET || c.sourceRegion === INTERNET;
  if (entity.kind === 'global') return (c) => (c.sourceRegion === entity.source || c.source === entity.source) && c.destinationRegion === entity.target;
  const names = entity.kind === 'node' ? [entity.node] : [entity.source, entity.target];
  const region = entity.region;
  return (c) =>
    c.scope !== 'global' &&
    (c.sourceRegion === region || c.destinationRegion === region) &&
    (names.includes(c.source) || names.includes(c.destination) || names.includes(c.sourceRegion) || names.includes(c.destinationRegion));
}
