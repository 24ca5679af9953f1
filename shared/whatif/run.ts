// One projection at one drained fraction φ: the drained regions' INTERNET ingress (and the self-started work
// of their pure callers) moved by the placement, calls into a drained region redirected to the survivors'
// copies of the callee, and every service's calls scaled with its new work by the fan-out it shows now.
import type { RequestRate } from '../model';
import type { Placement } from './placement';
import { propagate, type LinearCalls } from './propagate';
import type { World } from './world';

/** Projected INTERNET requests into one service, carried from one observed INTERNET call. */
export interface IngressPart {
  flow: number;
  to: number;
  rps: number;
}

export interface Run {
  fraction: number;
  /** Projected requests per second into each service. */
  incoming: Float64Array;
  /** Projected work per service: incoming, or self-started calls for a pure caller. */
  work: Float64Array;
  calls: LinearCalls;
  /** The observed flow behind each linear call. */
  callFlow: Int32Array;
  ingress: IngressPart[];
  /** Requests per second that had to move but found no surviving copy of their service, per service. */
  unplaceable: Float64Array;
  converged: boolean;
}

/** A service's work now: what it serves, or for a pure caller (a cron job, a batch) what it sends. */
export function currentWork(world: World): { work: Float64Array; selfStarted: Float64Array } {
  const n = world.services.length;
  const work = new Float64Array(n);
  const selfStarted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = world.services[i]!;
    if (s.incoming > 0) work[i] = s.incoming;
    else selfStarted[i] = work[i] = s.outgoing;
  }
  return { work, selfStarted };
}

export function projectAt(world: World, place: Placement, fraction: number): Run {
  const n = world.services.length;
  const { work: now, selfStarted } = currentWork(world);
  const ingressIn = new Float64Array(n);
  const selfIn = new Float64Array(n);
  const unplaceable = new Float64Array(n);
  const ingress: IngressPart[] = [];
  const drainedHere = (i: number): boolean => fraction > 0 && place.drained.has(world.services[i]!.region);

  // Moves `rps` of exogenous work at service i: (1-φ) stays, φ goes to the survivors' copies.
  const move = (i: number, rps: number, into: Float64Array, flow: number): void => {
    const shares = drainedHere(i) ? place.shares(world.services[i]!.service) : null;
    if (!shares) {
      into[i]! += rps;
      if (flow >= 0) ingress.push({ flow, to: i, rps });
      return;
    }
    if (shares.length === 0) {
      into[i]! += rps;
      unplaceable[i]! += rps * fraction;
      if (flow >= 0) ingress.push({ flow, to: i, rps });
      return;
    }
    const staying = rps * (1 - fraction);
    into[i]! += staying;
    if (flow >= 0 && staying > 0) ingress.push({ flow, to: i, rps: staying });
    for (const s of shares) {
      const moved = rps * fraction * s.share;
      into[s.to]! += moved;
      if (flow >= 0 && moved > 0) ingress.push({ flow, to: s.to, rps: moved });
    }
  };

  // Typed arrays sized for the worst case (every call split over every survivor): no per-call garbage.
  const capacity = world.flows.length * (1 + place.survivors.length);
  const from = new Int32Array(capacity);
  const to = new Int32Array(capacity);
  const k = new Float64Array(capacity);
  const callFlow = new Int32Array(capacity);
  let count = 0;
  const stuck: number[] = [];
  const link = (a: number, b: number, coefficient: number, flow: number): number => {
    from[count] = a;
    to[count] = b;
    k[count] = coefficient;
    callFlow[count] = flow;
    return count++;
  };
  const flows = world.flows;
  for (let f = 0; f < flows.length; f++) {
    const flow = flows[f]!;
    if (flow.from < 0) {
      move(flow.to, flow.total, ingressIn, f);
      continue;
    }
    const fanOut = flow.total / now[flow.from]!;
    const callee = world.services[flow.to]!;
    const caller = world.services[flow.from]!;
    const crossing = caller.region !== callee.region;
    const redirected = crossing && drainedHere(flow.to);
    // A call to its own service's copy in a drained region (replication, a primary's ledger) is served
    // in-process by the caller: re-aiming it at a third copy would bounce it between survivors forever.
    const peer = redirected && caller.service === callee.service;
    const shares = redirected && !peer ? place.shares(callee.service) : null;
    if (!redirected) {
      link(flow.from, flow.to, fanOut, f);
    } else if (peer) {
      if (fraction < 1) link(flow.from, flow.to, fanOut * (1 - fraction), f);
    } else if (shares!.length === 0) {
      stuck.push(link(flow.from, flow.to, fanOut, f));
    } else {
      if (fraction < 1) link(flow.from, flow.to, fanOut * (1 - fraction), f);
      for (const s of shares!) link(flow.from, s.to, fanOut * fraction * s.share, f);
    }
  }
  for (let i = 0; i < n; i++) if (selfStarted[i]! > 0) move(i, selfStarted[i]!, selfIn, -1);

  const exogenous = new Float64Array(n);
  for (let i = 0; i < n; i++) exogenous[i] = ingressIn[i]! + selfIn[i]!;
  const calls: LinearCalls = { from, to, k, count };
  const result = propagate(exogenous, calls);
  const incoming = new Float64Array(n);
  for (let i = 0; i < n; i++) incoming[i] = result.work[i]! - selfIn[i]!;
  for (const c of stuck) unplaceable[to[c]!]! += fraction * k[c]! * result.work[from[c]!]!;
  return { fraction, incoming, work: result.work, calls, callFlow, ingress, unplaceable, converged: result.converged };
}

export function scaleRate(rate: RequestRate, by: number): RequestRate {
  return { normal: rate.normal * by, danger: rate.danger * by, warning: rate.warning * by };
}
