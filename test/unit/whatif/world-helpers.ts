// Small worlds for the what-if tests, built the way the hub builds them (buildGraph over calls).
import { buildGraph } from '../../../shared/build-graph';
import { INTERNET, type Call, type Graph } from '../../../shared/model';

/** `[from, to, rps]` with `REGION/service` names; `INTERNET` for outside callers. */
export type Edge = [string, string, number, number?];

function end(name: string): { region: string; service: string } {
  if (name === INTERNET) return { region: INTERNET, service: INTERNET };
  const [region, service] = name.split('/') as [string, string];
  return { region, service };
}

export function world(edges: Edge[]): Graph {
  const calls: Call[] = edges.map(([from, to, rps, danger = 0]) => {
    const a = end(from);
    const b = end(to);
    return { sourceRegion: a.region, source: a.service, destinationRegion: b.region, destination: b.service, rate: { normal: rps - danger, danger, warning: 0 } };
  });
  return buildGraph([{ batch: { source: 'test', sampledAt: 1_000, calls, seriesRead: calls.length }, staleSince: null }], { now: 2_000 });
}

/** A deterministic LCG so that property tests replay the same worlds. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
