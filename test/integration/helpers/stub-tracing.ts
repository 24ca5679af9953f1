// Stand-ins for Jaeger Query and Zipkin: answer their dependency endpoints in each API's documented format
// (`{data: [...]}` and a bare array), and with the faults a real one shows in the other modes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TracingStubMode = 'ok' | 'garbage' | 'not-found' | 'hang' | 'other-api';

export interface TracingStub {
  url: string;
  mode: TracingStubMode;
  /** The query strings of every request to the dependency endpoint. */
  requests: URLSearchParams[];
  close(): Promise<void>;
}

export async function startTracingStub(api: 'jaeger' | 'zipkin', links: () => unknown[]): Promise<TracingStub> {
  const path = api === 'jaeger' ? '/api/dependencies' : '/api/v2/dependencies';
  const stub: TracingStub = { url: '', mode: 'ok', requests: [], close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stub.invalid');
    if (url.pathname !== path || stub.mode === 'not-found') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    stub.requests.push(url.searchParams);
    if (stub.mode === 'hang') return; // never answers; the hub's timeout must cut it
    response.writeHead(200, { 'Content-Type': 'application/json' });
    // `other-api`: valid JSON in the other backend's shape (a URL pointed at the wrong product).
    const jaegerShape = (api === 'jaeger') !== (stub.mode === 'other-api');
    if (stub.mode === 'garbage') response.end('<html><body>502 Bad Gateway</body></html>');
    else response.end(JSON.stringify(jaegerShape ? { data: links(), total: 0, limit: 0, offset: 0, errors: null } : links()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}
