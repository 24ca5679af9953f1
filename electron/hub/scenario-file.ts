// `--scenario NAME|FILE`: a shipped scenario by name (assets/scenarios/NAME.yaml) or a file. Errors name
// the file, line and key exactly as config errors do (the same locator), so a typo reads the same way.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, isMap, parseDocument } from 'yaml';
import { buildTopology } from '../../shared/demo/index';
import { checkScenario, scenarioSchema, type Scenario, type ScenarioWorldShape } from '../../shared/scenario/index';
import { ConfigError, keyPath, locate } from './config';

/** The shipped scenarios, beside the repo's other assets (same depth from here and from the bundle). */
export function shippedScenarioDir(): string {
  return fileURLToPath(new URL('../../assets/scenarios', import.meta.url));
}

export function shippedScenarios(dir = shippedScenarioDir()): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml')).sort();
  } catch {
    return [];
  }
}

/** A bare name (no slash, no .yaml) is a shipped scenario; anything else is a path. */
export function resolveScenarioPath(nameOrFile: string, dir = shippedScenarioDir()): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(nameOrFile) && !existsSync(nameOrFile)) {
    const file = join(dir, `${nameOrFile}.yaml`);
    if (!existsSync(file)) throw new ConfigError(`--scenario: no shipped scenario "${nameOrFile}" (shipped: ${shippedScenarios(dir).join(', ') || 'none'}); or give a file path`);
    return file;
  }
  return nameOrFile;
}

/** The regions and the called services of the demo shop this scenario asks for. */
export function demoShape(scenario: Pick<Scenario, 'demo'>): ScenarioWorldShape {
  const topology = buildTopology({ seed: scenario.demo.seed ?? 1, ...(scenario.demo.regions !== undefined ? { regions: scenario.demo.regions } : {}) });
  // Only services that receive calls: a fault on one that nobody calls would change nothing on screen.
  const services = new Set(topology.calls.map((c) => c.destination));
  return { regions: topology.regions, services: [...services] };
}

/** Parses and validates scenario YAML; `file` only phrases errors. Throws ConfigError `file:line: key: …`. */
export function parseScenario(text: string, file: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  const yamlError = doc.errors[0];
  if (yamlError) throw new ConfigError(`${file}:${lineOf(yamlError.pos[0])}: invalid YAML: ${yamlError.message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new ConfigError(`${file}:1: (top level): expected a mapping of keys (name, title, source, steps, ...)`);
  const result = scenarioSchema.safeParse(doc.toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      throw new ConfigError(`${file}:${lineOf(locate(doc.contents, issue.path, key))}: ${keyPath([...issue.path, key])}: unknown key`);
    }
    const message = /received undefined$/.test(issue.message) ? 'required key is missing' : issue.message;
    throw new ConfigError(`${file}:${lineOf(locate(doc.contents, issue.path))}: ${keyPath(issue.path)}: ${message}`);
  }
  const problem = checkScenario(result.data, demoShape(result.data))[0];
  if (problem) throw new ConfigError(`${file}:${lineOf(locate(doc.contents, problem.path))}: ${keyPath(problem.path)}: ${problem.message}`);
  return result.data;
}

/** Reads `--scenario NAME|FILE`. */
export function loadScenario(nameOrFile: string, dir = shippedScenarioDir()): { scenario: Scenario; file: string } {
  const file = resolveScenarioPath(nameOrFile, dir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}:0: cannot read scenario file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  return { scenario: parseScenario(text, file), file };
}
