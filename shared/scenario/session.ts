// One rehearsal in progress: a scenario, its start, the trainee's answers and an injected clock. The state
// is always recomputed from those (playAt), so what /api/status says and what the demo plays agree.
import { playAt, type PlayState, type ScenarioAnswer } from './player';
import type { Scenario } from './schema';

export type ChooseResult =
  | { ok: true; state: PlayState }
  | { ok: false; reason: 'ended' | 'no-prompt' | 'wrong-prompt' | 'unknown-choice'; message: string };

export interface ScenarioSession {
  readonly scenario: Scenario;
  /** Epoch ms of the start (the clock's time when the session was made). */
  readonly startedAt: number;
  state(): PlayState;
  /** The trainee's answer to the prompt on screen now. */
  choose(prompt: string, choice: string): ChooseResult;
}

export function createScenarioSession(scenario: Scenario, now: () => number): ScenarioSession {
  const startedAt = now();
  const answers: ScenarioAnswer[] = [];
  const elapsed = (): number => Math.max(0, now() - startedAt);
  return {
    scenario,
    startedAt,
    state: () => playAt(scenario, answers, elapsed()),
    choose(prompt, choice) {
      const atMs = elapsed();
      const state = playAt(scenario, answers, atMs);
      if (state.endedAtMs !== null) return { ok: false, reason: 'ended', message: 'the rehearsal has ended' };
      const pending = state.prompt;
      if (pending === null) return { ok: false, reason: 'no-prompt', message: 'no prompt is waiting for an answer' };
      if (pending.id !== prompt) return { ok: false, reason: 'wrong-prompt', message: `prompt "${prompt}" is not the one waiting (now: "${pending.id}")` };
      if (!pending.choices.some((c) => c.id === choice)) {
        return { ok: false, reason: 'unknown-choice', message: `no choice "${choice}" (choices: ${pending.choices.map((c) => c.id).join(', ')})` };
      }
      answers.push({ prompt, choice, atMs });
      return { ok: true, state: playAt(scenario, answers, atMs) };
    },
  };
}
