import { describe, expect, it } from 'vitest';
import type { Graph, SourceStatus } from '../../shared/model';
import { ago, assessFreshness, clockTime, describeSource, markHubStale } from '../../renderer/app/freshness';
import { stripText } from '../../renderer/app/status-strip';

const rate = { normal: 1, danger: 0, warning: 0 };
const graph = (staleSince: number | null = null): Graph => ({
  serverUpdateTime: 0,
  connections: [],
  regions: [
    { name: 'east', updated: 0, sources: ['prod-east'], staleSince, rate, class: 'normal', nodes: [], connections: [] },
    { name: 'west', updated: 0, sources: ['demo'], staleSince: null, rate, class: 'normal', nodes: [], connections: [] },
  ],
});
const ok: SourceStatus = { name: 'demo', type: 'demo', ok: true, lastSuccess: 9_000, error: null, failingSince: null, detail: '' };
const failing: SourceStatus = {
  name: 'prod-east',
  type: 'prometheus',
  ok: false,
  lastSuccess: 4_000,
  error: 'connection refused',
  failingSince: 5_000,
  detail: 'http://127.0.0.1:9',
};
const up = { connected: true, lastMessageAt: 9_000, disconnectedSince: null, interval: 5, sources: [ok], lastError: null };

describe('assessFreshness()', () => {
  it('is live while the link is up, recent and every source answers', () => {
    expect(assessFreshness(up, graph(), 10_000, 0)).toEqual({ live: true, staleSince: null, reasons: [], updatedAt: 9_000, hubStale: false });
  });

  it('names a failing source and dates staleness from its last success', () => {
    const f = assessFreshness({ ...up, sources: [ok, failing] }, graph(4_000), 10_000, 0);
    expect(f.live).toBe(false);
    expect(f.hubStale).toBe(false);
    expect(f.staleSince).toBe(4_000);
    expect(f.reasons).toEqual(['prometheus prod-east: connection refused']);
  });

  it('stays live while only an Alertmanager fails: it reports no traffic, its alerts say "as of" themselves', () => {
    const alerts: SourceStatus = { ...failing, name: 'alerts', type: 'alertmanager' };
    expect(assessFreshness({ ...up, sources: [ok, alerts] }, graph(), 10_000, 0).live).toBe(true);
  });

  it('calls a silent hub stale after three poll intervals, from its last message', () => {
    expect(assessFreshness(up, graph(), 9_000 + 15_000, 0).live).toBe(true);
    const f = assessFreshness(up, graph(), 9_000 + 15_001, 0);
    expect(f).toMatchObject({ live: false, staleSince: 9_000, hubStale: true });
    expect(f.reasons[0]).toMatch(/no update from the hub for 15 s/);
  });

  it('calls a lost link stale from the last message, with the reason', () => {
    const f = assessFreshness({ ...up, connected: false, disconnectedSince: 12_000, lastError: 'closed (code 1006)' }, graph(), 13_000, 0);
    expect(f).toMatchObject({ live: false, staleSince: 9_000, hubStale: true });
    expect(f.reasons[0]).toBe('hub connection lost (closed (code 1006))');
  });

  it('is not live before the first snapshot', () => {
    const f = assessFreshness({ ...up, lastMessageAt: null }, null, 500, 100);
    expect(f).toMatchObject({ live: false, staleSince: 100, reasons: ['waiting for the first snapshot'] });
  });

  it('is stale when a region says so even if the hub sent no source status', () => {
    const f = assessFreshness({ ...up, sources: [] }, graph(3_000), 10_000, 0);
    expect(f).toMatchObject({ live: false, staleSince: 3_000, hubStale: false });
  });
});

describe('markHubStale()', () => {
  it('greys every region from the given time but keeps an older staleSince', () => {
    const marked = markHubStale(graph(2_000), 8_000);
    expect(marked.regions.map((r) => r.staleSince)).toEqual([2_000, 8_000]);
  });
});

describe('time formatting', () => {
  it('clockTime() is 24-hour local time', () => {
    const d = new Date(2026, 0, 2, 14, 2, 11);
    expect(clockTime(d.getTime())).toBe('14:02:11');
  });
  it('ago() reads naturally', () => {
    expect(ago(3_400)).toBe('3 s ago');
    expect(ago(-5)).toBe('0 s ago');
    expect(ago(5 * 60_000)).toBe('5 min ago');
    expect(ago(3 * 3_600_000)).toBe('3 h ago');
  });
});

describe('stripText()', () => {
  it('reads LIVE · updated N s ago while live', () => {
    const f = assessFreshness(up, graph(), 12_500, 0);
    const { state, detail } = stripText(f, 12_500);
    expect(state + detail).toBe('LIVE · updated 3 s ago');
  });
  it('reads STALE since HH:MM:SS with every reason', () => {
    const since = new Date(2026, 0, 2, 14, 2, 11).getTime();
    const failingEast = { ...failing, lastSuccess: since };
    const f = assessFreshness({ ...up, lastMessageAt: since + 5_000, sources: [ok, failingEast] }, graph(), since + 8_000, 0);
    const { state, detail } = stripText(f, since + 8_000);
    expect(state).toBe('STALE since 14:02:11');
    expect(detail).toBe(' · prometheus prod-east: connection refused · updated 3 s ago');
  });
});

describe('describeSource()', () => {
  it('names a source once when its name is its type', () => {
    const status = { name: 'prometheus', type: 'prometheus', ok: false, lastSuccess: null, error: 'connection refused', failingSince: 0, detail: '' };
    expect(describeSource(status)).toBe('prometheus: connection refused');
    expect(describeSource({ ...status, name: 'prod-east' })).toBe('prometheus prod-east: connection refused');
  });
});
