import { describe, expect, it } from 'vitest';
import type { Graph, SourceStatus } from '../../shared/model';
import { ago, assessFreshness, clockTime, describeSource, markHubStale } from '../../renderer/app/freshness';
import { stripText } from '../../renderer/app/status-strip';

const rate = { normal: 1, danger: 0, warning: 0 };
const graph = (staleSince: number | null = null): Graph => ({
  serverUpdateTime: 0,
  connections: [],
  regions: [
    { name: 'east', updated: 8_000, sources: ['prod-east'], staleSince, rate, class: 'normal', nodes: [], connections: [] },
    { name: 'west', updated: 9_000, sources: ['demo'], staleSince: null, rate, class: 'normal', nodes: [], connections: [] },
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
    expect(assessFreshness(up, graph(), 10_000, 0)).toEqual({ live: true, staleSince: null, reasons: [], notes: [], updatedAt: 9_000, dataAt: 9_000, noData: false, hubStale: false });
  });

  it('names a failing source and dates staleness from its last success', () => {
    const f = assessFreshness({ ...up, sources: [ok, failing] }, graph(4_000), 10_000, 0);
    expect(f.live).toBe(false);
    expect(f.hubStale).toBe(false);
    expect(f.staleSince).toBe(4_000);
    expect(f.reasons).toEqual(['prometheus prod-east: connection refused']);
  });

  it('in a region view, stays live while a failing source leaves that region reported live, with a note', () => {
    const pinned: SourceStatus = { ...failing, region: 'east' };
    const f = assessFreshness({ ...up, sources: [ok, pinned] }, graph(4_000), 10_000, 0, 'west');
    expect(f.live).toBe(true);
    expect(f.staleSince).toBeNull();
    expect(f.dataAt).toBe(9_000);
    expect(f.notes).toEqual(['prometheus prod-east: connection refused — west is still reported live']);
  });

  it('in the view of the region a failing source leaves stale, is stale since that region went stale', () => {
    const pinned: SourceStatus = { ...failing, region: 'east' };
    const f = assessFreshness({ ...up, sources: [ok, pinned] }, graph(4_000), 10_000, 0, 'east');
    expect(f).toMatchObject({ live: false, staleSince: 4_000, hubStale: false });
    expect(f.reasons).toEqual(['prometheus prod-east: connection refused']);
  });

  it('in a region view, a source past its maxAge that is pinned to that region makes it stale', () => {
    const old: SourceStatus = { ...ok, name: 'west-file', type: 'vizceral', region: 'west', dataAt: 1_000, maxAgeMs: 5_000 };
    const f = assessFreshness({ ...up, sources: [old] }, graph(), 10_000, 0, 'west');
    expect(f.live).toBe(false);
    expect(f.reasons[0]).toMatch(/west-file: data 9 s old, past its maxAge of 5 s/);
    expect(assessFreshness({ ...up, sources: [old] }, graph(), 10_000, 0, 'east').live).toBe(true);
  });

  it('in a region view, a silent hub still makes the screen stale', () => {
    expect(assessFreshness(up, graph(), 9_000 + 15_001, 0, 'west')).toMatchObject({ live: false, hubStale: true });
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
  it('reads LIVE · updated N s ago while live, N the age of the newest data', () => {
    const f = assessFreshness(up, graph(), 12_500, 0);
    const { state, detail } = stripText(f, 12_500);
    expect(state + detail).toBe('LIVE · updated 3 s ago');
  });
  it('reads STALE since HH:MM:SS with every reason', () => {
    const since = new Date(2026, 0, 2, 14, 2, 11).getTime();
    const failingEast = { ...failing, lastSuccess: since };
    const g = graph();
    g.regions[1]!.updated = since + 5_000;
    const f = assessFreshness({ ...up, lastMessageAt: since + 5_000, sources: [ok, failingEast] }, g, since + 8_000, 0);
    const { state, detail } = stripText(f, since + 8_000);
    expect(state).toBe('STALE since 14:02:11');
    expect(detail).toBe(' · prometheus prod-east: connection refused · last data 3 s ago');
  });
  it('never says "updated 0 s ago" while stale: the age shown is the data\'s', () => {
    const old = { ...ok, type: 'vizceral', name: 'feed', dataAt: 1_000, maxAgeMs: 300_000 };
    const twoDays = 2 * 86_400_000;
    const stale: Graph = { ...graph(), regions: [{ ...graph().regions[1]!, updated: 1_000, staleSince: 1_000 }] };
    const f = assessFreshness({ ...up, lastMessageAt: twoDays, sources: [old] }, stale, twoDays + 1_000, 0);
    const text = Object.values(stripText(f, twoDays + 1_000)).join('');
    expect(text).toMatch(/^STALE since \d{1,2} [A-Z][a-z]{2} \d\d:\d\d:\d\d · vizceral feed: data 2 d old, past its maxAge of 5 min · last data 2 d ago$/);
    expect(text).not.toContain('updated');
  });
});

describe('assessFreshness() by the data\'s own time', () => {
  it('is stale once a source\'s data is older than its maxAge, dated from the data\'s time', () => {
    const aging = { ...ok, dataAt: 9_000, maxAgeMs: 15_000 };
    expect(assessFreshness({ ...up, sources: [aging] }, graph(), 24_000, 0).live).toBe(true);
    const f = assessFreshness({ ...up, lastMessageAt: 24_000, sources: [aging] }, graph(), 24_001, 0);
    expect(f).toMatchObject({ live: false, staleSince: 9_000, hubStale: false });
    expect(f.reasons).toEqual(['demo demo: data 15 s old, past its maxAge of 15 s']);
  });

  it('judges the age on the hub\'s clock when this display\'s clock is off', () => {
    const aging = { ...ok, dataAt: 9_000, maxAgeMs: 15_000 };
    // The display runs 60 s behind the hub: its 10 s is the hub's 70 s, the data is 61 s old.
    const f = assessFreshness({ ...up, lastMessageAt: 9_500, serverOffsetMs: 60_000, sources: [aging] }, graph(), 10_000, 0);
    expect(f.live).toBe(false);
    expect(f.staleSince).toBe(9_000 - 60_000);
  });

  it('says NO DATA YET where no source ever answered', () => {
    const never: SourceStatus = { ...failing, lastSuccess: null, error: 'connection refused' };
    const empty: Graph = { serverUpdateTime: 0, regions: [], connections: [] };
    const f = assessFreshness({ ...up, sources: [never] }, empty, 10_000, 0);
    expect(f).toMatchObject({ live: false, noData: true, reasons: ['prometheus prod-east: no data yet (connection refused)'] });
    expect(Object.values(stripText(f, 10_000)).join('')).toBe('NO DATA YET · prometheus prod-east: no data yet (connection refused)');
  });

  it('notes a rate window still filling without calling the picture stale', () => {
    const filling = { ...ok, name: 'prod', fillingUntil: 40_000 };
    const f = assessFreshness({ ...up, sources: [filling] }, graph(), 10_000, 0);
    expect(f.live).toBe(true);
    expect(f.notes).toEqual([`prod: rate window still filling until ${clockTime(40_000)}`]);
    expect(Object.values(stripText(f, 10_000)).join('')).toBe(`LIVE · updated 1 s ago · prod: rate window still filling until ${clockTime(40_000)}`);
  });
});

describe('describeSource()', () => {
  it('names a source once when its name is its type', () => {
    const status = { name: 'prometheus', type: 'prometheus', ok: false, lastSuccess: 1_000, error: 'connection refused', failingSince: 2_000, detail: '' };
    expect(describeSource(status)).toBe('prometheus: connection refused');
    expect(describeSource({ ...status, name: 'prod-east' })).toBe('prometheus prod-east: connection refused');
    // One that never answered says so: no data yet, not a failure of data it never had.
    expect(describeSource({ ...status, lastSuccess: null })).toBe('prometheus: no data yet (connection refused)');
  });
});
