import { describe, expect, it } from 'vitest';
import { globalHeadline } from '../../../shared/view/headline';
import { formatRps } from '../../../shared/view/palette';
import { allocateParticles } from '../../../shared/view/particles';
import { GLOBAL_RADIUS_MAX, GLOBAL_RADIUS_MIN, globalRegionRadius, shareDensity, streamHalfWidth, volumeShare } from '../../../shared/view/volume-scale';
import type { ViewNode } from '../../../shared/view/view-model';

describe('globalRegionRadius()', () => {
  it('gives twice the ingress twice the disc area, the busiest the largest disc, a trickle the smallest', () => {
    const big = globalRegionRadius(600, 600);
    const half = globalRegionRadius(300, 600);
    expect(big).toBe(GLOBAL_RADIUS_MAX);
    expect((big / half) ** 2).toBeCloseTo(2, 10);
    expect(globalRegionRadius(0.01, 600)).toBe(GLOBAL_RADIUS_MIN);
  });
});

describe('streamHalfWidth()', () => {
  it('widens with √share and is zero without traffic', () => {
    expect(streamHalfWidth('global', 600, 600) / streamHalfWidth('global', 150, 600)).toBeCloseTo(2, 10);
    expect(streamHalfWidth('region', 0, 600)).toBe(0);
    expect(volumeShare(5, 0)).toBe(0);
  });
});

describe('allocateParticles() with a volume share', () => {
  it('puts about twice the particles on a stream with twice the traffic', () => {
    const rps = [600, 300];
    const extra = rps.map((r) => shareDensity('global', volumeShare(r, 600)));
    const out = allocateParticles(rps, [400, 400], 30_000, new Uint32Array(2), extra);
    expect(out[0]! / out[1]!).toBeGreaterThan(1.8);
  });
});

describe('formatRps()', () => {
  it('never reads a trickle as 0', () => {
    expect(formatRps(0.07)).toBe('< 0.1');
    expect(formatRps(0.1)).toBe('0.1');
    expect(formatRps(0)).toBe('0');
    expect(formatRps(63_270)).toBe('63k');
  });
});

describe('globalHeadline()', () => {
  const region = (over: Partial<ViewNode>): ViewNode => ({
    id: 'us-east-1',
    name: 'us-east-1',
    kind: 'region',
    rate: { normal: 63_139, danger: 131, warning: 0 },
    class: 'normal',
    stale: false,
    notices: [],
    region: { share: 0.4738, internalRps: 127_000, worstCall: null, noData: false },
    ...over,
  });

  it("writes share, rps and error % inside, as Vizceral does, and the internal calls below", () => {
    expect(globalHeadline(region({}))).toEqual({ inside: '47%\n63k rps\n0.2% err', below: 'us-east-1\ninternal 127k calls/s' });
  });

  it('names the worst internal call below', () => {
    const worst = { source: 'api', target: 'db', rate: { normal: 3, danger: 1, warning: 0 }, class: 'danger' as const };
    expect(globalHeadline(region({ region: { share: 0.5, internalRps: 10, worstCall: worst, noData: false } })).below).toBe('us-east-1\ninternal 10 calls/s\nworst api → db 25%');
  });

  it('says "no data yet" and "—" where nothing has answered', () => {
    const internet = region({ id: 'INTERNET', name: 'INTERNET', kind: 'internet', rate: { normal: 0, danger: 0, warning: 0 }, region: { share: null, internalRps: 0, worstCall: null, noData: true } });
    expect(globalHeadline(internet)).toEqual({ inside: '', below: 'INTERNET\n— rps · no data yet' });
  });
});
