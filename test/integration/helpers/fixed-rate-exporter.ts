// A scrape target whose counters grow at fixed rates (value = rate × seconds since start), so that a test
// knows to the request what `rate()` over its series must read. Serves the Prometheus text format.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixedRateSeries {
  name: string;
  labels: Record<string, string>;
  /** Increase per second. */
  perSecond: number;
}

export interface FixedRateExporter {
  /** `host:port`, as a Prometheus scrape target. */
  target: string;
  /** Changes a series' rate from now on (its counter keeps counting from where it is: no reset). */
  setRate(index: number, perSecond: number): void;
  close(): Promise<void>;
}

const escape = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export async function startFixedRateExporter(series: readonly FixedRateSeries[]): Promise<FixedRateExporter> {
  const started = Date.now();
  // Per series: its value at `since` (ms after start) and its rate from then on.
  const state = series.map((s) => ({ base: 0, since: 0, perSecond: s.perSecond }));
  const valueOf = (i: number, elapsedMs: number) => state[i]!.base + (state[i]!.perSecond * (elapsedMs - state[i]!.since)) / 1000;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    const elapsedMs = Date.now() - started;
    const lines: string[] = [];
    for (const name of new Set(series.map((s) => s.name))) lines.push(`# TYPE ${name} counter`);
    series.forEach((s, i) => {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',');
      lines.push(`${s.name}{${labels}} ${valueOf(i, elapsedMs).toFixed(3)}`);
    });
    response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    response.end(lines.join('\n') + '\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    setRate: (index, perSecond) => {
      const elapsedMs = Date.now() - started;
      state[index] = { base: valueOf(index, elapsedMs), since: elapsedMs, perSecond };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
