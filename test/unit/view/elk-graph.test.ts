import { describe, expect, it } from 'vitest';
import { INTERNET } from '../../../shared/model';
import { elkRequest, positionsFromElk } from '../../../shared/view/elk-graph';
import { layoutInputOf, REGION_SPACING } from '../../../shared/view/layout';
import { buildViewModel, NO_FILTER } from '../../../shared/view/view-model';
import { netflixGraph } from './sample';

describe('elkRequest()', () => {
  const model = buildViewModel(netflixGraph(), { view: 'region', region: 'us-east-1' }, NO_FILTER);
  const request = elkRequest(layoutInputOf(model));

  it('asks elk for a left-to-right layered layout of every node and call', () => {
    expect(request.layoutOptions['elk.algorithm']).toBe('layered');
    expect(request.layoutOptions['elk.direction']).toBe('RIGHT');
    expect(request.children).toHaveLength(model.nodes.length);
    expect(request.edges).toHaveLength(model.edges.filter((e) => e.source !== e.target).length);
  });

  it('pins the INTERNET to the first layer', () => {
    const internet = request.children.find((c) => c.id === INTERNET);
    expect(internet?.layoutOptions?.['elk.layered.layering.layerConstraint']).toBe('FIRST_SEPARATE');
  });

  it('pins called remote regions to the last layer and calling ones to the first', () => {
    const r = elkRequest({
      nodes: [{ id: 'a', kind: 'service' }, { id: 'eu', kind: 'region' }, { id: 'ap', kind: 'region' }],
      edges: [{ source: 'a', target: 'eu' }, { source: 'ap', target: 'a' }],
    });
    expect(r.children.find((c) => c.id === 'eu')?.layoutOptions?.['elk.layered.layering.layerConstraint']).toBe('LAST_SEPARATE');
    expect(r.children.find((c) => c.id === 'ap')?.layoutOptions?.['elk.layered.layering.layerConstraint']).toBe('FIRST_SEPARATE');
  });
});

describe('positionsFromElk()', () => {
  it('keeps elk layers as columns and elk order top to bottom', () => {
    const positions = positionsFromElk(
      {
        children: [
          { id: 'b', x: 200, y: 100, width: 48, height: 48 },
          { id: 'a', x: 0, y: 50, width: 48, height: 48 },
          { id: 'c', x: 200, y: 0, width: 48, height: 48 },
        ],
      },
      3,
    );
    expect(positions.get('a')!.x).toBeLessThan(positions.get('b')!.x);
    expect(positions.get('b')!.x).toBe(positions.get('c')!.x);
    // elk's y grows downwards, ours upwards: c (elk y 0) is above b.
    expect(positions.get('c')!.y).toBeGreaterThan(positions.get('b')!.y);
    expect(positions.get('c')!.y - positions.get('b')!.y).toBeGreaterThanOrEqual(REGION_SPACING.rowSpacing);
  });
});
