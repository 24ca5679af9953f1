// The recent past of every node and connection, for the panel's sparkline (issue 4 §3). One shared ring of
// update times plus two Float32 rings per entity (rps, error ratio): fixed memory per entity, entities that
// have not appeared for a whole ring are dropped, so a wall running for weeks through topology changes
// stays flat.
import { INTERNET, errorRatio, totalRate, type Graph, type RequestRate } from '../../shared/model';
import { historyKey } from '../../shared/timeline/strip';

export const HISTORY_LENGTH = 120;

interface Track {
  rps: Float32Array;
  errors: Float32Array;
  /** Update index of the last time this entity was seen. */
  lastSeen: number;
}

export interface Sample {
  time: number;
  rps: number;
  errorRatio: number;
}

/** History keys (shared with the hub's `/api/timeline?key=`): one namespace per kind of entity. */
export { historyKey };

export class RateHistory {
  private readonly times: Float64Array;
  private readonly tracks = new Map<string, Track>();
  /** Number of updates recorded so far; slot = count % length. */
  private count = 0;

  constructor(private readonly length = HISTORY_LENGTH) {
    this.times = new Float64Array(length);
  }

  get size(): number {
    return this.tracks.size;
  }

  /** Records one graph as the newest sample of every entity in it. */
  record(graph: Graph, time: number): void {
    const slot = this.count % this.length;
    this.times[slot] = time;
    const index = this.count;
    for (const region of graph.regions) {
      this.put(historyKey.region(region.name), region.rate, slot, index);
      for (const node of region.nodes) this.put(historyKey.node(region.name, node.name), node.rate, slot, index);
      for (const c of region.connections) this.put(historyKey.call(region.name, c.source, c.target), c.rate, slot, index);
    }
    const internet = { normal: 0, danger: 0, warning: 0 };
    for (const c of graph.connections) {
      this.put(historyKey.globalCall(c.source, c.target), c.rate, slot, index);
      if (c.source !== INTERNET) continue;
      internet.normal += c.rate.normal;
      internet.danger += c.rate.danger;
      internet.warning += c.rate.warning;
    }
    // INTERNET in the global view: everything entering the mesh.
    this.put(historyKey.node('', INTERNET), internet, slot, index);
    this.count += 1;
    // Anything absent from this update gets a gap; anything absent for a whole ring is forgotten.
    for (const [key, track] of this.tracks) {
      if (track.lastSeen === index) continue;
      if (index - track.lastSeen >= this.length) this.tracks.delete(key);
      else {
        track.rps[slot] = Number.NaN;
        track.errors[slot] = Number.NaN;
      }
    }
  }

  /** Oldest first; a gap (entity absent in that update) has NaN values. */
  series(key: string): Sample[] {
    const track = this.tracks.get(key);
    if (!track) return [];
    const n = Math.min(this.count, this.length);
    const out: Sample[] = [];
    for (let i = this.count - n; i < this.count; i++) {
      const slot = i % this.length;
      out.push({ time: this.times[slot] ?? 0, rps: track.rps[slot] ?? Number.NaN, errorRatio: track.errors[slot] ?? Number.NaN });
    }
    return out;
  }

  private put(key: string, rate: RequestRate, slot: number, index: number): void {
    let track = this.tracks.get(key);
    if (!track) {
      track = { rps: new Float32Array(this.length).fill(Number.NaN), errors: new Float32Array(this.length).fill(Number.NaN), lastSeen: index };
      this.tracks.set(key, track);
    }
    track.rps[slot] = totalRate(rate);
    track.errors[slot] = errorRatio(rate);
    track.lastSeen = index;
  }
}
