// `GET /api/changes?from=T1&to=T2|live&threshold=P`: every call's change in rps and error % between two
// instants, biggest first. Both instants come the way `/api/graph?at=` gets them (the record, or a
// Prometheus source evaluating at that time); `live` is the hub's present, the latest poll. Only sources that
// answered for both instants are compared: a source with no data at one of them is listed as excluded, so
// its calls never pose as appeared or vanished.
import { parseChangesQuery, type ChangesAnswer } from '../../shared/timeline/changes-answer';
import { whatChanged } from '../../shared/timeline/what-changed';
import type { HubTimeline, Instant, TimelineSource } from './timeline';

const FUTURE_SLACK_MS = 1000;

function answered(instant: Instant): Set<string> {
  return new Set(instant.sources.filter((s) => s.answeredBy !== 'none').map((s) => s.name));
}

export async function changesRoute(timeline: HubTimeline, params: URLSearchParams, sources: TimelineSource[], now: number): Promise<{ status: number; body: unknown }> {
  const query = parseChangesQuery(params);
  if (!query.ok) return { status: 400, body: { error: query.error } };
  const to = query.to === 'live' ? now : query.to;
  for (const [name, t] of [['from', query.from], ['to', to]] as const) {
    if (t > now + FUTURE_SLACK_MS) return { status: 404, body: { error: `${name}: ${new Date(t).toISOString()} is in the future` } };
  }
  if (query.from >= to) return { status: 400, body: { error: 'from: must be earlier than to' } };
  let before = await timeline.graphAt(query.from, sources);
  if (!before) return { status: 404, body: { error: `no source can answer for ${new Date(query.from).toISOString()}` } };
  const reasons = new Map<string, string>();
  for (const s of before.sources) if (s.answeredBy === 'none') reasons.set(s.name, `${new Date(query.from).toISOString()}: ${s.reason ?? 'no data'}`);
  const first = answered(before);
  const after = await timeline.graphAt(to, sources.filter((s) => first.has(s.source.name)));
  if (!after) return { status: 404, body: { error: `no source that answered for ${new Date(query.from).toISOString()} can answer for ${new Date(to).toISOString()}` } };
  for (const s of after.sources) if (s.answeredBy === 'none') reasons.set(s.name, `${new Date(to).toISOString()}: ${s.reason ?? 'no data'}`);
  const both = answered(after);
  // A source lost between the instants: compare the first instant without it too.
  if (both.size < first.size) {
    before = await timeline.graphAt(query.from, sources.filter((s) => both.has(s.source.name)));
    if (!before) return { status: 404, body: { error: `no source can answer for both ${new Date(query.from).toISOString()} and ${new Date(to).toISOString()}` } };
  }
  const body: ChangesAnswer = {
    from: new Date(query.from).toISOString(),
    to: new Date(to).toISOString(),
    live: query.to === 'live',
    thresholds: query.thresholds,
    changes: whatChanged(before.graph, after.graph, query.thresholds),
    compared: sources.map((s) => s.source.name).filter((name) => both.has(name)),
    excluded: [...reasons].map(([name, reason]) => ({ name, reason })),
  };
  return { status: 200, body };
}
