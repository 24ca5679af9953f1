import { describe, expect, it } from 'vitest';
import { filterFromQuery, queryWithFilter } from '../../renderer/app/view-query';

describe('filterFromQuery()', () => {
  it('reads errors=1 and min=N, and nothing else as a filter', () => {
    expect(filterFromQuery('?wall=20&errors=1')).toEqual({ errorsOnly: true, minRps: 0 });
    expect(filterFromQuery('?min=2.5')).toEqual({ errorsOnly: false, minRps: 2.5 });
    expect(filterFromQuery('?errors=yes&min=-3')).toEqual({ errorsOnly: false, minRps: 0 });
  });
});

describe('queryWithFilter()', () => {
  it('writes the filter beside the wall dwell and keeps every other parameter', () => {
    expect(queryWithFilter('?wall=20', { errorsOnly: true, minRps: 0 })).toBe('?wall=20&errors=1');
    expect(queryWithFilter('?wall=20&errors=1&min=5', { errorsOnly: false, minRps: 0 })).toBe('?wall=20');
    expect(queryWithFilter('', { errorsOnly: false, minRps: 0 })).toBe('');
  });
});
