// The built-in demo as a source: the simulator's current calls, no Prometheus in between.
import type { SourceBatch } from '../../../shared/model';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../../shared/demo/index';
import type { Source } from './source';

export interface DemoSourceOptions {
  name: string;
  seed?: number;
  now?: () => number;
  /** Bigger or smaller shops, e.g. `{regions: 4, servicesPerRegion: 500}` for benchmarks. */
  scale?: { regions?: number; servicesPerRegion?: number };
  /** Anything else the simulator takes (noise, bursts, churn). */
  simulator?: Omit<SimulatorOptions, 'seed' | 'regions' | 'servicesPerRegion'>;
}

export interface DemoSource extends Source {
  /** For rehearsals: `evacuate(region)`, bursts, configured rates. */
  readonly simulator: Simulator;
}

export function createDemoSource(options: DemoSourceOptions): DemoSource {
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const simulator = createSimulator({ ...options.simulator, ...options.scale, seed, startMs: options.simulator?.startMs ?? now() });
  return {
    name: options.name,
    type: 'demo',
    detail: `built-in demo simulator (seed ${seed})`,
    simulator,
    // The simulator's calls(t) depends on t alone, so any instant can be answered.
    async poll(signal: AbortSignal, at?: number): Promise<SourceBatch> {
      signal.throwIfAborted();
      const sampledAt = at ?? now();
      const calls = simulator.calls(sampledAt);
      return { source: options.name, sampledAt, calls, seriesRead: calls.length };
    },
  };
}
