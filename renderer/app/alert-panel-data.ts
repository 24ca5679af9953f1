// What the panel lists about alerts and error budgets for the selection (or, with nothing selected, for the
// view): the firing alerts, the muted ones, the alerts that have no node, and the SLOs that apply. Pure.
import { alertList, listedAlert, type ListedAlert } from '../../shared/alerts/alert-list';
import { isFiring, regionNotices } from '../../shared/alerts/alert-summary';
import type { Graph, Notice } from '../../shared/model';
import type { SloReport } from '../../shared/slo/report';
import { SLO_SOURCE } from '../../shared/slo/slo-notices';
import type { Route, ViewModel } from '../../shared/view/view-model';

export interface AlertPanelData {
  firing: ListedAlert[];
  muted: ListedAlert[];
  /** Global summary only: firing alerts whose region is not in the graph or that name none. */
  unplaced: ListedAlert[];
  slos: SloReport[];
}

const EMPTY: AlertPanelData = { firing: [], muted: [], unplaced: [], slos: [] };

/** Firing alerts; budget burns are left to the budgets section, which says more about them. */
function firingOn(notices: readonly Notice[] | undefined, region: string, service: string | null): ListedAlert[] {
  return (notices ?? []).filter((n) => isFiring(n) && n.alert?.source !== SLO_SOURCE).map((n) => listedAlert(n, region, service));
}

function mutedWhere(graph: Graph, region: string, service: string | null): ListedAlert[] {
  return (graph.alerts?.muted ?? [])
    .filter((n) => n.alert?.region === region && (service === null || n.alert.service === service))
    .map((n) => listedAlert(n, region, n.alert?.service ?? null));
}

function regionData(graph: Graph, name: string): AlertPanelData {
  const region = graph.regions.find((r) => r.name === name);
  if (!region) return EMPTY;
  const firing = [...firingOn(region.notices, name, null)];
  for (const node of region.nodes) firing.push(...firingOn(node.notices, name, node.name));
  const services = new Set(region.nodes.map((n) => n.name));
  return {
    firing,
    muted: mutedWhere(graph, name, null),
    unplaced: [],
    slos: (graph.slos ?? []).filter((s) => s.region === name || (s.region === null && services.has(s.service))),
  };
}

/** The alert and budget content for the panel, for the same selection panelData() describes. */
export function alertPanelData(graph: Graph | null, model: ViewModel, selected: string | null): AlertPanelData {
  if (!graph) return EMPTY;
  const route: Route = model.route;
  const node = selected === null ? undefined : model.nodes.find((n) => n.id === selected);
  const edge = selected === null || node ? undefined : model.edges.find((e) => e.id === selected);
  if (edge) {
    const region = route.region ?? '';
    return { ...EMPTY, firing: firingOn(edge.notices, region, `${edge.source} → ${edge.target}`) };
  }
  if (route.view === 'global') {
    if (node?.kind === 'region') return regionData(graph, node.name);
    if (node) return EMPTY;
    const all = alertList(graph);
    return { firing: all.firing.filter((a) => a.source !== SLO_SOURCE), muted: all.muted, unplaced: all.unplaced, slos: graph.slos ?? [] };
  }
  const regionName = route.region ?? '';
  if (!node || node.kind === 'region') return node ? regionData(graph, node.name) : regionData(graph, regionName);
  if (node.kind !== 'service') return EMPTY;
  return {
    firing: firingOn(node.notices, regionName, node.name),
    muted: mutedWhere(graph, regionName, node.name),
    unplaced: [],
    slos: (graph.slos ?? []).filter((s) => s.service === node.name && (s.region === regionName || s.region === null)),
  };
}

export interface FiringCount {
  /** Firing alerts in the whole graph, placed and unplaced (budget burns not included). */
  firing: number;
  /** Of those, how many are danger (critical, page). */
  danger: number;
  /** SLOs whose burn pages or tickets. */
  burning: number;
  /** Epoch ms of the oldest last-known state among the counted alerts (their source fails), or null. */
  staleSince: number | null;
}

/** What the strip counts. */
export function firingCount(graph: Graph | null): FiringCount {
  const out: FiringCount = { firing: 0, danger: 0, burning: 0, staleSince: null };
  if (!graph) return out;
  const count = (notices: readonly Notice[]) => {
    for (const n of notices) {
      if (!isFiring(n) || n.alert?.source === SLO_SOURCE) continue;
      out.firing++;
      if (n.severity === 'danger') out.danger++;
      const stale = n.alert?.staleSince;
      if (stale !== undefined && (out.staleSince === null || stale < out.staleSince)) out.staleSince = stale;
    }
  };
  for (const region of graph.regions) count(regionNotices(region));
  count(graph.alerts?.unplaced ?? []);
  out.burning = (graph.slos ?? []).filter((s) => s.alert !== null).length;
  return out;
}
