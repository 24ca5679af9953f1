// The accelerated soak of the whole pipeline (issue 5 §2: "no memory growth over days"), shared by
// `bench/soak.ts` (minutes, figures) and `test/e2e/wall-soak.test.ts` (about a minute, bounds): the hub
// in this process on a demo whose clock runs SPEED× fast and whose topology churns, WebSocket displays in
// a child process (some paused, some reconnecting), and readers of the hub's, the sockets' and a page's
// footprint after a full GC.
import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Page } from 'playwright-core';
import { startHub, type RunningHub } from '../electron/hub/hub';
import { ensureRendererBuilt } from '../electron/hub/renderer-build';
import { createDemoSource } from '../electron/hub/sources/demo';
import type { FlowsightStats } from '../renderer/app/api';

export const ROOT = join(import.meta.dirname, '..');

export interface SoakHubOptions {
  /** Simulated ms per real ms. */
  speed: number;
  /** A service appears (and the previous one goes) every this many simulated ms. */
  churnEveryMs: number;
  /** Real seconds between polls. */
  intervalSeconds: number;
}

export interface SoakHub {
  hub: RunningHub;
  /** The simulated clock the demo and the hub run on: start + real elapsed × speed. */
  now(): number;
  /** Simulated ms since the start. */
  simulatedMs(): number;
  close(): Promise<void>;
}

export async function startSoakHub(options: SoakHubOptions): Promise<SoakHub> {
  const staticDir = join(ROOT, 'dist', 'renderer');
  await ensureRendererBuilt(staticDir, (line) => process.stderr.write(`${line}\n`));
  const realStart = Date.now();
  const now = (): number => realStart + (Date.now() - realStart) * options.speed;
  const demo = createDemoSource({ name: 'demo', now, simulator: { churn: { everyMs: options.churnEveryMs } } });
  const hub = await startHub({
    host: '127.0.0.1',
    port: 0,
    interval: options.intervalSeconds,
    sources: [],
    extraSources: [demo],
    staticDir,
    now,
  });
  return { hub, now, simulatedMs: () => now() - realStart, close: () => hub.close() };
}

/** A full GC of this process: `global.gc` when node runs with --expose-gc, else exposed now (vitest workers). */
export function collectGarbage(): void {
  const g = globalThis as { gc?: () => void };
  if (!g.gc) {
    setFlagsFromString('--expose-gc');
    g.gc = runInNewContext('gc') as () => void;
  }
  g.gc();
}

export interface HubFootprint {
  heapMB: number;
  /** Bytes queued for the displays on the hub's port: what ws reports as the sum of `bufferedAmount`. */
  wsBufferedBytes: number;
  /** Open TCP connections to the hub's port (displays, the page's socket). */
  connections: number;
}

/**
 * Read without touching WsHub: with permessage-deflate off, a ws socket's `bufferedAmount` is its net
 * socket's `writableLength`, and every accepted socket on the hub's port is an active handle here.
 */
export function hubFootprint(port: number): HubFootprint {
  collectGarbage();
  const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
  let wsBufferedBytes = 0;
  let connections = 0;
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  for (const handle of handles) {
    if (handle instanceof Socket && handle.localPort === port && !handle.destroyed) {
      connections++;
      wsBufferedBytes += handle.writableLength;
    }
  }
  return { heapMB, wsBufferedBytes, connections };
}

/**
 * Injected before the page's scripts: counts the WebGL objects alive (created and not deleted), the GPU side
 * of three.js's `renderer.info`, which the page does not expose.
 */
export const GL_COUNTER_SCRIPT = `(() => {
  const live = { buffers: 0, textures: 0, programs: 0, framebuffers: 0, vertexArrays: 0 };
  window.__flowsightGl = live;
  const pairs = [['createBuffer', 'deleteBuffer', 'buffers'], ['createTexture', 'deleteTexture', 'textures'],
    ['createProgram', 'deleteProgram', 'programs'], ['createFramebuffer', 'deleteFramebuffer', 'framebuffers'],
    ['createVertexArray', 'deleteVertexArray', 'vertexArrays']];
  for (const Context of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!Context) continue;
    for (const [create, remove, key] of pairs) {
      const made = Context.prototype[create];
      const freed = Context.prototype[remove];
      if (!made || !freed) continue;
      Context.prototype[create] = function (...args) { const o = made.apply(this, args); if (o) live[key]++; return o; };
      Context.prototype[remove] = function (o) { if (o) live[key]--; return freed.call(this, o); };
    }
  }
})();`;

export interface GlCounts {
  buffers: number;
  textures: number;
  programs: number;
  framebuffers: number;
  vertexArrays: number;
}

export interface PageFootprint {
  heapMB: number;
  domNodes: number;
  stats: FlowsightStats;
  gl: GlCounts | null;
}

interface SoakWindow {
  gc?: () => void;
  flowsight?: { stats(): FlowsightStats };
  __flowsightGl?: GlCounts;
}

/** Page heap after `window.gc()` (Chromium with --js-flags=--expose-gc and --enable-precise-memory-info). */
export async function pageFootprint(page: Page): Promise<PageFootprint> {
  return page.evaluate(() => {
    const w = window as unknown as SoakWindow;
    if (!w.gc) throw new Error('window.gc is missing: launch Chromium with --js-flags=--expose-gc');
    if (!w.flowsight) throw new Error('window.flowsight is missing');
    w.gc();
    const memory = (performance as unknown as { memory: { usedJSHeapSize: number } }).memory;
    return {
      heapMB: memory.usedJSHeapSize / 2 ** 20,
      domNodes: document.getElementsByTagName('*').length,
      stats: w.flowsight.stats(),
      gl: w.__flowsightGl ? { ...w.__flowsightGl } : null,
    };
  });
}

export const MEMORY_FLAGS = ['--enable-precise-memory-info', '--js-flags=--expose-gc'];

export interface DisplayCounts {
  displays: number;
  slow: number;
  reconnecting: number;
  messages: number;
  snapshots: number;
  updates: number;
  bytes: number;
  connects: number;
  pauses: number;
  dropped: number;
  errors: number;
}

export interface Displays {
  /** Stops them and returns what they received. */
  stop(): Promise<DisplayCounts>;
}

export function startDisplays(hubUrl: string, total: number, slow: number, reconnecting: number, env: Record<string, string> = {}): Displays {
  const wsUrl = new URL('/ws', hubUrl.replace(/^http/, 'ws')).toString();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'soak-displays.ts'), wsUrl, String(total), String(slow), String(reconnecting)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        return JSON.parse(line) as DisplayCounts;
      } catch {
        throw new Error(`soak displays printed no counts (exit ${child.exitCode}): ${out.slice(-300)}`);
      }
    },
  };
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface Trend {
  first: number;
  last: number;
  growth: number;
  /** Growth per simulated hour, between the middles of the first and last thirds. */
  perSimulatedHour: number;
  max: number;
}

/** Median of the first and of the last third of `values` (sampled at `simulatedMs`), and the slope between them. */
export function trend(values: readonly number[], simulatedMs: readonly number[]): Trend {
  const n = values.length;
  const third = Math.max(1, Math.floor(n / 3));
  const first = median(values.slice(0, third));
  const last = median(values.slice(n - third));
  const t0 = median(simulatedMs.slice(0, third));
  const t1 = median(simulatedMs.slice(n - third));
  const hours = (t1 - t0) / 3_600_000;
  const growth = last - first;
  return { first, last, growth, perSimulatedHour: hours > 0 ? growth / hours : Number.NaN, max: Math.max(...values) };
}
