// Every alert the graph holds as one flat list (GET /api/alerts, the global view's panel): where it sits,
// what it says, and its Alertmanager fields. Times as ISO-8601, like /healthz.
import type { Graph, Notice, Severity } from '../model';
import { isFiring } from './alert-summary';
import { severityRank } from './severity';

export interface ListedAlert {
  /** Where it sits: the region and service of the graph, or null (region-level, unplaced, muted). */
  region: string | null;
  service: string | null;
  severity: Severity;
  title: string;
  link: string | null;
  name: string | null;
  source: string | null;
  startsAt: string | null;
  description: string | null;
  owners: Record<string, string>;
  generatorURL: string | null;
  /** The service and region its labels name (which may not be in the graph). */
  labelService: string | null;
  labelRegion: string | null;
  unmatched: boolean;
  mutedBy: string[];
  staleSince: string | null;
}

export interface AlertList {
  firing: ListedAlert[];
  /** Firing, but their region is not in the graph or they name none. */
  unplaced: ListedAlert[];
  /** Silenced or inhibited. */
  muted: ListedAlert[];
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function listedAlert(notice: Notice, region: string | null, service: string | null): ListedAlert {
  const a = notice.alert;
  return {
    region,
    service,
    severity: notice.severity,
    title: notice.title,
    link: notice.link ?? null,
    name: a?.name ?? null,
    source: a?.source ?? null,
    startsAt: iso(a?.startsAt),
    description: a?.description ?? null,
    owners: a?.owners ?? {},
    generatorURL: a?.generatorURL ?? null,
    labelService: a?.service ?? null,
    labelRegion: a?.region ?? null,
    unmatched: a?.unmatched ?? false,
    mutedBy: a?.mutedBy ?? [],
    staleSince: iso(a?.staleSince),
  };
}

const worstFirst = (a: ListedAlert, b: ListedAlert): number =>
  severityRank(b.severity) - severityRank(a.severity) || (a.startsAt ?? '\uffff').localeCompare(b.startsAt ?? '\uffff') || a.title.localeCompare(b.title);

export function alertList(graph: Graph): AlertList {
  const firing: ListedAlert[] = [];
  for (const region of graph.regions) {
    for (const notice of region.notices ?? []) if (isFiring(notice)) firing.push(listedAlert(notice, region.name, null));
    for (const node of region.nodes) for (const notice of node.notices ?? []) if (isFiring(notice)) firing.push(listedAlert(notice, region.name, node.name));
    for (const conn of region.connections) {
      for (const notice of conn.notices ?? []) if (isFiring(notice)) firing.push(listedAlert(notice, region.name, `${conn.source} → ${conn.target}`));
    }
  }
  return {
    firing: firing.sort(worstFirst),
    unplaced: (graph.alerts?.unplaced ?? []).map((n) => listedAlert(n, null, null)).sort(worstFirst),
    muted: (graph.alerts?.muted ?? []).map((n) => listedAlert(n, null, null)).sort(worstFirst),
  };
}
