import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from '../../electron/hub/sources/bounded-read';

describe('jsonDepthExceeds', () => {
  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds('["[[[[\\"[[[["]', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":"}}}{{{\\\\","b":[1]}', 2)).toBe(false);
    expect(jsonDepthExceeds('[{"le":"+Inf","x":"\\\\\\"[[["}]', 2)).toBe(false);
  });

  it('counts brackets after a string that ends in an escaped backslash', () => {
    // "\\" is a complete string: the brackets after it are structure.
    expect(jsonDepthExceeds('["\\\\",[[[]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('["\\\\",[[]]]', 3)).toBe(false);
  });

  it('stops at an unterminated string without reading past the text', () => {
    expect(jsonDepthExceeds('[[["abc', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[["abc', 3)).toBe(true);
  });

  it('measures a Prometheus answer\'s real nesting: envelope, data, result, sample, metric', () => {
    const answer = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { a: 'x"[' }, value: [1, '2'] }] } });
    expect(jsonDepthExceeds(answer, 5)).toBe(false);
    expect(jsonDepthExceeds(answer, 4)).toBe(true);
  });
});
