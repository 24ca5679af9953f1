// Saved Prometheus HTTP API answers (test/fixtures/prometheus/) and a lookup of normalised calls by their ends.
import { readFileSync } from 'node:fs';
import type { Call } from '../../../shared/model';
import { readVector, type VectorSample } from '../../../shared/presets/index';

export function loadAnswer(name: string): readonly VectorSample[] {
  const text = readFileSync(new URL(`../../fixtures/prometheus/${name}.json`, import.meta.url), 'utf8');
  return readVector(JSON.parse(text));
}

/** `sourceRegion/source → destinationRegion/destination`: readable in a failing assertion. */
export function callKey(call: Pick<Call, 'sourceRegion' | 'source' | 'destinationRegion' | 'destination'>): string {
  return `${call.sourceRegion}/${call.source} → ${call.destinationRegion}/${call.destination}`;
}

export function byKey(calls: readonly Call[]): Map<string, Call> {
  const out = new Map<string, Call>();
  for (const call of calls) {
    if (out.has(callKey(call))) throw new Error(`two calls share the key ${callKey(call)}`);
    out.set(callKey(call), call);
  }
  return out;
}

/** The call from `source` to `destination`, or a failure naming the calls that do exist. */
export function find(calls: readonly Call[], key: string): Call {
  const call = byKey(calls).get(key);
  if (call === undefined) throw new Error(`no call ${key}; have:\n${[...byKey(calls).keys()].join('\n')}`);
  return call;
}
