// The projected world as a Graph, so that every view, the API's Vizceral JSON and the wire protocol show
// it the same way as live. Overloaded services are `danger` (they pulse) and carry their utilisation as a
// notice; each region keeps the freshness of the data it was projected from.
import { buildGraph } from '../build-graph';
import { INTERNET, type Call, type Graph, type Notice, type Thresholds } from '../model';
import { formatUtilisation } from './format';
import type { Projection } from './project';

export const WHATIF_SOURCE = 'whatif';

function percent(utilisation: number): string {
  return formatUtilisation(utilisation);
}

export function overloadNotice(o: { utilisation: number; projectedRps: number; capacityRps: number }): Notice {
  return { severity: 'danger', title: `projected ${percent(o.utilisation)} of capacity (${o.projectedRps.toPrecision(4)} of ${o.capacityRps.toPrecision(4)} rps)` };
}

export function projectedGraph(live: Graph, projection: Projection, options: { now: number; thresholds?: Thresholds }): Graph {
  const calls: Call[] = [];
  for (const c of projection.calls) {
    if (!(c.projectedRps > 0)) continue;
    calls.push({ sourceRegion: c.sourceRegion, source: c.source, destinationRegion: c.destinationRegion, destination: c.destination, rate: c.rate });
  }
  for (const c of projection.regionCalls) {
    if (!(c.projectedRps > 0)) continue;
    calls.push({ sourceRegion: c.sourceRegion, source: c.sourceRegion, destinationRegion: c.destinationRegion, destination: c.destinationRegion, rate: c.rate, scope: 'global' });
  }
  const built = buildGraph([{ batch: { source: WHATIF_SOURCE, sampledAt: live.serverUpdateTime, calls, seriesRead: 0 }, staleSince: null }], {
    now: options.now,
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  });
  const liveRegions = new Map(live.regions.map((r) => [r.name, r]));
  const overloaded = new Map<string, Projection['overloaded'][number]>();
  for (const o of projection.overloaded) overloaded.set(o.region + '\u0000' + o.service, o);
  const overPerRegion = new Map<string, number>();
  for (const o of projection.overloaded) overPerRegion.set(o.region, (overPerRegion.get(o.region) ?? 0) + 1);
  const regions = built.regions.map((region) => {
    const before = liveRegions.get(region.name);
    // Live notices (alerts, annotations) stay on their nodes: what fires now still fires in the rehearsal.
    const liveNotices = new Map((before?.nodes ?? []).filter((n) => n.notices?.length).map((n) => [n.name, n.notices!]));
    const nodes = region.nodes.map((n) => {
      const o = n.kind === 'service' ? overloaded.get(region.name + '\u0000' + n.name) : undefined;
      const carried = liveNotices.get(n.name);
      if (!o && !carried) return n;
      const notices = [...(carried ?? []), ...(o ? [overloadNotice(o)] : [])];
      return o ? { ...n, class: 'danger' as const, notices } : { ...n, notices };
    });
    const count = overPerRegion.get(region.name) ?? 0;
    const notices: Notice[] = [...(before?.notices ?? [])];
    if (projection.plan.drain.includes(region.name)) notices.push({ severity: 'info', title: `drained ${Math.round(projection.plan.fraction * 100)}% in this rehearsal` });
    if (count > 0) notices.push({ severity: 'danger', title: `${count} service${count === 1 ? '' : 's'} projected over capacity` });
    return {
      ...region,
      updated: before?.updated ?? region.updated,
      sources: before?.sources ?? [],
      staleSince: before?.staleSince ?? null,
      class: count > 0 ? ('danger' as const) : region.class,
      nodes,
      ...(notices.length ? { notices } : {}),
    };
  });
  // A drained region that keeps no traffic still belongs on the map, empty, so the eye sees it was emptied.
  for (const r of live.regions) {
    if (regions.some((x) => x.name === r.name)) continue;
    regions.push({ ...r, rate: { normal: 0, danger: 0, warning: 0 }, class: 'normal', nodes: [], connections: [], notices: [...(r.notices ?? []), { severity: 'info', title: `drained ${Math.round(projection.plan.fraction * 100)}% in this rehearsal` }] });
  }
  regions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Whatever else the live graph carries (alerts without a node, SLO burn) is live fact, kept as it is.
  return { ...live, serverUpdateTime: built.serverUpdateTime, regions, connections: built.connections.filter((c) => c.source !== INTERNET || c.target !== INTERNET) };
}
