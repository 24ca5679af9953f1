// The scenario file (YAML): a scripted incident on the demo shop. Steps fire at offsets from the start of
// their track (`steps`, or a branch entered by a choice); prompts ask the trainee and choices branch.
import { z } from 'zod';
import { parseDuration } from './duration';

const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 30s, 2m or 1m30s, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});
const positiveDuration = duration.refine((ms) => ms > 0, 'must be longer than 0s');
const share = z.number().min(0).max(1);
const name = z.string().min(1).max(200);
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, e.g. drain-now').max(80);
const text = z.string().min(1).max(2000);

const outage = z.strictObject({
  region: name,
  /** `errors`: the region answers with failures; `no-traffic`: its calls vanish (the network is gone). */
  mode: z.enum(['errors', 'no-traffic']).default('errors'),
  share: share.default(1),
});
const errors = z.strictObject({ region: name, service: name, share });
const latency = z.strictObject({ region: name, service: name, p95Ms: z.number().positive().max(600_000) });
const retryStorm = z.strictObject({ region: name, service: name, factor: z.number().min(1).max(50) });
const evacuate = z.strictObject({
  region: name,
  /** The share of the region's INTERNET ingress moved to the other regions when the ramp is done. */
  fraction: share.default(1),
  over: duration.default(0),
  steps: z.number().int().min(1).max(100).optional(),
});
const recover = z.strictObject({ region: name, service: name.optional() });

const choice = z.strictObject({
  id,
  label: z.string().min(1).max(120),
  /** The branch that plays from the moment of the choice; absent = the current track carries on. */
  goto: id.optional(),
  /** Shown in the debrief beside the choice: what the write-up says about it. */
  feedback: text.optional(),
});
const prompt = z.strictObject({
  id,
  text,
  choices: z.array(choice).min(1).max(6),
  /** With `default`: the choice taken for the trainee when nobody answers in time. */
  timeout: positiveDuration.optional(),
  default: id.optional(),
});

export const stepSchema = z.strictObject({
  at: duration,
  id: id.optional(),
  /** What the trainee reads in the banner and the debrief when the step fires. */
  note: text.optional(),
  outage: outage.optional(),
  errors: errors.optional(),
  latency: latency.optional(),
  retryStorm: retryStorm.optional(),
  evacuate: evacuate.optional(),
  recover: recover.optional(),
  prompt: prompt.optional(),
  end: z.literal(true).optional(),
});

const track = z.array(stepSchema).min(1).max(500);

export const scenarioSchema = z.strictObject({
  name: id,
  title: z.string().min(1).max(200),
  /** The public write-up the script follows. */
  source: z.strictObject({ title: z.string().min(1), url: z.url({ protocol: /^https?$/ }), published: z.string().min(1).optional() }),
  summary: text.optional(),
  /** The debrief's closing lesson. */
  debrief: text.optional(),
  demo: z
    .strictObject({
      seed: z.number().int().optional(),
      regions: z.number().int().min(2).max(10).optional(),
    })
    .default({}),
  steps: track,
  branches: z.record(id, track).default({}),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioStep = Scenario['steps'][number];
export type ScenarioPrompt = NonNullable<ScenarioStep['prompt']>;
export type ScenarioChoice = ScenarioPrompt['choices'][number];
