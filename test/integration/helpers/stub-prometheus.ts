import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubMode = 'ok' | 'http500' | 'garbage' | 'slow' | 'error-status' | 'partial';

export interface StubSeries {
  labels: Record<string, string>;
  requests: number;
  failures: number;
}

/**
 * A stand-in for a misbehaving Prometheus: answers `/api/v1/query` with Istio-shaped vectors in `ok` mode,
 * and with the faults a real one shows (500, malformed JSON, hanging, `status: error`, Thanos's partial
 * response with `warnings`) in the others.
 */
export async function startStubPrometheus(series: StubSeries[]) {
  let mode: StubMode = 'ok';
  let queries = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      queries++;
      const params = new URLSearchParams(body || (request.url ?? '').split('?')[1] || '');
      const query = params.get('query') ?? '';
      if (mode === 'http500') {
        response.writeHead(500, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ status: 'error', errorType: 'internal', error: 'query processing failed' }));
        return;
      }
      if (mode === 'garbage') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"status":"success","data":{"resultType":"vector","result":[{"metric":');
        return;
      }
      if (mode === 'error-status') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }));
        return;
      }
      if (mode === 'slow') return; // never answers: the hub's timeout must fire
      const failures = query.includes('5..');
      const result = series.map((s) => ({
        metric: s.labels,
        value: [Date.now() / 1000, String(failures ? s.failures : s.requests)],
      }));
      response.writeHead(200, { 'Content-Type': 'application/json' });
      // Thanos Query's partial response: the data it could get, and a warning naming the store it could not.
      const warnings = mode === 'partial' ? { warnings: ['receive series from Addr: 10.0.0.7:10901: rpc error: code = Unavailable'] } : {};
      response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result }, ...warnings }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setMode(next: StubMode) {
      mode = next;
    },
    queries: () => queries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An Istio series as the destination proxy reports it. */
export function istioSeries(
  source: string,
  destination: string,
  cluster: string,
  requests: number,
  failures = 0,
  sourceCluster = cluster,
): StubSeries {
  return {
    labels: {
      reporter: 'destination',
      source_workload: source,
      source_workload_namespace: 'shop',
      destination_workload: destination,
      destination_workload_namespace: 'shop',
      source_cluster: sourceCluster,
      destination_cluster: cluster,
    },
    requests,
    failures,
  };
}
