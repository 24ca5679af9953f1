// The displays of the fan-out benchmark, in their own process(es) so that they do not share the hub's event
// loop. For every graph: when had the last of this process's displays received it whole (its update, or a
// snapshot of it or of a newer graph), relative to the graph's build time (poll end)?
//
// Two kinds of display:
// - `raw` (default): a minimal WebSocket client on a plain TCP socket that reads into one reused buffer and
//   parses only frame headers; a message counts as received when its last payload byte has been read. It
//   costs this process a few µs per message, so what is measured is the hub and the network, not the
//   bench's own garbage collection (the `ws` library allocates every message: on this 2-core machine
//   1,000 of them cost 70–90 ms of CPU per graph, most of it GC, more than the hub's whole fan-out).
// - `ws`: the `ws` library, as before, for comparison.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { constants, gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { WS_SUBPROTOCOL, WS_SUBPROTOCOL_GZIP } from '../shared/protocol';

const [url, countText, updatesText, mode, kindText, probeText] = process.argv.slice(2);
const gzip = mode === 'gzip';
const count = Number(countText ?? 100);
const wanted = Number(updatesText ?? 20);
const kind = kindText === 'ws' ? 'ws' : 'raw';
/** Only one of the display processes asks /healthz. */
const probes = probeText !== 'noprobe';
/** The first graphs queue behind the 1,000 connections' snapshots still being flushed: warm-up, not steady state. */
const WARM_UP = 3;
const protocol = gzip ? WS_SUBPROTOCOL_GZIP : WS_SUBPROTOCOL;

/** Build time (poll end) of each graph, from the first message that carried it. */
const built = new Map<number, number>();
/** Per display: the (seq, receivedAt) of every message it got in steady state. */
const receipts: Array<Array<[number, number]>> = [];
/** Displays that have the last wanted graph (or newer): at `count`, the run is over. */
let finished = 0;
const received = { update: 0, snapshot: 0 };
const sizes: { update: number[]; snapshot: number[] } = { update: [], snapshot: [] };
let done = false;
let firstSeq: number | undefined;
let cpuAtStart: NodeJS.CpuUsage | null = null;
/** /healthz asked every 100 ms while the updates go out: how long a probe waits for the busy hub. */
const healthMs: number[] = [];
const healthUrl = url!.replace(/^ws/, 'http').replace(/ws$/, 'healthz');
const probe = setInterval(() => {
  if (firstSeq === undefined || !probes) return; // steady state only, not the 1,000 connections and snapshots
  const started = performance.now();
  void fetch(healthUrl).then(
    async (response) => {
      await response.arrayBuffer();
      healthMs.push(performance.now() - started);
    },
    () => undefined,
  );
}, 100);

/**
 * The envelope of a message from its first bytes. Every display gets the same bytes for a message, so one
 * inflate per message serves all 1,000: the first 200 bytes are the key (equal bytes, equal envelope).
 */
const heads = new Map<string, string>();
function envelope(first: Buffer): string {
  if (!gzip) return first.subarray(0, 300).toString();
  const key = first.toString('latin1', 0, 200);
  let text = heads.get(key);
  if (text === undefined) {
    text = gunzipSync(first.subarray(0, 200), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, 300).toString();
    heads.set(key, text);
  }
  return text;
}

/** A display received a whole message at `receivedAt`; `first` holds its first bytes (at least 200 or all). */
function onMessage(display: number, first: Buffer, length: number, receivedAt: number): void {
  const text = envelope(first);
  // Only the envelope is needed; parsing every message 1,000 times would measure this process, not the hub.
  const type = text.slice(9, 15);
  if (type !== 'update' && type !== 'snapsh') return;
  const seq = Number(/"seq":(\d+)/.exec(text)?.[1]);
  if (!built.has(seq)) built.set(seq, Number(/"serverUpdateTime":(\d+)/.exec(text)?.[1]));
  if (display === 0) (type === 'update' ? sizes.update : sizes.snapshot).push(length);
  if (type === 'update') firstSeq ??= seq;
  if (firstSeq === undefined || seq < firstSeq + WARM_UP) return;
  cpuAtStart ??= process.cpuUsage();
  received[type === 'update' ? 'update' : 'snapshot'] += 1;
  const mine = receipts[display]!;
  const over = mine.length > 0 && mine.at(-1)![0] >= firstSeq + WARM_UP + wanted;
  mine.push([seq, receivedAt]);
  if (!over && seq >= firstSeq + WARM_UP + wanted && ++finished === count) finish();
}

function finish(): void {
  if (done) return;
  done = true;
  clearInterval(probe);
  const cpu = cpuAtStart ? process.cpuUsage(cpuAtStart) : { user: NaN, system: NaN };
  // A display has graph n once it received n or anything newer (a display skipped while its buffer was
  // full gets a snapshot of the newest graph): graph n's delivery is the latest of those first receipts.
  const start = firstSeq === undefined ? 0 : firstSeq + WARM_UP;
  const perSeq: Array<{ seq: number; ms: number }> = [];
  let unseen = 0;
  let incomplete = 0;
  for (let n = start; n <= start + wanted; n++) {
    const at = built.get(n);
    if (at === undefined) {
      unseen += 1; // sent to no display at all (every one still busy): the hub counts those as skipped
      continue;
    }
    let last = -Infinity;
    let have = 0;
    for (const list of receipts) {
      const first = list.find(([seq]) => seq >= n);
      if (!first) continue;
      have += 1;
      last = Math.max(last, first[1] - at);
    }
    if (have < count) incomplete += 1;
    else perSeq.push({ seq: n, ms: last });
  }
  const health = healthMs.sort((a, b) => a - b);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const graphs = Math.max(1, perSeq.length);
  process.stdout.write(
    JSON.stringify({
      client: kind,
      updateBytes: avg(sizes.update),
      snapshotBytes: avg(sizes.snapshot),
      // Steady state: messages this process received, and its own CPU per graph (the reads and frame parsing).
      receivedUpdates: received.update,
      receivedSnapshots: received.snapshot,
      cpuMsPerGraph: (cpu.user + cpu.system) / 1000 / graphs,
      systemMsPerGraph: cpu.system / 1000 / graphs,
      healthMs: health,
      unseenGraphs: unseen,
      incompleteGraphs: incomplete,
      perSeq,
    }) + '\n',
  );
  process.exit(0);
}

/** The `ws` library's client. UTF-8 validation of 1,000 copies of each update would measure this process. */
function wsDisplay(display: number): void {
  const socket = new WebSocket(url!, [protocol], { skipUTF8Validation: true, perMessageDeflate: false });
  socket.on('message', (data: Buffer) => onMessage(display, data, data.length, Date.now()));
  socket.on('error', (error) => process.stderr.write(`display ${display}: ${error.message}\n`));
}

/** All raw displays read into this one buffer: each read is handled before the next one starts. */
const readBuffer = Buffer.allocUnsafe(256 * 1024);
const HEAD_BYTES = 200;

/** RFC 6455 by hand: the upgrade, then frame headers; payload bytes are counted, only the first 200 kept. */
function rawDisplay(display: number): void {
  const target = new URL(url!);
  let handshake = '';
  let open = false;
  const header = Buffer.alloc(14);
  let headerHave = 0;
  /** Payload bytes of the current frame still to come; -1: reading a frame header. */
  let remaining = -1;
  let control = false;
  let ping = false;
  let fin = false;
  let messageLength = 0;
  const head = Buffer.alloc(HEAD_BYTES);
  let headHave = 0;
  const controlBytes = Buffer.alloc(125);
  let controlHave = 0;

  const socket = connect({
    host: target.hostname,
    port: Number(target.port),
    onread: {
      buffer: readBuffer,
      callback: (nread: number, buf: Buffer): boolean => {
        let at = 0;
        if (!open) {
          handshake += buf.toString('latin1', 0, nread);
          const end = handshake.indexOf('\r\n\r\n');
          if (end < 0) return true;
          if (!handshake.startsWith('HTTP/1.1 101')) {
            process.stderr.write(`display ${display}: ${handshake.split('\r\n')[0]}\n`);
            socket.destroy();
            return false;
          }
          open = true;
          at = nread - (handshake.length - end - 4);
        }
        while (at < nread) {
          if (remaining < 0) {
            header[headerHave++] = buf[at++]!;
            if (headerHave < 2) continue;
            const short = header[1]! & 0x7f;
            const need = 2 + (short === 126 ? 2 : short === 127 ? 8 : 0);
            if (headerHave < need) continue;
            fin = (header[0]! & 0x80) !== 0;
            const code = header[0]! & 0x0f;
            control = code >= 8;
            ping = code === 9;
            remaining = short === 126 ? header.readUInt16BE(2) : short === 127 ? Number(header.readBigUInt64BE(2)) : short;
            headerHave = 0;
            if (code === 1 || code === 2) {
              messageLength = 0; // a new message (0 would be a continuation of the current one)
              headHave = 0;
            }
            controlHave = 0;
            if (remaining > 0) continue;
          } else {
            const take = Math.min(remaining, nread - at);
            if (control) {
              buf.copy(controlBytes, controlHave, at, at + take);
              controlHave += take;
            } else {
              if (headHave < HEAD_BYTES) headHave += buf.copy(head, headHave, at, Math.min(at + take, at + HEAD_BYTES - headHave));
              messageLength += take;
            }
            at += take;
            remaining -= take;
            if (remaining > 0) continue;
          }
          // A frame ended.
          remaining = -1;
          if (ping) {
            // Pong with the ping's payload, masked (client frames must be) with a zero key.
            const pong = Buffer.alloc(6 + controlHave);
            pong[0] = 0x8a;
            pong[1] = 0x80 | controlHave;
            controlBytes.copy(pong, 6, 0, controlHave);
            socket.write(pong);
          } else if (!control && fin) {
            onMessage(display, head.subarray(0, headHave), messageLength, Date.now());
          }
        }
        return true;
      },
    },
  });
  socket.setNoDelay(true);
  socket.on('connect', () => {
    const key = randomBytes(16).toString('base64');
    socket.write(
      `GET ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
    );
  });
  socket.on('error', (error) => process.stderr.write(`display ${display}: ${error.message}\n`));
}

for (let i = 0; i < count; i++) {
  receipts.push([]);
  if (kind === 'ws') wsDisplay(i);
  else rawDisplay(i);
}
setTimeout(finish, 120_000).unref();
