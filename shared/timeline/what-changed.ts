// "What changed" between two instants: every call's change in requests per second and error %, as the
// incident commander asks it — which calls appeared, vanished, grew or shrank beyond a threshold — sorted
// by the size of the change. Pure: takes two graphs (from the timeline, or one of them live).
import { errorRatio, totalRate, type Connection, type Graph } from '../model';

export type ChangeKind = 'appeared' | 'vanished' | 'grew' | 'shrank' | 'errors-up' | 'errors-down';

export interface CallChange {
  /** `region` for a call inside a region view, null for a call between regions (the global view). */
  region: string | null;
  source: string;
  target: string;
  kind: ChangeKind;
  rpsBefore: number;
  rpsAfter: number;
  /** Error share in percent (0–100) at each instant. */
  errorPctBefore: number;
  errorPctAfter: number;
}

export interface ChangeThresholds {
  /** Relative change in rps that counts as grown or shrunk, e.g. 0.2 for ±20 %. */
  rpsRatio: number;
  /** Changes smaller than this many rps never count (noise on tiny calls). */
  minRps: number;
  /** Change in error share, percentage points, that counts as errors up or down. */
  errorPoints: number;
}

export const DEFAULT_CHANGE_THRESHOLDS: ChangeThresholds = { rpsRatio: 0.2, minRps: 1, errorPoints: 1 };

function callsOf(graph: Graph): Map<string, { region: string | null; connection: Connection }> {
  const out = new Map<string, { region: string | null; connection: Connection }>();
  for (const connection of graph.connections) out.set(`\u0000${connection.source}\u0000${connection.target}`, { region: null, connection });
  for (const region of graph.regions) {
    for (const connection of region.connections) out.set(`${region.name}\u0000${connection.source}\u0000${connection.target}`, { region: region.name, connection });
  }
  return out;
}

/** Size of a change, for sorting: rps moved, with an error-share change weighted by the traffic it hits. */
function size(change: CallChange): number {
  const rps = Math.abs(change.rpsAfter - change.rpsBefore);
  const errors = (Math.abs(change.errorPctAfter - change.errorPctBefore) / 100) * Math.max(change.rpsAfter, change.rpsBefore);
  return Math.max(rps, errors);
}

/** The calls that changed from `before` to `after` beyond the thresholds, biggest change first. */
export function whatChanged(before: Graph, after: Graph, thresholds: ChangeThresholds = DEFAULT_CHANGE_THRESHOLDS): CallChange[] {
  const a = callsOf(before);
  const b = callsOf(after);
  const changes: CallChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(key);
    const is = b.get(key);
    const any = (is ?? was)!;
    const rpsBefore = was ? totalRate(was.connection.rate) : 0;
    const rpsAfter = is ? totalRate(is.connection.rate) : 0;
    const errorPctBefore = was ? errorRatio(was.connection.rate) * 100 : 0;
    const errorPctAfter = is ? errorRatio(is.connection.rate) * 100 : 0;
    const base = { region: any.region, source: any.connection.source, target: any.connection.target, rpsBefore, rpsAfter, errorPctBefore, errorPctAfter };
    const moved = Math.abs(rpsAfter - rpsBefore);
    let kind: ChangeKind | null = null;
    if (!was) kind = rpsAfter >= thresholds.minRps ? 'appeared' : null;
    else if (!is) kind = rpsBefore >= thresholds.minRps ? 'vanished' : null;
    else if (moved >= thresholds.minRps && moved >= thresholds.rpsRatio * rpsBefore) kind = rpsAfter > rpsBefore ? 'grew' : 'shrank';
    else if (Math.abs(errorPctAfter - errorPctBefore) >= thresholds.errorPoints) kind = errorPctAfter > errorPctBefore ? 'errors-up' : 'errors-down';
    if (kind) changes.push({ ...base, kind });
  }
  return changes.sort((x, y) => size(y) - size(x) || x.source.localeCompare(y.source) || x.target.localeCompare(y.target));
}
