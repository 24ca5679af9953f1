// Test inputs written to a temp dir: Vizceral feeds and hub configs, and a port nobody listens on.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowsight-e2e-'));
}

interface Call {
  source: string;
  target: string;
  normal: number;
  danger?: number;
}

/** A one-or-more-region Vizceral feed (github.com/Netflix/vizceral/wiki/How-to-Use#graph-data-format). */
export function vizceralFeed(regions: Record<string, Call[]>): unknown {
  const now = Date.now();
  return {
    renderer: 'global',
    name: 'edge',
    serverUpdateTime: now,
    nodes: [
      { renderer: 'region', name: 'INTERNET', nodes: [], connections: [] },
      ...Object.entries(regions).map(([name, calls]) => {
        const services = new Set<string>();
        for (const c of calls) {
          services.add(c.source);
          services.add(c.target);
        }
        return {
          renderer: 'region',
          name,
          updated: now,
          nodes: [...services].map((s) => ({ name: s })),
          connections: calls.map((c) => ({ source: c.source, target: c.target, metrics: { normal: c.normal, danger: c.danger ?? 0 } })),
        };
      }),
    ],
    connections: [],
  };
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** Writes a YAML config; values are JSON-quoted, which YAML reads as strings whatever they hold. */
export function writeConfig(dir: string, interval: number, sources: Record<string, string>[]): string {
  const lines = [`interval: ${interval}`, 'sources:'];
  for (const source of sources) {
    const entries = Object.entries(source);
    entries.forEach(([key, value], i) => lines.push(`${i === 0 ? '  - ' : '    '}${key}: ${JSON.stringify(value)}`));
  }
  const path = join(dir, 'flowsight.yaml');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A TCP port that was free a moment ago and has nobody listening: connections to it are refused. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Netflix's sample feed as a live feed writes it: its own timestamps set to now. Its real ones are from 2016,
 * and a feed's own time is its freshness (an old file is stale, whatever the hub does).
 */
export function freshNetflixSample(root: string): unknown {
  const sample = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'vizceral-sample.json'), 'utf8')) as { serverUpdateTime: number; nodes: { updated?: number }[] };
  const now = Date.now();
  sample.serverUpdateTime = now;
  for (const node of sample.nodes) if (node.updated !== undefined) node.updated = now;
  return sample;
}
