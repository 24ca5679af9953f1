// The soak's WebSocket displays, in their own process so that their buffers and event loop are not the hub's.
// `node --import tsx bench/soak-displays.ts WS_URL TOTAL SLOW RECONNECTING`: SLOW of them pause reading (their
// TCP window fills and the hub's send buffer grows) for PAUSE_MS of every cycle, RECONNECTING of them drop the
// connection every RECONNECT_MS (half politely, half abruptly) and come back; the rest read normally. On
// SIGTERM it prints one JSON line of counts and exits.
import WebSocket from 'ws';
import { PROTOCOL_VERSION, WS_SUBPROTOCOL } from '../shared/protocol';

const [url, totalText, slowText, reconnectingText] = process.argv.slice(2);
if (!url) throw new Error('usage: soak-displays.ts WS_URL TOTAL SLOW RECONNECTING');
const total = Number(totalText ?? 20);
const slow = Number(slowText ?? 5);
const reconnecting = Number(reconnectingText ?? 5);
const PAUSE_MS = Number(process.env.SOAK_PAUSE_MS ?? 40_000);
const READ_MS = Number(process.env.SOAK_READ_MS ?? 20_000);
const RECONNECT_MS = Number(process.env.SOAK_RECONNECT_MS ?? 7_000);
const REPORT_MS = 5_000;

const counts = { displays: total, slow, reconnecting, messages: 0, snapshots: 0, updates: 0, bytes: 0, connects: 0, pauses: 0, dropped: 0, errors: 0 };
const timers: NodeJS.Timeout[] = [];
const sockets = new Set<WebSocket>();
/** Each display's current socket. */
const current: WebSocket[] = [];
let stopping = false;

function connect(index: number): WebSocket {
  const socket = new WebSocket(url!, [WS_SUBPROTOCOL]);
  sockets.add(socket);
  current[index] = socket;
  socket.on('open', () => {
    counts.connects++;
    // Each (re)connection is a new display on the hub, with its own per-client metric series.
    socket.send(JSON.stringify({ type: 'report', v: PROTOCOL_VERSION, view: `#/soak/${index}`, fps: 60 }));
  });
  socket.on('message', (data: Buffer) => {
    counts.messages++;
    counts.bytes += data.length;
    // Only the envelope: parsing every message 20 times would measure this process, not the pipeline.
    const head = data.subarray(0, 40).toString();
    if (head.includes('"snapshot"')) counts.snapshots++;
    else if (head.includes('"update"')) counts.updates++;
  });
  socket.on('error', () => {
    counts.errors++;
  });
  socket.on('close', () => {
    sockets.delete(socket);
    // Closed by the hub (e.g. a paused reader missing two heartbeats): come back, as the renderer does.
    if (!stopping && current[index] === socket) {
      counts.dropped++;
      timers.push(setTimeout(() => connect(index), 1000));
    }
  });
  return socket;
}

function reportEvery(index: number): void {
  timers.push(
    setInterval(() => {
      const s = current[index];
      if (s && s.readyState === WebSocket.OPEN && !s.isPaused) s.send(JSON.stringify({ type: 'report', v: PROTOCOL_VERSION, view: `#/soak/${index}`, fps: 30 + (index % 30) }));
    }, REPORT_MS),
  );
}

for (let i = 0; i < total; i++) {
  connect(i);
  reportEvery(i);
  if (i < slow) {
    // Staggered so that the slow readers are not all paused (or all reading) at the same sample.
    const cycle = PAUSE_MS + READ_MS;
    const startPause = (): void => {
      counts.pauses++;
      const paused = current[i]!;
      paused.pause();
      timers.push(setTimeout(() => paused.resume(), PAUSE_MS));
    };
    timers.push(
      setTimeout(() => {
        startPause();
        timers.push(setInterval(startPause, cycle));
      }, (i * cycle) / Math.max(1, slow)),
    );
  } else if (i < slow + reconnecting) {
    let round = 0;
    timers.push(
      setTimeout(() => {
        timers.push(
          setInterval(() => {
            round++;
            const leaving = current[i]!;
            connect(i);
            if (round % 2 === 0) leaving.close(1000, 'soak reconnect');
            else leaving.terminate(); // gone without a close frame
          }, RECONNECT_MS),
        );
      }, ((i - slow) * RECONNECT_MS) / Math.max(1, reconnecting)),
    );
  }
}

process.on('SIGTERM', () => {
  stopping = true;
  for (const timer of timers) clearTimeout(timer);
  for (const socket of sockets) socket.terminate();
  process.stdout.write(JSON.stringify(counts) + '\n');
  process.exit(0);
});
