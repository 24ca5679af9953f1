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

describe('chromeInsets() charges the boxes together', () => {
  const W = 1600;
  const H = 900;

  it('lets a corner box above a full-width timeline cost only the strip above the timeline', () => {
    // The timeline already takes the bottom 100 px; the legend above it, on its own, would be cheaper as a
    // 500 px left band (450k px²) than a 300 px bottom band (480k px²). Together, the bottom band is the
    // larger free rectangle: 1600 × 600 against 1100 × 800.
    const timeline = { left: 16, top: 800, right: 1584, bottom: 886 };
    const legend = { left: 16, top: 600, right: 500, bottom: 790 };
    expect(chromeInsets(W, H, [timeline, legend])).toEqual({ top: 0, right: 0, bottom: 300, left: 0 });
  });

  it('leaves the largest free rectangle of any assignment', () => {
    const boxes = [
      { left: 0, top: 0, right: W, bottom: 58 },
      { left: 16, top: 62, right: 900, bottom: 100 },
      { left: 16, top: 790, right: 1200, bottom: 886 },
      { left: 16, top: 110, right: 300, bottom: 400 },
    ];
    const got = chromeInsets(W, H, boxes);
    const free = (i: { top: number; right: number; bottom: number; left: number }) => (W - i.left - i.right) * (H - i.top - i.bottom);
    // Brute force over the same four boxes, independently: every box must be covered by some band.
    let bestArea = 0;
    for (let top = 0; top <= H; top += 2) {
      for (const left of [0, 300, 900, 1200, W]) {
        for (const bottom of [0, 110, H - 790, H - 400]) {
          const i = { top, right: 0, bottom, left };
          const covered = boxes.every((b) => b.bottom <= i.top || b.top >= H - i.bottom || b.right <= i.left);
          if (covered && W - left > 0 && H - top - bottom > 0) bestArea = Math.max(bestArea, free(i));
        }
      }
    }
    expect(free(got)).toBe(bestArea);
    for (const b of boxes) expect(b.bottom <= got.top || b.top >= H - got.bottom || b.right <= got.left || b.left >= W - got.right).toBe(true);
  });
});
