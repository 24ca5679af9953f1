import { describe, expect, it } from 'vitest';
import { keyAction } from '../../../renderer/app/keymap';
import { WhatifService } from '../../../electron/hub/whatif-service';
import { buildViewModel } from '../../../shared/view/view-model';
import { labelOverloads } from '../../../shared/whatif/view-labels';
import { world } from './world-helpers';

const live = world([
  ['INTERNET', 'a/web', 100],
  ['INTERNET', 'b/web', 100],
  ['b/web', 'b/db', 100],
]);

describe('labelOverloads()', () => {
  it('writes utilisation under an overloaded service in its region view and keeps its id', () => {
    const model = labelOverloads(buildViewModel(live, { view: 'region', region: 'b' }, { errorsOnly: false, minRps: 0 }), [{ region: 'b', service: 'web', utilisation: 1.434 }]);
    expect(model.nodes.find((n) => n.id === 'web')?.name).toBe('web\n143% of capacity');
    expect(model.nodes.find((n) => n.id === 'db')?.name).toBe('db');
  });

  it('counts a region’s overloaded services on its node in the global view', () => {
    const model = labelOverloads(buildViewModel(live, { view: 'global' }, { errorsOnly: false, minRps: 0 }), [
      { region: 'b', service: 'web', utilisation: 2 },
      { region: 'b', service: 'db', utilisation: 1.5 },
    ]);
    expect(model.nodes.find((n) => n.id === 'b')?.name).toBe('b\n2 over capacity');
    expect(model.nodes.find((n) => n.id === 'a')?.name).toBe('a');
  });
});

describe('keyAction()', () => {
  it('maps r to the rehearsal toggle', () => {
    expect(keyAction({ key: 'r', ctrlKey: false, metaKey: false, altKey: false }, false)).toBe('rehearse');
    expect(keyAction({ key: 'r', ctrlKey: true, metaKey: false, altKey: false }, false)).toBeNull();
  });
});

describe('WhatifService', () => {
  it('shares one computation between requests for the same plan on the same graph, and recomputes on the next graph', () => {
    const service = new WhatifService({ now: () => 5_000 });
    service.observe(live, 1);
    const first = service.project({ drain: ['a'] });
    const again = service.project({ drain: ['a'], fraction: 1 });
    expect(first.ok && again.ok && first.answer === again.answer).toBe(true);
    service.observe(live, 2);
    const next = service.project({ drain: ['a'] });
    expect(next.ok && first.ok && next.answer !== first.answer && next.answer.seq === 2).toBe(true);
  });

  it('answers 503 before the first graph and 400 naming the field for a plan the world cannot take', () => {
    const service = new WhatifService({ now: () => 0 });
    expect(service.project({ drain: ['a'] })).toMatchObject({ ok: false, status: 503 });
    service.observe(live, 1);
    expect(service.project({ drain: ['nowhere'] })).toMatchObject({ ok: false, status: 400, problem: { field: 'drain[0]' } });
  });

  it('uses the peak it has seen since it started, times headroom', () => {
    const service = new WhatifService({ now: () => 0, headroom: 2 });
    service.observe(world([['INTERNET', 'a/web', 100], ['INTERNET', 'b/web', 300]]), 1);
    service.observe(live, 2);
    const out = service.project({ drain: ['a'] });
    expect(out.ok && out.answer.projection.services.find((s) => s.region === 'b' && s.service === 'web')).toMatchObject({ capacityRps: 600, capacitySource: 'observed-peak', projectedRps: 200 });
  });
});
