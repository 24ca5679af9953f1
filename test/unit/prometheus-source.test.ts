import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createPrometheusSource, type PrometheusSourceOptions } from '../../electron/hub/sources/prometheus';
import { SourceError } from '../../electron/hub/sources/source';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/prometheus/${name}.json`, import.meta.url), 'utf8');

interface Seen {
  url: string;
  method: string | undefined;
  headers: Record<string, string>;
  body: URLSearchParams;
}

/** A fetch that answers from a function of the PromQL and records every request. */
function fakeFetch(answer: (query: string) => Response | Promise<Response>, seen: Seen[] = []): typeof fetch {
  return async (input, init) => {
    const body = new URLSearchParams(String(init?.body ?? ''));
    seen.push({ url: String(input), method: init?.method, headers: { ...(init?.headers as Record<string, string>) }, body });
    return answer(body.get('query') ?? '');
  };
}

const json = (status: number, body: string, statusText = ''): Response =>
  new Response(body, { status, statusText, headers: { 'content-type': 'application/json' } });

const base: PrometheusSourceOptions = {
  name: 'prod',
  url: 'http://mimir.example:8080/prometheus',
  preset: 'istio',
  rateWindow: '1m',
  timeoutMs: 2_000,
  now: () => 1_764_045_000_600,
};

async function pollError(options: PrometheusSourceOptions, signal = new AbortController().signal): Promise<SourceError> {
  const error = await createPrometheusSource(options).poll(signal).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('createPrometheusSource()', () => {
  it('posts each preset query with the evaluation time in whole seconds to the API under the path prefix', async () => {
    const seen: Seen[] = [];
    const empty = '{"status":"success","data":{"resultType":"vector","result":[]}}';
    const answer = (q: string) => (q.includes('_bucket') ? empty : fixture(q.includes('response_code') ? 'istio-outcomes' : 'istio-requests'));
    const fetch = fakeFetch((q) => json(200, answer(q)), seen);
    const batch = await createPrometheusSource({ ...base, fetch }).poll(new AbortController().signal);
    expect(seen).toHaveLength(3);
    for (const request of seen) {
      expect(request.url).toBe('http://mimir.example:8080/prometheus/api/v1/query');
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(request.body.get('time')).toBe('1764045000');
    }
    expect(batch.sampledAt).toBe(1_764_045_000_000);
    expect(batch.source).toBe('prod');
    expect(batch.seriesRead).toBe(32);
    expect(batch.calls.some((c) => c.source === 'productpage-v1' && c.destination === 'reviews-v2')).toBe(true);
  });

  it('sends basic auth, a bearer token and custom headers such as X-Scope-OrgID', async () => {
    const seen: Seen[] = [];
    const ok = () => json(200, '{"status":"success","data":{"resultType":"vector","result":[]}}');
    await createPrometheusSource({ ...base, fetch: fakeFetch(ok, seen), basicAuth: { username: 'ops', password: 'pä:ss' }, headers: { 'X-Scope-OrgID': 'tenant-1' } })
      .poll(new AbortController().signal);
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('ops:pä:ss').toString('base64')}`);
    expect(seen[0]!.headers['X-Scope-OrgID']).toBe('tenant-1');
    await createPrometheusSource({ ...base, fetch: fakeFetch(ok, seen), bearerToken: 's3cret' }).poll(new AbortController().signal);
    expect(seen[3]!.headers.authorization).toBe('Bearer s3cret');
  });

  it('shows its PromQL as the detail behind its numbers', () => {
    const source = createPrometheusSource({ ...base, preset: 'servicegraph' });
    expect(source.type).toBe('prometheus');
    expect(source.detail).toContain('rate(traces_service_graph_request_total[1m])');
    expect(source.detail).toContain('rate(traces_service_graph_request_failed_total[1m])');
  });

  it('reports HTTP 500 with the status and the API\'s error message', async () => {
    const fetch = fakeFetch(() => json(500, '{"status":"error","errorType":"internal","error":"query processing would load too many samples"}', 'Internal Server Error'));
    const error = await pollError({ ...base, fetch });
    expect(error.message).toMatch(/HTTP 500 Internal Server Error: query processing would load too many samples/);
  });

  it('reports a non-JSON error page by its status line only', async () => {
    const fetch = fakeFetch(() => new Response('<html><body>Bad gateway</body></html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = await pollError({ ...base, fetch });
    expect(error.message).toMatch(/HTTP 502 Bad Gateway/);
    expect(error.message).not.toContain('<html>');
  });

  it('reports malformed JSON', async () => {
    const error = await pollError({ ...base, fetch: fakeFetch(() => json(200, '{"status":"success","data":{"resu')) });
    expect(error.message).toMatch(/malformed JSON/);
  });

  it('reports an answer with status "error"', async () => {
    const body = '{"status":"error","errorType":"bad_data","error":"parse error at char 5"}';
    const error = await pollError({ ...base, fetch: fakeFetch(() => json(200, body)) });
    expect(error.message).toMatch(/query failed: bad_data: parse error at char 5/);
  });

  it('reports an answer that is not an instant vector', async () => {
    const body = '{"status":"success","data":{"resultType":"matrix","result":[]}}';
    const error = await pollError({ ...base, fetch: fakeFetch(() => json(200, body)) });
    expect(error.message).toMatch(/expected resultType "vector", got "matrix"/);
  });

  it('times out on its own when the API does not answer within timeoutMs', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const error = await pollError({ ...base, fetch: hanging, timeoutMs: 50 });
    expect(error.message).toMatch(/^timeout: .* did not answer within 50 ms/);
  });

  it('stops when the poller aborts it', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const poller = new AbortController();
    setTimeout(() => poller.abort(new DOMException('poll timeout', 'TimeoutError')), 20);
    const error = await pollError({ ...base, fetch: hanging, timeoutMs: 10_000 }, poller.signal);
    expect(error.message).toMatch(/^timeout: poll aborted/);
  });

  it('says connection refused when nothing listens', async () => {
    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
    const error = await pollError({ ...base, fetch: refused });
    expect(error.message).toBe('connection refused by http://mimir.example:8080');
  });

  it('refuses a URL that is not http(s) when it is created', () => {
    expect(() => createPrometheusSource({ ...base, url: 'ftp://example.org' })).toThrow(SourceError);
    expect(() => createPrometheusSource({ ...base, url: 'not a url' })).toThrow(/not a URL/);
  });

  it('with rateWindow auto, queries with four times the scrape interval seen in one series\' raw samples', async () => {
    const seen: Seen[] = [];
    const logged: string[] = [];
    const times = [0, 1, 2, 3, 4, 5].map((t) => [1_764_044_990 + t, String(t)]);
    const answer = (q: string): Response => {
      if (q.startsWith('topk(1, ')) return json(200, JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'istio_requests_total', pod: 'a' }, value: [0, '9'] }] } }));
      if (q.endsWith('[10m]')) return json(200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: times }] } }));
      // The window's coverage: the probed series' samples across the 4 s window.
      if (q.startsWith('{__name__=')) return json(200, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: coverage }] } }));
      return json(200, fixture(q.includes('response_code') ? 'istio-outcomes' : 'istio-requests'));
    };
    // Evaluated at 1_764_045_000 s: samples since 997 s cover the 4 s window (within 1.1 intervals of its start).
    let coverage = [997, 998, 999, 1000].map((t) => [1_764_044_000 + t, String(t)]);
    const source = createPrometheusSource({ ...base, rateWindow: 'auto', fetch: fakeFetch(answer, seen), log: (l) => logged.push(l) });
    expect(source.rateWindow).toMatchObject({ window: '1m', auto: true });
    const first = await source.poll(new AbortController().signal);
    expect(seen.map((r) => r.body.get('query')).slice(0, 2)).toEqual(['topk(1, istio_requests_total)', '{__name__="istio_requests_total", pod="a"}[10m]']);
    expect(seen.slice(2).every((r) => r.body.get('query')!.includes('[4s]'))).toBe(true);
    expect(seen.map((r) => r.body.get('query'))).toContain('{__name__="istio_requests_total", pod="a"}[4s]');
    expect(first.windowFillingUntil).toBeNull();
    expect(source.rateWindow).toEqual({ window: '4s', auto: true, scrapeIntervalSeconds: 1, reason: '4 × the 1 s scrape interval of istio_requests_total' });
    expect(source.detail).toMatch(/^rate window 4s \(auto\): 4 × the 1 s scrape interval/);
    expect(logged).toEqual(['source prod: rate window 4s (4 × the 1 s scrape interval of istio_requests_total)']);
    // Not probed again on the next poll: the interval is re-checked every few minutes. The window's coverage
    // is read on every live poll: after a scrape gap only samples since 999 s are in it, filling until 1001.9 s (999 + 4 − 1.1).
    coverage = [999, 1000].map((t) => [1_764_044_000 + t, String(t)]);
    const second = await source.poll(new AbortController().signal);
    expect(seen).toHaveLength(10);
    expect(second.windowFillingUntil).toBe(1_764_045_001_900);
  });

  it('with rateWindow auto, falls back to 1m with the reason logged when the metric has no series yet', async () => {
    const logged: string[] = [];
    const empty = () => json(200, '{"status":"success","data":{"resultType":"vector","result":[]}}');
    const source = createPrometheusSource({ ...base, rateWindow: 'auto', fetch: fakeFetch(empty), log: (l) => logged.push(l) });
    const batch = await source.poll(new AbortController().signal);
    expect(batch.calls).toEqual([]);
    expect(source.rateWindow).toMatchObject({ window: '1m', scrapeIntervalSeconds: null, reason: 'fallback 1m: no istio_requests_total series yet' });
    expect(logged).toEqual(['source prod: rate window 1m (fallback 1m: no istio_requests_total series yet)']);
  });

  it('with rateWindow auto, still polls when the backend refuses the probe', async () => {
    const answer = (q: string): Response =>
      q.startsWith('topk') ? json(422, '{"status":"error","error":"unsupported"}') : json(200, fixture(q.includes('response_code') ? 'istio-outcomes' : 'istio-requests'));
    const source = createPrometheusSource({ ...base, rateWindow: 'auto', fetch: fakeFetch(answer) });
    const batch = await source.poll(new AbortController().signal);
    expect(batch.calls.length).toBeGreaterThan(0);
    expect(source.rateWindow!.reason).toMatch(/^fallback 1m: Prometheus answered HTTP 422: unsupported/);
  });

  it('shows an explicit window as set in the configuration', () => {
    expect(createPrometheusSource({ ...base, rateWindow: '30s' }).rateWindow).toEqual({ window: '30s', auto: false, scrapeIntervalSeconds: null, reason: 'set in the configuration' });
  });
});
