// `GET /api/changes?from=T1&to=T2|live&threshold=P`: "what changed" between two instants, as the hub answers
// it and the renderer reads it (validated on arrival). Also the pure parts both sides share: the query's
// parameters, the renderer's `?changed=T1..T2` / `?since=T` link option, and which nodes of a view a change
// lights up.
import { z } from 'zod';
import { edgeId, type Route } from '../view/view-model';
import { DEFAULT_CHANGE_THRESHOLDS, type CallChange, type ChangeThresholds } from './what-changed';

/** How one source's part of an instant was answered (as in `/api/graph?at=` `metadata.replay.sources`). */
export interface ChangeSource {
  name: string;
  answeredBy: 'record' | 'source' | 'none';
  at?: number;
  reason?: string;
}

export interface ChangesAnswer {
  /** ISO instants compared; `to` is the hub's present when `live`. */
  from: string;
  to: string;
  live: boolean;
  thresholds: ChangeThresholds;
  /** Biggest change first (see whatChanged()). */
  changes: CallChange[];
  /** Sources compared (answered at both instants) and those left out, with why: never counted as vanished. */
  compared: string[];
  excluded: Array<{ name: string; reason: string }>;
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const changesAnswerSchema = z.object({
  from: z.string(),
  to: z.string(),
  live: z.boolean(),
  thresholds: z.object({ rpsRatio: finite, minRps: finite, errorPoints: finite }),
  changes: z.array(
    z.object({
      region: z.string().nullable(),
      source: z.string(),
      target: z.string(),
      kind: z.enum(['appeared', 'vanished', 'grew', 'shrank', 'errors-up', 'errors-down']),
      rpsBefore: finite,
      rpsAfter: finite,
      errorPctBefore: finite,
      errorPctAfter: finite,
    }),
  ),
  compared: z.array(z.string()),
  excluded: z.array(z.object({ name: z.string(), reason: z.string() })),
});

export function decodeChangesAnswer(raw: unknown): ChangesAnswer {
  const result = changesAnswerSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Error(`changes answer: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
}

/** Epoch ms or ISO-8601 (with at least a date); NaN for anything else. */
export function parseInstantText(text: string): number {
  const trimmed = text.trim();
  if (/^\d{1,16}$/.test(trimmed)) return Number(trimmed);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return NaN;
  return Date.parse(trimmed);
}

/** The part of URLSearchParams read here (shared/ has no DOM or Node types). */
export interface QueryParams {
  get(name: string): string | null;
}

export type ChangesQuery = { ok: true; from: number; to: number | 'live'; thresholds: ChangeThresholds } | { ok: false; error: string };

function nonNegative(params: QueryParams, name: string, fallback: number): number | string {
  const text = params.get(name);
  if (text === null || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) return `${name}: "${text.slice(0, 32)}" is not a number ≥ 0`;
  return value;
}

/**
 * The route's parameters: `from` (required), `to` (an instant or `live`, default live), `threshold` (percent
 * change in rps that counts as grown or shrunk, default 20), `minRps` (default 1), `errorPoints` (default 1).
 */
export function parseChangesQuery(params: QueryParams): ChangesQuery {
  const fromText = params.get('from');
  if (fromText === null) return { ok: false, error: 'from: missing (an ISO-8601 instant or epoch milliseconds)' };
  const from = parseInstantText(fromText);
  if (!Number.isFinite(from)) return { ok: false, error: `from: "${fromText.slice(0, 64)}" is neither an ISO-8601 instant nor epoch milliseconds` };
  const toText = params.get('to') ?? 'live';
  let to: number | 'live' = 'live';
  if (toText !== 'live') {
    to = parseInstantText(toText);
    if (!Number.isFinite(to)) return { ok: false, error: `to: "${toText.slice(0, 64)}" is neither "live", an ISO-8601 instant nor epoch milliseconds` };
    if (to <= from) return { ok: false, error: 'to: must be later than from' };
  }
  const percent = nonNegative(params, 'threshold', DEFAULT_CHANGE_THRESHOLDS.rpsRatio * 100);
  if (typeof percent === 'string') return { ok: false, error: percent };
  const thresholds: ChangeThresholds = { ...DEFAULT_CHANGE_THRESHOLDS, rpsRatio: percent / 100 };
  for (const key of ['minRps', 'errorPoints'] as const) {
    const value = nonNegative(params, key, DEFAULT_CHANGE_THRESHOLDS[key]);
    if (typeof value === 'string') return { ok: false, error: value };
    thresholds[key] = value;
  }
  return { ok: true, from, to, thresholds };
}

/** What the renderer compares, from its hash query: `changed=T1..T2` (two instants) or `since=T` (T against live). */
export interface ChangedOption {
  from: number;
  to: number | 'live';
  /** Percent, as `threshold=` in the link; null for the hub's default. */
  threshold: number | null;
}

export function changedOptionFromQuery(params: QueryParams): ChangedOption | null {
  const thresholdText = params.get('threshold');
  const thresholdValue = thresholdText === null ? NaN : Number(thresholdText);
  const threshold = Number.isFinite(thresholdValue) && thresholdValue >= 0 ? thresholdValue : null;
  const changed = params.get('changed');
  if (changed !== null) {
    const parts = changed.split('..');
    if (parts.length !== 2) return null;
    const from = parseInstantText(parts[0]!);
    const to = parts[1]!.trim() === '' || parts[1]!.trim() === 'live' ? 'live' : parseInstantText(parts[1]!);
    if (!Number.isFinite(from) || (to !== 'live' && (!Number.isFinite(to) || to <= from))) return null;
    return { from, to, threshold };
  }
  const since = params.get('since');
  if (since !== null) {
    const from = parseInstantText(since);
    return Number.isFinite(from) ? { from, to: 'live', threshold } : null;
  }
  return null;
}

/**
 * The link's query parameters for a comparison picked on the timeline bar: `since=T` (T against live) or
 * `changed=T1..T2` (the two instants in order, whichever way the range was dragged). Equal instants (a
 * click, not a drag) compare against live. ISO instants, colons left readable.
 */
export function changedQueryParams(a: number, b: number | 'live'): string[] {
  const iso = (t: number) => new Date(Math.round(t)).toISOString();
  if (b === 'live' || Math.round(a) === Math.round(b)) return [`since=${iso(a)}`];
  const [from, to] = a < b ? [a, b] : [b, a];
  return [`changed=${iso(from)}..${iso(to)}`];
}

/** The `/api/changes` path that answers a link option. */
export function changesPath(option: ChangedOption): string {
  const to = option.to === 'live' ? 'live' : new Date(option.to).toISOString();
  const threshold = option.threshold === null ? '' : `&threshold=${option.threshold}`;
  return `/api/changes?from=${encodeURIComponent(new Date(option.from).toISOString())}&to=${encodeURIComponent(to)}${threshold}`;
}

/** The changes that belong on a view: between regions (and from INTERNET) in the global view, one region's calls below. */
export function changesInView(changes: readonly CallChange[], route: Route): CallChange[] {
  if (route.view === 'global') return changes.filter((c) => c.region === null);
  const inRegion = changes.filter((c) => c.region === route.region);
  if (route.view === 'region') return inRegion;
  return inRegion.filter((c) => c.source === route.service || c.target === route.service);
}

/**
 * Node ids of the view to light up for the changes: both ends of each changed call on screen, and in the
 * global view also the regions whose own calls changed. `drawn` says which ids the view has.
 */
export function changedNodeIds(changes: readonly CallChange[], route: Route, drawn: (id: string) => boolean): string[] {
  const ids = new Set<string>();
  for (const change of changesInView(changes, route)) {
    if (drawn(change.source)) ids.add(change.source);
    if (drawn(change.target)) ids.add(change.target);
  }
  if (route.view === 'global') for (const change of changes) if (change.region !== null && drawn(change.region)) ids.add(change.region);
  return [...ids];
}

/** Edge ids of the view for the changed calls on it that are drawn (a vanished call has no edge left). */
export function changedEdgeIds(changes: readonly CallChange[], route: Route, drawn: (id: string) => boolean): string[] {
  return changesInView(changes, route)
    .map((c) => edgeId(c.source, c.target))
    .filter(drawn);
}
