import { describe, expect, it } from 'vitest';
import { grpcOutcome, httpOutcome, worst } from '../../shared/outcome';

describe('httpOutcome()', () => {
  it('reads 5xx and Istio\'s no-response code 0 as server failures', () => {
    for (const code of ['500', '503', '504', '599', '0']) expect(httpOutcome(code), code).toBe('danger');
  });

  it('reads 4xx as client errors and everything else as normal', () => {
    for (const code of ['400', '404', '429', '499']) expect(httpOutcome(code), code).toBe('warning');
    for (const code of ['200', '204', '301', '101', '', 'abc', '600']) expect(httpOutcome(code), code).toBe('normal');
  });
});

describe('grpcOutcome()', () => {
  it('reads the server-error codes UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS as failures', () => {
    for (const code of ['2', '4', '12', '13', '14', '15', 'UNAVAILABLE', 'internal']) expect(grpcOutcome(code), code).toBe('danger');
  });

  it('reads the other non-OK codes as client errors, OK and unknown values as normal', () => {
    for (const code of ['1', '3', '5', '6', '7', '8', '9', '10', '11', '16', 'NOT_FOUND']) expect(grpcOutcome(code), code).toBe('warning');
    for (const code of ['0', 'OK', '', '17', 'banana']) expect(grpcOutcome(code), code).toBe('normal');
  });
});

describe('worst()', () => {
  it('keeps the more severe outcome', () => {
    expect(worst('normal', 'warning')).toBe('warning');
    expect(worst('danger', 'warning')).toBe('danger');
    expect(worst('normal', 'normal')).toBe('normal');
  });
});
