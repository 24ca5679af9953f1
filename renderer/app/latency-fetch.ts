// The merged buckets behind the panel's latency figures, asked of the hub (GET /api/latency) for the one
// subject on screen: buckets do not travel on the WebSocket. One answer per subject and graph; a newer graph
// or another subject asks again; the previous answer stays drawn until the new one arrives.
import { distributionBuckets, latencySubjectKey, type LatencySubject } from '../../shared/latency-book';
import type { LatencyBuckets } from '../../shared/latency';
import { latencyDistributionSchema } from '../../shared/protocol';
import { hubFetch } from './token';

export class LatencyDistributions {
  private key: string | null = null;
  private asked: string | null = null;
  private buckets: LatencyBuckets | null = null;

  constructor(
    private readonly token: string | null,
    private readonly onArrival: () => void,
  ) {}

  /** The buckets for `subject` as of the graph stamped `graphTime`, or null until they are known. */
  get(subject: LatencySubject, graphTime: number): LatencyBuckets | null {
    const key = latencySubjectKey(subject);
    if (key !== this.key) {
      this.key = key;
      this.buckets = null;
    }
    const ask = `${key}@${graphTime}`;
    if (this.asked !== ask) {
      this.asked = ask;
      void this.fetch(subject, key);
    }
    return this.buckets;
  }

  private async fetch(subject: LatencySubject, key: string): Promise<void> {
    const query = new URLSearchParams();
    if (subject.region !== null) query.set('region', subject.region);
    if (subject.kind === 'service') query.set('service', subject.service);
    if (subject.kind === 'call') {
      query.set('source', subject.source);
      query.set('target', subject.target);
    }
    try {
      const response = await hubFetch(`/api/latency?${query.toString()}`, this.token, { cache: 'no-store' });
      if (key !== this.key) return; // another subject by now
      if (!response.ok) {
        this.buckets = null;
        return;
      }
      const answer = latencyDistributionSchema.parse(await response.json());
      if (key !== this.key) return;
      this.buckets = distributionBuckets(answer);
      this.onArrival();
    } catch {
      // A hub that does not answer: the figures stay, the chart is left out.
    }
  }
}
