import { describe, expect, it } from 'vitest';
import { PrometheusAnswerError } from '../../shared/presets/answer';
import { rangeWindows, vectorsByStep } from '../../shared/timeline/range-answer';

describe('vectorsByStep()', () => {
  it('turns a matrix answer into one instant vector per step, oldest first, with each series at its steps', () => {
    const a = { destination_workload: 'cart' };
    const b = { destination_workload: 'db' };
    const answer = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: a, values: [[100, '1.5'], [105, '2'], [110, '2.5']] },
          { metric: b, values: [[105, '7']] },
        ],
      },
    };
    expect(vectorsByStep(answer)).toEqual([
      { time: 100, samples: [{ metric: a, value: [100, '1.5'] }] },
      { time: 105, samples: [{ metric: a, value: [105, '2'] }, { metric: b, value: [105, '7'] }] },
      { time: 110, samples: [{ metric: a, value: [110, '2.5'] }] },
    ]);
  });

  it('refuses an answer that is not a successful matrix, naming why', () => {
    expect(() => vectorsByStep({ status: 'error', errorType: 'bad_data', error: 'exceeded maximum resolution of 11,000 points per timeseries' })).toThrow(
      new PrometheusAnswerError('query failed: bad_data: exceeded maximum resolution of 11,000 points per timeseries'),
    );
    expect(() => vectorsByStep({ status: 'success', data: { resultType: 'vector', result: [] } })).toThrow('expected resultType "matrix", got "vector"');
    expect(vectorsByStep({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [['x', '1']] }, 'junk'] } })).toEqual([]);
  });
});

describe('rangeWindows()', () => {
  it('covers [from, to] at the step in windows of at most maxSteps points, newest first, without overlap', () => {
    expect(rangeWindows(0, 100, 5, 10)).toEqual([
      { start: 55, end: 100 },
      { start: 5, end: 50 },
      { start: 0, end: 0 },
    ]);
    // 6 h at 5 s is 4,321 points: one request under Prometheus's 11,000-point limit.
    expect(rangeWindows(0, 21_600, 5, 11_000)).toEqual([{ start: 0, end: 21_600 }]);
    expect(rangeWindows(10, 5, 5, 10)).toEqual([]);
  });
});
