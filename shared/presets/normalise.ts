// One call from raw answers to calls, for callers that hold whole API answers (benchmarks, replayed captures).
import type { Call } from '../model';
import { readVector } from './answer';
import type { Preset, PresetOptions, VectorSample } from './preset';

/**
 * Checks each raw answer (by query id, as `preset.queries()` names them) and normalises them to calls.
 * Throws `PrometheusAnswerError` for an answer that is not a successful instant vector.
 */
export function normaliseAnswers(
  preset: Preset,
  raw: Readonly<Record<string, unknown>>,
  options: PresetOptions,
): { calls: Call[]; seriesRead: number } {
  const answers: Record<string, readonly VectorSample[]> = {};
  let seriesRead = 0;
  for (const id of Object.keys(raw)) {
    const result = readVector(raw[id]);
    answers[id] = result;
    seriesRead += result.length;
  }
  return { calls: preset.normalise(answers, options), seriesRead };
}
