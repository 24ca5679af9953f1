import { describe, expect, it } from 'vitest';
import { PickIndex } from '../../../shared/view/pick-index';

describe('PickIndex', () => {
  const index = new PickIndex(50);
  index.build(
    [
      { id: 'a', x: 0, y: 0, r: 10 },
      { id: 'b', x: 300, y: 0, r: 20 },
    ],
    [{ id: 'a\u2192b', sx: 0, sy: 0, cx: 150, cy: 0, ex: 300, ey: 0 }],
  );

  it('picks the node under the pointer', () => {
    expect(index.pick(3, 4, 2)).toEqual({ type: 'node', id: 'a' });
    expect(index.pick(315, 0, 2)).toEqual({ type: 'node', id: 'b' });
  });

  it('picks an edge near the pointer away from nodes', () => {
    expect(index.pick(150, 3, 5)).toEqual({ type: 'edge', id: 'a\u2192b' });
  });

  it('picks nothing in empty space', () => {
    expect(index.pick(150, 200, 5)).toBeNull();
  });
});
