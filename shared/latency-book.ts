// The merged latency histograms behind one graph's quantiles, kept beside the graph (not in it: buckets are
// ten times the size of the rest of a connection and change on every poll, so they do not travel on the
// WebSocket; a display asks for the one it shows, GET /api/latency).
import { roundRate } from './classify';
import { latencyQuantiles, type LatencyBuckets, type LatencyQuantiles } from './latency';

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

/** `GET /api/latency`'s answer: the merged buckets (`le` "+Inf" for the last, as Prometheus writes it) and quantiles. */
export interface LatencyDistribution {
  subject: LatencySubject;
  /** Upper bounds, ms, ascending; the last is "+Inf". */
  le: (number | '+Inf')[];
  /** Cumulative requests/s at each bound. */
  counts: number[];
  /** p50/p95/p99 as the graph carries them, or null where they cannot be told. */
  latencyMs: LatencyQuantiles | null;
}

/**
 * The subject a query names: `region` + `source` + `target` a call in that region's view, `source` + `target`
 * alone a global call, `region` + `service` a service, `region` alone a region. A string: what is wrong.
 */
export function latencySubjectFrom(param: (name: string) => string | null): LatencySubject | string {
  const region = param('region');
  const service = param('service');
  const source = param('source');
  const target = param('target');
  if (source !== null || target !== null) {
    if (source === null || target === null) return 'a call needs both source and target';
    if (service !== null) return 'give either service or source and target';
    return { kind: 'call', region, source, target };
  }
  if (region === null) return 'give region (and service), or source and target';
  return service === null ? { kind: 'region', region } : { kind: 'service', region, service };
}

export function latencyDistribution(book: LatencyBook, subject: LatencySubject): LatencyDistribution | null {
  const buckets = book.get(subject);
  if (!buckets) return null;
  const q = latencyQuantiles(buckets);
  return {
    subject,
    le: buckets.le.map((le) => (le === Number.POSITIVE_INFINITY ? '+Inf' : le)),
    counts: buckets.counts.slice(),
    latencyMs: q === null ? null : { p50: roundRate(q.p50), p95: roundRate(q.p95), p99: roundRate(q.p99) },
  };
}

/** Back to buckets (the renderer's side of the answer). */
export function distributionBuckets(d: Pick<LatencyDistribution, 'le' | 'counts'>): LatencyBuckets {
  return { le: d.le.map((le) => (le === '+Inf' ? Number.POSITIVE_INFINITY : le)), counts: d.counts.slice() };
}
