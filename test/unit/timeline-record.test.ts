import { describe, expect, it } from 'vitest';
import type { Call, SourceBatch } from '../../shared/model';
import { TimelineRecord } from '../../shared/timeline/record';
import { decodeValue, encodeValue } from '../../shared/timeline/value-code';

function call(source: string, destination: string, normal: number, danger = 0, extra: Partial<Call> = {}): Call {
  return { sourceRegion: 'east', source, destinationRegion: 'east', destination, rate: { normal, danger, warning: 0 }, ...extra };
}

function batch(calls: Call[], sampledAt: number): SourceBatch {
  return { source: 'prom', sampledAt, calls, seriesRead: calls.length };
}

const big = { maxBytes: 1e9, retentionMs: 1e12 };

describe('value codes', () => {
  it('encodeValue() keeps the 4 significant digits the graph shows, and 0 for nothing', () => {
    for (const v of [12.34, 0.001234, 1, 10, 100, 9999, 123_400, 0.5, 7.001]) expect(decodeValue(encodeValue(v))).toBe(v);
    expect(decodeValue(encodeValue(12.345678))).toBe(12.35);
    expect(encodeValue(0)).toBe(0);
    expect(encodeValue(-3)).toBe(0);
    expect(encodeValue(Number.NaN)).toBe(0);
  });

  it('encodeValue() rises with the value, so a small change is a small delta', () => {
    expect(encodeValue(100.1) - encodeValue(100)).toBe(1);
    expect(encodeValue(10) - encodeValue(9.999)).toBe(1);
    expect(encodeValue(1000) > encodeValue(999.9)).toBe(true);
  });
});

describe('TimelineRecord', () => {
  it('at(T) reads back the poll in force at T with its calls, rates, latency and staleness', () => {
    const record = new TimelineRecord(big);
    record.append('prom', { at: 1000, batch: batch([call('web', 'api', 10, 0.5), call('api', 'db', 4, 0, { latencyMs: 12.5 })], 990), staleSince: null });
    record.append('prom', { at: 2000, batch: batch([call('web', 'api', 12.25, 0), call('api', 'db', 4, 1)], 1990), staleSince: null });
    record.append('prom', { at: 3000, batch: batch([call('web', 'api', 12.25, 0), call('api', 'db', 4, 1)], 1990), staleSince: 2500 });

    expect(record.at('prom', 999)).toBeNull();
    expect(record.at('prom', 1500)).toEqual({
      at: 1000,
      staleSince: null,
      batch: { source: 'prom', sampledAt: 990, seriesRead: 2, calls: [call('web', 'api', 10, 0.5), call('api', 'db', 4, 0, { latencyMs: 12.5 })] },
    });
    expect(record.at('prom', 2000)!.batch!.calls).toEqual([call('web', 'api', 12.25, 0), call('api', 'db', 4, 1)]);
    expect(record.at('prom', 1e9)).toMatchObject({ at: 3000, staleSince: 2500 });
    expect(record.span()).toEqual({ from: 1000, to: 3000 });
  });

  it('at(T) finds polls across chunk boundaries and keeps a call that vanished and came back', () => {
    const record = new TimelineRecord({ ...big, chunkFrames: 3 });
    for (let i = 0; i < 10; i++) {
      const calls = [call('web', 'api', 100 + i)];
      if (i % 2 === 0) calls.push(call('web', 'cart', 1 + i / 10, 0.1, { scope: undefined }));
      record.append('prom', { at: i * 5000, batch: batch(calls, i * 5000), staleSince: null });
    }
    expect(record.at('prom', 7 * 5000 + 1)!.batch!.calls).toEqual([call('web', 'api', 107)]);
    expect(record.at('prom', 8 * 5000)!.batch!.calls).toEqual([call('web', 'api', 108), call('web', 'cart', 1.8, 0.1)]);
    expect(record.times('prom')).toEqual([0, 5000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000]);
  });

  it('keeps a poll with no good batch yet as null, and a call reported twice in one batch twice', () => {
    const record = new TimelineRecord(big);
    record.append('file', { at: 10, batch: null, staleSince: 5 });
    record.append('file', { at: 20, batch: batch([call('a', 'b', 1), call('a', 'b', 2)], 20), staleSince: null });
    expect(record.at('file', 15)).toEqual({ at: 10, batch: null, staleSince: 5 });
    expect(record.at('file', 20)!.batch!.calls.map((c) => c.rate.normal)).toEqual([1, 2]);
  });

  it('refuses a poll not newer than the last one, and prepend() adds only polls older than the record', () => {
    const record = new TimelineRecord(big);
    expect(record.append('prom', { at: 5000, batch: batch([call('web', 'api', 5)], 5000), staleSince: null })).toBe(true);
    expect(record.append('prom', { at: 5000, batch: batch([], 5000), staleSince: null })).toBe(false);
    const kept = record.prepend('prom', [3000, 1000, 2000, 5000, 6000].map((at) => ({ at, batch: batch([call('web', 'api', at / 1000)], at), staleSince: null })));
    expect(kept).toBe(3);
    expect(record.times('prom')).toEqual([1000, 2000, 3000, 5000]);
    expect(record.at('prom', 2500)!.batch!.calls[0]!.rate.normal).toBe(2);
    expect(record.at('prom', 5000)!.batch!.calls[0]!.rate.normal).toBe(5);
  });

  it('drops the oldest chunk first when over the memory bound, never exceeding it', () => {
    const calls = Array.from({ length: 50 }, (_, i) => call(`svc-${i}`, `svc-${i + 1}`, 10 + i));
    const unbounded = new TimelineRecord({ ...big, chunkFrames: 10 });
    let firstChunk = 0;
    for (let i = 0; i < 20; i++) {
      unbounded.append('prom', { at: i, batch: batch(calls, i), staleSince: null });
      if (i === 9) firstChunk = unbounded.bytes();
    }
    const chunk = unbounded.bytes() - firstChunk; // a chunk of 10 polls; the first one also paid the dictionary
    const bound = firstChunk + Math.floor(chunk * 1.5);

    const record = new TimelineRecord({ maxBytes: bound, retentionMs: 1e12, chunkFrames: 10 });
    for (let i = 0; i < 100; i++) {
      record.append('prom', { at: i, batch: batch(calls, i), staleSince: null });
      expect(record.bytes()).toBeLessThanOrEqual(bound);
    }
    // Chunk 9 (polls 90–99) is open; with room for 2.5 chunks, chunk 8 is kept and everything older dropped.
    expect(record.span()).toEqual({ from: 80, to: 99 });
    expect(record.at('prom', 79)).toBeNull();
    expect(record.at('prom', 85)!.batch!.calls).toEqual(calls);
  });

  it('drops polls past the retention, and the dictionary entries only they used', () => {
    const record = new TimelineRecord({ maxBytes: 1e9, retentionMs: 20_000, chunkFrames: 2 });
    for (let i = 0; i < 10; i++) {
      // Churn: a new service every poll; only the last few must stay in the dictionary.
      record.append('prom', { at: i * 5000, batch: batch([call('web', `experiment-${i}`, 1)], i * 5000), staleSince: null });
    }
    expect(record.span()).toEqual({ from: 20_000, to: 45_000 });
    const heavy = record.bytes();
    const fresh = new TimelineRecord({ maxBytes: 1e9, retentionMs: 20_000, chunkFrames: 2 });
    for (let i = 4; i < 10; i++) fresh.append('prom', { at: i * 5000, batch: batch([call('web', `experiment-${i}`, 1)], i * 5000), staleSince: null });
    expect(heavy).toBe(fresh.bytes());
  });
});
