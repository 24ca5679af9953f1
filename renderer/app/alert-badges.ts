// Alert badges on the picture: the scene marks a node's worst notice with a coloured dot and its label with
// the count (alertLabelSuffix); in the global view each region node carries every alert firing inside it.
import { regionNotices } from '../../shared/alerts/alert-summary';
import type { Graph } from '../../shared/model';
import type { ViewModel } from '../../shared/view/view-model';

/** The model with each region node of the global view carrying its region's firing notices (services too). */
export function withRegionAlerts(model: ViewModel, graph: Graph | null): ViewModel {
  if (!graph || model.route.view !== 'global') return model;
  const byRegion = new Map(graph.regions.map((r) => [r.name, r]));
  let changed = false;
  const nodes = model.nodes.map((node) => {
    const region = node.kind === 'region' ? byRegion.get(node.name) : undefined;
    if (!region) return node;
    const notices = regionNotices(region);
    if (notices.length === 0) return node;
    changed = true;
    return { ...node, notices };
  });
  return changed ? { ...model, nodes } : model;
}
