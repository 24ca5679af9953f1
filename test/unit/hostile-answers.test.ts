import { describe, expect, it } from 'vitest';
import { istio, readVector, type PresetOptions, type VectorSample } from '../../shared/presets/index';

const options: PresetOptions = { sourceName: 'mesh', rateWindow: '1m' };

function sample(destination: string, value: string, reporter = 'destination'): VectorSample {
  return {
    metric: {
      reporter,
      source_workload: 'web',
      source_workload_namespace: 'shop',
      destination_workload: destination,
      destination_workload_namespace: 'shop',
      source_cluster: 'east',
      destination_cluster: 'east',
    },
    value: [1_764_045_000, value],
  } as VectorSample;
}

function answer(result: unknown[]): readonly VectorSample[] {
  return readVector({ status: 'success', data: { resultType: 'vector', result } });
}

describe('presets on hostile Prometheus answers', () => {
  it('istio.normalise() skips one null sample and keeps the rest of the answer', () => {
    const calls = istio.normalise({ requests: answer([null, sample('api', '5')]), failures: answer([null]) }, options);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ source: 'web', destination: 'api', rate: { normal: 5, danger: 0 } });
  });

  it('istio.normalise() clamps duplicate 1e308 series to the largest finite rate, never Infinity or 0', () => {
    const requests = answer([sample('api', '1e308'), sample('api', '1e308')]);
    const calls = istio.normalise({ requests, failures: answer([]) }, options);
    expect(calls[0]!.rate.normal).toBe(Number.MAX_VALUE);
    expect(JSON.parse(JSON.stringify(calls[0]!.rate)).normal).toBe(Number.MAX_VALUE);
  });
});
