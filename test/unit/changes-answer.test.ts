import { describe, expect, it } from 'vitest';
import { changedEdgeIds, changedNodeIds, changedOptionFromQuery, changedQueryParams, changesInView, changesPath, decodeChangesAnswer, parseChangesQuery } from '../../shared/timeline/changes-answer';
import type { CallChange } from '../../shared/timeline/what-changed';

const q = (text: string) => new URLSearchParams(text);

function change(region: string | null, source: string, target: string, kind: CallChange['kind'] = 'grew'): CallChange {
  return { region, source, target, kind, rpsBefore: 10, rpsAfter: 20, errorPctBefore: 0, errorPctAfter: 0 };
}

describe('parseChangesQuery()', () => {
  it('reads from, to (default live) and the thresholds, threshold in percent', () => {
    expect(parseChangesQuery(q('from=2026-12-01T14:00:00Z'))).toEqual({ ok: true, from: Date.UTC(2026, 11, 1, 14), to: 'live', thresholds: { rpsRatio: 0.2, minRps: 1, errorPoints: 1 } });
    expect(parseChangesQuery(q('from=1000&to=61000&threshold=50&minRps=0.5&errorPoints=2'))).toEqual({
      ok: true,
      from: 1000,
      to: 61000,
      thresholds: { rpsRatio: 0.5, minRps: 0.5, errorPoints: 2 },
    });
  });

  it('refuses a missing or unreadable from, a to not after from, and negative thresholds, naming the parameter', () => {
    expect(parseChangesQuery(q(''))).toMatchObject({ ok: false, error: expect.stringMatching(/^from: missing/) });
    expect(parseChangesQuery(q('from=soon'))).toMatchObject({ ok: false, error: expect.stringMatching(/^from: "soon"/) });
    expect(parseChangesQuery(q('from=5000&to=5000'))).toMatchObject({ ok: false, error: 'to: must be later than from' });
    expect(parseChangesQuery(q('from=5000&to=later'))).toMatchObject({ ok: false, error: expect.stringMatching(/^to: "later"/) });
    expect(parseChangesQuery(q('from=5000&threshold=-1'))).toMatchObject({ ok: false, error: expect.stringMatching(/^threshold:/) });
    expect(parseChangesQuery(q('from=5000&minRps=x'))).toMatchObject({ ok: false, error: expect.stringMatching(/^minRps:/) });
  });
});

describe('the renderer link option', () => {
  it('reads changed=T1..T2, changed=T.. / T..live and since=T, with an optional threshold', () => {
    expect(changedOptionFromQuery(q('changed=2026-12-01T14:00:00Z..2026-12-01T14:30:00Z'))).toEqual({ from: Date.UTC(2026, 11, 1, 14), to: Date.UTC(2026, 11, 1, 14, 30), threshold: null });
    expect(changedOptionFromQuery(q('changed=1000..'))).toEqual({ from: 1000, to: 'live', threshold: null });
    expect(changedOptionFromQuery(q('changed=1000..live&threshold=50'))).toEqual({ from: 1000, to: 'live', threshold: 50 });
    expect(changedOptionFromQuery(q('since=1000&at=5'))).toEqual({ from: 1000, to: 'live', threshold: null });
  });

  it('ignores a link it cannot read rather than comparing the wrong instants', () => {
    expect(changedOptionFromQuery(q('at=1000'))).toBeNull();
    expect(changedOptionFromQuery(q('changed=2000..1000'))).toBeNull();
    expect(changedOptionFromQuery(q('changed=1000'))).toBeNull();
    expect(changedOptionFromQuery(q('since=yesterday'))).toBeNull();
  });

  it('asks the hub for exactly those instants', () => {
    expect(changesPath({ from: 0, to: 'live', threshold: null })).toBe('/api/changes?from=1970-01-01T00%3A00%3A00.000Z&to=live');
    expect(changesPath({ from: 0, to: 60_000, threshold: 50 })).toBe('/api/changes?from=1970-01-01T00%3A00%3A00.000Z&to=1970-01-01T00%3A01%3A00.000Z&threshold=50');
  });
});

describe('changedQueryParams(): a range picked on the timeline bar', () => {
  const t1 = Date.parse('2026-01-01T10:00:00.000Z');
  const t2 = Date.parse('2026-01-01T10:05:00.000Z');
  const read = (params: string[]) => changedOptionFromQuery(new URLSearchParams(params.join('&')));
  it('puts the two instants in order, whichever way the range was dragged, and reads back as the same option', () => {
    expect(changedQueryParams(t2, t1)).toEqual(['changed=2026-01-01T10:00:00.000Z..2026-01-01T10:05:00.000Z']);
    expect(read(changedQueryParams(t1, t2))).toEqual({ from: t1, to: t2, threshold: null });
    expect(read(changedQueryParams(t2, t1))).toEqual({ from: t1, to: t2, threshold: null });
  });
  it('compares a single instant (or a zero-width range) against live with since=', () => {
    expect(changedQueryParams(t1, 'live')).toEqual(['since=2026-01-01T10:00:00.000Z']);
    expect(read(changedQueryParams(t1, t1 + 0.2))).toEqual({ from: t1, to: 'live', threshold: null });
  });
});

describe('changes on a view', () => {
  const changes = [change(null, 'east', 'west'), change('east', 'web', 'api'), change('east', 'api', 'db'), change('west', 'web', 'api'), change(null, 'INTERNET', 'east')];

  it('shows calls between regions in the global view, one region\'s calls below, the focused service\'s in focus', () => {
    expect(changesInView(changes, { view: 'global' }).map((c) => `${c.source}>${c.target}`)).toEqual(['east>west', 'INTERNET>east']);
    expect(changesInView(changes, { view: 'region', region: 'east' }).map((c) => `${c.source}>${c.target}`)).toEqual(['web>api', 'api>db']);
    expect(changesInView(changes, { view: 'focus', region: 'east', service: 'db' }).map((c) => `${c.source}>${c.target}`)).toEqual(['api>db']);
  });

  it('lights both ends of each changed call drawn, and in the global view the regions whose own calls changed', () => {
    const drawnGlobal = (id: string) => ['east', 'west', 'INTERNET', 'north'].includes(id);
    expect(changedNodeIds(changes, { view: 'global' }, drawnGlobal).sort()).toEqual(['INTERNET', 'east', 'west']);
    // A filtered-out node (db not drawn) is not lit.
    expect(changedNodeIds(changes, { view: 'region', region: 'east' }, (id) => id !== 'db').sort()).toEqual(['api', 'web']);
  });

  it('lights the drawn edges of the changed calls on the view', () => {
    expect(changedEdgeIds(changes, { view: 'region', region: 'east' }, (id) => id !== 'api\u2192db')).toEqual(['web\u2192api']);
    expect(changedEdgeIds(changes, { view: 'global' }, () => true)).toEqual(['east\u2192west', 'INTERNET\u2192east']);
  });
});

describe('decodeChangesAnswer()', () => {
  it('accepts the hub\'s answer and refuses one it cannot check, naming the field', () => {
    const answer = { from: 'a', to: 'b', live: true, thresholds: { rpsRatio: 0.2, minRps: 1, errorPoints: 1 }, changes: [change('east', 'web', 'api')], compared: ['prom'], excluded: [] };
    expect(decodeChangesAnswer(answer)).toEqual(answer);
    expect(() => decodeChangesAnswer({ ...answer, changes: [{ ...change('east', 'web', 'api'), kind: 'exploded' }] })).toThrow(/^changes answer: changes\.0\.kind/);
  });
});
