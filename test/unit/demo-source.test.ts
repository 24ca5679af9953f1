import { describe, expect, it } from 'vitest';
import { createDemoSource } from '../../electron/hub/sources/demo';
import { createSimulator } from '../../shared/demo/index';

describe('createDemoSource()', () => {
  it('returns the simulator\'s current calls, stamped with the injected time', async () => {
    const now = 1_764_000_123_000;
    const source = createDemoSource({ name: 'demo', seed: 9, now: () => now });
    const batch = await source.poll(new AbortController().signal);
    expect(batch.source).toBe('demo');
    expect(batch.sampledAt).toBe(now);
    expect(batch.calls).toEqual(createSimulator({ seed: 9, startMs: now }).calls(now));
    expect(batch.seriesRead).toBe(batch.calls.length);
  });

  it('names its seed in its detail', () => {
    const source = createDemoSource({ name: 'demo', seed: 4 });
    expect(source.type).toBe('demo');
    expect(source.detail).toBe('built-in demo simulator (seed 4)');
  });

  it('scales to more regions and services', async () => {
    const source = createDemoSource({ name: 'big', now: () => 0, scale: { regions: 5, servicesPerRegion: 40 } });
    const batch = await source.poll(new AbortController().signal);
    expect(new Set(batch.calls.map((c) => c.destinationRegion)).size).toBe(5);
  });
});
