// An evacuation plan: which regions to drain, where their INTERNET traffic goes and how much of it moves.
// Checked twice: its shape here (zod, so a bad field is named), its meaning against the world in validatePlan().
import { z } from 'zod';
import type { Graph } from '../model';

const regionName = z.string().min(1).max(200);

export const whatifPlanSchema = z.strictObject({
  drain: z.array(regionName).min(1, 'name at least one region to drain').max(100),
  /** Relative weights per surviving region for the moved INTERNET traffic; absent: the survivors' current ingress. */
  to: z.record(regionName, z.number().min(0, 'weights are ≥ 0')).optional(),
  /** How much of the drained regions' traffic moves, 0..1; default 1 (all of it). */
  fraction: z.number().min(0).max(1).optional(),
});

export type WhatifPlan = z.infer<typeof whatifPlanSchema>;

export interface PlanProblem {
  /** The field at fault, as a path into the plan: `drain[1]`, `to.eu-west-1`, `fraction`. */
  field: string;
  message: string;
}

export type PlanResult = { ok: true; plan: WhatifPlan } | { ok: false; problem: PlanProblem };

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(plan)';
}

/** Checks a plan's shape (a JSON body or a parsed query). */
export function parsePlan(raw: unknown): PlanResult {
  const result = whatifPlanSchema.safeParse(raw);
  if (result.success) return { ok: true, plan: result.data };
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    return { ok: false, problem: { field: fieldPath([...issue.path, issue.keys[0]!]), message: 'unknown field (expected drain, to, fraction)' } };
  }
  const message = /received undefined$/.test(issue.message) ? 'required' : issue.message;
  return { ok: false, problem: { field: fieldPath(issue.path), message } };
}

/** Checks a well-formed plan against the world it is to be applied to. Null when it can be projected. */
export function validatePlan(plan: WhatifPlan, graph: Graph): PlanProblem | null {
  const known = new Set(graph.regions.map((r) => r.name));
  const drained = new Set<string>();
  for (const [i, region] of plan.drain.entries()) {
    if (!known.has(region)) return { field: `drain[${i}]`, message: `unknown region "${region}" (known: ${[...known].join(', ') || 'none yet'})` };
    if (drained.has(region)) return { field: `drain[${i}]`, message: `"${region}" is listed twice` };
    drained.add(region);
  }
  if (drained.size >= known.size) return { field: 'drain', message: 'drains every region: no region is left to take the traffic' };
  if (plan.to) {
    let sum = 0;
    for (const [region, weight] of Object.entries(plan.to)) {
      if (!known.has(region)) return { field: `to.${region}`, message: `unknown region "${region}"` };
      if (drained.has(region)) return { field: `to.${region}`, message: `"${region}" is being drained; it cannot take traffic` };
      sum += weight;
    }
    if (sum <= 0) return { field: 'to', message: 'needs at least one surviving region with a weight > 0' };
  }
  return null;
}

/** One stable spelling of a plan, so that displays on the same plan share one computation. */
export function planKey(plan: WhatifPlan): string {
  const to = plan.to ? Object.entries(plan.to).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : null;
  return JSON.stringify([[...plan.drain].sort(), to, plan.fraction ?? 1]);
}

/** What planFromQuery reads: URLSearchParams, without needing the DOM or Node here. */
export interface QueryParams {
  get(name: string): string | null;
}

/**
 * A plan from URL query parameters (the report route, deep links): `drain=a,b`, `to=a:2,b:1`, `fraction=0.5`.
 * Region names are split on commas, so a name holding a comma cannot be drained this way (use POST).
 */
export function planFromQuery(params: QueryParams): PlanResult {
  const raw: Record<string, unknown> = {};
  const drain = params.get('drain');
  raw.drain = drain === null ? undefined : drain.split(',').filter((s: string) => s !== '');
  const to = params.get('to');
  if (to !== null) {
    const weights: Record<string, unknown> = {};
    for (const part of to.split(',')) {
      const at = part.lastIndexOf(':');
      if (at <= 0) return { ok: false, problem: { field: 'to', message: `expected REGION:WEIGHT pairs, got "${part}"` } };
      const weight = Number(part.slice(at + 1));
      weights[part.slice(0, at)] = part.slice(at + 1) === '' || !Number.isFinite(weight) ? part.slice(at + 1) : weight;
    }
    raw.to = weights;
  }
  const fraction = params.get('fraction');
  if (fraction !== null) raw.fraction = fraction !== '' && Number.isFinite(Number(fraction)) ? Number(fraction) : fraction;
  return parsePlan(raw);
}

/** The same plan as a query string without `?` (the inverse of planFromQuery). */
export function planToQuery(plan: WhatifPlan): string {
  const parts = [`drain=${encodeURIComponent(plan.drain.join(','))}`];
  if (plan.to) parts.push(`to=${encodeURIComponent(Object.entries(plan.to).map(([r, w]) => `${r}:${w}`).join(','))}`);
  if (plan.fraction !== undefined) parts.push(`fraction=${plan.fraction}`);
  return parts.join('&');
}
