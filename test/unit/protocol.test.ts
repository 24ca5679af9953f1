import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../shared/build-graph';
import { diffGraph } from '../../shared/diff';
import { PROTOCOL_VERSION, ProtocolError, decodeClientMessage, decodeServerMessage, encode } from '../../shared/protocol';

const graph = buildGraph(
  [{ batch: { source: 's', sampledAt: 1, seriesRead: 1, calls: [{ sourceRegion: 'r', source: '<b>a</b>', destinationRegion: 'r', destination: 'b', rate: { normal: 1, danger: 0, warning: 0 } }] }, staleSince: null }],
  { now: 2 },
);

describe('decodeServerMessage()', () => {
  it('accepts a snapshot and an update as the hub encodes them', () => {
    const snapshot = encode({ type: 'snapshot', v: PROTOCOL_VERSION, seq: 1, interval: 5, serverTime: 3, graph, sources: [] });
    expect(decodeServerMessage(snapshot)).toMatchObject({ type: 'snapshot', graph });
    const update = encode({ type: 'update', v: PROTOCOL_VERSION, seq: 2, base: 1, serverTime: 4, diff: diffGraph(graph, graph), sources: [] });
    expect(decodeServerMessage(update).type).toBe('update');
  });

  it('rejects another protocol version, a wrong shape and non-JSON with the path of the problem', () => {
    expect(() => decodeServerMessage({ type: 'snapshot', v: 99 })).toThrow(ProtocolError);
    expect(() => decodeServerMessage({ type: 'snapshot', v: 1, seq: 1, interval: 5, serverTime: 1, graph: { regions: 'x' }, sources: [] })).toThrow(/graph/);
    expect(() => decodeServerMessage('{not json')).toThrow(/not JSON/);
  });
});

describe('decodeClientMessage()', () => {
  it('accepts resync and report and rejects anything else', () => {
    expect(decodeClientMessage('{"type":"resync","v":1}')).toEqual({ type: 'resync', v: 1 });
    expect(decodeClientMessage({ type: 'report', v: 1, view: '#/', fps: 60 })).toMatchObject({ fps: 60 });
    expect(() => decodeClientMessage({ type: 'shutdown', v: 1 })).toThrow(ProtocolError);
    expect(() => decodeClientMessage({ type: 'report', v: 1, view: '#/', fps: Number.POSITIVE_INFINITY })).toThrow(ProtocolError);
  });
});
