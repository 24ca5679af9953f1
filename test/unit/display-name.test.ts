import { describe, expect, it } from 'vitest';
import { cleanName, displayName } from '../../shared/display-name';

describe('displayName()', () => {
  it('strips bidi overrides and isolates so a name cannot render reversed', () => {
    expect(displayName('pay\u202Emoc.live\u202C')).toBe('paymoc.live');
    expect(displayName('\u2067api\u2069-gateway\u200F')).toBe('api-gateway');
  });

  it('caps a 5,000-character name at 64 characters ending in an ellipsis', () => {
    const shown = displayName('a'.repeat(5000));
    expect(Array.from(shown)).toHaveLength(64);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('cuts on whole code points and caps each line of a two-line label', () => {
    expect(displayName('🚀'.repeat(10), 5)).toBe('🚀🚀🚀🚀…');
    expect(displayName(`${'x'.repeat(10)}\n12 rps`, 6)).toBe('xxxxx…\n12 rps');
  });

  it('returns the very same string for an ordinary name (nothing allocated per frame)', () => {
    const name = 'reviews-v2';
    expect(displayName(name)).toBe(name);
    expect(cleanName('<img src=x> ü')).toBe('<img src=x> ü');
  });
});
