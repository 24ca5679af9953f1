import { describe, expect, it } from 'vitest';
import { createAlertmanagerSource } from '../../electron/hub/sources/alertmanager';
import { SourceError } from '../../electron/hub/sources/source';

function stub(status: number, body: string) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetch = (async (url: URL, init: RequestInit) => {
    calls.push({ url: String(url), headers: init.headers as Record<string, string> });
    return new Response(body, { status });
  }) as unknown as typeof globalThis.fetch;
  return { calls, fetch };
}

const signal = new AbortController().signal;

describe('createAlertmanagerSource()', () => {
  it('asks /api/v2/alerts for silenced and inhibited alerts too, with the filter and the bearer token', async () => {
    const { calls, fetch } = stub(200, '[]');
    const source = createAlertmanagerSource({ name: 'am', url: 'http://am:9093/prefix', timeoutMs: 1000, bearerToken: 't0k', filter: ['team="pay"'], fetch, now: () => 5 });
    const batch = await source.poll(signal);
    expect(batch).toEqual({ source: 'am', sampledAt: 5, calls: [], seriesRead: 0, notices: [] });
    expect(calls[0]!.url).toBe('http://am:9093/prefix/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true&filter=team%3D%22pay%22');
    expect(calls[0]!.headers.authorization).toBe('Bearer t0k');
  });

  it('fails with one clear line on an HTTP error, a non-array answer, malformed JSON or a past instant', async () => {
    const poll = (status: number, body: string) => createAlertmanagerSource({ name: 'am', url: 'http://am:9093', timeoutMs: 1000, fetch: stub(status, body).fetch }).poll(signal);
    await expect(poll(503, 'not ready')).rejects.toThrow(new SourceError('Alertmanager answered HTTP 503: not ready'));
    await expect(poll(200, '{"status":"success","data":[]}')).rejects.toThrow(/not a JSON array of alerts \(an API v1 answer/);
    await expect(poll(200, '<html>')).rejects.toThrow(/malformed JSON/);
    const source = createAlertmanagerSource({ name: 'am', url: 'http://am:9093', timeoutMs: 1000, fetch: stub(200, '[]').fetch });
    await expect(source.poll(signal, 0)).rejects.toThrow(/only the alerts firing now/);
  });
});
