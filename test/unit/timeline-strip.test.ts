import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../shared/build-graph';
import type { Call, NoticeTarget, SourceBatch } from '../../shared/model';
import { decodeTimelineQuery, decodeTimelineStrip, ProtocolError } from '../../shared/protocol';
import { TimelineRecord } from '../../shared/timeline/record';
import {
  alertStarts,
  downsample,
  entityRate,
  entityCalls,
  graphTotals,
  historyKey,
  inputEntityRate,
  inputTotals,
  parseHistoryKey,
  sourceEvents,
  spread,
} from '../../shared/timeline/strip';

function call(sourceRegion: string, source: string, destinationRegion: string, destination: string, normal: number, danger = 0): Call {
  return { sourceRegion, source, destinationRegion, destination, rate: { normal, danger, warning: 0 } };
}

describe('downsample()', () => {
  it('averages each bucket’s polls for rps and weighs the error ratio by requests', () => {
    const points = [
      { at: 0, rps: 10, danger: 0 },
      { at: 400, rps: 30, danger: 3 },
      { at: 1000, rps: 100, danger: 50 },
      // 1500..1999: no poll — a gap
      { at: 2999, rps: 5, danger: 5 },
      { at: 5000, rps: 1e6, danger: 0 }, // outside [from, to]
    ];
    expect(downsample(points, 0, 2999, 3)).toEqual({
      from: 0,
      bucketMs: 1000,
      rps: [20, 100, 5],
      // (0 + 3) / (10 + 30) = 0.075; 50 / 100; 5 / 5
      errorRatio: [0.075, 0.5, 1],
    });
    expect(downsample(points, 0, 3999, 4).rps).toEqual([20, 100, 5, null]);
    expect(downsample(points, 0, 3999, 4).errorRatio).toEqual([0.075, 0.5, 1, null]);
  });

  it('rounds to the graph’s 4 significant digits, and a quiet bucket has no errors rather than NaN', () => {
    const b = downsample(
      [
        { at: 0, rps: 1, danger: 0 },
        { at: 1, rps: 2, danger: 1 },
        { at: 2, rps: 0, danger: 0 },
        { at: 10, rps: 0, danger: 0 },
      ],
      0,
      19,
      2,
    );
    expect(b.rps).toEqual([1, 0]);
    expect(b.errorRatio).toEqual([0.3333, 0]);
  });

  it('puts the span’s last instant in the last bucket', () => {
    const b = downsample([{ at: 100, rps: 7, danger: 0 }], 0, 100, 10);
    expect(b.bucketMs).toBe(11);
    expect(b.rps.at(-1)).toBe(7);
    expect(b.rps.filter((v) => v !== null)).toEqual([7]);
  });
});

describe('spread()', () => {
  it('keeps at most max instants, first and last included, evenly picked', () => {
    expect(spread([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([1, 5, 9]);
    expect(spread([1, 2, 3], 10)).toEqual([1, 2, 3]);
    expect(spread([1, 2, 3, 4, 5], 1)).toEqual([1]);
  });
});

describe('sourceEvents()', () => {
  it('names the polls where a source failed, went stale and recovered, and nothing for a healthy start', () => {
    const frames = [
      { at: 1000, staleSince: null },
      { at: 2000, staleSince: 1000, failed: true },
      { at: 3000, staleSince: 1000, failed: true },
      { at: 4000, staleSince: null },
      { at: 5000, staleSince: 3900 },
      { at: 6000, staleSince: 3900, failed: true },
      { at: 7000, staleSince: null },
    ];
    expect(sourceEvents('prom', frames)).toEqual([
      { at: 2000, source: 'prom', kind: 'failed' },
      { at: 4000, source: 'prom', kind: 'recovered' },
      { at: 5000, source: 'prom', kind: 'stale' },
      { at: 6000, source: 'prom', kind: 'failed' },
      { at: 7000, source: 'prom', kind: 'recovered' },
    ]);
    expect(sourceEvents('file', [{ at: 1, staleSince: 0 }])).toEqual([{ at: 1, source: 'file', kind: 'stale' }]);
  });
});

describe('alertStarts()', () => {
  const alert = (id: string, title: string, startsAt: number | null, state: 'active' | 'muted' = 'active'): NoticeTarget => ({
    service: 'cart',
    notice: { severity: 'danger', title, alert: { source: 'am', id, name: title, startsAt, state } },
  });
  it('lists each active alert once at its own start, oldest first; muted ones paged nobody', () => {
    const frames = [
      { at: 10_000, staleSince: null, notices: [alert('a', 'CartDown', 9_000), alert('m', 'Silenced', 1_000, 'muted')] },
      { at: 11_000, staleSince: null, notices: [alert('a', 'CartDown', 9_000), alert('b', '<img src=x>', null)] },
      { at: 12_000, staleSince: null, notices: [alert('b', '<img src=x>', null)] },
    ];
    expect(alertStarts('am', frames)).toEqual([
      { at: 9_000, title: 'CartDown', severity: 'danger', source: 'am' },
      { at: 11_000, title: '<img src=x>', severity: 'danger', source: 'am' },
    ]);
  });
});

describe('history keys and entity rates', () => {
  const batch: SourceBatch = {
    source: 'prom',
    sampledAt: 1000,
    seriesRead: 4,
    calls: [
      call('INTERNET', 'INTERNET', 'east', 'web', 50, 5),
      call('east', 'web', 'east', 'cart', 20, 1),
      call('east', 'cart', 'west', 'db', 8, 0),
      call('west', 'api', 'west', 'db', 2, 2),
    ],
  };
  const graph = buildGraph([{ batch, staleSince: null, region: 'east' }], { now: 1000 });

  it('parseHistoryKey() reads back every key the panel makes, and refuses others', () => {
    expect(parseHistoryKey(historyKey.call('east', 'web', 'cart'))).toEqual({ kind: 'call', region: 'east', source: 'web', target: 'cart' });
    expect(parseHistoryKey(historyKey.node('', 'INTERNET'))).toEqual({ kind: 'node', region: '', node: 'INTERNET' });
    expect(parseHistoryKey(historyKey.region('west'))).toEqual({ kind: 'region', region: 'west' });
    expect(parseHistoryKey(historyKey.globalCall('east', 'west'))).toEqual({ kind: 'global', source: 'east', target: 'west' });
    expect(parseHistoryKey('x\u0000y')).toBeNull();
    expect(parseHistoryKey('c\u0000east\u0000web')).toBeNull();
  });

  it('entityRate() is what the graph shows for the node, call or region', () => {
    expect(entityRate(graph, { kind: 'call', region: 'east', source: 'web', target: 'cart' })).toEqual({ normal: 20, danger: 1, warning: 0 });
    expect(entityRate(graph, { kind: 'node', region: 'west', node: 'db' })).toEqual({ normal: 10, danger: 2, warning: 0 });
    expect(entityRate(graph, { kind: 'node', region: '', node: 'INTERNET' })).toEqual({ normal: 50, danger: 5, warning: 0 });
    expect(entityRate(graph, { kind: 'global', source: 'east', target: 'west' })).toEqual({ normal: 8, danger: 0, warning: 0 });
    expect(entityRate(graph, { kind: 'region', region: 'nowhere' })).toBeNull();
  });

  it('graphTotals() counts every call once, by what services receive', () => {
    // 55 into web + 21 into cart + 8 into db from east + 4 into db from api = 88; failed 5 + 1 + 0 + 2.
    expect(graphTotals(graph)).toEqual({ rps: 88, danger: 8 });
  });
});

describe('inputTotals() and inputEntityRate(): the graph’s figures without building the graph', () => {
  // Two sources that overlap (the east→west call is reported by both: counted once, from west's witness),
  // a feed's region-level and global-only calls, INTERNET traffic and a cross-region call.
  const east: SourceBatch = {
    source: 'east',
    sampledAt: 1,
    seriesRead: 0,
    calls: [
      call('INTERNET', 'INTERNET', 'east', 'web', 50, 5),
      call('east', 'web', 'east', 'cart', 20, 1),
      call('east', 'cart', 'west', 'db', 9, 0),
      { ...call('INTERNET', 'INTERNET', 'east', 'edge', 7, 1), scope: 'region' },
      { ...call('INTERNET', 'INTERNET', 'east', 'east', 7, 1), scope: 'global' },
      { ...call('east', 'east', 'west', 'west', 3, 0), scope: 'global' },
    ],
  };
  const west: SourceBatch = {
    source: 'west',
    sampledAt: 1,
    seriesRead: 0,
    calls: [call('east', 'cart', 'west', 'db', 8, 0), call('west', 'api', 'west', 'db', 2, 2), call('west', 'db', 'west', 'cart', 1.5, 0)],
  };
  const inputs = [
    { batch: east, staleSince: null, region: 'east' },
    { batch: west, staleSince: null, region: 'west' },
  ];
  const graph = buildGraph(inputs, { now: 1 });

  it('totals what the regions’ services receive, each call once', () => {
    expect(graphTotals(graph)).toEqual({ rps: 55 + 21 + 8 + 8 + 4 + 1.5, danger: 5 + 1 + 1 + 2 });
    expect(inputTotals(inputs)).toEqual(graphTotals(graph));
  });

  it('gives every entity the rate the built graph gives it', () => {
    const keys = [
      historyKey.region('east'),
      historyKey.region('west'),
      historyKey.region('nowhere'),
      historyKey.node('', 'INTERNET'),
      historyKey.node('east', 'web'),
      historyKey.node('east', 'INTERNET'),
      historyKey.node('east', 'west'),
      historyKey.node('west', 'east'),
      historyKey.node('west', 'db'),
      historyKey.node('west', 'cart'),
      historyKey.call('east', 'web', 'cart'),
      historyKey.call('east', 'cart', 'west'),
      historyKey.call('west', 'east', 'db'),
      historyKey.call('east', 'INTERNET', 'edge'),
      historyKey.call('west', 'db', 'cart'),
      historyKey.globalCall('east', 'west'),
      historyKey.globalCall('INTERNET', 'east'),
      historyKey.globalCall('west', 'east'),
    ];
    for (const key of keys) {
      const entity = parseHistoryKey(key)!;
      expect([key, inputEntityRate(inputs, entity)]).toEqual([key, entityRate(graph, entity)]);
      // Reading only the calls entityCalls() accepts changes nothing.
      const only = entityCalls(entity);
      const read = inputs.map((input) => ({ ...input, batch: { ...input.batch, calls: input.batch.calls.filter(only) } }));
      expect([key, inputEntityRate(read, entity)]).toEqual([key, entityRate(graph, entity)]);
    }
    expect(inputEntityRate(inputs, parseHistoryKey(historyKey.globalCall('east', 'west'))!)).toEqual({ normal: 11, danger: 0, warning: 0 });
  });
});

describe('TimelineRecord.atEach() and frames()', () => {
  const big = { maxBytes: 1e9, retentionMs: 1e12, chunkFrames: 3 };
  it('reads many instants in one pass each chunk, the same as at() one by one', () => {
    const record = new TimelineRecord(big);
    for (let i = 0; i < 8; i++) {
      const b: SourceBatch = { source: 'p', sampledAt: i * 1000, seriesRead: 1, calls: [call('e', 'a', 'e', 'b', 10 + i)] };
      record.append('p', { at: i * 1000, batch: b, staleSince: i === 5 ? 4000 : null, ...(i === 5 ? { failed: true } : {}) });
    }
    const instants = [-5, 0, 1500, 2000, 2999, 3000, 6500, 99_999];
    expect(record.atEach('p', instants)).toEqual(instants.map((t) => record.at('p', t)));
    expect(record.atEach('p', [1500])[0]!.batch!.calls[0]!.rate.normal).toBe(11);
    // `only` keeps just the calls it accepts.
    expect(record.atEach('p', [1500, 2500], (c) => c.destination === 'b').map((e) => e!.batch!.calls.length)).toEqual([1, 1]);
    expect(record.atEach('p', [1500, 2500], (c) => c.destination === 'zz').map((e) => e!.batch!.calls)).toEqual([[], []]);
    expect(record.frames('p', 4000, 6000)).toEqual([
      { at: 4000, staleSince: null },
      { at: 5000, staleSince: 4000, failed: true },
      { at: 6000, staleSince: null },
    ]);
  });
});

describe('timeline wire types', () => {
  it('decodeTimelineQuery() takes buckets and a key, defaults buckets, and names what is wrong', () => {
    expect(decodeTimelineQuery(new URLSearchParams('buckets=120&key=r%00east'))).toEqual({ buckets: 120, key: 'r\u0000east' });
    expect(decodeTimelineQuery(new URLSearchParams(''))).toEqual({ buckets: 300 });
    expect(() => decodeTimelineQuery(new URLSearchParams('buckets=0'))).toThrow(/buckets/);
    expect(() => decodeTimelineQuery(new URLSearchParams('buckets=1e3'))).toThrow(/buckets: a whole number/);
    expect(() => decodeTimelineQuery(new URLSearchParams('buckets=99999'))).toThrow(ProtocolError);
    expect(() => decodeTimelineQuery(new URLSearchParams('bucket=3'))).toThrow(/bucket/);
    expect(() => decodeTimelineQuery(new URLSearchParams('buckets=3&buckets=4'))).toThrow(/more than once/);
  });
  it('decodeTimelineStrip() refuses an answer that is not a strip', () => {
    const ok = { from: 0, to: 10, now: 10, stepMs: 5, bucketMs: 5, rps: [1, null], errorRatio: [0, null], events: [], alerts: [] };
    expect(decodeTimelineStrip(JSON.stringify(ok))).toEqual(ok);
    expect(() => decodeTimelineStrip({ ...ok, rps: ['1'] })).toThrow(/rps/);
    expect(() => decodeTimelineStrip({ ...ok, events: [{ at: 1, source: 's', kind: 'exploded' }] })).toThrow(/events/);
  });
});
