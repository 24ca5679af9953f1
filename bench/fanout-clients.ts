// The displays of the fan-out benchmark, in their own process so that they do not share the hub's event loop.
// For every update: when did the last of the N displays receive it, relative to the graph's build time?
import { constants, gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { WS_SUBPROTOCOL, WS_SUBPROTOCOL_GZIP } from '../shared/protocol';

const [url, countText, updatesText, mode] = process.argv.slice(2);
const gzip = mode === 'gzip';
const count = Number(countText ?? 100);
const wanted = Number(updatesText ?? 20);
const lastDelivery = new Map<number, number>();
const sizes: { update: number[]; snapshot: number[] } = { update: [], snapshot: [] };
let done = false;
let firstSeq: number | undefined;
/** /healthz asked every 100 ms while the updates go out: how long a probe waits for the busy hub. */
const healthMs: number[] = [];
const healthUrl = url!.replace(/^ws/, 'http').replace(/ws$/, 'healthz');
const probe = setInterval(() => {
  if (firstSeq === undefined) return; // steady state only, not the 1,000 connections and snapshots
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
 * The first few hundred bytes of a message (the envelope). Every display gets the same gzip bytes for a
 * message, so one inflate per message serves all 1,000: the gzip trailer's CRC-32 of the text is the key.
 */
const heads = new Map<number, string>();
function head(data: Buffer): string {
  if (!gzip) return data.subarray(0, 300).toString();
  const crc = data.readUInt32LE(data.length - 8);
  let text = heads.get(crc);
  if (text === undefined) {
    text = gunzipSync(data.subarray(0, 200), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, 300).toString();
    heads.set(crc, text);
  }
  return text;
}

function finish(): void {
  if (done) return;
  done = true;
  clearInterval(probe);
  const delays = [...lastDelivery.values()].sort((a, b) => a - b);
  const health = healthMs.sort((a, b) => a - b);
  const pct = (p: number) => delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))] ?? NaN;
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  process.stdout.write(
    JSON.stringify({ updates: delays.length, p50Ms: pct(50), p99Ms: pct(99), maxMs: delays.at(-1), updateBytes: avg(sizes.update), snapshotBytes: avg(sizes.snapshot), healthzP99Ms: health[Math.floor(0.99 * (health.length - 1))] ?? NaN, healthzMaxMs: health.at(-1) ?? NaN }) + '\n',
  );
  process.exit(0);
}

for (let i = 0; i < count; i++) {
  // UTF-8 validation of 1,000 copies of each update would measure this process, not the hub.
  const socket = new WebSocket(url!, [gzip ? WS_SUBPROTOCOL_GZIP : WS_SUBPROTOCOL], { skipUTF8Validation: true, perMessageDeflate: false });
  socket.on('message', (data: Buffer) => {
    const receivedAt = Date.now();
    const text = head(data);
    // Only the envelope is needed; parsing every message 100 times would measure this process, not the hub.
    const type = text.slice(9, 15);
    const seq = Number(/"seq":(\d+)/.exec(text)?.[1]);
    const built = Number(/"serverUpdateTime":(\d+)/.exec(text)?.[1]);
    if (i === 0) (type === 'update' ? sizes.update : sizes.snapshot).push(data.length);
    if (type !== 'update') return;
    // The first updates queue behind 100 snapshots still being flushed: warm-up, not steady state.
    firstSeq ??= seq;
    if (seq < firstSeq + 3) return;
    lastDelivery.set(seq, Math.max(lastDelivery.get(seq) ?? 0, receivedAt - built));
    if (lastDelivery.size >= wanted + 1) finish();
  });
  socket.on('error', (error) => {
    process.stderr.write(`display ${i}: ${error.message}\n`);
  });
}
setTimeout(finish, 120_000).unref();
