// The Netflix sample feed as our Graph, shared by the view tests.
import { readFileSync } from 'node:fs';
import { buildGraph } from '../../../shared/build-graph';
import type { Graph } from '../../../shared/model';
import { callsFromVizceral } from '../../../shared/vizceral';

export function netflixGraph(): Graph {
  const raw: unknown = JSON.parse(readFileSync(new URL('../../fixtures/vizceral-sample.json', import.meta.url), 'utf8'));
  const { calls, updated } = callsFromVizceral(raw);
  return buildGraph([{ batch: { source: 'netflix', sampledAt: updated, calls, seriesRead: calls.length }, staleSince: null }], { now: updated });
}
