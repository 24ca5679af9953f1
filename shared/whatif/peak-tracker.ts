// The most requests per second each (region, service) has been seen to serve, from every graph the hub
// publishes — the peak since the hub started (there is no longer record to ask). Bounded: past `maxEntries`
// the services seen least recently are forgotten first, so churning names cannot grow it.
import { totalRate, type Graph } from '../model';

const SEP = '\u0000';

export class PeakTracker {
  private readonly peaks = new Map<string, number>();
  private first: number | null = null;

  constructor(private readonly maxEntries = 50_000) {}

  /** Epoch ms of the first graph observed (the start of the "since"), or null. */
  get since(): number | null {
    return this.first;
  }

  get size(): number {
    return this.peaks.size;
  }

  observe(graph: Graph): void {
    this.first ??= graph.serverUpdateTime;
    for (const region of graph.regions) {
      for (const node of region.nodes) {
        if (node.kind !== 'service') continue;
        const key = region.name + SEP + node.name;
        const rps = totalRate(node.rate);
        const before = this.peaks.get(key);
        // Re-inserted on every sighting: Map order is then least recently seen first.
        this.peaks.delete(key);
        this.peaks.set(key, before === undefined || rps > before ? rps : before);
      }
    }
    while (this.peaks.size > this.maxEntries) {
      const oldest = this.peaks.keys().next().value;
      if (oldest === undefined) break;
      this.peaks.delete(oldest);
    }
  }

  peak(region: string, service: string): number | undefined {
    return this.peaks.get(region + SEP + service);
  }
}
