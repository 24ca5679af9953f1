// Accumulates one poll's calls by key before naming them, so that presets can dedupe reporters and sum
// series that collapse onto one call (e.g. after a missing region label falls back to the other side's).
import { INTERNET, type Call } from '../model';

const SEP = '\u0000';
/** Istio has three reporters; other presets use slot 0 only. */
export const SLOTS = 3;

export interface CallEntry {
  sourceRegion: string;
  source: string;
  sourceNamespace: string;
  destinationRegion: string;
  destination: string;
  destinationNamespace: string;
  /** Requests per second by slot (reporter). */
  total: number[];
  /** Failed requests per second by slot; a subset of `total`. */
  failed: number[];
  /** Bit i set: slot i has a `total` sample. */
  seen: number;
}

/** Sides are numbered; an entry's key is `sourceSide * SIDES + destinationSide`, exact below 2^53. */
const SIDES = 2 ** 26;

export class CallTable {
  /**
   * Region → workload → namespace → side number. Nested maps of the label strings themselves, not joined keys:
   * no string is built per series, and a 100k-series answer must normalise in well under 250 ms.
   */
  private readonly sides = new Map<string, Map<string, Map<string, number>>>();
  private sideCount = 0;
  private readonly entries = new Map<number, CallEntry>();

  private side(region: string, name: string, namespace: string): number {
    let names = this.sides.get(region);
    if (names === undefined) this.sides.set(region, (names = new Map()));
    let namespaces = names.get(name);
    if (namespaces === undefined) names.set(name, (namespaces = new Map()));
    let id = namespaces.get(namespace);
    if (id === undefined) namespaces.set(namespace, (id = this.sideCount++));
    return id;
  }

  /** The entry for one call, created on first use. INTERNET needs no namespace. */
  entry(
    sourceRegion: string,
    source: string,
    sourceNamespace: string,
    destinationRegion: string,
    destination: string,
    destinationNamespace: string,
  ): CallEntry {
    const key = this.side(sourceRegion, source, sourceNamespace) * SIDES + this.side(destinationRegion, destination, destinationNamespace);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = {
        sourceRegion,
        source,
        sourceNamespace,
        destinationRegion,
        destination,
        destinationNamespace,
        total: [0, 0, 0],
        failed: [0, 0, 0],
        seen: 0,
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /**
   * The calls, with each entry's rate chosen by `slotOf` (the slot to count, or -1 to drop the entry).
   * A workload is named `workload.namespace` only where one region holds that name in two namespaces,
   * so that they never merge silently; elsewhere it keeps its plain name.
   */
  calls(slotOf: (entry: CallEntry) => number = firstSeen): Call[] {
    let collisions = false;
    for (const names of this.sides.values()) {
      for (const namespaces of names.values()) if (namespaces.size > 1) collisions = true;
    }
    const nameOf = (region: string, name: string, namespace: string): string =>
      collisions && namespace !== '' && name !== INTERNET && this.sides.get(region)!.get(name)!.size > 1 ? name + '.' + namespace : name;

    const out: Call[] = [];
    for (const e of this.entries.values()) {
      const slot = slotOf(e);
      if (slot < 0) continue;
      const total = e.total[slot] ?? 0;
      const failed = Math.min(e.failed[slot] ?? 0, total);
      out.push({
        sourceRegion: e.sourceRegion,
        source: nameOf(e.sourceRegion, e.source, e.sourceNamespace),
        destinationRegion: e.destinationRegion,
        destination: nameOf(e.destinationRegion, e.destination, e.destinationNamespace),
        rate: { normal: total - failed, danger: failed, warning: 0 },
      });
    }
    // Without collisions every entry's names are distinct already; with them, a renamed `a.b` could meet a
    // workload literally named `a.b`, so sum any calls that now share both ends.
    return collisions ? mergeSameEnds(out) : out;
  }
}

function mergeSameEnds(calls: Call[]): Call[] {
  const merged = new Map<string, Call>();
  for (const call of calls) {
    const key = call.sourceRegion + SEP + call.source + SEP + call.destinationRegion + SEP + call.destination;
    const known = merged.get(key);
    if (known === undefined) merged.set(key, call);
    else {
      known.rate.normal += call.rate.normal;
      known.rate.danger += call.rate.danger;
    }
  }
  return merged.size === calls.length ? calls : [...merged.values()];
}

/** Slot 0 when it has a sample, else drop: a failure series without its request series is not a call. */
function firstSeen(entry: CallEntry): number {
  return entry.seen & 1 ? 0 : -1;
}

/** Region of one side: its label, else the other side's label, else the configured source name. */
export function regionOf(own: string, other: string, fallback: string): string {
  return own !== '' ? own : other !== '' ? other : fallback;
}

/** Adds one sample to a slot: to `failed` for a failures query, else to `total` (and marks the slot seen). */
export function addSample(entry: CallEntry, slot: number, rate: number, failures: boolean): void {
  // Clamped: series near 1e308 that sum past the largest double must not become Infinity (null in JSON, 0 on screen).
  if (failures) {
    entry.failed[slot] = Math.min(Number.MAX_VALUE, (entry.failed[slot] ?? 0) + rate);
  } else {
    entry.total[slot] = Math.min(Number.MAX_VALUE, (entry.total[slot] ?? 0) + rate);
    entry.seen |= 1 << slot;
  }
}
