// A real Prometheus (/usr/bin/prometheus, from Debian) for integration tests: a temp TSDB, a free loopback port,
// a generated config that scrapes the given targets every second. Waits by polling, never by fixed sleeps.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemon } from './daemon';

export const PROMETHEUS_BINARY = process.env.PROMETHEUS_BINARY ?? '/usr/bin/prometheus';

export interface RealPrometheus {
  /** Base URL of the HTTP API. */
  url: string;
  /** Kills the process (SIGKILL, as a crash would) and waits until it is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port and storage, and waits until it is ready. */
  restart(): Promise<void>;
  /** Instant query; the `data.result` of a successful answer. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Polls until `promql` returns a sample whose value satisfies `accept` (default: any sample). */
  waitFor(promql: string, timeoutMs: number, accept?: (value: number) => boolean): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

export interface PrometheusOptions {
  /** `host:port` of each scrape target; scraped at `/metrics` as job `demo`. */
  targets: string[];
  scrapeIntervalSeconds?: number;
}

export function prometheusAvailable(): boolean {
  return existsSync(PROMETHEUS_BINARY);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startPrometheus(options: PrometheusOptions): Promise<RealPrometheus> {
  // Fail loudly rather than skip: these tests are the proof that real Prometheus answers are read right.
  if (!prometheusAvailable()) throw new Error(`no Prometheus at ${PROMETHEUS_BINARY}: apt-get install prometheus, or set PROMETHEUS_BINARY`);
  const dir = await mkdtemp(join(tmpdir(), 'flowsight-prometheus-'));
  const port = await freePort();
  const interval = options.scrapeIntervalSeconds ?? 1;
  const config = [
    'global:',
    `  scrape_interval: ${interval}s`,
    `  evaluation_interval: ${interval}s`,
    'scrape_configs:',
    '  - job_name: demo',
    `    scrape_interval: ${interval}s`,
    `    scrape_timeout: ${Math.max(500, Math.round(interval * 900))}ms`,
    '    static_configs:',
    `      - targets: [${options.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    '',
  ].join('\n');
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, config);
  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
  const url = `http://127.0.0.1:${port}`;
  const server = daemon('prometheus', PROMETHEUS_BINARY, args, `${url}/-/ready`);

  async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const response = await fetch(`${url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: promql }).toString(),
    });
    const answer = (await response.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (answer.status !== 'success' || !answer.data) throw new Error(`query ${promql} failed: ${answer.error ?? response.status}`);
    return answer.data.result;
  }

  await server.launch();
  return {
    url,
    stop: server.stop,
    restart: server.launch,
    query,
    async waitFor(promql, timeoutMs, accept = () => true) {
      const deadline = Date.now() + timeoutMs;
      let last = 'no answer';
      while (Date.now() < deadline) {
        const result = await query(promql);
        last = JSON.stringify(result).slice(0, 300);
        if (result.some((s) => accept(Number(s.value[1])))) return;
        await sleep(250);
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${promql}; last answer ${last}\n${server.log()}`);
    },
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
