// The hub's timeline: a bounded record of what every poll of every source produced, so that any recorded
// instant can be rebuilt exactly as the hub showed it. Columnar and delta-encoded: a source's calls are
// numbered once (a dictionary), and each poll stores, per call, the change of its coded rates since the
// call's previous poll in the same chunk (a byte of which-changed flags and the changed deltas). Chunks of `chunkFrames` polls start from zero, so
// the oldest chunk can be dropped whole when the memory bound or the retention is reached.
// Latency histograms are kept too (so a replayed instant has the same p50/p95/p99 per call, service and region
// as live): each call's bucket bounds are a layout numbered once per source, its cumulative counts coded like
// rates (4 significant digits) and delta-encoded against its previous frame, behind a fifth which-changed flag.
import type { LatencyBuckets } from '../latency';
import type { Call, NoticeTarget, SourceBatch } from '../model';
import { decodeValue, encodeValue } from './value-code';
import { ByteReader, ByteWriter } from './varint';

/** One poll as the graph builder saw it: the source's last good batch (null if none yet) and staleness. */
export interface TimelineEntry {
  /** Epoch ms of the poll (what the hub showed from then on). */
  at: number;
  batch: SourceBatch | null;
  /** Epoch ms since which the source's data was stale at that poll, or null while it was answering. */
  staleSince: number | null;
  /** The poll itself failed (the source did not answer); absent: it answered. */
  failed?: boolean;
}

/** One kept poll without its calls: what the timeline bar reads for failures, staleness and alerts. */
export interface FrameInfo {
  at: number;
  staleSince: number | null;
  failed?: boolean;
  notices?: NoticeTarget[];
}

export interface TimelineOptions {
  /** Memory bound, bytes, over every source's record (the oldest chunk goes first). */
  maxBytes: number;
  /** Nothing older than this (ms) before the newest poll is kept. */
  retentionMs: number;
  /** Polls per chunk: the unit of eviction and the most frames a seek decodes. Default 60. */
  chunkFrames?: number;
}

const FIELDS = 4; // normal, warning, danger, latency (+1, 0 = none)
/** Flag bit after the FIELDS bits: the call's buckets changed (layout id + 1, 0 = none, then count deltas). */
const BUCKETS_BIT = 1 << FIELDS;
/** Histograms with more bounds than this are not kept (Istio's default has 20, Linkerd's 26). */
export const MAX_RECORDED_BOUNDS = 64;
/** Distinct bucket layouts kept per source; calls with a layout past this keep their latency number only. */
export const MAX_RECORDED_LAYOUTS = 256;
/** Rough heap cost of one frame's bookkeeping (time, offset, meta object) and of a dictionary entry. */
const FRAME_OVERHEAD = 96;
const ENTRY_OVERHEAD = 96;

/** The names of a call, without its rates (what a reader can pick calls by). */
export type CallName = Pick<Call, 'sourceRegion' | 'source' | 'destinationRegion' | 'destination' | 'scope'>;

interface CallIdentity {
  sourceRegion: string;
  source: string;
  destinationRegion: string;
  destination: string;
  scope?: Call['scope'];
  /** The newest poll time that used this entry: an entry unused by every kept chunk is released. */
  lastUsed: number;
}

interface FrameMeta {
  hasBatch: boolean;
  source: string;
  sampledAt: number;
  seriesRead: number;
  staleSince: number | null;
  failed?: true;
  warnings?: string[];
  notices?: NoticeTarget[];
}

interface Chunk {
  times: number[];
  meta: FrameMeta[];
  /** Open chunks write here; sealed ones keep `bytes` only. */
  writer: ByteWriter | null;
  bytes: Uint8Array | null;
  /** Each call's coded fields as of its last frame in this chunk (writer state; dropped when sealed). */
  previous: number[] | null;
  /** Each call's [layout id + 1, ...coded counts] as of its last frame in this chunk (writer state). */
  previousBuckets: Map<number, number[]> | null;
  /** Highest dictionary index + 1 used in this chunk (the decoder's state size). */
  width: number;
  cost: number;
}

interface Track {
  dictionary: Array<CallIdentity | null>;
  index: Map<string, number>;
  chunks: Chunk[];
  dictionaryCost: number;
  /** Bucket bounds (ms, ascending, last +Inf) by layout id, and layout id by `le.join(',')`. */
  layouts: number[][];
  layoutIndex: Map<string, number>;
}

function identityKey(call: Call, occurrence: number): string {
  return `${call.sourceRegion}\u0000${call.source}\u0000${call.destinationRegion}\u0000${call.destination}\u0000${call.scope ?? ''}\u0000${occurrence}`;
}

export class TimelineRecord {
  private readonly tracks = new Map<string, Track>();
  private readonly chunkFrames: number;
  private totalCost = 0;

  constructor(private readonly options: TimelineOptions) {
    this.chunkFrames = Math.max(1, options.chunkFrames ?? 60);
  }

  /** Bytes the record holds (encoded frames, bookkeeping and dictionaries), as counted against `maxBytes`. */
  bytes(): number {
    return this.totalCost;
  }

  sources(): string[] {
    return [...this.tracks.keys()];
  }

  /** The earliest and latest recorded poll of a source (or of all sources), or null when none is kept. */
  span(source?: string): { from: number; to: number } | null {
    let from = Infinity;
    let to = -Infinity;
    for (const [name, track] of this.tracks) {
      if (source !== undefined && name !== source) continue;
      const first = track.chunks[0];
      const last = track.chunks.at(-1);
      if (!first || !last) continue;
      from = Math.min(from, first.times[0]!);
      to = Math.max(to, last.times.at(-1)!);
    }
    return from === Infinity ? null : { from, to };
  }

  /** Records one poll. A poll not newer than the source's last one is refused (returns false). */
  append(source: string, entry: TimelineEntry): boolean {
    const track = this.track(source);
    const last = track.chunks.at(-1);
    if (last && entry.at <= last.times.at(-1)!) return false;
    let chunk = last;
    if (!chunk || chunk.writer === null || chunk.times.length >= this.chunkFrames) {
      if (chunk) this.seal(chunk);
      chunk = openChunk();
      track.chunks.push(chunk);
    }
    this.write(track, chunk, entry);
    this.enforce(entry.at);
    return true;
  }

  /**
   * Records polls older than everything recorded for the source (backfill after a restart). Entries at or
   * after the source's first recorded poll are skipped. Returns how many were kept.
   */
  prepend(source: string, entries: readonly TimelineEntry[]): number {
    const track = this.track(source);
    const first = track.chunks[0]?.times[0] ?? Infinity;
    const sorted = entries.filter((e) => e.at < first).sort((a, b) => a.at - b.at);
    const chunks: Chunk[] = [];
    let previousAt = -Infinity;
    for (const entry of sorted) {
      if (entry.at === previousAt) continue;
      previousAt = entry.at;
      let chunk = chunks.at(-1);
      if (!chunk || chunk.times.length >= this.chunkFrames) {
        if (chunk) this.seal(chunk);
        chunk = openChunk();
        chunks.push(chunk);
      }
      this.write(track, chunk, entry);
    }
    const tail = chunks.at(-1);
    if (tail) this.seal(tail);
    track.chunks.unshift(...chunks);
    const newest = this.span()?.to;
    if (newest !== undefined) this.enforce(newest);
    return chunks.reduce((n, c) => n + c.times.length, 0);
  }

  /** The source's poll in force at instant `t` (its latest poll at or before `t`), or null when none is kept. */
  at(source: string, t: number): TimelineEntry | null {
    const track = this.tracks.get(source);
    if (!track || track.chunks.length === 0) return null;
    const chunkIndex = lastAtOrBefore(track.chunks, t, (c) => c.times[0]!);
    if (chunkIndex < 0) return null;
    const chunk = track.chunks[chunkIndex]!;
    const frame = lastAtOrBefore(chunk.times, t, (time) => time);
    return this.decode(track, chunk, [frame])[0]!;
  }

  /**
   * The polls in force at each of `instants` (sorted, oldest first), null before the first kept poll. Each
   * chunk is decoded once however many instants fall in it: reading N instants costs one pass, not N seeks.
   * `only`: keep just the calls it accepts (by their identity), so reading one service's calls out of
   * thousands allocates nothing for the rest.
   */
  atEach(source: string, instants: readonly number[], only?: (call: CallName) => boolean): Array<TimelineEntry | null> {
    const out: Array<TimelineEntry | null> = instants.map(() => null);
    const track = this.tracks.get(source);
    if (!track || track.chunks.length === 0) return out;
    const mask = only ? Uint8Array.from(track.dictionary, (identity) => (identity !== null && only(identity) ? 1 : 0)) : null;
    let i = 0;
    while (i < instants.length) {
      const chunkIndex = lastAtOrBefore(track.chunks, instants[i]!, (c) => c.times[0]!);
      if (chunkIndex < 0) {
        i += 1;
        continue;
      }
      const chunk = track.chunks[chunkIndex]!;
      const nextStart = track.chunks[chunkIndex + 1]?.times[0] ?? Infinity;
      const wanted: number[] = [];
      const slots: number[] = [];
      while (i < instants.length && instants[i]! < nextStart) {
        wanted.push(lastAtOrBefore(chunk.times, instants[i]!, (time) => time));
        slots.push(i);
        i += 1;
      }
      const entries = this.decode(track, chunk, wanted, mask);
      for (let k = 0; k < slots.length; k++) out[slots[k]!] = entries[k]!;
    }
    return out;
  }

  /** Every kept poll of a source within [from, to], without its calls (cheap: nothing is decoded). */
  frames(source: string, from = -Infinity, to = Infinity): FrameInfo[] {
    const out: FrameInfo[] = [];
    for (const chunk of this.tracks.get(source)?.chunks ?? []) {
      if (chunk.times.at(-1)! < from || chunk.times[0]! > to) continue;
      for (let k = 0; k < chunk.times.length; k++) {
        const at = chunk.times[k]!;
        if (at < from || at > to) continue;
        const meta = chunk.meta[k]!;
        const info: FrameInfo = { at, staleSince: meta.staleSince };
        if (meta.failed) info.failed = true;
        if (meta.notices) info.notices = meta.notices;
        out.push(info);
      }
    }
    return out;
  }

  /** Every kept poll time of a source, oldest first (for stepping poll by poll). */
  times(source: string): number[] {
    return this.tracks.get(source)?.chunks.flatMap((c) => c.times) ?? [];
  }

  private track(source: string): Track {
    let track = this.tracks.get(source);
    if (!track) {
      track = { dictionary: [], index: new Map(), chunks: [], dictionaryCost: 0, layouts: [], layoutIndex: new Map() };
      this.tracks.set(source, track);
    }
    return track;
  }

  private write(track: Track, chunk: Chunk, entry: TimelineEntry): void {
    const writer = chunk.writer!;
    const previous = chunk.previous!;
    const before = writer.length;
    const calls = entry.batch?.calls ?? [];
    const indexed: Array<{ index: number; call: Call }> = [];
    const occurrences = new Map<string, number>();
    for (const call of calls) {
      const base = identityKey(call, 0);
      const occurrence = occurrences.get(base) ?? 0;
      occurrences.set(base, occurrence + 1);
      const key = occurrence === 0 ? base : identityKey(call, occurrence);
      let index = track.index.get(key);
      if (index === undefined) {
        index = track.dictionary.length;
        const identity: CallIdentity = {
          sourceRegion: call.sourceRegion,
          source: call.source,
          destinationRegion: call.destinationRegion,
          destination: call.destination,
          lastUsed: entry.at,
        };
        if (call.scope) identity.scope = call.scope;
        track.dictionary.push(identity);
        track.index.set(key, index);
        const cost = ENTRY_OVERHEAD + 2 * key.length;
        track.dictionaryCost += cost;
        this.totalCost += cost;
      }
      const used = track.dictionary[index]!;
      used.lastUsed = Math.max(used.lastUsed, entry.at);
      indexed.push({ index, call });
    }
    indexed.sort((a, b) => a.index - b.index);
    writer.uint(indexed.length);
    let lastIndex = -1;
    for (const { index, call } of indexed) {
      writer.uint(index - lastIndex - 1);
      lastIndex = index;
      const codes = [
        encodeValue(call.rate.normal),
        encodeValue(call.rate.warning),
        encodeValue(call.rate.danger),
        call.latencyMs === undefined ? 0 : encodeValue(call.latencyMs) + 1,
      ];
      // One byte says which fields changed; only those deltas follow (errors and latency mostly hold still).
      let changed = 0;
      for (let f = 0; f < FIELDS; f++) if (codes[f] !== (previous[index * FIELDS + f] ?? 0)) changed |= 1 << f;
      const buckets = this.codedBuckets(track, call.latencyBuckets);
      const previousBuckets = chunk.previousBuckets!.get(index);
      if (!sameCodes(buckets, previousBuckets)) changed |= BUCKETS_BIT;
      writer.uint(changed);
      for (let f = 0; f < FIELDS; f++) {
        if ((changed & (1 << f)) === 0) continue;
        const slot = index * FIELDS + f;
        writer.int(codes[f]! - (previous[slot] ?? 0));
        previous[slot] = codes[f]!;
      }
      if (changed & BUCKETS_BIT) {
        // Layout id + 1 (0: no buckets now); then each count's delta, against the previous frame's counts when
        // the layout is the same, else against zero.
        const layout = buckets === null ? 0 : buckets[0]!;
        writer.uint(layout);
        const base = previousBuckets !== undefined && previousBuckets[0] === layout ? previousBuckets : null;
        if (buckets !== null) for (let b = 1; b < buckets.length; b++) writer.int(buckets[b]! - (base?.[b] ?? 0));
        if (buckets === null) chunk.previousBuckets!.delete(index);
        else chunk.previousBuckets!.set(index, buckets);
      }
      chunk.width = Math.max(chunk.width, index + 1);
    }
    chunk.times.push(entry.at);
    const meta: FrameMeta = {
      hasBatch: entry.batch !== null,
      source: entry.batch?.source ?? '',
      sampledAt: entry.batch?.sampledAt ?? entry.at,
      seriesRead: entry.batch?.seriesRead ?? 0,
      staleSince: entry.staleSince,
    };
    if (entry.failed) meta.failed = true;
    if (entry.batch?.warnings) meta.warnings = entry.batch.warnings;
    if (entry.batch?.notices) meta.notices = entry.batch.notices;
    chunk.meta.push(meta);
    const cost = writer.length - before + FRAME_OVERHEAD + (meta.notices || meta.warnings ? JSON.stringify([meta.notices, meta.warnings]).length * 2 : 0);
    chunk.cost += cost;
    this.totalCost += cost;
  }

  private seal(chunk: Chunk): void {
    if (!chunk.writer) return;
    chunk.bytes = chunk.writer.toBytes();
    chunk.writer = null;
    chunk.previous = null;
    chunk.previousBuckets = null;
  }

  /**
   * A call's buckets as [layout id + 1, ...coded cumulative counts], or null when it has none, or when they
   * cannot be kept (too many bounds, too many layouts, no +Inf bound): then only its latency number is kept.
   */
  private codedBuckets(track: Track, buckets: LatencyBuckets | undefined): number[] | null {
    if (buckets === undefined) return null;
    const { le, counts } = buckets;
    const n = le.length;
    if (n === 0 || n > MAX_RECORDED_BOUNDS || counts.length !== n) return null;
    const key = le.join(',');
    let id = track.layoutIndex.get(key);
    if (id === undefined) {
      if (track.layouts.length >= MAX_RECORDED_LAYOUTS) return null;
      id = track.layouts.length;
      track.layouts.push(le.slice());
      track.layoutIndex.set(key, id);
      const cost = ENTRY_OVERHEAD + 8 * n + 2 * key.length;
      track.dictionaryCost += cost;
      this.totalCost += cost;
    }
    const coded = new Array<number>(n + 1);
    coded[0] = id + 1;
    for (let b = 0; b < n; b++) coded[b + 1] = encodeValue(counts[b]!);
    return coded;
  }

  /** The entries of `frames` (indices into the chunk, ascending, repeats allowed), in one pass over the chunk. */
  private decode(track: Track, chunk: Chunk, frames: readonly number[], mask: Uint8Array | null = null): TimelineEntry[] {
    const bytes = chunk.bytes ?? chunk.writer!.view();
    const reader = new ByteReader(bytes, 0);
    const state = new Float64Array(chunk.width * FIELDS);
    const bucketState = new Map<number, number[]>();
    const out: TimelineEntry[] = [];
    const last = frames.length > 0 ? frames[frames.length - 1]! : -1;
    let next = 0;
    for (let k = 0; k <= last; k++) {
      const count = reader.uint();
      const want = frames[next] === k;
      const calls: Call[] = want && mask === null ? new Array<Call>(count) : [];
      let index = -1;
      for (let i = 0; i < count; i++) {
        index += reader.uint() + 1;
        const slot = index * FIELDS;
        const changed = reader.uint();
        for (let f = 0; f < FIELDS; f++) if ((changed & (1 << f)) !== 0) state[slot + f] = state[slot + f]! + reader.int();
        if (changed & BUCKETS_BIT) {
          const layout = reader.uint();
          if (layout === 0) bucketState.delete(index);
          else {
            const before = bucketState.get(index);
            const base = before !== undefined && before[0] === layout ? before : null;
            const width = track.layouts[layout - 1]!.length;
            const coded = new Array<number>(width + 1);
            coded[0] = layout;
            for (let b = 1; b <= width; b++) coded[b] = (base?.[b] ?? 0) + reader.int();
            bucketState.set(index, coded);
          }
        }
        if (want && (mask === null || mask[index] === 1)) {
          const identity = track.dictionary[index]!;
          const call: Call = {
            sourceRegion: identity.sourceRegion,
            source: identity.source,
            destinationRegion: identity.destinationRegion,
            destination: identity.destination,
            rate: { normal: decodeValue(state[slot]!), danger: decodeValue(state[slot + 2]!), warning: decodeValue(state[slot + 1]!) },
          };
          const latency = state[slot + 3]!;
          if (latency > 0) call.latencyMs = decodeValue(latency - 1);
          const coded = bucketState.get(index);
          if (coded !== undefined) {
            const counts = new Array<number>(coded.length - 1);
            for (let b = 1; b < coded.length; b++) counts[b - 1] = decodeValue(coded[b]!);
            call.latencyBuckets = { le: track.layouts[coded[0]! - 1]!.slice(), counts };
          }
          if (identity.scope) call.scope = identity.scope;
          if (mask === null) calls[i] = call;
          else calls.push(call);
        }
      }
      while (frames[next] === k) {
        out.push(this.entryOf(chunk, k, calls));
        next += 1;
      }
    }
    return out;
  }

  private entryOf(chunk: Chunk, frame: number, calls: Call[]): TimelineEntry {
    const meta = chunk.meta[frame]!;
    const at = chunk.times[frame]!;
    const failed = meta.failed ? { failed: true } : {};
    if (!meta.hasBatch) return { at, batch: null, staleSince: meta.staleSince, ...failed };
    const batch: SourceBatch = { source: meta.source, sampledAt: meta.sampledAt, calls, seriesRead: meta.seriesRead };
    if (meta.warnings) batch.warnings = meta.warnings;
    if (meta.notices) batch.notices = meta.notices;
    return { at, batch, staleSince: meta.staleSince, ...failed };
  }

  /** Drops chunks past the retention, then the oldest chunks of any source while over the memory bound. */
  private enforce(newest: number): void {
    const horizon = newest - this.options.retentionMs;
    for (const track of this.tracks.values()) {
      while (track.chunks.length > 0 && track.chunks[0]!.times.at(-1)! < horizon) this.drop(track);
    }
    while (this.totalCost > this.options.maxBytes) {
      let oldest: Track | null = null;
      for (const track of this.tracks.values()) {
        const first = track.chunks[0];
        if (first && (!oldest || first.times[0]! < oldest.chunks[0]!.times[0]!)) oldest = track;
      }
      if (!oldest) break;
      this.drop(oldest);
    }
    for (const [name, track] of this.tracks) {
      if (track.chunks.length === 0) {
        this.totalCost -= track.dictionaryCost;
        this.tracks.delete(name);
      }
    }
  }

  private drop(track: Track): void {
    const chunk = track.chunks.shift()!;
    this.totalCost -= chunk.cost;
    // Release dictionary entries no kept poll uses (churned services must not grow the record for weeks).
    const keptFrom = track.chunks[0]?.times[0] ?? Infinity;
    for (const [key, index] of track.index) {
      const identity = track.dictionary[index]!;
      if (identity.lastUsed < keptFrom) {
        track.index.delete(key);
        track.dictionary[index] = null;
        const cost = ENTRY_OVERHEAD + 2 * key.length;
        track.dictionaryCost -= cost;
        this.totalCost -= cost;
      }
    }
  }
}

function openChunk(): Chunk {
  return { times: [], meta: [], writer: new ByteWriter(4096), bytes: null, previous: [], previousBuckets: new Map(), width: 0, cost: 0 };
}

function sameCodes(a: number[] | null, b: number[] | undefined): boolean {
  if (a === null) return b === undefined;
  if (b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Index of the last item whose time is ≤ t (items sorted by time), or -1. */
function lastAtOrBefore<T>(items: readonly T[], t: number, timeOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (timeOf(items[mid]!) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
