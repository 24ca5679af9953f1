// Search (issue 4 §3): services and regions whose name contains the query, case-insensitive. Matches in the
// region on screen come first, so Enter jumps to the nearest one. Pure, unit-tested.
import type { Graph } from '../../shared/model';
import type { Route, ViewModel } from '../../shared/view/view-model';

export interface SearchMatch {
  label: string;
  /** Where Enter (or a click) goes: the focus view of a service, or a region view. */
  route: Route;
}

export const MAX_MATCHES = 8;

export function findMatches(graph: Graph | null, query: string, here: Route): SearchMatch[] {
  const needle = query.trim().toLocaleLowerCase();
  if (needle === '' || graph === null) return [];
  const local: SearchMatch[] = [];
  const other: SearchMatch[] = [];
  for (const region of graph.regions) {
    if (region.name.toLocaleLowerCase().includes(needle)) other.push({ label: region.name, route: { view: 'region', region: region.name } });
    for (const node of region.nodes) {
      if (node.kind !== 'service' || !node.name.toLocaleLowerCase().includes(needle)) continue;
      const match = { label: `${node.name} · ${region.name}`, route: { view: 'focus' as const, region: region.name, service: node.name } };
      (region.name === here.region ? local : other).push(match);
    }
  }
  return [...local, ...other].slice(0, MAX_MATCHES);
}

/**
 * Ids of the nodes on screen to highlight: matching names, in the global view regions holding a match, and in a
 * region drawn as islands the collapsed islands holding one.
 */
export function highlightIds(graph: Graph | null, model: ViewModel, query: string): string[] {
  const needle = query.trim().toLocaleLowerCase();
  if (needle === '') return [];
  const ids: string[] = [];
  for (const node of model.nodes) {
    if (node.name.toLocaleLowerCase().includes(needle)) ids.push(node.id);
    else if (node.island) {
      const island = model.islands?.islands.find((i) => i.key === node.island!.key);
      if (island?.members.some((id) => id.toLocaleLowerCase().includes(needle))) ids.push(node.id);
    } else if (model.route.view === 'global' && node.kind === 'region') {
      const region = graph?.regions.find((r) => r.name === node.name);
      if (region?.nodes.some((n) => n.kind === 'service' && n.name.toLocaleLowerCase().includes(needle))) ids.push(node.id);
    }
  }
  return ids;
}
