// The rehearsal as /api/status reports it and the renderer reads it: typed once, validated on arrival.
import { z } from 'zod';
import type { PlayState } from './player';

// The renderer validates with this under a CSP without 'unsafe-eval' (as shared/protocol.ts does).
z.config({ jitless: true });
import type { Scenario } from './schema';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const timelineEntry = z.object({
  atMs: finite,
  kind: z.enum(['step', 'prompt', 'choice', 'timeout', 'evacuation', 'end']),
  track: z.string(),
  text: z.string(),
  stepId: z.string().optional(),
  promptId: z.string().optional(),
  choiceId: z.string().optional(),
});

export const scenarioStatusSchema = z.object({
  name: z.string(),
  title: z.string(),
  source: z.object({ title: z.string(), url: z.string(), published: z.string().optional() }),
  summary: z.string().nullable(),
  startedAt: z.string(),
  elapsedMs: finite,
  track: z.string(),
  /** The id of the step that fired last, e.g. `outage-begins`; null before the first one. */
  step: z.string().nullable(),
  stepIndex: z.number().int(),
  stepNote: z.string().nullable(),
  prompt: z
    .object({
      id: z.string(),
      text: z.string(),
      choices: z.array(z.object({ id: z.string(), label: z.string(), drains: z.array(z.string()) })),
      shownAtMs: finite,
      deadlineMs: finite.nullable(),
      defaultChoice: z.string().nullable(),
    })
    .nullable(),
  ended: z.boolean(),
  endedAtMs: finite.nullable(),
  debrief: z.string().nullable(),
  timeline: z.array(timelineEntry),
  choices: z.array(
    z.object({
      prompt: z.string(),
      promptText: z.string(),
      choice: z.string(),
      label: z.string(),
      atMs: finite,
      timedOut: z.boolean(),
      feedback: z.string().nullable(),
      goto: z.string().nullable(),
    }),
  ),
});
export type ScenarioStatus = z.infer<typeof scenarioStatusSchema>;

export function scenarioStatus(scenario: Scenario, startedAt: number, state: PlayState): ScenarioStatus {
  return {
    name: scenario.name,
    title: scenario.title,
    source: scenario.source,
    summary: scenario.summary ?? null,
    startedAt: new Date(startedAt).toISOString(),
    elapsedMs: state.elapsedMs,
    track: state.track,
    step: state.step?.id ?? null,
    stepIndex: state.stepsFired,
    stepNote: state.step?.note ?? null,
    prompt: state.prompt,
    ended: state.endedAtMs !== null,
    endedAtMs: state.endedAtMs,
    debrief: scenario.debrief ?? null,
    timeline: state.timeline,
    choices: state.choices,
  };
}
