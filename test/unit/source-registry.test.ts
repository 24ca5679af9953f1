import { describe, expect, it } from 'vitest';
import {
  SOURCE_TYPES,
  createSource,
  describeSource,
  explicitTimeout,
  sourceConfigSchema,
  sourcesFromFlags,
  type SourceConfig,
} from '../../electron/hub/sources/registry';

describe('source registry', () => {
  it('every type takes the common keys and refuses unknown ones', () => {
    for (const type of SOURCE_TYPES) {
      const entry = { name: `s-${type.type}`, type: type.type, interval: 2, ...type.example };
      expect(sourceConfigSchema.parse(entry)).toMatchObject({ name: `s-${type.type}`, type: type.type, interval: 2 });
      expect(sourceConfigSchema.safeParse({ ...entry, bogus: 1 }).success).toBe(false);
    }
  });

  it('createSource() makes each type\'s adapter, named and typed as configured', () => {
    for (const type of SOURCE_TYPES) {
      const config = sourceConfigSchema.parse({ name: `s-${type.type}`, type: type.type, ...type.example });
      const source = createSource(config, { now: () => 0 });
      expect([source.name, source.type]).toEqual([`s-${type.type}`, type.type]);
    }
  });

  it('a prometheus source with `region` answers for that region', () => {
    const config = sourceConfigSchema.parse({ name: 'prom-a', type: 'prometheus', url: 'http://127.0.0.1:9090', region: 'eu-west-1' });
    expect(createSource(config, { now: () => 0 }).region).toBe('eu-west-1');
    expect(describeSource(config)).toMatchObject({ region: 'eu-west-1', preset: 'istio' });
  });

  it('a tracing source answers for its `region`, else a region named after itself, as traces', () => {
    const named = createSource(sourceConfigSchema.parse({ name: 'traces-eu', type: 'zipkin', url: 'http://z:9411' }), { now: () => 0 });
    expect([named.region, named.evidence]).toEqual(['traces-eu', 'traces']);
    const pinned = sourceConfigSchema.parse({ name: 'j', type: 'jaeger', url: 'http://j:16686', region: 'us-east-1' });
    expect(createSource(pinned, { now: () => 0 }).region).toBe('us-east-1');
    expect(describeSource(pinned)).toEqual({ url: 'http://j:16686', lookback: '15m', region: 'us-east-1' });
  });

  it('explicitTimeout() is the entry\'s own timeout, if its type has one', () => {
    const prometheus = sourceConfigSchema.parse({ name: 'p', type: 'prometheus', url: 'http://x:9090', timeout: 3 });
    expect(explicitTimeout(prometheus)).toBe(3);
    expect(explicitTimeout(sourceConfigSchema.parse({ name: 'd', type: 'demo' }))).toBeUndefined();
  });

  it('sourcesFromFlags() adds the flags\' sources and lets --preset override configured ones', () => {
    const configured: SourceConfig[] = [sourceConfigSchema.parse({ name: 'p', type: 'prometheus', url: 'http://x:9090' })];
    expect(sourcesFromFlags(configured, { preset: 'linkerd' })).toEqual([expect.objectContaining({ name: 'p', preset: 'linkerd' })]);
    expect(configured[0]).toMatchObject({ preset: 'istio' }); // the parsed config itself is left alone
    const added = sourcesFromFlags(configured, { prometheus: 'http://y:9090', demo: true, rateWindow: '30s' });
    expect(added.map((s) => [s.name, s.type])).toEqual([
      ['p', 'prometheus'],
      ['prometheus', 'prometheus'],
      ['demo', 'demo'],
    ]);
    expect(added[1]).toMatchObject({ url: 'http://y:9090', preset: 'istio', rateWindow: '30s' });
    expect(added[0]).toMatchObject({ rateWindow: '1m' }); // --rate-window names the --prometheus source here
  });
});

describe('describeSource()', () => {
  it('never shows credentials written into a URL', () => {
    const config = sourceConfigSchema.parse({ name: 'p', type: 'prometheus', url: 'https://admin:hunter2@thanos.example/prometheus' });
    expect(describeSource(config).url).toBe('https://thanos.example/prometheus');
    const traces = sourceConfigSchema.parse({ name: 'z', type: 'zipkin', url: 'http://u:p@zipkin:9411' });
    expect(JSON.stringify(describeSource(traces)) + createSource(traces, { now: () => 0 }).detail).not.toMatch(/u:p@/);
  });
});
