// What a badge says: how many alerts fire on a node or region, and the worst severity among them.
// Muted alerts never count; a region's badge in the global view counts its own and its services' alerts.
import type { Notice, Region, Severity } from '../model';
import { worstSeverity } from './severity';

export interface AlertSummary {
  count: number;
  worst: Severity | null;
  /** How many of them are their source's last known state (the source fails now). */
  staleCount: number;
}

export function isFiring(notice: Notice): boolean {
  return notice.alert?.state !== 'muted';
}

export function summariseNotices(notices: readonly Notice[] | undefined): AlertSummary {
  const out: AlertSummary = { count: 0, worst: null, staleCount: 0 };
  for (const notice of notices ?? []) {
    if (!isFiring(notice)) continue;
    out.count++;
    out.worst = worstSeverity(out.worst, notice.severity);
    if (notice.alert?.staleSince !== undefined) out.staleCount++;
  }
  return out;
}

/** Every firing notice in a region: on the region itself, its nodes and its connections. */
export function regionNotices(region: Region): Notice[] {
  const out: Notice[] = [...(region.notices ?? [])];
  for (const node of region.nodes) if (node.notices) out.push(...node.notices);
  for (const conn of region.connections) if (conn.notices) out.push(...conn.notices);
  return out.filter(isFiring);
}

/** What a node's label adds: ` ▲3` for three firing notices (muted ones never count); '' when none fire. */
export function alertLabelSuffix(notices: readonly Notice[]): string {
  if (notices.length === 0) return '';
  const count = summariseNotices(notices).count;
  return count === 0 ? '' : ` \u25b2${count}`;
}

/** Source types that report only notices: their failure makes the alerts stale, never the traffic. */
const NOTICE_ONLY_TYPES: ReadonlySet<string> = new Set(['alertmanager']);

export function reportsTraffic(source: { type: string }): boolean {
  return !NOTICE_ONLY_TYPES.has(source.type);
}
