// The built-in demo: a multi-region shop whose traffic is a pure function of a seed and a time. Noise, error
// bursts and topology churn are all derived from (seed, time bucket), so `calls(t)` never depends on history.
import type { Call } from '../model';
import { unit } from './rng';
import { buildTopology, type DemoCall, type DemoTopology, type TopologyOptions } from './topology';

export interface BurstOptions {
  /** One burst may start in each period of this length. Default 90 s. */
  everyMs?: number;
  /** Chance that a period has a burst. Default 0.5. */
  probability?: number;
  /** Default 20 s. */
  durationMs?: number;
  /** Failed share of the calls into the bursting service. Default 0.25. */
  errorShare?: number;
}

export interface SimulatorOptions extends Partial<TopologyOptions> {
  /** Relative noise on every rate, e.g. 0.03 for ±3 %. Default 0.03. */
  noise?: number;
  /** Error bursts; `false` turns them off. */
  bursts?: BurstOptions | false;
  /** A service appears (and the previous one disappears) every `everyMs`, for soak tests. Off by default. */
  churn?: { everyMs: number };
  /** Epoch ms that churn periods count from. Default 0. */
  startMs?: number;
}

/** One call's rates at one moment: `total` requests per second, of which `failed` failed. */
export interface DemoTraffic {
  call: DemoCall;
  total: number;
  failed: number;
  /** p95 milliseconds, only where a fault scripts a latency (the demo models no latency otherwise). */
  latencyMs?: number;
}

/**
 * A scripted fault (rehearsals): calls into `region` (only into `service` when set) fail at `errorShare`,
 * carry `latencyMs`, and have their rates multiplied by `rateFactor` (retries > 1, lost traffic < 1).
 * `outbound` also hits the calls that leave the region: a region cut off sends nothing either.
 */
export interface DemoFault {
  region: string;
  service?: string;
  errorShare?: number;
  latencyMs?: number;
  rateFactor?: number;
  outbound?: boolean;
}

export interface DemoBurst {
  region: string;
  service: string;
  startMs: number;
  endMs: number;
  errorShare: number;
}

export interface Simulator {
  readonly seed: number;
  readonly regions: readonly string[];
  readonly primary: string;
  /** The time of the last `step`. */
  readonly nowMs: number;
  /** Advances to `nowMs`: churn and evacuation state as of then. */
  step(nowMs: number): void;
  /** The calls that exist now with their configured rates (load shifts applied; no noise, no bursts). */
  configuredCalls(): Call[];
  /** Steps to `nowMs` and returns every call's rates with noise and bursts. */
  traffic(nowMs: number): DemoTraffic[];
  calls(nowMs: number): Call[];
  /** The burst active at `nowMs`, if any. */
  burstAt(nowMs: number): DemoBurst | null;
  /** Fails the region over: its Internet traffic moves to the other regions in proportion to their own. */
  evacuate(region: string): void;
  restore(region: string): void;
  evacuated(): string[];
  /**
   * Moves `fraction` (0..1) of the region's Internet traffic to the other regions, in proportion to what
   * they keep: total ingress is conserved. `evacuate` is `drain(region, 1)`, `restore` is `drain(region, 0)`.
   */
  drain(region: string, fraction: number): void;
  /** The drained fraction of every region that is drained at all. */
  drained(): Record<string, number>;
  /** Replaces the scripted faults (rehearsals); `[]` clears them. */
  setFaults(faults: readonly DemoFault[]): void;
  faults(): DemoFault[];
}

const NOISE_STREAM = 1;
const BURST_STREAM = 2;

function toCall(call: DemoCall, total: number, failed: number, latencyMs?: number): Call {
  const out: Call = {
    sourceRegion: call.sourceRegion,
    source: call.source,
    destinationRegion: call.destinationRegion,
    destination: call.destination,
    rate: { normal: total - failed, danger: failed, warning: 0 },
  };
  if (latencyMs !== undefined) out.latencyMs = latencyMs;
  return out;
}

function faultHits(fault: DemoFault, call: DemoCall): boolean {
  if (fault.service === undefined) return call.destinationRegion === fault.region || (fault.outbound === true && call.sourceRegion === fault.region);
  return call.destinationRegion === fault.region && call.destination === fault.service;
}

/** Churn: in period k, `experiment-k` lives in region k mod R, called by the gateway and using redis. */
function churnCalls(topology: DemoTopology, period: number, firstIndex: number): DemoCall[] {
  const region = topology.regions[period % topology.regions.length]!;
  const local = topology.calls.filter((c) => c.sourceRegion === region && c.destinationRegion === region);
  const caller = local.find((c) => c.source === 'api-gateway') ?? local[0];
  if (caller === undefined) return [];
  const name = `experiment-${period}`;
  const rate = Math.max(0.5, Math.round((topology.edgeRps.get(region) ?? 10) * 0.02 * 100) / 100);
  const out: DemoCall[] = [
    {
      index: firstIndex,
      sourceRegion: region,
      source: caller.source,
      sourceNamespace: caller.sourceNamespace,
      destinationRegion: region,
      destination: name,
      destinationNamespace: 'experiments',
      destinationKind: 'service',
      rate,
      errorShare: 0.002,
      loadRegion: region,
      reportedBy: 'both',
    },
  ];
  const store = local.find((c) => c.destination === 'redis');
  if (store) {
    out.push({
      ...store,
      index: firstIndex + 1,
      source: name,
      sourceNamespace: 'experiments',
      rate: rate / 2,
      errorShare: 0,
      reportedBy: 'source',
    });
  }
  return out;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const seed = (options.seed ?? 1) >>> 0;
  const topologyOptions: TopologyOptions = { seed };
  if (options.regions !== undefined) topologyOptions.regions = options.regions;
  if (options.servicesPerRegion !== undefined) topologyOptions.servicesPerRegion = options.servicesPerRegion;
  const topology = buildTopology(topologyOptions);
  const noise = Math.max(0, options.noise ?? 0.03);
  const burst = options.bursts === false ? null : {
    everyMs: options.bursts?.everyMs ?? 90_000,
    probability: options.bursts?.probability ?? 0.5,
    durationMs: options.bursts?.durationMs ?? 20_000,
    errorShare: options.bursts?.errorShare ?? 0.25,
  };
  const startMs = options.startMs ?? 0;
  // Bursts pick among the in-mesh services that receive calls, so every burst shows on some connection.
  const burstTargets = [
    ...new Set(topology.calls.filter((c) => c.destinationKind === 'service').map((c) => c.destinationRegion + '\u0000' + c.destination)),
  ];
  // Drained fraction per region (1 = evacuated); absent = 0.
  const drainedRegions = new Map<string, number>();
  let scriptedFaults: DemoFault[] = [];
  let loadFactor = new Map<string, number>(topology.regions.map((r) => [r, 1]));
  let nowMs = startMs;
  let active: readonly DemoCall[] = topology.calls;

  step(startMs);

  function keptShare(region: string, drains: ReadonlyMap<string, number> = drainedRegions): number {
    return 1 - (drains.get(region) ?? 0);
  }

  /**
   * Each region's load factor: what it keeps of its own Internet traffic plus what the drained regions
   * move to it, shared among the regions other than the sender in proportion to what they keep. Null when
   * some drained traffic has nowhere to go.
   */
  function loadFactors(drains: ReadonlyMap<string, number>): Map<string, number> | null {
    const kept = new Map(topology.regions.map((r) => [r, (topology.edgeRps.get(r) ?? 0) * keptShare(r, drains)]));
    let keptAll = 0;
    for (const k of kept.values()) keptAll += k;
    const load = new Map(kept);
    for (const [from, fraction] of drains) {
      const receivers = keptAll - (kept.get(from) ?? 0);
      if (receivers <= 0) return null;
      const moved = (topology.edgeRps.get(from) ?? 0) * fraction;
      for (const r of topology.regions) if (r !== from) load.set(r, load.get(r)! + (moved * kept.get(r)!) / receivers);
    }
    return new Map(topology.regions.map((r) => [r, (topology.edgeRps.get(r) ?? 0) > 0 ? load.get(r)! / topology.edgeRps.get(r)! : 1]));
  }

  function drain(region: string, fraction: number): void {
    if (!topology.regions.includes(region)) throw new Error(`no region "${region}" in the demo`);
    if (!(fraction >= 0 && fraction <= 1)) throw new Error(`drain fraction must be 0..1, got ${fraction}`);
    const next = new Map(drainedRegions);
    if (fraction === 0) next.delete(region);
    else next.set(region, fraction);
    const factors = loadFactors(next);
    if (factors === null) throw new Error('cannot evacuate the last region');
    drainedRegions.clear();
    for (const [r, f] of next) drainedRegions.set(r, f);
    loadFactor = factors;
  }

  function step(t: number): void {
    nowMs = t;
    if (options.churn && options.churn.everyMs > 0) {
      const period = Math.max(0, Math.floor((t - startMs) / options.churn.everyMs));
      active = [...topology.calls, ...churnCalls(topology, period, topology.calls.length)];
    }
  }

  function configuredRate(call: DemoCall): number {
    return call.loadRegion === null ? call.rate : call.rate * (loadFactor.get(call.loadRegion) ?? 1);
  }

  function burstAt(t: number): DemoBurst | null {
    if (burst === null || burstTargets.length === 0) return null;
    const period = Math.floor(t / burst.everyMs);
    if (unit(seed, BURST_STREAM, period, 0) >= burst.probability) return null;
    const target = burstTargets[Math.floor(unit(seed, BURST_STREAM, period, 1) * burstTargets.length)]!;
    const duration = Math.min(burst.durationMs, burst.everyMs);
    const startMs = period * burst.everyMs + Math.floor(unit(seed, BURST_STREAM, period, 2) * (burst.everyMs - duration));
    if (t < startMs || t >= startMs + duration) return null;
    const [region, service] = target.split('\u0000') as [string, string];
    return { region, service, startMs, endMs: startMs + duration, errorShare: burst.errorShare };
  }

  function traffic(t: number): DemoTraffic[] {
    step(t);
    const second = Math.floor(t / 1000);
    const hit = burstAt(t);
    const out: DemoTraffic[] = new Array<DemoTraffic>(active.length);
    for (let i = 0, n = active.length; i < n; i++) {
      const call = active[i]!;
      let total = configuredRate(call) * (1 + noise * (2 * unit(seed, NOISE_STREAM, call.index, second) - 1));
      const bursting = hit !== null && call.destination === hit.service && call.destinationRegion === hit.region;
      let share = bursting ? hit.errorShare : call.errorShare;
      let latencyMs: number | undefined;
      for (const fault of scriptedFaults) {
        if (!faultHits(fault, call)) continue;
        if (fault.rateFactor !== undefined) total *= fault.rateFactor;
        if (fault.errorShare !== undefined) share = Math.max(share, fault.errorShare);
        if (fault.latencyMs !== undefined) latencyMs = Math.max(latencyMs ?? 0, fault.latencyMs);
      }
      out[i] = latencyMs === undefined ? { call, total, failed: total * share } : { call, total, failed: total * share, latencyMs };
    }
    return out;
  }

  return {
    seed,
    regions: topology.regions,
    primary: topology.primary,
    get nowMs() {
      return nowMs;
    },
    step,
    configuredCalls: () =>
      active.map((call) => {
        const total = configuredRate(call);
        return toCall(call, total, total * call.errorShare);
      }),
    traffic,
    calls: (t) => traffic(t).map((s) => toCall(s.call, s.total, s.failed, s.latencyMs)),
    burstAt,
    evacuate: (region) => drain(region, 1),
    restore(region) {
      if (topology.regions.includes(region)) drain(region, 0);
    },
    evacuated: () => [...drainedRegions].filter(([, f]) => f === 1).map(([r]) => r),
    drain,
    drained: () => Object.fromEntries(drainedRegions),
    setFaults(faults) {
      scriptedFaults = faults.map((f) => ({ ...f }));
    },
    faults: () => scriptedFaults.map((f) => ({ ...f })),
  };
}
