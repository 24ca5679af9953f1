import { mkdtempSync, openSync, closeSync, ftruncateSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { createPrometheusSource } from '../../electron/hub/sources/prometheus';
import { createVizceralFileSource } from '../../electron/hub/sources/vizceral-file';
import { resolveServeOptions } from '../../electron/hub/serve-options';
import { untilWithin } from './helpers/until';

const until = untilWithin(30_000);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowsight-bounds-'));
}

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function stop(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** 256 MiB of spaces gzipped: about 250 KB on the wire. */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const chunk = Buffer.alloc(1024 * 1024, 32);
  gzip.write('{"status":"success","data":{"resultType":"vector","result":[]}');
  for (let i = 0; i < 256; i++) gzip.write(chunk);
  gzip.end('}');
  await done;
  return Buffer.concat(parts);
}

async function pollMessage(source: { poll(signal: AbortSignal): Promise<unknown> }): Promise<string> {
  return source.poll(new AbortController().signal).then(
    () => 'ok',
    (error: unknown) => (error as Error).message,
  );
}

describe('source reads are bounded', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) await stop(server);
  });

  it('a Prometheus answer that is a gzip bomb fails at 64 MB decoded with a clear message', async () => {
    const bomb = await gzipBomb();
    const upstream = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': bomb.length });
      response.end(bomb);
    });
    servers.push(upstream.server);
    const source = createPrometheusSource({ name: 'p', url: upstream.url, preset: 'istio', rateWindow: '1m', timeoutMs: 20_000 });
    expect(await pollMessage(source)).toMatch(/answer larger than 64 MB/);
  });

  it('a Prometheus that redirects to another host never sends it the tenant header or credentials', async () => {
    const seenByOther: IncomingMessage['headers'][] = [];
    const other = await serve((request, response) => {
      seenByOther.push(request.headers);
      response.end('{"status":"success","data":{"resultType":"vector","result":[]}}');
    });
    const redirecting = await serve((_request, response) => {
      response.writeHead(307, { Location: other.url.replace('127.0.0.1', 'localhost') + '/api/v1/query' });
      response.end();
    });
    servers.push(other.server, redirecting.server);
    const source = createPrometheusSource({
      name: 'p',
      url: redirecting.url,
      preset: 'istio',
      rateWindow: '1m',
      timeoutMs: 5_000,
      headers: { 'X-Scope-OrgID': 'tenant-secret' },
      bearerToken: 'upstream-secret',
    });
    expect(await pollMessage(source)).toMatch(/redirected to another origin/);
    expect(seenByOther).toEqual([]);
  });

  it('a Vizceral file above the bound is refused from its size alone', async () => {
    const path = join(tempDir(), 'huge.json');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 100 * 1024 * 1024); // sparse: 100 MB long, no disk used
    closeSync(fd);
    const source = createVizceralFileSource({ name: 'f', path });
    expect(await pollMessage(source)).toMatch(/file larger than 64 MB/);
  });

  it('an invalid Vizceral file is not re-read while it is unchanged', async () => {
    const path = join(tempDir(), 'feed.json');
    const broken = '{"nodes": [ broken ]}';
    const valid = '{"renderer":"global","nodes":[]}';
    writeFileSync(path, broken.padEnd(valid.length));
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const source = createVizceralFileSource({ name: 'f', path });
    expect(await pollMessage(source)).toMatch(/invalid JSON/);
    // Same size, same mtime, same inode, but now valid: a source that re-read it would succeed.
    const before = statSync(path);
    writeFileSync(path, valid);
    expect(statSync(path).size).toBe(before.size);
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    expect(await pollMessage(source)).toMatch(/invalid JSON/);
    writeFileSync(path, valid + ' ');
    expect(await pollMessage(source)).toBe('ok');
  });
});

describe('/healthz says only ok or degraded per source', () => {
  let hub: RunningHub;
  const token = 'operator-token-0123456789';
  const dir = tempDir();
  const secret = join(dir, 'secret.txt');
  const feed = join(dir, 'feed.json');

  beforeAll(async () => {
    writeFileSync(secret, 'root:$6$saltsalt$hashhash:19000:0:99999:7:::\n');
    symlinkSync(secret, feed); // a feed swapped for a link to a system file
    hub = await startHub({
      host: '127.0.0.1',
      port: 0,
      interval: 0.2,
      staticDir: tempDir(),
      tokens: [token],
      sources: [
        { name: 'feed', type: 'vizceral', path: feed },
        { name: 'prom', type: 'prometheus', url: 'http://127.0.0.1:9/prefix', preset: 'istio', rateWindow: '1m', timeout: 1 },
      ],
    });
  });
  afterAll(() => hub?.close());

  it('shows a short category for each failing source and no paths, bytes or hosts; /api/status has the details', async () => {
    let body = '';
    for (let i = 0; i < 200 && !(body.includes('"feed"') && body.includes('bad answer') && body.includes('unreachable')); i++) {
      body = await (await fetch(hub.url + 'healthz')).text();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const health = JSON.parse(body) as { status: string; sources: Array<{ name: string; ok: boolean; error: string | null }> };
    expect(health.status).toBe('degraded');
    expect(health.sources).toEqual([
      { name: 'feed', ok: false, lastSuccess: null, error: 'bad answer' },
      { name: 'prom', ok: false, lastSuccess: null, error: 'unreachable' },
    ]);
    for (const leak of ['root', 'salt', dir, '127.0.0.1', 'prefix']) expect(body).not.toContain(leak);

    expect((await fetch(hub.url + 'api/status')).status).toBe(401);
    const status = await (await fetch(hub.url + 'api/status', { headers: { Authorization: `Bearer ${token}` } })).text();
    expect(status).toContain(feed);
    expect(status).toMatch(/connection refused/);
    expect(status).not.toContain('salt');
  });
});

describe('maxResponseMB bounds the tracing and alert sources too', () => {
  let hub: RunningHub;
  let big = false;
  let upstream: { url: string; server: Server };
  const dir = tempDir();

  beforeAll(async () => {
    // One stub for all three APIs: small valid answers, then (once `big`) 2 MB streamed without a length.
    upstream = await serve((request, response) => {
      const path = new URL(request.url ?? '/', 'http://stub.invalid').pathname;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      if (big) {
        const chunk = ' '.repeat(64 * 1024);
        for (let i = 0; i < 32; i++) response.write(chunk);
        response.end('[]');
        return;
      }
      if (path === '/api/dependencies') response.end(JSON.stringify({ data: [{ parent: 'a', child: 'b', callCount: 900 }] }));
      else if (path === '/api/v2/dependencies') response.end(JSON.stringify([{ parent: 'c', child: 'd', callCount: 900 }]));
      else response.end('[]'); // /api/v2/alerts: nothing firing
    });
    const file = join(dir, 'flowsight.yaml');
    writeFileSync(
      file,
      [
        'interval: 0.3',
        'maxResponseMB: 1',
        'sources:',
        `  - { name: jaeger, type: jaeger, url: "${upstream.url}" }`,
        `  - { name: zipkin, type: zipkin, url: "${upstream.url}" }`,
        `  - { name: alerts, type: alertmanager, url: "${upstream.url}" }`,
        '',
      ].join('\n'),
    );
    hub = await startHub({ ...resolveServeOptions({ config: file, port: '0' }, dir), staticDir: tempDir() });
  });
  afterAll(async () => {
    await hub?.close();
    await stop(upstream?.server);
  });

  it('an answer above the bound fails each with "answer larger than 1 MB", keeps its last data as stale, and the hub serves on', async () => {
    await until(hub.sources, (list) => list.length === 3 && list.every((s) => s.ok && s.lastSuccess !== null));
    big = true;
    const failed = await until(hub.sources, (list) => list.every((s) => !s.ok));
    for (const status of failed) {
      expect(status.error).toMatch(/answer larger than 1 MB/);
      expect(status.lastSuccess).not.toBeNull();
    }
    const regions = hub.graph().regions;
    for (const name of ['jaeger', 'zipkin']) expect(regions.find((r) => r.name === name)?.staleSince).not.toBeNull();
    const health = (await (await fetch(hub.url + 'healthz')).json()) as { sources: Array<{ name: string; error: string | null }> };
    expect(health.sources.map((s) => s.error)).toEqual(['too large', 'too large', 'too large']);
  });
});
