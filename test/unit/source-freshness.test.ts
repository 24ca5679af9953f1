import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../electron/hub/config';
import { SourcePoller } from '../../electron/hub/poller';
import { maxAgeMs, rateWindowMs } from '../../electron/hub/source-freshness';
import type { SourceBatch } from '../../shared/model';

afterEach(() => {
  vi.useRealTimers();
});

describe('maxAgeMs()', () => {
  it('defaults to three poll intervals for polled sources and five minutes for files', () => {
    expect(maxAgeMs({ type: 'prometheus' }, 5)).toBe(15_000);
    expect(maxAgeMs({ type: 'demo' }, 2)).toBe(6_000);
    expect(maxAgeMs({ type: 'vizceral' }, 5)).toBe(300_000);
  });

  it('takes a source\'s own maxAge in seconds or as a duration', () => {
    expect(maxAgeMs({ type: 'vizceral', maxAge: 90 }, 5)).toBe(90_000);
    expect(maxAgeMs({ type: 'prometheus', maxAge: '2m' }, 5)).toBe(120_000);
  });
});

describe('parseConfig() maxAge', () => {
  it('accepts maxAge on every source type and names a bad one', () => {
    const config = parseConfig('sources:\n  - name: feed\n    type: vizceral\n    path: x.json\n    maxAge: 10m\n  - name: d\n    type: demo\n    maxAge: 30\n', 'f.yaml');
    expect(config.sources.map((s) => s.maxAge)).toEqual(['10m', 30]);
    expect(() => parseConfig('sources:\n  - name: feed\n    type: vizceral\n    path: x.json\n    maxAge: soon\n', 'f.yaml')).toThrow(/^f\.yaml:5: sources\[0\]\.maxAge: /);
  });
});

describe('rateWindowMs()', () => {
  it('is the Prometheus rate window (auto: four intervals), null for sources without one', () => {
    expect(rateWindowMs({ type: 'prometheus', rateWindow: '1m' }, 5)).toBe(60_000);
    expect(rateWindowMs({ type: 'prometheus', rateWindow: 'auto' }, 5)).toBe(20_000);
    expect(rateWindowMs({ type: 'vizceral' }, 5)).toBeNull();
  });
});

describe('SourcePoller freshness', () => {
  const batch = (sampledAt: number): SourceBatch => ({ source: 's', sampledAt, calls: [], seriesRead: 0 });

  it('is stale from the data\'s own time once it is older than maxAge, though every poll succeeds', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const written = 1_000_000 - 60_000; // a feed written a minute before the hub started
    const poller = new SourcePoller({ source: { name: 's', type: 'vizceral', detail: '', poll: async () => batch(written) }, intervalMs: 1000, timeoutMs: 900, maxAgeMs: 90_000, onPolled: () => undefined });
    await poller.pollNow();
    expect(poller.staleSince()).toBeNull();
    expect(poller.status()).toMatchObject({ ok: true, dataAt: written, maxAgeMs: 90_000 });
    vi.setSystemTime(written + 90_001);
    await poller.pollNow();
    expect(poller.staleSince()).toBe(written);
    expect(poller.status().ok).toBe(true);
  });

  it('reports the rate window filling for one window after the first answer and after a gap', async () => {
    vi.useFakeTimers({ now: 0 });
    let fail = false;
    const poller = new SourcePoller({
      source: { name: 's', type: 'prometheus', detail: '', poll: async () => { if (fail) throw new Error('down'); return batch(Date.now()); } },
      intervalMs: 1000,
      timeoutMs: 900,
      rateWindowMs: 60_000,
      onPolled: () => undefined,
    });
    await poller.pollNow();
    expect(poller.status().fillingUntil).toBe(60_000);
    vi.setSystemTime(61_000);
    await poller.pollNow();
    expect(poller.status().fillingUntil).toBeNull();
    fail = true;
    await poller.pollNow();
    fail = false;
    vi.setSystemTime(70_000);
    await poller.pollNow();
    expect(poller.status().fillingUntil).toBe(130_000);
  });

  it('takes the window\'s filling from the source\'s own data where it tells it, not from the hub\'s first answer', async () => {
    vi.useFakeTimers({ now: 100_000 });
    let until: number | null = null;
    const poller = new SourcePoller({
      source: { name: 's', type: 'prometheus', detail: '', poll: async () => ({ ...batch(Date.now()), windowFillingUntil: until }) },
      intervalMs: 1000,
      timeoutMs: 900,
      rateWindowMs: 60_000,
      onPolled: () => undefined,
    });
    // A hub started against a Prometheus that has scraped for hours: full at once.
    await poller.pollNow();
    expect(poller.status().fillingUntil).toBeNull();
    // Prometheus restarted: its data has a gap though the hub never failed a poll.
    until = 130_000;
    vi.setSystemTime(110_000);
    await poller.pollNow();
    expect(poller.status().fillingUntil).toBe(130_000);
    vi.setSystemTime(131_000);
    expect(poller.status().fillingUntil).toBeNull();
  });
});
