// Accumulates one poll's calls by key before naming them, so that presets can dedupe reporters and sum
// series that collapse onto one call (e.g. after a missing region label falls back to the other side's).
import { INTERNET, type Call } from '../model';
import { bucketsFrom } from '../latency';
import type { Outcome } from '../outcome';
import { emptyTally, forEachSample, type SampleTally } from './answer';
import type { VectorSample } from './preset';

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
  /** Server failures per second by slot; a subset of `total`. */
  danger: number[];
  /** Client errors per second by slot; a subset of `total` beside `danger`. */
  warning: number[];
  /** Bit i set: slot i has a `total` sample. */
  seen: number;
  /** Bit per (slot, part) that has a sample: a repeated label set is looked for only where a second one lands. */
  filled: number;
  /** The label sets added, by (slot, part) bit; the first inline, the rest only after a collision. */
  firstLabels: Labels | null;
  firstBit: number;
  others: Array<{ bit: number; labels: Labels }> | null;
  /** Latency histogram by slot: request rate by upper bound in ms, where the answers had buckets. */
  buckets: Array<Map<number, number> | undefined> | null;
}

type Labels = Readonly<Record<string, string>>;

const PART_INDEX: Readonly<Record<SamplePart, number>> = { total: 0, danger: 1, warning: 2 };

/** Same label set; for-in without building key arrays, since a 100k-series answer may collide often. */
function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  for (const key in a) if (a[key] !== b[key]) return false;
  for (const key in b) if (!(key in a)) return false;
  return true;
}


export class CallTable {
  /**
   * Region → workload → namespace → side number. Nested maps of the label strings themselves, not joined keys:
   * no string is built per series, and a 100k-series answer must normalise in well under 250 ms.
   */
  private readonly sides = new Map<string, Map<string, Map<string, number>>>();
  private sideCount = 0;
  /**
   * Source side → destination side → entry. Small-integer keys (a joined number past 2^31 would be a heap
   * number, allocated on every lookup); `entries` keeps first-use order for `calls()`.
   */
  private readonly byEnds = new Map<number, Map<number, CallEntry>>();
  private readonly entries: CallEntry[] = [];
  /** Bucket bounds by `le` text, per unit: an answer has a handful of distinct bounds and a million samples. */
  private readonly bounds = new Map<number, Map<string, number>>();

  /** `tally` counts what the answers held that could not be counted (bad values, repeated series). */
  constructor(private readonly tally: SampleTally = emptyTally()) {}

  /** Visits the answer's usable samples (see forEachSample), tallying the others. */
  each(samples: readonly VectorSample[], visit: (labels: Labels, rate: number) => void): void {
    forEachSample(samples, visit, this.tally);
  }

  /**
   * Adds one sample to a slot's `total` (and marks the slot seen) or to one of its outcomes. A sample whose
   * labels repeat one already added there is the same series twice (a misbehaving proxy): counted once.
   */
  add(entry: CallEntry, slot: number, rate: number, part: SamplePart, labels: Labels): void {
    const bit = 1 << (slot * 3 + PART_INDEX[part]);
    if (entry.filled & bit) {
      if (entry.firstBit === bit && sameLabels(entry.firstLabels!, labels)) return void this.tally.duplicate++;
      for (const other of entry.others ?? []) if (other.bit === bit && sameLabels(other.labels, labels)) return void this.tally.duplicate++;
      (entry.others ??= []).push({ bit, labels });
    } else {
      entry.filled |= bit;
      if (entry.firstLabels === null) {
        entry.firstLabels = labels;
        entry.firstBit = bit;
      } else {
        (entry.others ??= []).push({ bit, labels });
      }
    }
    // Clamped: distinct series near 1e308 that sum past the largest double must not become Infinity (null in JSON).
    if (part === 'total') {
      entry.total[slot] = Math.min(Number.MAX_VALUE, (entry.total[slot] ?? 0) + rate);
      entry.seen |= 1 << slot;
    } else {
      entry[part][slot] = Math.min(Number.MAX_VALUE, (entry[part][slot] ?? 0) + rate);
    }
  }

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
    const from = this.side(sourceRegion, source, sourceNamespace);
    const to = this.side(destinationRegion, destination, destinationNamespace);
    let targets = this.byEnds.get(from);
    if (targets === undefined) this.byEnds.set(from, (targets = new Map()));
    let entry = targets.get(to);
    if (entry === undefined) {
      entry = {
        sourceRegion,
        source,
        sourceNamespace,
        destinationRegion,
        destination,
        destinationNamespace,
        total: [0, 0, 0],
        danger: [0, 0, 0],
        warning: [0, 0, 0],
        seen: 0,
        filled: 0,
        firstLabels: null,
        firstBit: 0,
        others: null,
        buckets: null,
      };
      targets.set(to, entry);
      this.entries.push(entry);
    }
    return entry;
  }

  /** bucketBound(le, toMs), read once per distinct `le` text of the answers (they repeat on every call). */
  bound(le: string, toMs: number): number {
    let byText = this.bounds.get(toMs);
    if (byText === undefined) this.bounds.set(toMs, (byText = new Map()));
    let bound = byText.get(le);
    if (bound === undefined) byText.set(le, (bound = bucketBound(le, toMs)));
    return bound;
  }

  /** Adds one histogram bucket sample (`le` already in ms) to a slot. */
  addBucket(entry: CallEntry, slot: number, le: number, rate: number): void {
    const slots = (entry.buckets ??= []);
    let byLe = slots[slot];
    if (byLe === undefined) slots[slot] = byLe = new Map();
    byLe.set(le, (byLe.get(le) ?? 0) + rate);
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
    for (const e of this.entries) {
      const slot = slotOf(e);
      if (slot < 0) continue;
      // Outcome series come from other queries than the total, evaluated a moment apart: never more than it.
      const total = e.total[slot] ?? 0;
      const danger = Math.min(e.danger[slot] ?? 0, total);
      const warning = Math.min(e.warning[slot] ?? 0, total - danger);
      const call: Call = {
        sourceRegion: e.sourceRegion,
        source: nameOf(e.sourceRegion, e.source, e.sourceNamespace),
        destinationRegion: e.destinationRegion,
        destination: nameOf(e.destinationRegion, e.destination, e.destinationNamespace),
        rate: { normal: total - danger - warning, danger, warning },
      };
      // The histogram of the same reporter as the rate, so both describe the same requests.
      const byLe = e.buckets?.[slot];
      if (byLe !== undefined) call.latencyBuckets = bucketsFrom(byLe);
      out.push(call);
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
      known.rate.warning += call.rate.warning;
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

/** A bucket's upper bound from its `le` label ("+Inf" included), times `toMs`; NaN when unreadable. */
export function bucketBound(le: string, toMs: number): number {
  if (le === '+Inf' || le === 'Inf' || le === 'inf') return Number.POSITIVE_INFINITY;
  // 15 significant digits: a bound in seconds converted to ms lands on the same number as the ms layout's own
  // (no 2.4999999999999996 beside 2.5 when two sources' histograms are merged).
  return le === '' ? NaN : Number((Number(le) * toMs).toPrecision(15));
}

/** What one sample counts: every request of the call, or those of one non-normal outcome. */
export type SamplePart = 'total' | Exclude<Outcome, 'normal'>;
