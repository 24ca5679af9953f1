import { describe, expect, it } from 'vitest';
import { replayStripText, replaySuffix, splitReplayHash } from '../../renderer/app/replay';

describe('replay links', () => {
  it('splitReplayHash() separates the view route from ?at=, ISO or epoch ms', () => {
    expect(splitReplayHash('#/region/us-east-1?at=2026-12-01T14:02:10Z')).toEqual({ path: '#/region/us-east-1', at: Date.UTC(2026, 11, 1, 14, 2, 10) });
    expect(splitReplayHash('#/?at=1700000000000')).toEqual({ path: '#/', at: 1_700_000_000_000 });
    expect(splitReplayHash('#/region/eu')).toEqual({ path: '#/region/eu', at: null });
    // A link whose instant cannot be read stays live rather than showing a wrong instant.
    expect(splitReplayHash('#/?at=soon')).toEqual({ path: '#/', at: null });
  });

  it('replaySuffix() keeps the instant across navigation; the strip says REPLAY and how long ago', () => {
    expect(replaySuffix(Date.UTC(2026, 11, 1, 14, 2, 10))).toBe('?at=2026-12-01T14:02:10.000Z');
    expect(replaySuffix(null)).toBe('');
    const at = new Date(2026, 11, 1, 14, 2, 10).getTime();
    expect(replayStripText(at, at + 37 * 60_000 + 5000, [])).toEqual({ state: 'REPLAY 14:02:10', detail: ' — 37 min ago' });
    expect(replayStripText(at, at + 4000, ['file'])).toEqual({ state: 'REPLAY 14:02:10', detail: ' — 4 s ago · no data for file' });
  });
});
