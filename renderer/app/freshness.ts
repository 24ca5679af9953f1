// Freshness truth (issue 4 §4): the screen is LIVE only while the hub link is up, a message arrived within
// three poll intervals, and every source behind the data answers. Otherwise it is STALE since the time of
// the last data that can be trusted, with each reason named. Pure, so the rules are unit-tested.
import type { Graph, SourceStatus } from '../../shared/model';
import type { HubStatus } from './connection';
import { reportsTraffic } from '../../shared/alerts/alert-summary';

export interface Freshness {
  live: boolean;
  /** Client epoch ms since which the picture is stale, or null while live. */
  staleSince: number | null;
  /** Why it is stale, most important first, in words for the status strip. */
  reasons: string[];
  /** Client epoch ms of the last message from the hub, or null. */
  updatedAt: number | null;
  /** True when the whole picture is stale (hub lost or silent), not just the regions of failing sources. */
  hubStale: boolean;
}

/** A silent hub counts as stale after this many poll intervals. */
export const SILENT_POLLS = 3;

export function describeSource(source: SourceStatus): string {
  // A source named after its type ("prometheus") is named once, not "prometheus prometheus:".
  const name = source.name === source.type ? source.name : `${source.type} ${source.name}`;
  return `${name}: ${source.error ?? 'failing'}`;
}

export function assessFreshness(
  status: Pick<HubStatus, 'connected' | 'lastMessageAt' | 'disconnectedSince' | 'interval' | 'sources' | 'lastError'>,
  graph: Graph | null,
  now: number,
  startedAt: number,
): Freshness {
  const reasons: string[] = [];
  let since = Number.POSITIVE_INFINITY;
  let hubStale = false;
  const lastData = status.lastMessageAt;
  if (!status.connected) {
    hubStale = true;
    reasons.push(`hub connection lost${status.lastError ? ` (${status.lastError})` : ''}`);
    since = Math.min(since, lastData ?? status.disconnectedSince ?? startedAt);
  } else if (lastData === null || graph === null) {
    hubStale = true;
    reasons.push('waiting for the first snapshot');
    since = Math.min(since, startedAt);
  } else if (now - lastData > SILENT_POLLS * status.interval * 1000) {
    hubStale = true;
    reasons.push(`no update from the hub for ${Math.round((now - lastData) / 1000)} s`);
    since = Math.min(since, lastData);
  }
  for (const source of status.sources) {
    // An Alertmanager down leaves the traffic live; its alerts say "as of" themselves (alert-strip.ts).
    if (source.ok || !reportsTraffic(source)) continue;
    reasons.push(describeSource(source));
    since = Math.min(since, source.lastSuccess ?? source.failingSince ?? lastData ?? now);
  }
  for (const region of graph?.regions ?? []) {
    if (region.staleSince !== null) since = Math.min(since, region.staleSince);
  }
  const live = reasons.length === 0 && Number.isFinite(since) === false;
  if (live) return { live: true, staleSince: null, reasons, updatedAt: lastData, hubStale: false };
  if (reasons.length === 0) reasons.push('a region’s source is failing');
  return { live: false, staleSince: Number.isFinite(since) ? since : now, reasons, updatedAt: lastData, hubStale };
}

/** The graph as it should be drawn: when the hub itself is stale, every region is greyed from that time. */
export function markHubStale(graph: Graph, since: number): Graph {
  return {
    ...graph,
    regions: graph.regions.map((region) =>
      region.staleSince !== null && region.staleSince <= since ? region : { ...region, staleSince: since },
    ),
  };
}

/** `14:02:11`, 24-hour local time: what a NOC reads off a wall clock. */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** `3 s ago`, `4 min ago`, `2 h ago`. */
export function ago(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}
