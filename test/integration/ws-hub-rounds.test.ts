// Fan-out rounds (issue 14, load): the work no display waits for runs after the last send, once per graph and
// in order, even when the next graph cuts a round short; and no display ever misses an update without getting
// a snapshot of a newer graph instead.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WsHub, type RoundTrace } from '../../electron/hub/ws-hub';
import { createHubMetrics } from '../../electron/hub/metrics';
import { buildGraph } from '../../shared/build-graph';
import { createSimulator } from '../../shared/demo/index';
import { applyDiff, diffGraph } from '../../shared/diff';
import type { Graph } from '../../shared/model';
import { WS_SUBPROTOCOL, decodeServerMessage } from '../../shared/protocol';
import { untilWithin } from './helpers/until';

const until = untilWithin(60_000);
/** More than one event-loop turn's worth of displays (250 per turn), so rounds span several turns. */
const DISPLAYS = 600;

const simulator = createSimulator({ seed: 3, regions: 2, servicesPerRegion: 20, noise: 0.05, bursts: false });
const graphAt = (t: number): Graph => buildGraph([{ batch: { source: 'demo', sampledAt: t, calls: simulator.calls(t), seriesRead: 0 }, staleSince: null, region: 'demo' }], { now: t });

interface Viewer {
  graph: Graph | null;
  seq: number;
  /** Updates whose base was not the graph this display had: a lost update. */
  gaps: number;
  snapshots: number;
}

let server: Server;
let hub: WsHub;
let url: string;
const rounds: RoundTrace[] = [];
const viewers: Viewer[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  hub = new WsHub({ metrics: createHubMetrics(), intervalSeconds: 1, onRound: (trace) => rounds.push(trace) });
  server = createServer((_request, response) => response.end());
  server.on('upgrade', (request, socket, head) => hub.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
  for (let i = 0; i < DISPLAYS; i++) {
    const viewer: Viewer = { graph: null, seq: -1, gaps: 0, snapshots: 0 };
    const socket = new WebSocket(url, [WS_SUBPROTOCOL]);
    socket.on('message', (data: Buffer) => {
      const message = decodeServerMessage(data.toString());
      if (message.type === 'snapshot') {
        viewer.graph = message.graph;
        viewer.snapshots += 1;
      } else if (message.type === 'update') {
        if (message.base !== viewer.seq || viewer.graph === null) viewer.gaps += 1;
        else viewer.graph = applyDiff(viewer.graph, message.diff);
      }
      if (message.type !== 'error') viewer.seq = message.seq;
    });
    viewers.push(viewer);
    sockets.push(socket);
  }
  await until(() => hub.clientCount, (n) => n === DISPLAYS);
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await hub?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

describe('fan-out rounds to 600 displays', () => {
  it("runs each graph's after-send work once, in order, after its last send, also when the next graph cuts a round short", async () => {
    const events: string[] = [];
    const onRound = (seq: number) => {
      const trace = rounds.find((r) => r.seq === seq);
      events.push(`then ${seq}: ${trace ? (trace.cut ? 'cut' : `all ${trace.updates + trace.snapshots + trace.skipped}`) : 'no round'}`);
    };
    let previous = graphAt(1_000);
    hub.publish({ seq: 1, graph: previous, sources: [] }, null, () => onRound(1));
    // Graphs 2 and 3 come before round 1 (then 2) has left its first turn: both rounds are cut.
    for (const seq of [2, 3]) {
      const graph = graphAt(seq * 1_000);
      hub.publish({ seq, graph, sources: [] }, diffGraph(previous, graph), () => onRound(seq));
      previous = graph;
    }
    expect(events).toEqual(['then 1: cut', 'then 2: cut']);
    const last = graphAt(4_000);
    await new Promise<void>((resolve) =>
      hub.publish({ seq: 4, graph: last, sources: [] }, diffGraph(previous, last), () => {
        onRound(4);
        resolve();
      }),
    );
    expect(events).toEqual(['then 1: cut', 'then 2: cut', 'then 3: cut', `then 4: all ${DISPLAYS}`]);
    expect(rounds.find((r) => r.seq === 4)!.turns).toBeGreaterThan(1);
  }, 60_000);

  it('never loses an update: every display applies each one to the graph it had, or gets a snapshot of a newer graph, and ends on the newest', async () => {
    let previous = graphAt(4_000);
    let seq = 4;
    const publish = (back: boolean): Promise<void> => {
      seq += 1;
      const graph = graphAt(seq * 1_000);
      const diff = diffGraph(previous, graph);
      previous = graph;
      if (back) {
        hub.publish({ seq, graph, sources: [] }, diff);
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => hub.publish({ seq, graph, sources: [] }, diff, resolve));
    };
    // New graphs, every third one back to back with the next (cutting that round short).
    for (let i = 0; i < 30; i++) await publish(i % 3 === 0);
    // A display skipped in a round (unsent bytes) gets its snapshot with the next graph: publish until all have the newest.
    let everyone = false;
    for (let i = 0; i < 50 && !everyone; i++) {
      await publish(false);
      const newest = seq;
      everyone = await until(() => viewers.every((v) => v.seq === newest), (all) => all, 3_000).then(
        () => true,
        () => false,
      );
    }
    expect(everyone).toBe(true);
    expect(viewers.reduce((n, v) => n + v.gaps, 0)).toBe(0);
    for (const viewer of viewers) expect(viewer.graph).toStrictEqual(previous);
    // Cut rounds left some displays behind; they caught up by snapshot, not by updates they could not apply.
    expect(rounds.some((r) => r.cut)).toBe(true);
  }, 120_000);
});
