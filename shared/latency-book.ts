// The merged latency histograms behind one graph's quantiles, kept beside the graph (not in it: buckets are
// ten times the size of the rest of a connection and change on every poll, so they do not travel on the
// WebSocket; a display asks for the one it shows, GET /api/latency).
import type { LatencyBuckets } from './latency';

/** What a distribution is of: a call (connection) in a region view or the global view, a service, a region. */
export type LatencySubject =
  | { kind: 'call'; region: string | null; source: string; target: string }
  | { kind: 'service'; region: string; service: string }
  | { kind: 'region'; region: string };

const SEP = '\u0000';

export function latencySubjectKey(subject: LatencySubject): string {
  switch (subject.kind) {
    case 'call':
      return ['c', subject.region ?? '', subject.region === null ? 'g' : 'r', subject.source, subject.target].join(SEP);
    case 'service':
      return ['s', subject.region, subject.service].join(SEP);
    case 'region':
      return ['r', subject.region].join(SEP);
  }
}

/** Merged buckets by subject, as buildGraph left them; bounded by the graph it belongs to. */
export class LatencyBook {
  private readonly byKey = new Map<string, LatencyBuckets>();

  set(subject: LatencySubject, buckets: LatencyBuckets): void {
    this.byKey.set(latencySubjectKey(subject), buckets);
  }

  get(subject: LatencySubject): LatencyBuckets | undefined {
    return this.byKey.get(latencySubjectKey(subject));
  }

  get size(): number {
    return this.byKey.size;
  }
}
