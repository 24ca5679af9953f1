// The hub's side of a rehearsal: projections of the graph it holds, against configured capacities or the
// peaks it has seen (recorded from every published graph, so "observed" means since this hub started).
// Displays and scripts asking for the same plan on the same graph share one computation (a small cache).
import type { Graph, Thresholds } from '../../shared/model';
import { toVizceral, type VizceralGraph } from '../../shared/vizceral';
import { DEFAULT_HEADROOM, type CapacityConfig } from '../../shared/whatif/capacity';
import { PeakTracker } from '../../shared/whatif/peak-tracker';
import { planKey, validatePlan, type PlanProblem, type WhatifPlan } from '../../shared/whatif/plan';
import { projectWhatif, type Projection } from '../../shared/whatif/project';
import { projectedGraph } from '../../shared/whatif/projected-graph';
import { whatifReport, type WhatifReport } from '../../shared/whatif/report';

export interface WhatifOptions {
  capacity?: CapacityConfig;
  headroom?: number;
  thresholds?: Thresholds;
  now: () => number;
}

export interface WhatifAnswer {
  projection: Projection;
  /** The projected world in the hub's own model (what the renderer draws). */
  world: Graph;
  /** The graph seq it was projected from. */
  seq: number;
  live: Graph;
  fullText?: string;
  displayText?: string;
}

export type WhatifOutcome = { ok: true; answer: WhatifAnswer } | { ok: false; status: 400 | 503; problem: PlanProblem };

const CACHE_ENTRIES = 16;

export class WhatifService {
  readonly peaks = new PeakTracker();
  private readonly cache = new Map<string, WhatifAnswer>();
  private live: Graph | null = null;
  private seq = -1;

  constructor(private readonly options: WhatifOptions) {}

  get headroom(): number {
    return this.options.headroom ?? DEFAULT_HEADROOM;
  }

  /** Every published graph: its peaks are recorded and cached projections of the previous one dropped. */
  observe(graph: Graph, seq: number): void {
    this.peaks.observe(graph);
    this.live = graph;
    this.seq = seq;
    this.cache.clear();
  }

  project(plan: WhatifPlan): WhatifOutcome {
    const live = this.live;
    if (!live || live.regions.length === 0) return { ok: false, status: 503, problem: { field: 'drain', message: 'no live graph yet: wait for the first poll' } };
    const problem = validatePlan(plan, live);
    if (problem) return { ok: false, status: 400, problem };
    const key = planKey(plan);
    const cached = this.cache.get(key);
    if (cached) return { ok: true, answer: cached };
    const projection = projectWhatif(live, plan, {
      peak: (region, service) => this.peaks.peak(region, service),
      headroom: this.headroom,
      ...(this.options.capacity ? { configured: this.options.capacity } : {}),
    });
    const world = projectedGraph(live, projection, { now: this.options.now(), ...(this.options.thresholds ? { thresholds: this.options.thresholds } : {}) });
    const answer: WhatifAnswer = { projection, world, seq: this.seq, live };
    this.cache.set(key, answer);
    while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return { ok: true, answer };
  }

  /**
   * The POST /api/whatif body, encoded once per answer and shape: Vizceral JSON of the projection plus the
   * capacity verdicts; or, for displays (`?model=1`), the hub's own model in place of the Vizceral graph and
   * the per-service list, which a display does not draw.
   */
  responseText(answer: WhatifAnswer, forDisplay: boolean): string {
    const cached = forDisplay ? answer.displayText : answer.fullText;
    if (cached !== undefined) return cached;
    const p = answer.projection;
    const common = {
      feed: 'whatif' as const,
      plan: p.plan,
      projectedFrom: { seq: answer.seq, serverUpdateTime: answer.live.serverUpdateTime },
      overloaded: p.overloaded,
      steps: p.steps,
      unplaceable: p.unplaceable,
      newCrossRegionCalls: p.newCrossRegionCalls,
      ingress: p.ingress,
      capacity: { headroom: this.headroom, observedPeakSince: this.peaks.since === null ? null : new Date(this.peaks.since).toISOString() },
      converged: p.converged,
    };
    if (forDisplay) return (answer.displayText = JSON.stringify({ ...common, world: answer.world }));
    const body: WhatifResponse = { ...common, graph: toVizceral(answer.world), services: p.services };
    return (answer.fullText = JSON.stringify(body));
  }

  report(answer: WhatifAnswer): WhatifReport {
    return whatifReport(answer.projection, { live: answer.live, generatedAt: this.options.now(), headroom: this.headroom, peakSince: this.peaks.since });
  }
}

export interface WhatifResponse {
  feed: 'whatif';
  plan: Projection['plan'];
  projectedFrom: { seq: number; serverUpdateTime: number };
  graph: VizceralGraph;
  overloaded: Projection['overloaded'];
  steps: Projection['steps'];
  unplaceable: Projection['unplaceable'];
  newCrossRegionCalls: Projection['newCrossRegionCalls'];
  ingress: Projection['ingress'];
  capacity: { headroom: number; observedPeakSince: string | null };
  services: Projection['services'];
  converged: boolean;
}
