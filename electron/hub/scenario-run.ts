// A rehearsal on the hub: the demo simulator driven by a scenario session. Its source reports type
// `scenario`, so every display knows from the stream itself that this is not live data.
import { createSimulator } from '../../shared/demo/index';
import type { SourceBatch } from '../../shared/model';
import { applyWorld, createScenarioSession, scenarioStatus, type ChooseResult, type Scenario, type ScenarioStatus } from '../../shared/scenario/index';
import type { Source } from './sources/source';

export const SCENARIO_SOURCE_TYPE = 'scenario';

export interface ScenarioRun {
  readonly source: Source;
  status(): ScenarioStatus;
  choose(prompt: string, choice: string): ChooseResult;
}

export function createScenarioRun(scenario: Scenario, options: { now: () => number }): ScenarioRun {
  const seed = scenario.demo.seed ?? 1;
  // The script is the only source of trouble: random bursts would put errors in the picture that the
  // debrief cannot explain.
  const simulator = createSimulator({ seed, bursts: false, startMs: options.now(), ...(scenario.demo.regions !== undefined ? { regions: scenario.demo.regions } : {}) });
  const session = createScenarioSession(scenario, options.now);
  const source: Source = {
    name: scenario.name,
    type: SCENARIO_SOURCE_TYPE,
    detail: `rehearsal "${scenario.title}" on the built-in demo simulator (seed ${seed}): not live data`,
    async poll(signal: AbortSignal): Promise<SourceBatch> {
      signal.throwIfAborted();
      const sampledAt = options.now();
      applyWorld(simulator, session.state().world);
      const calls = simulator.calls(sampledAt);
      return { source: scenario.name, sampledAt, calls, seriesRead: calls.length };
    },
  };
  return {
    source,
    status: () => scenarioStatus(scenario, session.startedAt, session.state()),
    choose: (prompt, choice) => session.choose(prompt, choice),
  };
}
