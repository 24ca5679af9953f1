import { describe, expect, it } from 'vitest';
import { placeNotices, type NoticePlaces } from '../../shared/alerts/place-notices';
import type { Notice } from '../../shared/model';

/** A graph with regions east and west, the call INTERNET → east, and records of where each notice went. */
function places() {
  const placed: string[] = [];
  const p: NoticePlaces = {
    hasRegion: (r) => r === 'east' || r === 'west',
    hasNode: () => false,
    hasConnection: () => false,
    addToRegion: (r, n) => placed.push(`region ${r}: ${n.title}`),
    addToNode: (r, s, n) => placed.push(`node ${r}/${s}: ${n.title}`),
    addToConnection: (r, s, t, n) => placed.push(`call ${r} ${s}→${t}: ${n.title}`),
    hasGlobalConnection: (s, t) => s === 'INTERNET' && t === 'east',
    addToGlobalConnection: (s, t, n) => placed.push(`global ${s}→${t}: ${n.title}`),
  };
  return { p, placed };
}
const notice = (title: string): Notice => ({ title, severity: 'warning' });

describe('placeNotices() for calls between regions', () => {
  it('puts a global notice on its global call, else on the region it enters, else on the board', () => {
    const { p, placed } = places();
    const board = placeNotices(
      [
        { target: { scope: 'global', service: 'INTERNET', target: 'east', notice: notice('shedding') }, staleSince: null },
        { target: { scope: 'global', service: 'east', target: 'west', notice: notice('no such link') }, staleSince: null },
        { target: { scope: 'global', service: 'east', target: 'mars', notice: notice('unknown region') }, staleSince: null },
      ],
      p,
    );
    expect(placed).toEqual(['global INTERNET→east: shedding', 'region west: no such link']);
    expect(board?.unplaced.map((n) => n.title)).toEqual(['unknown region']);
  });
});
