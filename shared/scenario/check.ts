// What the schema cannot say: names that must exist in the demo shop, branches that must exist, prompts
// whose ids must be unique, steps that must be in time order. Each problem comes with its path in the
// file so the loader can name the line.
import type { Scenario, ScenarioStep } from './schema';

export interface ScenarioIssue {
  path: (string | number)[];
  message: string;
}

/** The demo shop the scenario plays on: its regions and the services that receive calls in every region. */
export interface ScenarioWorldShape {
  regions: readonly string[];
  services: readonly string[];
}

export const MAIN_TRACK = 'main';

const ACTIONS = ['outage', 'errors', 'latency', 'retryStorm', 'evacuate', 'recover', 'prompt', 'end'] as const;

export function stepHasContent(step: ScenarioStep): boolean {
  return step.note !== undefined || ACTIONS.some((a) => step[a] !== undefined);
}

function list(names: readonly string[]): string {
  return names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
}

export function checkScenario(scenario: Scenario, shape: ScenarioWorldShape): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const stepIds = new Set<string>();
  const promptIds = new Set<string>();
  const branches = Object.keys(scenario.branches);
  if (branches.includes(MAIN_TRACK)) issues.push({ path: ['branches', MAIN_TRACK], message: `"${MAIN_TRACK}" is the name of the steps track; pick another branch name` });

  const region = (path: (string | number)[], name: string): void => {
    if (!shape.regions.includes(name)) issues.push({ path: [...path, 'region'], message: `no region "${name}" in the demo (regions: ${list(shape.regions)})` });
  };
  const service = (path: (string | number)[], name: string | undefined): void => {
    if (name !== undefined && !shape.services.includes(name)) {
      issues.push({ path: [...path, 'service'], message: `no calls into a service "${name}" in the demo (services: ${list(shape.services)})` });
    }
  };

  const checkTrack = (steps: readonly ScenarioStep[], base: (string | number)[]): void => {
    steps.forEach((step, i) => {
      const path = [...base, i];
      if (i > 0 && step.at < steps[i - 1]!.at) issues.push({ path: [...path, 'at'], message: 'steps must be in time order (this one is earlier than the one before)' });
      if (!stepHasContent(step)) issues.push({ path, message: 'a step needs a note or an action (outage, errors, latency, retryStorm, evacuate, recover, prompt, end)' });
      if (step.id !== undefined) {
        if (stepIds.has(step.id)) issues.push({ path: [...path, 'id'], message: `duplicate step id "${step.id}"` });
        stepIds.add(step.id);
      }
      if (step.outage) region([...path, 'outage'], step.outage.region);
      for (const key of ['errors', 'latency', 'retryStorm', 'recover'] as const) {
        const action = step[key];
        if (!action) continue;
        region([...path, key], action.region);
        service([...path, key], action.service);
      }
      if (step.evacuate) region([...path, 'evacuate'], step.evacuate.region);
      const prompt = step.prompt;
      if (prompt) {
        const at = [...path, 'prompt'];
        if (promptIds.has(prompt.id)) issues.push({ path: [...at, 'id'], message: `duplicate prompt id "${prompt.id}"` });
        promptIds.add(prompt.id);
        const choiceIds = new Set<string>();
        prompt.choices.forEach((choice, c) => {
          if (choiceIds.has(choice.id)) issues.push({ path: [...at, 'choices', c, 'id'], message: `duplicate choice id "${choice.id}"` });
          choiceIds.add(choice.id);
          if (choice.goto !== undefined && !branches.includes(choice.goto)) {
            issues.push({ path: [...at, 'choices', c, 'goto'], message: `no branch "${choice.goto}" (branches: ${list(branches) || 'none'})` });
          }
        });
        if (prompt.default !== undefined && !choiceIds.has(prompt.default)) {
          issues.push({ path: [...at, 'default'], message: `no choice "${prompt.default}" in this prompt (choices: ${list([...choiceIds])})` });
        }
        if ((prompt.default === undefined) !== (prompt.timeout === undefined)) {
          issues.push({ path: [...at, prompt.default === undefined ? 'timeout' : 'default'], message: 'timeout and default go together: the choice taken when nobody answers in time' });
        }
      }
    });
  };

  checkTrack(scenario.steps, ['steps']);
  for (const name of branches) checkTrack(scenario.branches[name]!, ['branches', name]);
  return issues;
}
