import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/hub/config';
import { timelineBounds } from '../../electron/hub/timeline-config';
import { parseInstant } from '../../electron/hub/timeline';

describe('timeline config key', () => {
  it('timeline: {maxMB, retention} becomes a byte bound and a retention in ms; absent means 256 MiB and 6 h', () => {
    const config = parseConfig('timeline: { maxMB: 64, retention: 90m }\n', 'f.yaml');
    expect(timelineBounds(config.timeline)).toEqual({ maxBytes: 64 * 2 ** 20, retentionMs: 90 * 60_000 });
    expect(timelineBounds(parseConfig('interval: 5\n', 'f.yaml').timeline)).toEqual({ maxBytes: 256 * 2 ** 20, retentionMs: 6 * 3_600_000 });
  });

  it('a bad timeline key names file, line and key', () => {
    expect(() => parseConfig('interval: 5\ntimeline:\n  retention: soon\n', 'f.yaml')).toThrow(/^f\.yaml:3: timeline\.retention: a duration of at least 1s/);
    expect(() => parseConfig('timeline:\n  maxMb: 5\n', 'f.yaml')).toThrow('f.yaml:2: timeline.maxMb: unknown key');
  });
});

describe('parseInstant()', () => {
  it('reads epoch ms and ISO-8601, and nothing else', () => {
    expect(parseInstant('1700000000000')).toBe(1_700_000_000_000);
    expect(parseInstant('2026-12-01T14:02:10Z')).toBe(Date.UTC(2026, 11, 1, 14, 2, 10));
    expect(parseInstant('2026-12-01T14:02:10.500+01:00')).toBe(Date.UTC(2026, 11, 1, 13, 2, 10, 500));
    expect(parseInstant('yesterday')).toBeNaN();
    expect(parseInstant('12abc')).toBeNaN();
  });
});
