import { describe, expect, it } from 'vitest';
import { INTERNET } from '../../shared/model';
import { readFileSync } from 'node:fs';
import { custom, normaliseAnswers, PresetConfigError, PrometheusAnswerError, type PresetOptions } from '../../shared/presets/index';
import { find, loadAnswer } from './helpers/prometheus-fixtures';

const options: PresetOptions = {
  sourceName: 'dc-metrics',
  rateWindow: '1m',
  custom: {
    requests: 'sum by (src, dst, src_dc, dst_dc) (rate(http_client_requests_total[5m]))',
    failures: 'sum by (src, dst, src_dc, dst_dc) (rate(http_client_requests_total{outcome="SERVER_ERROR"}[5m]))',
    sourceLabel: 'src',
    destinationLabel: 'dst',
    sourceRegionLabel: 'src_dc',
    destinationRegionLabel: 'dst_dc',
  },
};
const calls = custom.normalise({ requests: loadAnswer('custom-requests'), failures: loadAnswer('custom-failures') }, options);

describe('custom preset', () => {
  it('runs the user\'s queries exactly as written', () => {
    expect(custom.queries(options).map((q) => q.promql)).toEqual([options.custom!.requests, options.custom!.failures]);
  });

  it('runs only the requests query when no failures query is given', () => {
    expect(custom.queries({ ...options, custom: { ...options.custom!, failures: undefined } })).toHaveLength(1);
  });

  it('refuses to start without a requests query or with a bad label name', () => {
    expect(() => custom.queries({ ...options, custom: undefined })).toThrow(PresetConfigError);
    expect(() => custom.queries({ ...options, custom: { ...options.custom!, sourceLabel: 'src name' } })).toThrow(/custom.sourceLabel/);
  });

  it('reads calls by the configured labels and splits off the failures', () => {
    expect(find(calls, 'dc1/gateway → dc1/orders').rate).toEqual({ normal: 13.5, danger: 1.5, warning: 0 });
    expect(find(calls, 'dc1/orders → dc2/billing').rate.normal).toBe(4);
  });

  it('treats a series without a source label as a call from the INTERNET', () => {
    expect(find(calls, `${INTERNET}/${INTERNET} → dc1/gateway`).rate.normal).toBe(30);
  });

  it('falls back to the source name when neither side has a region label', () => {
    expect(find(calls, 'dc-metrics/orders → dc-metrics/ledger').rate.normal).toBe(1);
  });
});

describe('normaliseAnswers()', () => {
  it('checks whole API answers, counts their series and normalises them', () => {
    const raw = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/prometheus/${name}.json`, import.meta.url), 'utf8'));
    const { calls: fromRaw, seriesRead } = normaliseAnswers(custom, { requests: raw('custom-requests'), failures: raw('custom-failures') }, options);
    expect(seriesRead).toBe(5);
    expect(fromRaw).toEqual(calls);
  });

  it('rejects an answer that is not a successful instant vector', () => {
    expect(() => normaliseAnswers(custom, { requests: { status: 'success', data: { resultType: 'scalar', result: [0, '1'] } } }, options)).toThrow(
      PrometheusAnswerError,
    );
  });
});
