import { afterEach, describe, expect, it, vi } from 'vitest';
import { SourcePoller } from '../../electron/hub/poller';
import type { Source } from '../../electron/hub/sources/source';
import type { SourceBatch } from '../../shared/model';

const batch = (sampledAt: number): SourceBatch => ({ source: 's', sampledAt, calls: [], seriesRead: 0 });

function source(poll: (signal: AbortSignal) => Promise<SourceBatch>): Source {
  return { name: 's', type: 'test', detail: 'test source', poll };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SourcePoller', () => {
  it('never overlaps polls: the next starts an interval after the last one began, not while it runs', async () => {
    vi.useFakeTimers();
    let running = 0;
    let maxRunning = 0;
    let polls = 0;
    const slow = source(async () => {
      running++;
      polls++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      running--;
      return batch(Date.now());
    });
    const poller = new SourcePoller({ source: slow, intervalMs: 1000, timeoutMs: 5000, onPolled: () => undefined });
    poller.start();
    await vi.advanceTimersByTimeAsync(10_000);
    await poller.stop();
    expect(maxRunning).toBe(1);
    expect(polls).toBeGreaterThanOrEqual(6);
    expect(polls).toBeLessThanOrEqual(7);
  });

  it('times out a source that ignores its abort signal and reports it failing since then', async () => {
    vi.useFakeTimers({ now: 10_000 });
    let first = true;
    const hanging = source(() => {
      if (first) {
        first = false;
        return Promise.resolve(batch(Date.now()));
      }
      return new Promise<SourceBatch>(() => undefined);
    });
    const seen: string[] = [];
    const poller = new SourcePoller({
      source: hanging,
      intervalMs: 1000,
      timeoutMs: 300,
      onPolled: (p) => seen.push(p.status().ok ? 'ok' : p.status().error ?? ''),
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(1500);
    expect(seen[0]).toBe('ok');
    expect(seen[1]).toMatch(/timed out after 0\.3 s/);
    expect(poller.status()).toMatchObject({ ok: false, lastSuccess: 10_000, failingSince: 11_300 });
    expect(poller.staleSince()).toBe(10_000);
    expect(poller.lastBatch?.sampledAt).toBe(10_000); // the last good data is kept
    await poller.stop();
  });

  it('recovers and clears the failure on the next successful poll', async () => {
    vi.useFakeTimers({ now: 0 });
    let fail = true;
    const flaky = source(async () => {
      if (fail) throw new Error('connection refused');
      return batch(Date.now());
    });
    const poller = new SourcePoller({ source: flaky, intervalMs: 1000, timeoutMs: 500, onPolled: () => undefined });
    poller.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(poller.status()).toMatchObject({ ok: false, error: 'connection refused', lastSuccess: null, failingSince: 0 });
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(poller.status()).toMatchObject({ ok: true, error: null, failingSince: null });
    expect(poller.staleSince()).toBeNull();
    await poller.stop();
  });

  it('keeps polling when the listener throws', async () => {
    vi.useFakeTimers();
    let polls = 0;
    const poller = new SourcePoller({
      source: source(async () => {
        polls++;
        return batch(0);
      }),
      intervalMs: 100,
      timeoutMs: 50,
      onPolled: () => {
        throw new Error('listener bug');
      },
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(550);
    await poller.stop();
    expect(polls).toBeGreaterThanOrEqual(5);
  });
});
