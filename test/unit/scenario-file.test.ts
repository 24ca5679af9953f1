import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, shippedScenarios } from '../../electron/hub/scenario-file';
import { playAt, type ScenarioAnswer } from '../../shared/scenario/index';

const HEAD = `name: drill
title: A drill
source: { title: A write-up, url: https://example.com/postmortem }
steps:
`;

function error(text: string): string {
  try {
    parseScenario(HEAD + text, 'drill.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseScenario()', () => {
  it('names the file, line and key of a region the demo does not have', () => {
    expect(error('  - at: 0s\n    note: hi\n  - at: 10s\n    errors: { region: us-central-9, service: kafka, share: 0.5 }\n')).toBe(
      'drill.yaml:8: steps[1].errors.region: no region "us-central-9" in the demo (regions: us-east-1, eu-west-1, ap-southeast-2)',
    );
  });

  it('names an unknown key at its own line', () => {
    expect(error('  - at: 0s\n    note: hi\n    errros: { region: us-east-1, service: kafka, share: 0.5 }\n')).toBe('drill.yaml:7: steps[0].errros: unknown key');
  });

  it('names a bad duration, a missing branch and an out-of-order step', () => {
    expect(error('  - at: soon\n    note: hi\n')).toBe('drill.yaml:5: steps[0].at: expected a duration such as 30s, 2m or 1m30s, got "soon"');
    expect(
      error('  - at: 0s\n    prompt:\n      id: q\n      text: Drain?\n      choices:\n        - { id: drain, label: Drain, goto: drain }\n'),
    ).toBe('drill.yaml:10: steps[0].prompt.choices[0].goto: no branch "drain" (branches: none)');
    expect(error('  - at: 20s\n    note: b\n  - at: 10s\n    note: a\n')).toBe('drill.yaml:7: steps[1].at: steps must be in time order (this one is earlier than the one before)');
  });

  it('refuses a fault on a service nobody calls, a timeout without a default, and a missing key', () => {
    expect(error('  - at: 0s\n    latency: { region: us-east-1, service: notifications, p95Ms: 900 }\n')).toMatch(
      /^drill\.yaml:6: steps\[0\]\.latency\.service: no calls into a service "notifications" in the demo/,
    );
    expect(error('  - at: 0s\n    prompt:\n      id: q\n      text: Drain?\n      timeout: 1m\n      choices: [{ id: a, label: A }]\n')).toBe(
      'drill.yaml:9: steps[0].prompt.timeout: timeout and default go together: the choice taken when nobody answers in time',
    );
    expect(error('  - at: 0s\n    errors: { region: us-east-1, service: kafka }\n')).toBe('drill.yaml:6: steps[0].errors.share: required key is missing');
  });

  it('reports broken YAML with its line', () => {
    expect(error('  - at: 0s\n    note: [unclosed\n')).toMatch(/^drill\.yaml:\d+: invalid YAML: /);
  });
});

describe('shipped scenarios', () => {
  it('are region-outage, error-burst and evacuation, each citing its write-up', () => {
    expect(shippedScenarios()).toEqual(expect.arrayContaining(['region-outage', 'error-burst', 'evacuation']));
    for (const name of shippedScenarios()) {
      const { scenario } = loadScenario(name);
      expect(scenario.name).toBe(name);
      expect(scenario.source.url).toMatch(/^https:\/\//);
    }
  });

  it('each reach an end by every path of choices, and every branch is reachable', () => {
    const HOUR = 60 * 60_000;
    for (const name of shippedScenarios()) {
      const { scenario } = loadScenario(name);
      const tracks = new Set<string>();
      let paths = 0;
      // Depth-first over the choices: answer each prompt 5 s after it shows, every way it can be answered.
      const walk = (answers: ScenarioAnswer[]): void => {
        const state = playAt(scenario, answers, HOUR);
        for (const e of state.timeline) tracks.add(e.track);
        const waiting = nextPrompt(answers);
        if (waiting === null) {
          paths += 1;
          expect(state.endedAtMs, `${name}: ${answers.map((a) => a.choice).join(' → ') || 'no answers'}`).not.toBeNull();
          return;
        }
        for (const choice of waiting.choices) walk([...answers, { prompt: waiting.id, choice: choice.id, atMs: waiting.shownAtMs + 5000 }]);
      };
      // The prompt the trainee sees next after these answers (before its timeout could take it), if any.
      const nextPrompt = (answers: ScenarioAnswer[]) => {
        for (let t = answers.at(-1)?.atMs ?? 0; t <= HOUR; t += 1000) {
          const s = playAt(scenario, answers, t);
          if (s.endedAtMs !== null) return null;
          if (s.prompt !== null) return s.prompt;
        }
        return null;
      };
      walk([]);
      expect(paths, name).toBeGreaterThanOrEqual(3);
      expect([...tracks].sort(), name).toEqual(['main', ...Object.keys(scenario.branches)].sort());
    }
  });

  it('a bare name that is not shipped lists the shipped ones', () => {
    expect(() => loadScenario('meteor-strike')).toThrow(/^--scenario: no shipped scenario "meteor-strike" \(shipped: .*evacuation.*\); or give a file path$/);
  });
});
