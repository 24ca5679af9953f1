import { describe, expect, it } from 'vitest';
import { cullLabels, estimateTextWidth, LabelCuller, type LabelBox } from '../../../shared/view/label-cull';

const viewport = { width: 800, height: 600 };

describe('cullLabels()', () => {
  it('shows labels that do not overlap', () => {
    const boxes: LabelBox[] = [
      { x: 10, y: 10, width: 50, height: 14, priority: 1 },
      { x: 100, y: 10, width: 50, height: 14, priority: 2 },
    ];
    expect(cullLabels(boxes, viewport, 100)).toEqual([1, 0]);
  });

  it('keeps the higher-priority label of two that overlap', () => {
    const boxes: LabelBox[] = [
      { x: 10, y: 10, width: 80, height: 14, priority: 1 },
      { x: 40, y: 15, width: 80, height: 14, priority: 5 },
    ];
    expect(cullLabels(boxes, viewport, 100)).toEqual([1]);
  });

  it('never covers an obstacle such as a node disc, and never returns obstacles', () => {
    const boxes: LabelBox[] = [
      { x: 100, y: 100, width: 20, height: 20, priority: 0, obstacle: true },
      { x: 90, y: 110, width: 60, height: 14, priority: 50 },
      { x: 90, y: 130, width: 60, height: 14, priority: 1 },
    ];
    expect(cullLabels(boxes, viewport, 100)).toEqual([2]);
  });

  it('always shows a forced label (a search hit), even over a disc, and others make way', () => {
    const boxes: LabelBox[] = [
      { x: 100, y: 100, width: 20, height: 20, priority: 0, obstacle: true },
      { x: 90, y: 110, width: 60, height: 14, priority: 50 },
      { x: 95, y: 112, width: 60, height: 14, priority: 1, force: true },
    ];
    expect(cullLabels(boxes, viewport, 100)).toEqual([2]);
  });

  it('drops labels off screen', () => {
    const boxes: LabelBox[] = [
      { x: -200, y: 10, width: 50, height: 14, priority: 9 },
      { x: 900, y: 10, width: 50, height: 14, priority: 9 },
      { x: 10, y: 700, width: 50, height: 14, priority: 9 },
    ];
    expect(cullLabels(boxes, viewport, 100)).toEqual([]);
  });

  it('never shows overlapping labels in a dense crowd, and respects the cap', () => {
    const boxes: LabelBox[] = Array.from({ length: 2000 }, (_, i) => ({ x: (i * 37) % 780, y: (i * 53) % 590, width: 60, height: 14, priority: i % 17 }));
    const shown = cullLabels(boxes, viewport, 150);
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.length).toBeLessThanOrEqual(150);
    for (let a = 0; a < shown.length; a++) {
      for (let b = a + 1; b < shown.length; b++) {
        const p = boxes[shown[a]!]!;
        const q = boxes[shown[b]!]!;
        const overlap = p.x < q.x + q.width && p.x + p.width > q.x && p.y < q.y + q.height && p.y + p.height > q.y;
        expect(overlap).toBe(false);
      }
    }
  });

  it('estimates wider boxes for longer names', () => {
    expect(estimateTextWidth('a-much-longer-name', 12)).toBeGreaterThan(estimateTextWidth('api', 12));
  });

  it('forgets the previous pan when a LabelCuller is reused', () => {
    const culler = new LabelCuller();
    const a: LabelBox[] = [{ x: 10, y: 10, width: 80, height: 14, priority: 1 }];
    expect([...culler.cull(a, 1, viewport, 10)]).toEqual([0]);
    const b: LabelBox[] = [{ x: 200, y: 200, width: 80, height: 14, priority: 1 }, { x: 12, y: 12, width: 80, height: 14, priority: 0 }];
    expect([...culler.cull(b, 2, viewport, 10)]).toEqual([0, 1]);
  });
});
