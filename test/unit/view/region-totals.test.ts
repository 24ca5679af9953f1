import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../shared/build-graph';
import type { Call } from '../../../shared/model';
import { ingressLabelText, regionTotalsText } from '../../../shared/view/headline';
import { buildViewModel, NO_FILTER } from '../../../shared/view/view-model';

const call = (source: string, destination: string, normal: number, danger = 0): Call => ({
  sourceRegion: 'east',
  source,
  destinationRegion: 'east',
  destination,
  rate: { normal, danger, warning: 0 },
});

// 800 rps enter from the INTERNET, 40 of them failing (5 %); 3 services call each other at 1,300 rps.
const calls: Call[] = [call('INTERNET', 'api', 760, 40), call('api', 'cart', 1000), call('cart', 'db', 300)];
const graph = buildGraph([{ batch: { source: 'feed', sampledAt: 1000, calls, seriesRead: calls.length }, staleSince: null }], { now: 1000 });

describe('region totals and the ingress label on the region view', () => {
  it('writes what enters the region, its error rate, its internal calls and its size', () => {
    const model = buildViewModel(graph, { view: 'region', region: 'east' }, NO_FILTER);
    expect(model.totals).toMatchObject({ name: 'east', internalRps: 1300, services: 3, class: 'danger' });
    expect(regionTotalsText(model.totals!)).toBe('east · 800 rps in · 5.0% err\ninternal 1.3k calls/s · 3 services');
  });

  it("writes the INTERNET's name over what it sends into the region", () => {
    const model = buildViewModel(graph, { view: 'region', region: 'east' }, NO_FILTER);
    expect(ingressLabelText('INTERNET', 'INTERNET', model.edges)).toBe('INTERNET\n800 rps in · 5.0% err');
    expect(ingressLabelText('db', 'db', model.edges)).toBe('db');
  });

  it('keeps the totals under "errors only"', () => {
    const model = buildViewModel(graph, { view: 'region', region: 'east' }, { errorsOnly: true, minRps: 0 });
    expect(model.nodes.length).toBeLessThan(4);
    expect(model.totals?.services).toBe(3);
  });
});
