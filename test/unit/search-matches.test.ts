import { describe, expect, it } from 'vitest';
import type { Graph } from '../../shared/model';
import { buildViewModel } from '../../shared/view/view-model';
import { MAX_MATCHES, findMatches, highlightIds } from '../../renderer/app/search-matches';

const rate = { normal: 1, danger: 0, warning: 0 };
function region(name: string, services: string[]) {
  return {
    name,
    updated: 0,
    sources: [],
    staleSince: null,
    rate,
    class: 'normal' as const,
    nodes: services.map((s) => ({ name: s, kind: 'service' as const, rate, class: 'normal' as const })),
    connections: [],
  };
}
const graph: Graph = {
  serverUpdateTime: 0,
  connections: [],
  regions: [region('east', ['Checkout', 'cart', '<img src=x onerror=alert(1)>']), region('west', ['checkout-v2'])],
};

describe('findMatches()', () => {
  it('matches case-insensitively and puts the current region first', () => {
    const matches = findMatches(graph, 'CHECK', { view: 'region', region: 'west' });
    expect(matches.map((m) => m.route)).toEqual([
      { view: 'focus', region: 'west', service: 'checkout-v2' },
      { view: 'focus', region: 'east', service: 'Checkout' },
    ]);
  });
  it('finds regions and hostile names as plain text', () => {
    expect(findMatches(graph, 'wes', { view: 'global' })[0]?.route).toEqual({ view: 'region', region: 'west' });
    expect(findMatches(graph, '<img', { view: 'global' })[0]?.label).toBe('<img src=x onerror=alert(1)> · east');
  });
  it('returns nothing for a blank query and caps the list', () => {
    expect(findMatches(graph, '  ', { view: 'global' })).toEqual([]);
    const many: Graph = { ...graph, regions: [region('r', Array.from({ length: 30 }, (_, i) => `svc-${i}`))] };
    expect(findMatches(many, 'svc', { view: 'global' })).toHaveLength(MAX_MATCHES);
  });
});

describe('highlightIds()', () => {
  it('highlights matching nodes in a region view', () => {
    const model = buildViewModel(graph, { view: 'region', region: 'east' }, { errorsOnly: false, minRps: 0 });
    expect(highlightIds(graph, model, 'cart')).toEqual(['cart']);
  });
  it('highlights the regions that hold a match in the global view', () => {
    const model = buildViewModel(graph, { view: 'global' }, { errorsOnly: false, minRps: 0 });
    expect(highlightIds(graph, model, 'v2')).toEqual(['west']);
  });
});

describe('highlightIds() in a region drawn as islands', () => {
  it('lights the collapsed island that holds a matching service', () => {
    const names = Array.from({ length: 301 }, (_, i) => `team${i % 3}-svc${i}`);
    const big: Graph = { serverUpdateTime: 0, connections: [], regions: [region('big', names)] };
    const model = buildViewModel(big, { view: 'region', region: 'big' }, { errorsOnly: false, minRps: 0 });
    expect(model.nodes.map((n) => n.id).sort()).toEqual(['island:team0', 'island:team1', 'island:team2']);
    // svc299: 299 % 3 = 2.
    expect(highlightIds(big, model, 'svc299')).toEqual(['island:team2']);
  });
});
