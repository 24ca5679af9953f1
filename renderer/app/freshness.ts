// Freshness truth: the screen is LIVE only while the hub link is up, a message arrived within three poll
// intervals, every source behind the data answers, and that data — by its own time (sample timestamps, a
// feed's `updated`) — is younger than its source's maxAge. Otherwise it is STALE since the time of the last
// data that can be trusted, or NO DATA YET where nothing ever answered, with each reason named. Pure.
import type { Graph, SourceStatus } from '../../shared/model';
import type { HubStatus } from './connection';
import { reportsTraffic } from '../../shared/alerts/alert-summary';

export interface Freshness {
  live: boolean;
  /** Client epoch ms since which the picture is stale, or null while live. */
  staleSince: number | null;
  /** Why it is stale, most important first, in words for the status strip. */
  reasons: string[];
  /** Caveats that do not make the picture stale (a rate window still filling), in words. */
  notes: string[];
  /** Client epoch ms of the last message from the hub, or null. */
  updatedAt: number | null;
  /** Client epoch ms of the newest data on screen, by the data's own time; null when there is none. */
  dataAt: number | null;
  /** Nothing has ever answered: no region, and no source with a success. */
  noData: boolean;
  /** True when the whole picture is stale (hub lost or silent), not just the regions of failing sources. */
  hubStale: boolean;
}

/** A silent hub counts as stale after this many poll intervals. */
export const SILENT_POLLS = 3;

type LinkStatus = Pick<HubStatus, 'connected' | 'lastMessageAt' | 'disconnectedSince' | 'interval' | 'sources' | 'lastError'> & {
  /** Hub clock minus client clock, ms (from the messages' serverTime); 0 when unknown. */
  serverOffsetMs?: number;
};

export function describeSource(source: SourceStatus): string {
  // A source named after its type ("prometheus") is named once, not "prometheus prometheus:".
  const name = source.name === source.type ? source.name : `${source.type} ${source.name}`;
  if (source.lastSuccess === null) {
    const why = source.error && source.error !== 'not polled yet' ? ` (${source.error})` : '';
    return `${name}: no data yet${why}`;
  }
  return `${name}: ${source.error ?? 'failing'}`;
}

/** `90 s`, `5 min`, `2 h`, `3 d`: a maxAge or an age in words. */
export function span(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/**
 * `scope` is the region on screen (a region or focus view), or null for the global view, which shows every
 * region. Scoped, a source that fails — or whose data is past its maxAge — while the hub still has live
 * sources for that region (its `staleSince` null) and which is not pinned to it is a note, not a reason: the
 * numbers on screen are live. The hub's own silence, or the region's staleness, still make the screen stale.
 */
export function assessFreshness(status: LinkStatus, graph: Graph | null, now: number, startedAt: number, scope: string | null = null): Freshness {
  const reasons: string[] = [];
  const notes: string[] = [];
  const offset = status.serverOffsetMs ?? 0;
  const hubNow = now + offset;
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
  const scoped = scope === null ? undefined : graph?.regions.find((region) => region.name === scope);
  // A source elsewhere: pinned to another region, or unpinned while the region on screen is still reported.
  const elsewhere = (source: SourceStatus): boolean =>
    scoped !== undefined && scoped.staleSince === null && source.region !== scoped.name;
  let answered = false;
  for (const source of status.sources) {
    // An Alertmanager down leaves the traffic live; its alerts say "as of" themselves (alert-strip.ts).
    if (!reportsTraffic(source)) continue;
    if (source.lastSuccess !== null) answered = true;
    if (!source.ok) {
      if (elsewhere(source)) {
        notes.push(`${describeSource(source)} — ${scope} is still reported live`);
        continue;
      }
      reasons.push(describeSource(source));
      since = Math.min(since, source.lastSuccess ?? source.failingSince ?? lastData ?? now);
      continue;
    }
    const dataAt = source.dataAt ?? null;
    if (dataAt !== null && source.maxAgeMs !== undefined && hubNow - dataAt > source.maxAgeMs && !(elsewhere(source) && source.region !== undefined)) {
      reasons.push(`${source.type} ${source.name}: data ${span(hubNow - dataAt)} old, past its maxAge of ${span(source.maxAgeMs)}`);
      since = Math.min(since, dataAt - offset);
    }
    const filling = source.fillingUntil ?? null;
    if (filling !== null && filling > hubNow) notes.push(`${source.name}: rate window still filling until ${clockTime(filling - offset)}`);
  }
  let newest = 0;
  for (const region of scoped !== undefined ? [scoped] : (graph?.regions ?? [])) {
    if (region.staleSince !== null) since = Math.min(since, region.staleSince);
    newest = Math.max(newest, region.updated);
  }
  const dataAt = newest > 0 ? newest - offset : null;
  // Only a hub that answers can say its sources have not: a lost or silent link reads STALE, as ever.
  const noData = !hubStale && graph !== null && graph.regions.length === 0 && !answered;
  const live = reasons.length === 0 && Number.isFinite(since) === false;
  if (live) return { live: true, staleSince: null, reasons, notes, updatedAt: lastData, dataAt, noData: false, hubStale: false };
  if (reasons.length === 0) reasons.push('a region’s source is failing');
  return { live: false, staleSince: Number.isFinite(since) ? since : now, reasons, notes, updatedAt: lastData, dataAt, noData, hubStale };
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `14:02:11`, or `29 Nov 14:02:11` when more than 20 hours ago (two days ago reads the same on a clock). */
export function sinceTime(epochMs: number, now: number): string {
  if (now - epochMs < 20 * 3_600_000) return clockTime(epochMs);
  const d = new Date(epochMs);
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${clockTime(epochMs)}`;
}

/** `3 s ago`, `4 min ago`, `2 h ago`, `3 d ago`. */
export function ago(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.floor(s / 60)} min ago`;
  if (s < 172_800) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}
