// `npm run bench -- attack`: the hub in its own process on loopback, attacked one way at a time by this
// one; for each attack, the hub's peak RSS and /healthz latency while it lasts. Every attack is bounded.
import { spawn } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import WebSocket from 'ws';
import { WS_SUBPROTOCOL } from '../shared/protocol';

const TOKEN = 'bench-attack-token-0123456789';
const ATTACK_MS = Number(process.env.ATTACK_MS ?? 6000);
const dir = mkdtempSync(join(tmpdir(), 'flowsight-attack-'));
const feed = join(dir, 'feed.json');
const goodFeed = JSON.stringify({ renderer: 'global', nodes: [{ renderer: 'region', name: 'west', nodes: [{ name: 'a' }, { name: 'b' }], connections: [{ source: 'a', target: 'b', metrics: { normal: 1 } }] }] });
writeFileSync(feed, goodFeed);

type UpstreamMode = 'ok' | 'gzip-bomb' | 'huge' | 'nesting-bomb';
let mode: UpstreamMode = 'ok';
const MB = 1024 * 1024;
const gzipBomb = await new Promise<Buffer>((resolve) => {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (c: Buffer) => parts.push(c));
  gzip.on('end', () => resolve(Buffer.concat(parts)));
  const chunk = Buffer.alloc(MB, 32);
  for (let i = 0; i < 1024; i++) gzip.write(chunk); // 1 GiB unpacked
  gzip.end();
});
const nesting = Buffer.from('['.repeat(10 * MB));
const upstream = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    if (mode === 'gzip-bomb') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      response.end(gzipBomb);
    } else if (mode === 'huge') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(MB, 32);
      let sent = 0;
      const pump = (): void => {
        while (sent < 200 && response.write(chunk)) sent++;
        if (sent >= 200) response.end();
        else response.once('drain', pump);
      };
      response.on('close', () => (sent = 200));
      pump();
    } else if (mode === 'nesting-bomb') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(nesting);
    } else {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"status":"success","data":{"resultType":"vector","result":[]}}');
    }
  });
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

const config = join(dir, 'flowsight.yaml');
writeFileSync(
  config,
  `interval: 1\ntoken: ${TOKEN}\nsources:\n  - {name: demo, type: demo}\n  - {name: feed, type: vizceral, path: ${feed}}\n  - {name: upstream, type: prometheus, url: "${upstreamUrl}", timeout: 5}\n`,
  { mode: 0o600 },
);
const hubProcess = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'electron', 'cli.ts'), 'serve', '--port', '0', '--config', config], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
const hubUrl = await new Promise<string>((resolve) => {
  let out = '';
  hubProcess.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    const match = /listening on (\S+)/.exec(out);
    if (match) resolve(match[1]!);
  });
});
const wsUrl = hubUrl.replace('http', 'ws') + `ws?token=${TOKEN}`;

/** The hub's RSS from /proc, not /metrics: the token-guessing attack shares this address and its limit. */
async function hubRssMB(): Promise<number> {
  const status = readFileSync(`/proc/${hubProcess.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
}

/** Samples /healthz latency and hub RSS while `attack` runs (at most ATTACK_MS). */
async function measure(name: string, attack: (signal: AbortSignal) => Promise<void>): Promise<Record<string, number | string>> {
  const controller = new AbortController();
  const latencies: number[] = [];
  let peak = await hubRssMB();
  const before = peak;
  const attacking = attack(controller.signal).catch(() => undefined);
  const end = Date.now() + ATTACK_MS;
  while (Date.now() < end) {
    const started = performance.now();
    await fetch(hubUrl + 'healthz').then((r) => r.text());
    latencies.push(performance.now() - started);
    peak = Math.max(peak, await hubRssMB());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  controller.abort();
  await attacking;
  latencies.sort((a, b) => a - b);
  const result = { attack: name, rssBeforeMB: before, rssPeakMB: peak, healthzP50Ms: latencies[Math.floor(latencies.length / 2)]!, healthzMaxMs: latencies.at(-1)! };
  process.stderr.write(`attack: ${name}: RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB, /healthz p50 ${result.healthzP50Ms.toFixed(1)} ms, max ${result.healthzMaxMs.toFixed(1)} ms\n`);
  return result;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function openSocket(): Promise<WebSocket> {
  const socket = new WebSocket(wsUrl, [WS_SUBPROTOCOL]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('timeout'));
    }, 5000);
    socket.once('open', () => (clearTimeout(timer), resolve(socket)));
    socket.once('error', (error) => (clearTimeout(timer), reject(error)));
    socket.once('unexpected-response', () => (clearTimeout(timer), socket.terminate(), reject(new Error('refused'))));
  });
}

async function garbageFlood(read: boolean, frames: number, signal: AbortSignal): Promise<void> {
  const socket = await openSocket();
  if (!read) (socket as unknown as { _socket: { pause(): void } })._socket.pause();
  for (let i = 0; i < frames && !signal.aborted && socket.readyState === WebSocket.OPEN; i++) {
    socket.send('x');
    if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  socket.terminate();
}

async function upstreamFault(next: UpstreamMode, signal: AbortSignal): Promise<void> {
  mode = next;
  await untilAborted(signal);
  mode = 'ok';
}

const results = [];
results.push(await measure('baseline', async () => undefined));
results.push(await measure('1M tiny garbage frames, never reading', (s) => garbageFlood(false, 1_000_000, s)));
results.push(await measure('200k garbage frames, reading', (s) => garbageFlood(true, 200_000, s)));
results.push(
  await measure('3,000 sockets at once (cap 2,000)', async (signal) => {
    const sockets: (WebSocket | null)[] = [];
    for (let i = 0; i < 30 && !signal.aborted; i++) sockets.push(...(await Promise.all(Array.from({ length: 100 }, () => openSocket().catch(() => null)))));
    process.stderr.write(`attack: ${sockets.filter(Boolean).length} of ${sockets.length} sockets open\n`);
    await untilAborted(signal);
    for (const socket of sockets) socket?.terminate();
  }),
);
results.push(
  await measure('unsolicited pongs, never reading', async (signal) => {
    const socket = await openSocket();
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const timer = setInterval(() => socket.pong(), 10);
    await untilAborted(signal);
    clearInterval(timer);
    socket.terminate();
  }),
);
results.push(
  await measure('wrong-token guesses interleaved with a valid one', async (signal) => {
    for (let i = 0; !signal.aborted && i < 20_000; i++) {
      await fetch(hubUrl + 'api/status', { headers: { Authorization: `Bearer ${i % 2 ? TOKEN : `guess-${i}-0123456789abcdef`}` } }).then((r) => r.text());
    }
  }),
);
results.push(await measure('gzip bomb from Prometheus (1 GiB unpacked)', (s) => upstreamFault('gzip-bomb', s)));
results.push(await measure('200 MB Prometheus answer', (s) => upstreamFault('huge', s)));
results.push(await measure('10 MB JSON nesting bomb', (s) => upstreamFault('nesting-bomb', s)));
results.push(
  await measure('500 MB Vizceral file', async (signal) => {
    const huge = join(dir, 'huge.json');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 500 * MB);
    closeSync(fd);
    renameSync(huge, feed);
    await untilAborted(signal);
    writeFileSync(feed, goodFeed);
  }),
);
hubProcess.kill('SIGTERM');
upstream.closeAllConnections();
upstream.close();
const lines = results.map(
  (r) => `attack ${String(r.attack).padEnd(50)} hub RSS ${Number(r.rssBeforeMB).toFixed(0)} → ${Number(r.rssPeakMB).toFixed(0)} MB; /healthz p50 ${Number(r.healthzP50Ms).toFixed(1)} ms, max ${Number(r.healthzMaxMs).toFixed(1)} ms`,
);
process.stdout.write(JSON.stringify({ results, lines }) + '\n');
process.exit(0);
