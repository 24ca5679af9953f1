import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHub, type RunningHub } from '../../electron/hub/hub';
import { WS_SUBPROTOCOL } from '../../shared/protocol';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowsight-host-'));
}

/** A GET with a chosen Host header, as a browser sends after a rebinding page's DNS name moved to 127.0.0.1. */
function getWithHost(hub: RunningHub, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: hub.port, path, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function upgradeWithHost(hub: RunningHub, host: string, origin: string): Promise<string> {
  const socket = new WebSocket(`ws://127.0.0.1:${hub.port}/ws`, [WS_SUBPROTOCOL], { headers: { host }, origin });
  return new Promise((resolve) => {
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => resolve(`HTTP ${response.statusCode}`));
    socket.once('error', (error) => resolve(error.message));
  });
}

describe('a no-token loopback hub and DNS rebinding', () => {
  let hub: RunningHub;

  beforeAll(async () => {
    const feed = join(tempDir(), 'feed.json');
    writeFileSync(feed, '{"renderer":"global","nodes":[]}');
    const staticDir = tempDir();
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>flowsight</title>');
    hub = await startHub({ host: '127.0.0.1', port: 0, interval: 1, staticDir, sources: [{ name: 'feed', type: 'vizceral', path: feed }], allowedHosts: ['wall.noc.example'] });
  });
  afterAll(() => hub?.close());

  it('refuses every route, the page included, to a Host name it does not know', async () => {
    for (const path of ['/api/graph', '/api/status', '/metrics', '/healthz', '/', '/index.html']) {
      expect(await getWithHost(hub, path, `rebind.evil.example:${hub.port}`), path).toBe(421);
    }
    expect(await getWithHost(hub, '/api/graph', `127.evil.example:${hub.port}`)).toBe(421);
  });

  it('serves loopback names, IP literals and configured names', async () => {
    for (const host of [`127.0.0.1:${hub.port}`, `localhost:${hub.port}`, `wall.noc.example:${hub.port}`]) {
      expect(await getWithHost(hub, '/api/graph', host), host).toBe(200);
    }
  });

  it('refuses the WebSocket to a rebinding page and accepts the hub’s own page', async () => {
    const evil = `rebind.evil.example:${hub.port}`;
    expect(await upgradeWithHost(hub, evil, `http://${evil}`)).toBe('HTTP 421');
    expect(await upgradeWithHost(hub, `localhost:${hub.port}`, `http://${evil}`)).toBe('HTTP 403');
    expect(await upgradeWithHost(hub, `localhost:${hub.port}`, `http://localhost:${hub.port}`)).toBe('open');
  });
});
