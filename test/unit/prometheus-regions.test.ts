import { describe, expect, it } from 'vitest';
import { createPrometheusSource, type PrometheusSourceOptions } from '../../electron/hub/sources/prometheus';

const answer = (result: unknown[], extra: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ status: 'success', data: { resultType: 'vector', result }, ...extra }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

// An Istio series without cluster labels: one Prometheus per region whose proxies do not label their cluster.
const unlabelled = {
  metric: { reporter: 'destination', source_workload: 'web', source_workload_namespace: 'shop', destination_workload: 'cart', destination_workload_namespace: 'shop' },
  value: [1_764_045_000, '12'],
};

const base: PrometheusSourceOptions = { name: 'prom-eu', url: 'http://thanos.example:9090', preset: 'istio', rateWindow: '1m', timeoutMs: 2_000, now: () => 1_764_045_000_600 };

describe('createPrometheusSource() for one region of several', () => {
  it('puts calls without region labels in its configured `region`', async () => {
    const fetch: typeof globalThis.fetch = async (_input, init) =>
      answer(String(init?.body).includes('response_code') ? [] : [unlabelled]);
    const source = createPrometheusSource({ ...base, region: 'eu-west-1', fetch });
    const batch = await source.poll(new AbortController().signal);
    expect(source.region).toBe('eu-west-1');
    expect(batch.calls).toEqual([expect.objectContaining({ sourceRegion: 'eu-west-1', destinationRegion: 'eu-west-1', source: 'web', destination: 'cart' })]);
  });

  it('marks a Thanos partial response (answer `warnings`) on the batch, once per distinct warning', async () => {
    const warning = 'No StoreAPIs matched for this query: store 10.0.0.7:10901 unreachable';
    const info = 'PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "up"';
    const fetch: typeof globalThis.fetch = async () => answer([unlabelled], { warnings: [warning, info, warning] });
    const batch = await createPrometheusSource({ ...base, fetch }).poll(new AbortController().signal);
    expect(batch.warnings).toEqual([warning]);
    const whole = await createPrometheusSource({ ...base, fetch: async () => answer([unlabelled]) }).poll(new AbortController().signal);
    expect(whole.warnings).toBeUndefined();
  });

  it('evaluates its queries at a requested past instant', async () => {
    const times: string[] = [];
    const fetch: typeof globalThis.fetch = async (_input, init) => {
      times.push(new URLSearchParams(String(init?.body)).get('time')!);
      return answer([]);
    };
    const batch = await createPrometheusSource({ ...base, fetch }).poll(new AbortController().signal, 1_764_000_000_999);
    expect(times).toEqual(['1764000000', '1764000000']);
    expect(batch.sampledAt).toBe(1_764_000_000_000);
  });
});
