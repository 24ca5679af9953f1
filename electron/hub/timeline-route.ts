// `GET /api/graph?at=T`: the graph as at instant T in Vizceral's format, `serverUpdateTime` = T, with
// `metadata.replay` saying how each source's part was answered (record, the source itself, or no data).
import { toVizceral } from '../../shared/vizceral';
import { parseInstant, type HubTimeline, type TimelineSource } from './timeline';

/** A small allowance for clocks: an instant this close ahead of the hub's clock is "now". */
const FUTURE_SLACK_MS = 1000;

export async function graphAtRoute(timeline: HubTimeline, text: string, sources: TimelineSource[], now: number): Promise<{ status: number; body: unknown }> {
  const at = parseInstant(text);
  if (!Number.isFinite(at)) return { status: 400, body: { error: `at: "${text.slice(0, 64)}" is neither an ISO-8601 instant nor epoch milliseconds` } };
  if (at > now + FUTURE_SLACK_MS) return { status: 404, body: { error: `at: ${new Date(at).toISOString()} is in the future` } };
  const instant = await timeline.graphAt(at, sources);
  if (!instant) {
    return { status: 404, body: { error: `no source can answer for ${new Date(at).toISOString()}: it is older than the hub's record and no source can tell the past` } };
  }
  const body = toVizceral(instant.graph);
  body.metadata = { ...body.metadata, replay: { at: new Date(at).toISOString(), sources: instant.sources } };
  return { status: 200, body };
}
