// Where each notice goes once every source's calls are in the graph: on the node its labels name (first
// the service label, then its aliases), on its region when none matches, and — never dropped — on the
// board when its region is not in the graph or it names none. Muted alerts go on the board only.
import type { AlertBoard, Notice, NoticeTarget } from '../model';

/** What build-graph lets this module see and touch of the graph it is building. */
export interface NoticePlaces {
  hasRegion(region: string): boolean;
  /** A service (or INTERNET) node of that region; remote-region stand-ins do not count. */
  hasNode(region: string, name: string): boolean;
  hasConnection(region: string, source: string, target: string): boolean;
  addToRegion(region: string, notice: Notice): void;
  addToNode(region: string, name: string, notice: Notice): void;
  addToConnection(region: string, source: string, target: string, notice: Notice): void;
  /** A call between regions (or INTERNET → region) in the global view. */
  hasGlobalConnection(source: string, target: string): boolean;
  addToGlobalConnection(source: string, target: string, notice: Notice): void;
}

export interface PendingNotice {
  target: NoticeTarget;
  /** The reporting source's stale time (it fails now), or null while it is healthy. */
  staleSince: number | null;
}

function withDetail(notice: Notice, patch: { staleSince?: number; unmatched?: boolean }): Notice {
  if (!notice.alert) return notice;
  const alert = { ...notice.alert };
  if (patch.staleSince !== undefined) alert.staleSince = patch.staleSince;
  if (patch.unmatched) alert.unmatched = true;
  return { ...notice, alert };
}

/** Places every notice; returns the board, or undefined when no notice is an alert and none is unplaced. */
export function placeNotices(pending: readonly PendingNotice[], places: NoticePlaces): AlertBoard | undefined {
  const board: AlertBoard = { unplaced: [], muted: [] };
  let alerts = false;
  for (const { target, staleSince } of pending) {
    const base = staleSince === null ? target.notice : withDetail(target.notice, { staleSince });
    if (base.alert) alerts = true;
    if (base.alert?.state === 'muted') {
      board.muted.push(base);
      continue;
    }
    if (target.scope === 'global' && target.service !== undefined && target.target !== undefined) {
      // On the call between regions; else on the region it enters; never dropped.
      if (places.hasGlobalConnection(target.service, target.target)) places.addToGlobalConnection(target.service, target.target, base);
      else if (places.hasRegion(target.target)) places.addToRegion(target.target, withDetail(base, { unmatched: true }));
      else board.unplaced.push(base);
      continue;
    }
    const region = target.region;
    if (region === undefined || !places.hasRegion(region)) {
      board.unplaced.push(base);
      continue;
    }
    if (target.service === undefined) {
      places.addToRegion(region, base);
      continue;
    }
    if (target.target !== undefined) {
      if (places.hasConnection(region, target.service, target.target)) places.addToConnection(region, target.service, target.target, base);
      else places.addToRegion(region, withDetail(base, { unmatched: true }));
      continue;
    }
    const names = [target.service, ...(target.aliases ?? [])];
    const name = names.find((n) => places.hasNode(region, n));
    if (name !== undefined) places.addToNode(region, name, base);
    else places.addToRegion(region, withDetail(base, { unmatched: true }));
  }
  return alerts || board.unplaced.length > 0 ? board : undefined;
}
