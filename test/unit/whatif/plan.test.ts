import { describe, expect, it } from 'vitest';
import { hashQuery, planFromWhatifParam, whatifParam } from '../../../shared/whatif/deep-link';
import { parsePlan, planFromQuery, planKey, planToQuery, validatePlan } from '../../../shared/whatif/plan';
import { world } from './world-helpers';

const g = world([
  ['INTERNET', 'a/web', 1],
  ['INTERNET', 'b/web', 1],
  ['INTERNET', 'c/web', 1],
]);

describe('parsePlan()', () => {
  it('accepts a plan and names the field of a bad one', () => {
    expect(parsePlan({ drain: ['a'], to: { b: 2 }, fraction: 0.5 })).toEqual({ ok: true, plan: { drain: ['a'], to: { b: 2 }, fraction: 0.5 } });
    expect(parsePlan({})).toMatchObject({ ok: false, problem: { field: 'drain' } });
    expect(parsePlan({ drain: [] })).toMatchObject({ ok: false, problem: { field: 'drain', message: 'name at least one region to drain' } });
    expect(parsePlan({ drain: ['a'], fraction: 1.5 })).toMatchObject({ ok: false, problem: { field: 'fraction' } });
    expect(parsePlan({ drain: ['a'], to: { b: -1 } })).toMatchObject({ ok: false, problem: { field: 'to.b' } });
    expect(parsePlan({ drain: [3] })).toMatchObject({ ok: false, problem: { field: 'drain[0]' } });
    expect(parsePlan({ drain: ['a'], fracton: 1 })).toMatchObject({ ok: false, problem: { field: 'fracton', message: expect.stringContaining('unknown field') } });
    expect(parsePlan('drain a')).toMatchObject({ ok: false, problem: { field: '(plan)' } });
  });
});

describe('validatePlan()', () => {
  it('names unknown, repeated and drained regions and a plan that drains everything', () => {
    expect(validatePlan({ drain: ['a'] }, g)).toBeNull();
    expect(validatePlan({ drain: ['a', 'zz'] }, g)).toMatchObject({ field: 'drain[1]', message: expect.stringContaining('unknown region "zz"') });
    expect(validatePlan({ drain: ['a', 'a'] }, g)).toMatchObject({ field: 'drain[1]' });
    expect(validatePlan({ drain: ['a', 'b', 'c'] }, g)).toMatchObject({ field: 'drain' });
    expect(validatePlan({ drain: ['a'], to: { a: 1 } }, g)).toMatchObject({ field: 'to.a' });
    expect(validatePlan({ drain: ['a'], to: { q: 1 } }, g)).toMatchObject({ field: 'to.q' });
    expect(validatePlan({ drain: ['a'], to: { b: 0 } }, g)).toMatchObject({ field: 'to' });
  });
});

describe('plan spellings', () => {
  it('planKey() is the same for the same plan written differently', () => {
    expect(planKey({ drain: ['b', 'a'], to: { c: 1, d: 2 } })).toBe(planKey({ drain: ['a', 'b'], to: { d: 2, c: 1 }, fraction: 1 }));
    expect(planKey({ drain: ['a'] })).not.toBe(planKey({ drain: ['a'], fraction: 0.5 }));
  });

  it('planFromQuery() reads what planToQuery() writes and names a bad parameter', () => {
    const plan = { drain: ['a', 'b'], to: { c: 2 }, fraction: 0.25 };
    expect(planFromQuery(new URLSearchParams(planToQuery(plan)))).toEqual({ ok: true, plan });
    expect(planFromQuery(new URLSearchParams('drain=a&fraction=lots'))).toMatchObject({ ok: false, problem: { field: 'fraction' } });
    expect(planFromQuery(new URLSearchParams('to=b:1'))).toMatchObject({ ok: false, problem: { field: 'drain' } });
    expect(planFromQuery(new URLSearchParams('drain=a&to=b'))).toMatchObject({ ok: false, problem: { field: 'to' } });
  });

  it('a ?whatif= deep link after the hash path names the plan', () => {
    const query = hashQuery('#/region/us-east-1?whatif=drain:eu-west-1,ap-south-1');
    expect(planFromWhatifParam(query.get('whatif'))).toEqual({ ok: true, plan: { drain: ['eu-west-1', 'ap-south-1'] } });
    expect(planFromWhatifParam(hashQuery('#/').get('whatif'))).toBeNull();
    expect(planFromWhatifParam('drain:a;fraction:0.5;to:b=2,c=1')).toEqual({ ok: true, plan: { drain: ['a'], fraction: 0.5, to: { b: 2, c: 1 } } });
    expect(planFromWhatifParam('evacuate:a')).toMatchObject({ ok: false, problem: { field: 'whatif' } });
    expect(whatifParam({ drain: ['a', 'b'], fraction: 0.5 })).toBe('drain:a,b;fraction:0.5');
    expect(hashQuery('#/?whatif=drain%3Aa%20b').get('whatif')).toBe('drain:a b');
  });
});
