// The POST /api/whatif answer as the renderer reads it (with `?model=1`): validated on arrival like every
// message from the hub, so a display never draws what it cannot check.
import { z } from 'zod';
import { graphSchema } from '../protocol';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const capacitySource = z.enum(['config', 'observed-peak', 'unknown']);

export const whatifAnswerSchema = z.object({
  feed: z.literal('whatif'),
  plan: z.object({ drain: z.array(z.string()), fraction: finite, to: z.record(z.string(), finite), weightsFrom: z.enum(['plan', 'current-ingress']) }),
  projectedFrom: z.object({ seq: z.number().int(), serverUpdateTime: finite }),
  overloaded: z.array(
    z.object({ region: z.string(), service: z.string(), projectedRps: finite, capacityRps: finite, utilisation: finite, capacitySource, firstOverAt: finite.nullable() }),
  ),
  steps: z.array(z.object({ percent: finite, overloaded: z.number().int() })),
  unplaceable: z.array(z.object({ region: z.string(), service: z.string(), rps: finite, reason: z.string() })),
  ingress: z.object({ currentRps: finite, projectedRps: finite }),
  capacity: z.object({ headroom: finite, observedPeakSince: z.string().nullable() }),
  converged: z.boolean(),
  world: graphSchema,
});

export type WhatifAnswer = z.infer<typeof whatifAnswerSchema>;

export function decodeWhatifAnswer(raw: unknown): WhatifAnswer {
  const result = whatifAnswerSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Error(`what-if answer: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
}
