import { describe, expect, it } from 'vitest';
import { countCrossings, segmentsCross, uncross } from '../../../shared/view/crossings';
import { elkRequest, positionsFromElk } from '../../../shared/view/elk-graph';
import type { Point } from '../../../shared/view/geometry';
import { placeLayers } from '../../../shared/view/layered-layout';
import { layoutInputOf, REGION_SPACING } from '../../../shared/view/layout';
import { buildViewModel, NO_FILTER } from '../../../shared/view/view-model';
import { netflixGraph } from './sample';

const p = (x: number, y: number): Point => ({ x, y });

describe('segmentsCross()', () => {
  it('counts a proper crossing, not shared or touching ends', () => {
    expect(segmentsCross(p(0, 0), p(10, 10), p(0, 10), p(10, 0))).toBe(true);
    expect(segmentsCross(p(0, 0), p(10, 0), p(0, 5), p(10, 5))).toBe(false);
    expect(segmentsCross(p(0, 0), p(10, 10), p(10, 10), p(20, 0))).toBe(false);
  });
});

describe('uncross()', () => {
  it('untangles a long call drawn straight across a middle layer', () => {
    // gw calls a and b in the next layer and db two layers over; a → db. Drawn straight, gw → db cuts a → db
    // when a sits between them; swapping a and b in the middle layer leaves no crossing.
    const layers = [['gw'], ['x', 'a', 'b'], ['db', 'y']];
    const calls = [
      { source: 'gw', target: 'a' },
      { source: 'gw', target: 'b' },
      { source: 'b', target: 'db' },
      { source: 'gw', target: 'y' },
      { source: 'x', target: 'y' },
      { source: 'a', target: 'y' },
    ];
    const positions = placeLayers(layers, { ...REGION_SPACING, maxRows: 8 });
    const before = countCrossings(calls, positions);
    expect(before).toBeGreaterThan(0);
    const places = new Set([...positions.values()].map((q) => `${q.x},${q.y}`));
    expect(uncross(layers, calls, positions)).toBeGreaterThan(0);
    expect(countCrossings(calls, positions)).toBeLessThan(before);
    // Only places were traded: the same set of spots, so spacing and non-overlap hold.
    expect(new Set([...positions.values()].map((q) => `${q.x},${q.y}`))).toEqual(places);
  });

  it('removes crossings from the Netflix sample as placed from an elk answer', () => {
    const model = buildViewModel(netflixGraph(), { view: 'region', region: 'us-east-1' }, NO_FILTER);
    const input = layoutInputOf(model);
    // Stand-in for elk's answer: the layered request's nodes in model order, one column per 8 nodes.
    const request = elkRequest(input);
    const answer = { children: request.children.map((c, i) => ({ id: c.id, x: Math.floor(i / 8) * 200, y: (i % 8) * 100, width: 48, height: 48 })) };
    const plain = positionsFromElk(answer, input.nodes.length);
    const untangled = positionsFromElk(answer, input.nodes.length, input.edges);
    expect(countCrossings(input.edges, untangled)).toBeLessThan(countCrossings(input.edges, plain));
  });

  it('leaves big views alone', () => {
    const layers = [['a'], ['b', 'c']];
    const calls = Array.from({ length: 601 }, () => ({ source: 'a', target: 'b' }));
    const positions = placeLayers(layers, { ...REGION_SPACING, maxRows: 8 });
    expect(uncross(layers, calls, positions)).toBe(0);
  });
});
