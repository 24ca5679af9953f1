import { describe, expect, it } from 'vitest';
import { formatRoute, parentRoute, parseRoute, sameRoute } from '../../shared/view/routes';

const hostile = [
  '<img src=x onerror=alert(1)>',
  'a/b/c',
  '#/region/x',
  '100% done?',
  'naïve 服务 🚀',
  '..',
  '%E0%A4%A',
  ' leading and trailing ',
  'amp&eq=;plus+',
  "quote'\"back`slash\\",
];

describe('routes', () => {
  it('formatRoute() gives the contract fragments for plain names', () => {
    expect(formatRoute({ view: 'global' })).toBe('#/');
    expect(formatRoute({ view: 'region', region: 'us-east-1' })).toBe('#/region/us-east-1');
    expect(formatRoute({ view: 'focus', region: 'us-east-1', service: 'api' })).toBe('#/region/us-east-1/api');
  });

  it('parseRoute() reads the contract fragments, with or without the leading #', () => {
    expect(parseRoute('#/')).toEqual({ view: 'global' });
    expect(parseRoute('')).toEqual({ view: 'global' });
    expect(parseRoute('#/region/eu-west-1')).toEqual({ view: 'region', region: 'eu-west-1' });
    expect(parseRoute('/region/eu-west-1/edge')).toEqual({ view: 'focus', region: 'eu-west-1', service: 'edge' });
    expect(parseRoute('#/region/eu-west-1/')).toEqual({ view: 'region', region: 'eu-west-1' });
  });

  it.each(hostile)('round-trips the hostile name %j as region and as service', (name) => {
    const region = { view: 'region' as const, region: name };
    const focus = { view: 'focus' as const, region: name, service: name };
    expect(parseRoute(formatRoute(region))).toEqual(region);
    expect(parseRoute(formatRoute(focus))).toEqual(focus);
    // Nothing in an encoded name can end the fragment or add a segment.
    expect(formatRoute(focus).slice(1)).not.toMatch(/[#<>"\s]/);
    expect(formatRoute(focus).split('/')).toHaveLength(4);
  });

  it('parseRoute() falls back instead of throwing on malformed input', () => {
    expect(parseRoute('#/region/%E0%A4%A')).toEqual({ view: 'global' });
    expect(parseRoute('#/region/ok/%E0%A4%A')).toEqual({ view: 'region', region: 'ok' });
    expect(parseRoute('#/nowhere/x')).toEqual({ view: 'global' });
    expect(parseRoute('#/region/')).toEqual({ view: 'global' });
    expect(parseRoute('#/region/a/b/c')).toEqual({ view: 'global' });
  });

  it('parentRoute() goes focus → region → global', () => {
    expect(parentRoute({ view: 'focus', region: 'r', service: 's' })).toEqual({ view: 'region', region: 'r' });
    expect(parentRoute({ view: 'region', region: 'r' })).toEqual({ view: 'global' });
    expect(parentRoute({ view: 'global' })).toEqual({ view: 'global' });
  });

  it('sameRoute() compares by address', () => {
    expect(sameRoute({ view: 'region', region: 'a/b' }, parseRoute('#/region/a%2Fb'))).toBe(true);
    expect(sameRoute({ view: 'region', region: 'a' }, { view: 'focus', region: 'a', service: 'b' })).toBe(false);
  });
});
