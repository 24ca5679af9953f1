import { describe, expect, it } from 'vitest';
import { chromeInsets } from '../../../shared/view/chrome-insets';

describe('chromeInsets()', () => {
  const W = 1600;
  const H = 900;

  it('charges a full-width bar to the top and a tall side panel to the right', () => {
    const insets = chromeInsets(W, H, [
      { left: 0, top: 0, right: W, bottom: 58 },
      { left: 16, top: 62, right: 720, bottom: 100 },
      { left: 1224, top: 62, right: 1584, bottom: 700 },
    ]);
    expect(insets).toEqual({ top: 100, right: 376, bottom: 0, left: 0 });
  });

  it('charges a corner box to the cheaper of its two edges', () => {
    // 230 px wide × 150 px tall in the bottom-left corner: a left band of 246 px hides less than a bottom band of 164 px.
    expect(chromeInsets(W, H, [{ left: 16, top: 736, right: 246, bottom: 886 }])).toEqual({ top: 0, right: 0, bottom: 0, left: 246 });
    // A wide, flat box in the same corner goes to the bottom instead.
    expect(chromeInsets(W, H, [{ left: 16, top: 840, right: 900, bottom: 886 }])).toEqual({ top: 0, right: 0, bottom: 60, left: 0 });
  });

  it('ignores hidden (0×0) chrome and boxes outside the viewport, so wall mode without chrome gets no insets', () => {
    expect(chromeInsets(W, H, [{ left: 0, top: 0, right: 0, bottom: 0 }, { left: 1700, top: 10, right: 1900, bottom: 100 }])).toEqual({ top: 0, right: 0, bottom: 0, left: 0 });
  });

  it('takes the deepest box on each edge', () => {
    const insets = chromeInsets(W, H, [
      { left: 0, top: 0, right: W, bottom: 40 },
      { left: 0, top: 0, right: 500, bottom: 120 },
    ]);
    expect(insets.top).toBe(120);
  });
});
