// Node instances for the node layer: position, radius, error shares, class, kind, alerts, and the
// selection's look (selected, search hit, dimmed outside the selection's neighbourhood). Written on show,
// select and highlight; a glide moves the instances in place (node-layer.ts move/commitMoves).
import { totalRate } from '../../shared/model';
import { classIndex } from '../../shared/view/palette';
import type { ViewKind, ViewNode } from '../../shared/view/view-model';
import type { NodeInstance, NodeLayer } from './node-layer';
import type { SceneState } from './scene-state';

function kindIndex(node: ViewNode, view: ViewKind): number {
  if (node.kind === 'internet') return 1;
  return node.kind === 'region' && view !== 'global' ? 2 : 0;
}

function noticeLevel(node: { notices: readonly { severity: string }[] }): number {
  let level = 0;
  for (const n of node.notices) level = Math.max(level, n.severity === 'danger' ? 3 : n.severity === 'warning' ? 2 : 1);
  return level;
}

export class NodeWriter {
  private readonly instances: NodeInstance[] = [];

  constructor(private readonly s: SceneState, private readonly layer: NodeLayer) {}

  /** The selection's neighbourhood into the state (near, dimming), then every node's instance. */
  write(): void {
    const s = this.s;
    const selectedNode = s.selected !== null && s.nodeIndex.has(s.selected) ? s.selected : null;
    const selectedEdge = selectedNode === null && s.selected !== null ? s.edges.find((e) => e.id === s.selected) : undefined;
    const near = new Set<string>();
    if (selectedNode !== null) {
      near.add(selectedNode);
      for (const e of s.edges) {
        if (e.source === selectedNode) near.add(e.target);
        if (e.target === selectedNode) near.add(e.source);
      }
    } else if (selectedEdge) {
      near.add(selectedEdge.source);
      near.add(selectedEdge.target);
    }
    // The focused service is selected by the app in focus view; dimming there would hide its neighbours' edges.
    const dimming = near.size > 0 && s.view !== 'focus';
    s.near = near;
    s.dimming = dimming;
    const list = this.instances;
    list.length = s.nodes.length;
    s.nodes.forEach((node, i) => {
      const total = totalRate(node.rate);
      const item: NodeInstance = list[i] ?? ({} as NodeInstance);
      item.x = s.x[i]!;
      item.y = s.y[i]!;
      item.r = s.radius[i]!;
      item.dangerShare = total > 0 ? node.rate.danger / total : 0;
      item.warningShare = total > 0 ? node.rate.warning / total : 0;
      item.classIndex = classIndex(node.class);
      item.kind = kindIndex(node, s.view);
      item.stale = node.stale;
      item.selected = node.id === s.selected;
      item.highlighted = s.highlighted.has(node.id);
      item.notice = noticeLevel(node);
      // What the filter left out is drawn in its place, dimmed (a filter never moves a service).
      item.dimmed = (dimming && !near.has(node.id)) || s.filteredOut.has(node.id);
      item.bold = s.view === 'global';
      list[i] = item;
    });
    this.layer.set(list);
  }

  /** Whether node `i` is drawn dimmed (as last written). */
  dimmed(i: number): boolean {
    return this.instances[i]?.dimmed ?? false;
  }
}
