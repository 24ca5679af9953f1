// Merging is a policy, not a sum: when several sources report the same call (the source-side proxy in one
// region's Prometheus and the destination-side proxy in the other's, a regional Prometheus and a global
// Thanos, metrics and traces), the call is counted once, from the one report the policy prefers. The
// preferred report is kept whole, so whatever per-call measures it carries (latency buckets, bytes) travel
// with it; reports are never summed or averaged across sources.
import type { Call, Evidence, SourceBatch } from './model';

/** One source as the merge sees it. */
export interface Reporter {
  batch: SourceBatch | null;
  /** Epoch ms since which the source's data is stale (it is failing now); null while it is healthy. */
  staleSince: number | null;
  /** The region the source answers for (its `region`, else its name). */
  region?: string;
  /** `metrics` when absent. */
  evidence?: Evidence;
}

const SEP = '\u0000';

/** A call's identity across sources: both ends (region and service) and whether it is region-level only. */
export function callKey(call: Call): string {
  return call.sourceRegion + SEP + call.source + SEP + call.destinationRegion + SEP + call.destination + (call.scope === 'global' ? SEP + 'g' : '');
}

/**
 * Orders two reports of one call: negative when `a` (at config position `ai`) is preferred over `b`.
 * 1. a live source over a failing one (its last report is stale);
 * 2. metrics over traces;
 * 3. the destination-side witness (the source whose region is the call's destination region), then the
 *    source-side one (whose region is the caller's region);
 * 4. the source listed first in the config.
 */
export function compareReports(a: Reporter, ai: number, b: Reporter, bi: number, call: Call): number {
  const stale = Number(a.staleSince !== null) - Number(b.staleSince !== null);
  if (stale !== 0) return stale;
  const traces = Number(a.evidence === 'traces') - Number(b.evidence === 'traces');
  if (traces !== 0) return traces;
  const side = witness(a, call) - witness(b, call);
  if (side !== 0) return side;
  return ai - bi;
}

function witness(reporter: Reporter, call: Call): number {
  if (reporter.region === undefined) return 2;
  if (reporter.region === call.destinationRegion) return 0;
  return reporter.region === call.sourceRegion ? 1 : 2;
}

/**
 * For each reporter, which of its calls are counted (`kept[i][j]` for call j of reporter i), or null when
 * all are (a reporter whose every call is preferred, and always with a single reporter). Calls one source
 * reports twice (its own duplicates) stay together: they are that source's report.
 */
export function keptReports(reporters: readonly Reporter[]): (Uint8Array | null)[] {
  const withData = reporters.filter((r) => r.batch !== null && r.batch.calls.length > 0).length;
  if (withData < 2) return reporters.map(() => null);
  const best = new Map<string, number>();
  const keys: string[][] = [];
  for (let i = 0; i < reporters.length; i++) {
    const calls = reporters[i]!.batch?.calls ?? [];
    const own = new Array<string>(calls.length);
    for (let j = 0; j < calls.length; j++) {
      const call = calls[j]!;
      const key = callKey(call);
      own[j] = key;
      const current = best.get(key);
      if (current === undefined || (current !== i && compareReports(reporters[i]!, i, reporters[current]!, current, call) < 0)) {
        best.set(key, i);
      }
    }
    keys.push(own);
  }
  return keys.map((own, i) => {
    let all = true;
    const kept = new Uint8Array(own.length);
    for (let j = 0; j < own.length; j++) {
      if (best.get(own[j]!) === i) kept[j] = 1;
      else all = false;
    }
    return all ? null : kept;
  });
}
