// The displays of the fan-out benchmark, in their own process so that they do not share the hub's event loop.
// For every update: when did the last of the N displays receive it, relative to the graph's build time?
import WebSocket from 'ws';
import { WS_SUBPROTOCOL } from '../shared/protocol';

const [url, countText, updatesText] = process.argv.slice(2);
const count = Number(countText ?? 100);
const wanted = Number(updatesText ?? 20);
const lastDelivery = new Map<number, number>();
const sizes: { update: number[]; snapshot: number[] } = { update: [], snapshot: [] };
let done = false;
let firstSeq: number | undefined;

function finish(): void {
  if (done) return;
  done = true;
  const delays = [...lastDelivery.values()].sort((a, b) => a - b);
  const pct = (p: number) => delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))] ?? NaN;
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  process.stdout.write(
    JSON.stringify({ updates: delays.length, p50Ms: pct(50), p99Ms: pct(99), maxMs: delays.at(-1), updateBytes: avg(sizes.update), snapshotBytes: avg(sizes.snapshot) }) + '\n',
  );
  process.exit(0);
}

for (let i = 0; i < count; i++) {
  // UTF-8 validation of 1,000 copies of each update would measure this process, not the hub.
  const socket = new WebSocket(url!, [WS_SUBPROTOCOL], { skipUTF8Validation: true });
  socket.on('message', (data: Buffer) => {
    const receivedAt = Date.now();
    const text = data.subarray(0, 300).toString();
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
