import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { durationMs } from '../../shared/duration';
import { callsFromLinks, DependencyFormatError, readJaegerDependencies, readZipkinDependencies } from '../../shared/tracing/dependency-links';

const fixture = (path: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));

describe('readJaegerDependencies()', () => {
  it('reads the links of a Jaeger Query answer, skipping links it cannot draw', () => {
    expect(readJaegerDependencies(fixture('jaeger/dependencies.json'))).toEqual([
      { parent: 'frontend', child: 'cart', callCount: 1800 },
      { parent: 'cart', child: 'redis', callCount: 3600 },
      { parent: 'frontend', child: '<b>checkout</b> ü', callCount: 90 },
    ]);
  });

  it('rejects an answer that is not Jaeger\'s shape or that carries errors', () => {
    expect(() => readJaegerDependencies([])).toThrow(DependencyFormatError);
    expect(() => readJaegerDependencies({ total: 0 })).toThrow(/no "data" array/);
    expect(() => readJaegerDependencies({ data: null, errors: [{ code: 500, msg: 'storage unavailable' }] })).toThrow(/storage unavailable/);
  });
});

describe('readZipkinDependencies()', () => {
  it('reads errorCount, never above callCount', () => {
    expect(readZipkinDependencies(fixture('zipkin/dependencies.json'))).toEqual([
      { parent: 'gateway', child: 'payments', callCount: 900, errorCount: 90 },
      { parent: 'payments', child: 'ledger', callCount: 450 },
      { parent: 'payments', child: 'fraud', callCount: 10, errorCount: 10 },
    ]);
    expect(() => readZipkinDependencies({ data: [] })).toThrow(/JSON array/);
  });
});

describe('callsFromLinks()', () => {
  it('turns counts over the lookback into requests per second in the source\'s region, errors as failed', () => {
    const links = readZipkinDependencies(fixture('zipkin/dependencies.json'));
    const calls = callsFromLinks(links, { region: 'eu-west-1', lookbackMs: durationMs('15m') });
    expect(calls[0]).toEqual({
      sourceRegion: 'eu-west-1',
      source: 'gateway',
      destinationRegion: 'eu-west-1',
      destination: 'payments',
      rate: { normal: 0.9, danger: 0.1, warning: 0 },
    });
    expect(calls[1]!.rate).toEqual({ normal: 0.5, danger: 0, warning: 0 });
  });

  it('sums links an answer repeats', () => {
    const calls = callsFromLinks(
      [
        { parent: 'a', child: 'b', callCount: 60 },
        { parent: 'a', child: 'b', callCount: 60 },
      ],
      { region: 'r', lookbackMs: 60_000 },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.rate.normal).toBe(2);
  });
});

describe('durationMs()', () => {
  it('reads config durations and refuses anything else', () => {
    expect(durationMs('15m')).toBe(900_000);
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('15 minutes')).toBeNaN();
    expect(durationMs('')).toBeNaN();
  });
});
