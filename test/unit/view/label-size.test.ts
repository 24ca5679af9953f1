import { describe, expect, it } from 'vitest';
import { detailLabelFontPx, edgeLabelFontPx, globalLabelFontPx, viewportTextScale, WALL_TEXT_SCALE } from '../../../shared/view/label-size';

// Scenes (the canvas beside the panel, CSS px) of a 1024×768 laptop, a 1600×900 screen and a 2560×1440 one.
const LAPTOP = [700, 690] as const;
const SCREEN = [1200, 880] as const;
const BIG = [2200, 1380] as const;

describe('label size with the viewport', () => {
  it('writes a region view’s names larger on a larger scene, at the same zoom', () => {
    for (const zoom of [0.5, 0.9, 2.2]) {
      const laptop = detailLabelFontPx(...LAPTOP, zoom, false);
      const screen = detailLabelFontPx(...SCREEN, zoom, false);
      const big = detailLabelFontPx(...BIG, zoom, false);
      expect(laptop, `zoom ${zoom}`).toBeLessThanOrEqual(screen);
      expect(screen, `zoom ${zoom}`).toBeLessThan(big);
    }
    // From the laptop's 11 px to about 1.25× the 1600×900 screen's on a 2560×1440 one.
    expect(detailLabelFontPx(...LAPTOP, 2.2, false)).toBeLessThan(detailLabelFontPx(...SCREEN, 2.2, false));
    expect(detailLabelFontPx(...BIG, 2.2, false)).toBeGreaterThanOrEqual(18);
  });

  it('keeps a 1600×900 screen’s sizes: 12 px names at zoom 0.9, 16 px in the global view, 11 px edge numbers', () => {
    expect(viewportTextScale(...SCREEN)).toBeCloseTo(1, 10);
    expect(detailLabelFontPx(...SCREEN, 0.9, false)).toBe(12);
    expect(globalLabelFontPx(...SCREEN, false)).toBe(16);
    expect(edgeLabelFontPx(...SCREEN, false)).toBe(11);
  });

  it('grows the names a little with zoom, up to 15 px at scale 1, the largest at zoom Infinity', () => {
    const sizes = [0.3, 0.9, 1.5, 2.2, 5, Infinity].map((z) => detailLabelFontPx(...SCREEN, z, false));
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeGreaterThanOrEqual(sizes[i - 1]!);
    expect(sizes[sizes.length - 1]).toBe(15);
    for (const z of [0.3, 2.2, 40]) expect(detailLabelFontPx(...BIG, z, false)).toBeLessThanOrEqual(detailLabelFontPx(...BIG, Infinity, false));
  });

  it('never writes below 11 px (names, edge numbers) or 12 px (global view), however small the scene', () => {
    for (const [w, h] of [[0, 0], [320, 240], [...LAPTOP]] as const) {
      expect(detailLabelFontPx(w, h, 0.05, false)).toBe(11);
      expect(edgeLabelFontPx(w, h, false)).toBe(11);
      expect(globalLabelFontPx(w, h, false)).toBe(12);
    }
  });

  it('caps the sizes on a huge scene (22 px names and global text, 16 px numbers)', () => {
    expect(detailLabelFontPx(7680, 4320, Infinity, false)).toBe(22);
    expect(globalLabelFontPx(7680, 4320, false)).toBe(22);
    expect(edgeLabelFontPx(7680, 4320, false)).toBe(16);
  });

  it('writes 1.5× larger on a wall, in every view', () => {
    expect(WALL_TEXT_SCALE).toBe(1.5);
    expect(detailLabelFontPx(...SCREEN, 0.9, true)).toBe(18);
    expect(globalLabelFontPx(...SCREEN, true)).toBe(24);
    expect(edgeLabelFontPx(...SCREEN, true)).toBe(17);
    // Still larger on the larger scene.
    expect(detailLabelFontPx(...BIG, 0.9, true)).toBeGreaterThan(detailLabelFontPx(...BIG, 0.9, false));
    expect(detailLabelFontPx(...BIG, 0.9, true)).toBeGreaterThan(18);
  });
});
