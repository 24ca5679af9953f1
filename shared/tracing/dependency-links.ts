// Service dependency links from tracing backends, read into calls. Both APIs count traced calls parent →
// child between `endTs - lookback` and `endTs` (epoch ms):
// - Jaeger Query `GET /api/dependencies?endTs&lookback` → `{data: [{parent, child, callCount}]}`
//   (jaegertracing.io/docs/latest/apis/, the UI's dependency graph);
// - Zipkin `GET /api/v2/dependencies?endTs&lookback` → `[{parent, child, callCount, errorCount?}]`
//   (zipkin.io/zipkin-api/, DependencyLink: errorCount = calls with an `error` tag).
import type { Call } from '../model';

export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
  /** Calls known to have failed; absent where the backend does not tell (Jaeger). */
  errorCount?: number;
}

/** An answer that is not the documented shape; the message is short enough for /healthz. */
export class DependencyFormatError extends Error {
  override name = 'DependencyFormatError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : NaN;
}

/**
 * Reads a list of links. A link without both service names or with a count that is not a non-negative
 * number is skipped (it cannot be drawn), not counted as zero.
 */
function readLinks(list: unknown[]): DependencyLink[] {
  const out: DependencyLink[] = [];
  for (const item of list) {
    if (!isObject(item) || typeof item.parent !== 'string' || typeof item.child !== 'string') continue;
    if (item.parent === '' || item.child === '') continue;
    const calls = count(item.callCount);
    if (Number.isNaN(calls)) continue;
    const link: DependencyLink = { parent: item.parent, child: item.child, callCount: calls };
    const errors = count(item.errorCount);
    if (!Number.isNaN(errors)) link.errorCount = Math.min(errors, calls);
    out.push(link);
  }
  return out;
}

/** Jaeger Query's answer: `{data: [...], errors: null | [{code, msg}]}`. */
export function readJaegerDependencies(raw: unknown): DependencyLink[] {
  if (!isObject(raw)) throw new DependencyFormatError('answer is not a JSON object with "data"');
  if (Array.isArray(raw.errors) && raw.errors.length > 0) {
    const first: unknown = raw.errors[0];
    const message = isObject(first) && typeof first.msg === 'string' ? first.msg : 'unknown error';
    throw new DependencyFormatError(`query failed: ${message.slice(0, 200)}`);
  }
  if (!Array.isArray(raw.data)) throw new DependencyFormatError('answer has no "data" array');
  return readLinks(raw.data);
}

/** Zipkin's answer: a bare array of links. */
export function readZipkinDependencies(raw: unknown): DependencyLink[] {
  if (!Array.isArray(raw)) throw new DependencyFormatError('answer is not a JSON array of dependency links');
  return readLinks(raw);
}

/**
 * Links as calls in one region: requests per second = count ÷ lookback seconds (an average over the
 * lookback, not a current rate); `errorCount` as failed. Links one answer repeats are summed.
 */
export function callsFromLinks(links: readonly DependencyLink[], options: { region: string; lookbackMs: number }): Call[] {
  const seconds = options.lookbackMs / 1000;
  const byPair = new Map<string, Call>();
  for (const link of links) {
    const failed = (link.errorCount ?? 0) / seconds;
    const ok = (link.callCount - (link.errorCount ?? 0)) / seconds;
    const key = link.parent + '\u0000' + link.child;
    const known = byPair.get(key);
    if (known) {
      known.rate.normal += ok;
      known.rate.danger += failed;
      continue;
    }
    byPair.set(key, {
      sourceRegion: options.region,
      source: link.parent,
      destinationRegion: options.region,
      destination: link.child,
      rate: { normal: ok, danger: failed, warning: 0 },
    });
  }
  return [...byPair.values()];
}
