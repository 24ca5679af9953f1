import { describe, expect, it } from 'vitest';
import { boxInsideDisc, discHitsBox, LabelPlacer, orderSpotsOutward, PlacementObstacles, segmentHitsBox, SPOTS_AROUND_NODE, SPOTS_AROUND_REGION, spotsAroundNode, spotsAroundRegion, type Placement, type PlacementRequest } from '../../../shared/view/label-placement';

const viewport = { width: 800, height: 600 };

function request(spots: number[], width = 60, height = 14, priority = 1, force = false, own: { disc?: number; edge?: number } = {}): PlacementRequest {
  return { width, height, priority, force, spots: Float64Array.from(spots), spotCount: spots.length / 2, ownDisc: own.disc ?? -1, ownEdge: own.edge ?? -1 };
}

describe('segmentHitsBox() / discHitsBox()', () => {
  it('tells a segment through a box from one beside it or passing its corner', () => {
    expect(segmentHitsBox(0, 5, 100, 5, 10, 0, 20, 10)).toBe(true); // straight through
    expect(segmentHitsBox(12, 2, 14, 4, 10, 0, 20, 10)).toBe(true); // wholly inside
    expect(segmentHitsBox(0, 20, 100, 20, 10, 0, 20, 10)).toBe(false); // below
    expect(segmentHitsBox(0, 12, 12, 0, 10, 0, 20, 10)).toBe(true); // clips the top-left corner
    expect(segmentHitsBox(0, 9, 9, 0, 10, 0, 20, 10)).toBe(false); // diagonal just outside that corner
  });

  it('tells a disc touching a box from one clear of its corner', () => {
    expect(discHitsBox(0, 0, 10, 5, -3, 20, 3)).toBe(true);
    expect(discHitsBox(0, 0, 10, 8, 8, 20, 20)).toBe(false); // corner at distance 11.3
  });
});

describe('LabelPlacer', () => {
  it('moves a label off an edge to its next spot instead of letting the edge cross it', () => {
    const obstacles = new PlacementObstacles();
    obstacles.addSegment(0, 107, 800, 107, 1, 0); // a horizontal edge through the first spot
    const placed = new LabelPlacer().place([request([100, 100, 100, 130])], 1, obstacles, viewport, 10);
    expect(placed).toEqual([{ index: 0, x: 100, y: 130, clean: true, detailed: false }]);
  });

  it('lets an edge number sit on its own edge but not on another one', () => {
    const obstacles = new PlacementObstacles();
    obstacles.addSegment(0, 107, 800, 107, 1, 7);
    const own = new LabelPlacer().place([request([100, 100], 60, 14, 1, false, { edge: 7 })], 1, obstacles, viewport, 10);
    expect(own.map((p) => p.index)).toEqual([0]);
    const other = new LabelPlacer().place([request([100, 100], 60, 14, 1, false, { edge: 3 })], 1, obstacles, viewport, 10);
    expect(other).toEqual([]);
  });

  it('keeps labels off node discs, except text written inside its own node', () => {
    const obstacles = new PlacementObstacles();
    const disc = obstacles.addDisc(130, 107, 20);
    const placer = new LabelPlacer();
    expect(placer.place([request([100, 100, 100, 140])], 1, obstacles, viewport, 10)).toEqual([{ index: 0, x: 100, y: 140, clean: true, detailed: false }]);
    expect(placer.place([request([100, 100], 60, 14, 1, false, { disc })], 1, obstacles, viewport, 10)).toEqual([{ index: 0, x: 100, y: 100, clean: true, detailed: false }]);
  });

  it('places the more important label first and moves the other one aside, dropping it when no spot is left', () => {
    const obstacles = new PlacementObstacles();
    const placer = new LabelPlacer();
    const important = request([100, 100], 60, 14, 5);
    const moved = request([110, 104, 110, 140], 60, 14, 1);
    expect([...placer.place([moved, important], 2, obstacles, viewport, 10)]).toEqual([
      { index: 1, x: 100, y: 100, clean: true, detailed: false },
      { index: 0, x: 110, y: 140, clean: true, detailed: false },
    ]);
    const stuck = request([110, 104], 60, 14, 1);
    expect(placer.place([stuck, important], 2, obstacles, viewport, 10).map((p) => p.index)).toEqual([1]);
  });

  it('never drops a forced label: with every spot crossed it takes the one crossed least, marked not clean', () => {
    const obstacles = new PlacementObstacles();
    obstacles.addSegment(0, 105, 800, 105, 1, 0);
    obstacles.addSegment(0, 110, 800, 110, 1, 1);
    obstacles.addSegment(0, 205, 800, 205, 1, 2);
    const forced = request([100, 100, 100, 200], 60, 14, 0, true);
    const placed = new LabelPlacer().place([request([300, 300], 60, 14, 99), forced], 2, obstacles, viewport, 1);
    expect(placed[0]).toEqual({ index: 1, x: 100, y: 200, clean: false, detailed: false });
    // Forced labels come first and fill the cap before the others.
    expect(placed.map((p) => p.index)).toEqual([1]);
  });

  it('lets a label that may sit over edges take the first spot only edges cross, never one over a label or a disc', () => {
    const obstacles = new PlacementObstacles();
    obstacles.addSegment(0, 105, 800, 105, 1, 0); // crosses the first spot
    obstacles.addDisc(130, 207, 8); // under the second spot
    const kept = request([100, 300], 60, 14, 9); // a more important label on the third spot
    const spots = [100, 100, 100, 200, 100, 300];
    const placer = new LabelPlacer();
    // An ordinary label finds every spot taken and is dropped.
    expect(placer.place([kept, request(spots, 60, 14, 1)], 2, obstacles, viewport, 10).map((p) => p.index)).toEqual([0]);
    // One that may sit over edges takes the spot only the edge crosses, marked not clean (drawn on a plate).
    expect([...placer.place([kept, { ...request(spots, 60, 14, 1), overEdges: true }], 2, obstacles, viewport, 10)]).toEqual([
      { index: 0, x: 100, y: 300, clean: true, detailed: false },
      { index: 1, x: 100, y: 100, clean: false, detailed: false },
    ]);
    // Over a disc or another label it still may not go.
    const blocked = { ...request([100, 200, 100, 300], 60, 14, 1), overEdges: true };
    expect(placer.place([kept, blocked], 2, obstacles, viewport, 10).map((p) => p.index)).toEqual([0]);
  });

  it('takes only spots wholly on screen, except for a forced label with no such spot', () => {
    const placer = new LabelPlacer();
    const obstacles = new PlacementObstacles();
    expect(placer.place([request([780, 100, 700, 100])], 1, obstacles, viewport, 10)[0]).toMatchObject({ x: 700, y: 100 });
    expect(placer.place([request([780, 100])], 1, obstacles, viewport, 10)).toEqual([]);
    // A forced label's spot is pushed back onto the screen; where that is crossed it stays there, marked not
    // clean, rather than be cut by the screen's edge.
    expect(placer.place([request([780, 100], 60, 14, 1, true)], 1, obstacles, viewport, 10)).toEqual([{ index: 0, x: 740, y: 100, clean: true, detailed: false }]);
    obstacles.addSegment(772, 90, 772, 120, 0.5, 0);
    expect(placer.place([request([780, 100], 30, 14, 1, true)], 1, obstacles, viewport, 10)).toEqual([{ index: 0, x: 770, y: 100, clean: false, detailed: false }]);
    expect(placer.place([request([900, 100], 60, 14, 1, true)], 1, obstacles, viewport, 10)).toEqual([]);
  });

  it('keeps no two labels overlapping, no disc covered and no edge crossing a kept label in a crowded random view', () => {
    // A deterministic crowd: 120 nodes with names, 200 straight edges between them.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const obstacles = new PlacementObstacles();
    const nodes = Array.from({ length: 120 }, () => ({ x: random() * 800, y: random() * 600, r: 4 + random() * 10 }));
    nodes.forEach((n) => obstacles.addDisc(n.x, n.y, n.r));
    for (let k = 0; k < 200; k++) {
      const a = nodes[Math.floor(random() * nodes.length)]!;
      const b = nodes[Math.floor(random() * nodes.length)]!;
      obstacles.addSegment(a.x, a.y, b.x, b.y, 0.5, k);
    }
    const requests = nodes.map((n, i) => {
      const spots = new Float64Array(2 * SPOTS_AROUND_NODE);
      const width = 30 + random() * 60;
      const count = spotsAroundNode(n.x, n.y, n.r + 3, width, 15, spots);
      return { width, height: 15, priority: i, force: false, spots, spotCount: count, ownDisc: i, ownEdge: -1 };
    });
    const placed = new LabelPlacer().place(requests, requests.length, obstacles, viewport, 1000);
    expect(placed.length).toBeGreaterThan(5);
    const boxes = placed.map((p) => ({ l: p.x, t: p.y, r: p.x + requests[p.index]!.width, b: p.y + 15, own: p.index }));
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(a.l < b.r && a.r > b.l && a.t < b.b && a.b > b.t).toBe(false);
      for (let j = 0; j < obstacles.segmentCount; j++) {
        const s = obstacles.segments.subarray(j * 6, j * 6 + 6);
        expect(segmentHitsBox(s[0]!, s[1]!, s[2]!, s[3]!, a.l, a.t, a.r, a.b)).toBe(false);
      }
      nodes.forEach((n, j) => {
        if (j !== a.own) expect(discHitsBox(n.x, n.y, n.r, a.l, a.t, a.r, a.b)).toBe(false);
      });
    }
    // The most important label that has a clean spot is among those kept, in priority order.
    expect(placed.map((p) => p.index)).toEqual([...placed.map((p) => p.index)].sort((a, b) => b - a));
  });
});

describe('spotsAroundNode()', () => {
  it('offers below, above, right and left first, each clear of the given ring', () => {
    const out = new Float64Array(2 * SPOTS_AROUND_NODE);
    expect(spotsAroundNode(100, 100, 30, 40, 10, out)).toBe(SPOTS_AROUND_NODE);
    expect([...out.subarray(0, 8)]).toEqual([80, 130, 80, 60, 130, 95, 30, 95]);
    for (let k = 0; k < SPOTS_AROUND_NODE; k++) expect(discHitsBox(100, 100, 30, out[k * 2]!, out[k * 2 + 1]!, out[k * 2]! + 40, out[k * 2 + 1]! + 10)).toBe(false);
  });
});

describe('LabelPlacer level of detail and the chrome', () => {
  /** A request with a detailed form of `dw` × `dh` at `detailSpots`. */
  function detailed(spots: number[], detailSpots: number[], dw: number, dh: number, priority: number, force = true): PlacementRequest {
    return { ...request(spots, 60, 14, priority, force), detailWidth: dw, detailHeight: dh, detailSpots: Float64Array.from(detailSpots), detailSpotCount: detailSpots.length / 2 };
  }

  it('places every short form before any detailed one, then gives the detail to the more important label where it fits', () => {
    // Two names 40 px apart; each detailed form (60 × 40) would cover the other's name.
    const a = detailed([100, 100], [100, 100], 60, 40, 2);
    const b = detailed([100, 130], [100, 130], 60, 40, 1);
    const placed = new LabelPlacer().place([b, a], 2, new PlacementObstacles(), viewport, 10);
    // Both names survive; a's detail would cover b's name, so a stays short, while b's detail (below its
    // name, clear of a's) fits.
    expect(placed.map((p) => [p.index, p.detailed, p.clean])).toEqual([[1, false, true], [0, true, true]]);
    // With b's name out of a's way, the more important label takes its detail, and b is drawn short.
    const far = detailed([100, 300], [100, 300], 60, 40, 1);
    const again = new LabelPlacer().place([far, a], 2, new PlacementObstacles(), viewport, 10);
    expect(again.map((p) => [p.index, p.detailed, p.y])).toEqual([[1, true, 100], [0, true, 300]]);
  });

  it('gives the detail in priority order: the first to fit takes the room', () => {
    // Both details would take the same strip between their names; the higher priority one gets it.
    const high = detailed([100, 100], [100, 100], 60, 40, 5);
    const low = detailed([100, 160], [100, 125], 60, 40, 1);
    const placed = new LabelPlacer().place([low, high], 2, new PlacementObstacles(), viewport, 10);
    expect(placed.find((p) => p.index === 1)!.detailed).toBe(true);
    expect(placed.find((p) => p.index === 0)!.detailed).toBe(false);
  });

  it('takes a detailed form only where no edge crosses it and it is wholly in the area', () => {
    const obstacles = new PlacementObstacles();
    obstacles.addSegment(50, 130, 200, 130, 1, 0);
    const placed = new LabelPlacer().place([detailed([100, 100], [100, 100, 100, 560], 60, 60, 1)], 1, obstacles, viewport, 10);
    // Below the name an edge crosses the detailed box; the second spot runs off the bottom of the screen.
    expect(placed[0]).toMatchObject({ x: 100, y: 100, detailed: false });
    const open = new LabelPlacer().place([detailed([100, 100], [100, 100, 100, 500], 60, 60, 1)], 1, obstacles, viewport, 10);
    expect(open[0]).toMatchObject({ x: 100, y: 500, detailed: true });
  });

  it('keeps labels out of the insets the chrome covers, and pushes a forced one back into the area', () => {
    const insets = { top: 100, right: 0, bottom: 120, left: 0 };
    const placer = new LabelPlacer();
    const obstacles = new PlacementObstacles();
    // Under the toolbar (y 80..94): dropped if it may be, else moved just below the toolbar.
    expect(placer.place([request([300, 80, 300, 90])], 1, obstacles, { ...viewport, insets }, 10)).toEqual([]);
    expect(placer.place([request([300, 80], 60, 14, 1, true)], 1, obstacles, { ...viewport, insets }, 10)).toEqual([{ index: 0, x: 300, y: 100, clean: true, detailed: false }]);
    // Its second spot clear of the timeline band at the bottom (y ≥ 480) is taken instead of the first.
    expect(placer.place([request([300, 470, 300, 300])], 1, obstacles, { ...viewport, insets }, 10)[0]).toMatchObject({ x: 300, y: 300 });
  });

  it('lets a label wholly inside its own disc be where that disc’s edges end, but not one poking out of it', () => {
    const obstacles = new PlacementObstacles();
    const disc = obstacles.addDisc(200, 200, 40);
    // A stream ending at the rim, 20 px wide either side: it reaches into the text's box only by its width.
    obstacles.addSegment(100, 200, 160, 200, 20, 0);
    const inside = { ...request([180, 190], 40, 20, 1, false, { disc }) };
    expect(new LabelPlacer().place([inside], 1, obstacles, viewport, 10)).toHaveLength(1);
    const poking = { ...request([150, 190], 100, 20, 1, false, { disc }) };
    expect(new LabelPlacer().place([poking], 1, obstacles, viewport, 10)).toEqual([]);
    expect(boxInsideDisc(200, 200, 40, 180, 190, 220, 210)).toBe(true);
    expect(boxInsideDisc(200, 200, 40, 161, 190, 239, 210)).toBe(false);
  });
});

describe('spots for a ring of regions', () => {
  it('puts the spots facing outward first, keeping the order among equals', () => {
    const spots = new Float64Array(2 * SPOTS_AROUND_NODE);
    const count = spotsAroundNode(100, 100, 10, 40, 12, spots);
    // A node at the top of a ring (the middle below it): "above" is the most outward spot.
    orderSpotsOutward(100, 100, 0, -1, 40, 12, spots, count);
    expect([spots[0], spots[1]]).toEqual([80, 100 - 10 - 12]);
    // Each next spot faces outward no more than the one before it.
    const facing = (k: number) => {
      const ox = spots[k * 2]! + 20 - 100;
      const oy = spots[k * 2 + 1]! + 6 - 100;
      return -oy / Math.hypot(ox, oy);
    };
    for (let k = 1; k < count; k++) expect(facing(k)).toBeLessThanOrEqual(facing(k - 1) + 1e-9);
    // A node on the ring's right: "right" first.
    spotsAroundNode(100, 100, 10, 40, 12, spots);
    orderSpotsOutward(100, 100, 1, 0, 40, 12, spots, count);
    expect([spots[0], spots[1]]).toEqual([110, 94]);
    // No direction (the middle itself): the order is left as it was.
    const before = Float64Array.from(spots);
    orderSpotsOutward(100, 100, 0, 0, 40, 12, spots, count);
    expect([...spots]).toEqual([...before]);
  });

  it('offers rows further out above and below, so crowded neighbours can alternate rows', () => {
    const spots = new Float64Array(2 * SPOTS_AROUND_REGION);
    expect(spotsAroundRegion(200, 200, 20, 100, 30, spots)).toBe(SPOTS_AROUND_REGION);
    const tops = new Set<number>();
    for (let k = 8; k < SPOTS_AROUND_REGION; k++) {
      const y = spots[k * 2 + 1]!;
      // Every extra spot is wholly above or wholly below the node, clear of the clearance.
      expect(y + 30 <= 200 - 20 || y >= 200 + 20).toBe(true);
      tops.add(y);
    }
    // Three rows each side beyond the first.
    expect(tops.size).toBe(6);
    // Two neighbours 60 px apart (closer than a label's width) find spots in different rows that do not overlap.
    const placer = new LabelPlacer();
    const a = { width: 100, height: 30, priority: 2, force: false, spots: new Float64Array(2 * SPOTS_AROUND_REGION), spotCount: 0, ownDisc: -1, ownEdge: -1 };
    const b = { ...a, priority: 1, spots: new Float64Array(2 * SPOTS_AROUND_REGION) };
    a.spotCount = spotsAroundRegion(200, 300, 20, 100, 30, a.spots);
    b.spotCount = spotsAroundRegion(260, 300, 20, 100, 30, b.spots);
    // A wall of edges through both nodes rules out the spots beside them: above and below remain.
    const obstacles = new PlacementObstacles();
    obstacles.addSegment(0, 300, 800, 300, 1, 0);
    const placed = placer.place([a, b], 2, obstacles, viewport, 10);
    expect(placed.map((p) => p.clean)).toEqual([true, true]);
    const [p, q] = placed as [Placement, Placement];
    expect(p.x < q.x + 100 && p.x + 100 > q.x && p.y < q.y + 30 && p.y + 30 > q.y).toBe(false);
    // The first spots of each (below, above, centred) overlap, 60 px apart and 100 px wide: they alternate rows.
    expect(p.y).not.toBe(q.y);
  });
});
