import { describe, expect, it } from 'vitest';
import { stripText } from '../../renderer/app/status-strip';

const NOW = Date.UTC(2026, 0, 1, 14, 2, 30);
const live = { live: true, staleSince: null, reasons: [], updatedAt: NOW - 3000, hubStale: false };

describe('stripText() during a rehearsal', () => {
  it('says REHEARSAL where it would say LIVE, naming the scenario', () => {
    expect(stripText(live, NOW)).toEqual({ state: 'LIVE', detail: ' · updated 3 s ago' });
    expect(stripText(live, NOW, 'scenario evacuation, not live data')).toEqual({ state: 'REHEARSAL', detail: ' · scenario evacuation, not live data · updated 3 s ago' });
  });

  it('still says STALE when the rehearsal\'s data stops arriving', () => {
    const stale = { live: false, staleSince: NOW - 20_000, reasons: ['hub connection lost'], updatedAt: NOW - 20_000, hubStale: true };
    const text = stripText(stale, NOW, 'scenario evacuation, not live data');
    expect(text.state).toMatch(/^REHEARSAL · STALE since \d\d:\d\d:\d\d$/);
    expect(text.detail).toBe(' · scenario evacuation, not live data · hub connection lost · updated 20 s ago');
  });
});
