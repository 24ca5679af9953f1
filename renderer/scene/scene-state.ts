// What the scene draws now, shared by its parts (layout, node and edge writers, labels, picking): the view
// model, per-node and per-edge arrays grown in place (never per frame), the edge table and the selection.
// The parts own behaviour; this owns the data they all read.
import type { ViewEdge, ViewKind, ViewModel, ViewNode } from '../../shared/view/view-model';
import { EdgeTable } from './edge-table';

/** One key per view: layouts are cached, and "same view" decided, by it. */
export { viewKey } from '../../shared/view/layout-memory';

/** The length a typed array grows to so that it holds `n` (doubling, at least 64), or `current` when it does. */
export function grownLength(current: number, n: number): number {
  return current >= n ? current : Math.max(n, current * 2, 64);
}

export class SceneState {
  model: ViewModel | null = null;
  key = '';
  view: ViewKind = 'global';
  /** Every node and edge drawn: what the filter kept and, dimmed, what it left out (layout-memory.ts drawnView). */
  nodes: ViewNode[] = [];
  edges: ViewEdge[] = [];
  /** Node and edge ids the filter left out: drawn dimmed, in their places, not counted. */
  filteredOut: ReadonlySet<string> = new Set();
  /** How many nodes and edges passed the filter (what stats() counts). */
  shownNodes = 0;
  shownEdges = 0;
  readonly nodeIndex = new Map<string, number>();

  /** Where each node is drawn now (mid-tween), where the layout puts it, and its radius (world units). */
  x = new Float64Array(0);
  y = new Float64Array(0);
  toX = new Float64Array(0);
  toY = new Float64Array(0);
  radius = new Float64Array(0);

  /** Per edge: rims, control point, length, class, rates and particle counts, as the shaders read them. */
  readonly table = new EdgeTable(256);
  edgeRps = new Float64Array(0);
  /** Curve length in world units; 0 for an edge that is not drawn (missing or identical endpoints). */
  edgeLength = new Float64Array(0);
  /** Particles each edge carries once eased. */
  edgeCounts = new Uint32Array(0);

  selected: string | null = null;
  highlighted = new Set<string>();
  /** Edges lit without a selection ("what changed"): drawn at full strength, the others left as they are. */
  highlightedEdges = new Set<string>();
  /** The selection's neighbourhood (nodes outside it are dimmed, their labels greyed). */
  near = new Set<string>();
  dimming = false;

  /** Labels are placed again on the next frame. */
  labelsDirty = true;
  /** A wall's new region view waits, blank, for elk; the key of the view waiting, or null. */
  awaitingLayout: string | null = null;
  /** The user panned or zoomed (or asked for a node): the camera no longer refits by itself. */
  userMoved = false;
  disposed = false;

  ensureNodeArrays(n: number): void {
    if (this.x.length >= n) return;
    const size = grownLength(this.x.length, n);
    this.x = new Float64Array(size);
    this.y = new Float64Array(size);
    this.toX = new Float64Array(size);
    this.toY = new Float64Array(size);
    this.radius = new Float64Array(size);
  }

  ensureEdgeArrays(n: number): void {
    if (this.edgeRps.length >= n) return;
    const size = grownLength(this.edgeRps.length, n);
    this.edgeRps = new Float64Array(size);
    this.edgeLength = new Float64Array(size);
    this.edgeCounts = new Uint32Array(size);
  }
}
