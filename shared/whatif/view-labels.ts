// Utilisation written on the overloaded services of a projected view: the node keeps its id (selection,
// layout and links are unchanged) and its label gains a second line, e.g. "checkout\n143% of capacity".
import type { ViewModel } from '../view/view-model';
import { formatUtilisation } from './format';

export interface OverloadMark {
  region: string;
  service: string;
  utilisation: number;
}

export function labelOverloads(model: ViewModel, overloaded: readonly OverloadMark[]): ViewModel {
  if (overloaded.length === 0) return model;
  const route = model.route;
  const byName = new Map<string, string>();
  if (route.view === 'global') {
    const counts = new Map<string, number>();
    for (const o of overloaded) counts.set(o.region, (counts.get(o.region) ?? 0) + 1);
    for (const [region, n] of counts) byName.set(region, `${n} over capacity`);
  } else {
    for (const o of overloaded) if (o.region === route.region) byName.set(o.service, `${formatUtilisation(o.utilisation)} of capacity`);
  }
  if (byName.size === 0) return model;
  return {
    ...model,
    nodes: model.nodes.map((n) => {
      const line = n.kind === (route.view === 'global' ? 'region' : 'service') ? byName.get(n.id) : undefined;
      return line === undefined ? n : { ...n, name: `${n.name}\n${line}` };
    }),
  };
}
