// The world a scenario has made so far: the faults it injected and how far each region is drained. Pure
// data; the driver hands it to the demo simulator (`applyWorld`) before every poll.
import type { DemoFault, Simulator } from '../demo/simulator';
import type { ScenarioStep } from './schema';
import { formatOffset } from './duration';

export interface ScenarioWorld {
  /** Active faults by what they are (`errors:us-east-1/kafka`), so a later step replaces or clears them. */
  faults: Record<string, DemoFault>;
  /** Drained fraction of INTERNET ingress per region (1 = evacuated). */
  drains: Record<string, number>;
}

export function emptyWorld(): ScenarioWorld {
  return { faults: {}, drains: {} };
}

const pct = (share: number): string => `${Math.round(share * 1000) / 10}%`;
const where = (service: string, region: string): string => `${service} in ${region}`;

/** Applies a step's fault actions (not evacuate, prompt or end: the player times those). */
export function applyFaults(world: ScenarioWorld, step: ScenarioStep): ScenarioWorld {
  const faults = { ...world.faults };
  if (step.recover) {
    const { region, service } = step.recover;
    for (const [key, fault] of Object.entries(faults)) {
      if (fault.region === region && (service === undefined || fault.service === service)) delete faults[key];
    }
  }
  if (step.outage) {
    const { region, mode, share } = step.outage;
    faults[`outage:${region}`] = mode === 'errors' ? { region, errorShare: share } : { region, rateFactor: 1 - share, outbound: true };
  }
  if (step.errors) faults[`errors:${step.errors.region}/${step.errors.service}`] = { region: step.errors.region, service: step.errors.service, errorShare: step.errors.share };
  if (step.latency) faults[`latency:${step.latency.region}/${step.latency.service}`] = { region: step.latency.region, service: step.latency.service, latencyMs: step.latency.p95Ms };
  if (step.retryStorm) {
    const { region, service, factor } = step.retryStorm;
    faults[`retry:${region}/${service}`] = { region, service, rateFactor: factor };
  }
  return { faults, drains: world.drains };
}

/** One line per action of a step, for the timeline when the step has no note and for the debrief. */
export function describeActions(step: ScenarioStep): string[] {
  const out: string[] = [];
  if (step.recover) out.push(step.recover.service === undefined ? `${step.recover.region} recovers` : `${where(step.recover.service, step.recover.region)} recovers`);
  if (step.outage) {
    const { region, mode, share } = step.outage;
    if (mode === 'errors') out.push(`${region} outage: ${pct(share)} of calls into the region fail`);
    else out.push(share === 1 ? `${region} outage: its traffic stops` : `${region} outage: ${pct(share)} of its traffic is lost`);
  }
  if (step.errors) out.push(`${where(step.errors.service, step.errors.region)} fails ${pct(step.errors.share)} of calls`);
  if (step.latency) out.push(`${where(step.latency.service, step.latency.region)} slows to p95 ${step.latency.p95Ms} ms`);
  if (step.retryStorm) out.push(`retry storm: callers of ${where(step.retryStorm.service, step.retryStorm.region)} send ×${step.retryStorm.factor}`);
  if (step.evacuate) {
    const e = step.evacuate;
    const ramp = e.over > 0 ? ` over ${formatOffset(e.over)}` : '';
    out.push(e.fraction === 0 ? `${e.region} takes its traffic back${ramp}` : `evacuation of ${e.region} to ${pct(e.fraction)}${ramp}`);
  }
  // Prompts and the end have timeline entries of their own.
  return out;
}

export function describeDrain(region: string, fraction: number): string {
  return fraction === 0 ? `${region} serves all of its INTERNET traffic again` : `${pct(fraction)} of ${region}'s INTERNET traffic moved to the other regions`;
}

/** Puts the world into the simulator: exactly these faults, exactly these drains. */
export function applyWorld(simulator: Simulator, world: ScenarioWorld): void {
  simulator.setFaults(Object.values(world.faults));
  const now = simulator.drained();
  // Give traffic back before taking it away, so a swap of drained regions never empties all of them at once.
  const changes = simulator.regions
    .map((region) => ({ region, from: now[region] ?? 0, to: world.drains[region] ?? 0 }))
    .filter((c) => c.from !== c.to)
    .sort((a, b) => a.to - a.from - (b.to - b.from));
  for (const c of changes) simulator.drain(c.region, c.to);
}
