// The scenario player: what has happened by instant t of a rehearsal, as a pure function of the scenario,
// the trainee's answers and t. Nothing is remembered between calls, so a replayed or restarted evaluation
// gives the same steps, prompts, branches and debrief timeline; the clock is injected (tests run it fast).
import { MAIN_TRACK } from './check';
import { formatOffset } from './duration';
import type { Scenario, ScenarioPrompt, ScenarioStep } from './schema';
import { applyFaults, describeActions, describeDrain, emptyWorld, type ScenarioWorld } from './world';

/** A choice the trainee made, `atMs` after the start. */
export interface ScenarioAnswer {
  prompt: string;
  choice: string;
  atMs: number;
}

export type TimelineKind = 'step' | 'prompt' | 'choice' | 'timeout' | 'evacuation' | 'end';

export interface TimelineEntry {
  atMs: number;
  kind: TimelineKind;
  track: string;
  text: string;
  stepId?: string;
  promptId?: string;
  choiceId?: string;
}

export interface PendingPrompt {
  id: string;
  text: string;
  /** `drains`: the regions the choice's branch evacuates, so a display can preview the what-if first. */
  choices: { id: string; label: string; drains: string[] }[];
  shownAtMs: number;
  /** When the default choice is taken for the trainee, or null when the prompt waits. */
  deadlineMs: number | null;
  defaultChoice: string | null;
}

export interface ChoiceRecord {
  prompt: string;
  promptText: string;
  choice: string;
  label: string;
  atMs: number;
  /** Taken by the prompt's timeout, not by the trainee. */
  timedOut: boolean;
  feedback: string | null;
  /** The branch it led to, or null when the script carried on. */
  goto: string | null;
}

export interface CurrentStep {
  id: string;
  track: string;
  /** 1-based position in its track. */
  index: number;
  atMs: number;
  note: string | null;
}

export interface PlayState {
  elapsedMs: number;
  track: string;
  step: CurrentStep | null;
  stepsFired: number;
  prompt: PendingPrompt | null;
  world: ScenarioWorld;
  timeline: TimelineEntry[];
  choices: ChoiceRecord[];
  endedAtMs: number | null;
}

interface Ramp {
  region: string;
  from: number;
  to: number;
  startMs: number;
  intervalMs: number;
  steps: number;
  /** Ticks done so far. */
  done: number;
}

/** Scripts that loop through prompts with timeouts stop growing here rather than without bound. */
const MAX_EVENTS = 10_000;

export function stepId(step: ScenarioStep, track: string, index: number): string {
  return step.id ?? `${track}-${index + 1}`;
}

/** The regions a branch drains (evacuates at all), in the order it starts draining them. */
function branchDrains(scenario: Scenario, branch: string | undefined): string[] {
  const out: string[] = [];
  for (const step of branch === undefined ? [] : (scenario.branches[branch] ?? [])) {
    if (step.evacuate && step.evacuate.fraction > 0 && !out.includes(step.evacuate.region)) out.push(step.evacuate.region);
  }
  return out;
}

function rampTickAt(ramp: Ramp): number {
  return ramp.done >= ramp.steps ? Number.POSITIVE_INFINITY : ramp.startMs + ramp.done * ramp.intervalMs;
}

/** The state of the rehearsal `elapsedMs` after its start, given the answers so far (in time order). */
export function playAt(scenario: Scenario, answers: readonly ScenarioAnswer[], elapsedMs: number): PlayState {
  let track = MAIN_TRACK;
  let trackStart = 0;
  let next = 0;
  let world: ScenarioWorld = emptyWorld();
  // `as`: closures assign these, so the declared type must not narrow to null.
  let pending = null as { prompt: ScenarioPrompt; shownAtMs: number } | null;
  let current = null as CurrentStep | null;
  let stepsFired = 0;
  let answerIndex = 0;
  let endedAtMs = null as number | null;
  const ramps = new Map<string, Ramp>();
  const timeline: TimelineEntry[] = [];
  const choices: ChoiceRecord[] = [];
  const stepsOf = (name: string): readonly ScenarioStep[] => (name === MAIN_TRACK ? scenario.steps : (scenario.branches[name] ?? []));

  const choose = (at: number, choiceId: string, timedOut: boolean): void => {
    const prompt = pending!.prompt;
    const choice = prompt.choices.find((c) => c.id === choiceId)!;
    pending = null;
    const text = timedOut ? `no answer in ${formatOffset(prompt.timeout ?? 0)}: "${choice.label}" taken by default` : `chose "${choice.label}"`;
    timeline.push({ atMs: at, kind: timedOut ? 'timeout' : 'choice', track, text, promptId: prompt.id, choiceId });
    choices.push({ prompt: prompt.id, promptText: prompt.text, choice: choiceId, label: choice.label, atMs: at, timedOut, feedback: choice.feedback ?? null, goto: choice.goto ?? null });
    if (choice.goto !== undefined) {
      track = choice.goto;
      trackStart = at;
      next = 0;
    }
  };

  const fire = (at: number, step: ScenarioStep): void => {
    const index = next;
    next += 1;
    stepsFired += 1;
    const id = stepId(step, track, index);
    current = { id, track, index: index + 1, atMs: at, note: step.note ?? null };
    const actions = describeActions(step);
    // A step that only asks or ends is told by its prompt or end entry.
    if (step.note !== undefined || actions.length > 0) timeline.push({ atMs: at, kind: 'step', track, stepId: id, text: step.note ?? actions.join('; ') });
    world = applyFaults(world, step);
    if (step.evacuate) {
      const { region, fraction, over } = step.evacuate;
      const steps = step.evacuate.steps ?? (over > 0 ? 4 : 1);
      ramps.set(region, { region, from: world.drains[region] ?? 0, to: fraction, startMs: at, intervalMs: steps > 1 ? over / (steps - 1) : 0, steps, done: 0 });
    }
    if (step.prompt) {
      if (pending !== null) timeline.push({ atMs: at, kind: 'timeout', track, promptId: pending.prompt.id, text: `"${pending.prompt.text}" left unanswered` });
      pending = { prompt: step.prompt, shownAtMs: at };
      timeline.push({ atMs: at, kind: 'prompt', track, promptId: step.prompt.id, text: step.prompt.text });
    }
    if (step.end) endedAtMs = at;
  };

  const tickRamp = (at: number, ramp: Ramp): void => {
    ramp.done += 1;
    const fraction = ramp.from + ((ramp.to - ramp.from) * ramp.done) / ramp.steps;
    const drains = { ...world.drains };
    if (fraction === 0) delete drains[ramp.region];
    else drains[ramp.region] = fraction;
    world = { faults: world.faults, drains };
    timeline.push({ atMs: at, kind: 'evacuation', track, text: describeDrain(ramp.region, fraction) });
    if (ramp.done >= ramp.steps) ramps.delete(ramp.region);
  };

  for (let events = 0; events < MAX_EVENTS && endedAtMs === null; events++) {
    const steps = stepsOf(track);
    const stepAt = next < steps.length ? trackStart + steps[next]!.at : Number.POSITIVE_INFINITY;
    const answer = answers[answerIndex];
    const answerAt = answer ? answer.atMs : Number.POSITIVE_INFINITY;
    const timeoutAt = pending?.prompt.timeout !== undefined ? pending.shownAtMs + pending.prompt.timeout : Number.POSITIVE_INFINITY;
    let ramp: Ramp | null = null;
    for (const r of ramps.values()) if (ramp === null || rampTickAt(r) < rampTickAt(ramp)) ramp = r;
    const rampAt = ramp ? rampTickAt(ramp) : Number.POSITIVE_INFINITY;
    const at = Math.min(stepAt, answerAt, timeoutAt, rampAt);
    if (!(at <= elapsedMs)) break;
    // Same instant: the world moves, a timeout, the script, and the trainee's answer last, because the answer
    // was given to the screen as it stood after everything else of that instant.
    if (rampAt === at) tickRamp(at, ramp!);
    else if (timeoutAt === at) choose(at, pending!.prompt.default!, true);
    else if (stepAt === at) fire(at, steps[next]!);
    else {
      answerIndex += 1;
      const valid = pending !== null && pending.prompt.id === answer!.prompt && pending.prompt.choices.some((c) => c.id === answer!.choice);
      if (valid) choose(at, answer!.choice, false);
    }
    // A track with nothing left to play, ask or ramp ends the rehearsal there.
    if (endedAtMs === null && next >= stepsOf(track).length && pending === null && ramps.size === 0) endedAtMs = at;
  }
  if (endedAtMs !== null) timeline.push({ atMs: endedAtMs, kind: 'end', track, text: 'end of the rehearsal' });

  const p = pending;
  const prompt: PendingPrompt | null =
    p === null || endedAtMs !== null
      ? null
      : {
          id: p.prompt.id,
          text: p.prompt.text,
          choices: p.prompt.choices.map((c) => ({ id: c.id, label: c.label, drains: branchDrains(scenario, c.goto) })),
          shownAtMs: p.shownAtMs,
          deadlineMs: p.prompt.timeout !== undefined ? p.shownAtMs + p.prompt.timeout : null,
          defaultChoice: p.prompt.default ?? null,
        };
  return { elapsedMs, track, step: current, stepsFired, prompt, world, timeline, choices, endedAtMs };
}
