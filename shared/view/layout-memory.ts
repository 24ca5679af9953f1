// Stable layouts (issue 15 §7): a service keeps its place whatever route led to the view and whatever filter
// is on. A view is laid out from its whole node set (what a filter leaves out is drawn dimmed, not removed
// from the layout), an empty view (the route ahead of the data) is never remembered as "the layout", and a
// view's layout once made is kept: new services are placed around the known ones (placeIncrementally).
// Pure: the scene asks for positions on every show and hands back elk's refinement when it arrives.
import type { Point } from './geometry';
import { freshLayout, layoutView, minNodeDistance, placeIncrementally, withIslandPlaces, type Positions } from './layout';
import type { Route, ViewEdge, ViewModel, ViewNode } from './view-model';

/** What the scene draws: every node and edge of the view, and the ids of those the filter left out (dimmed). */
export interface DrawnView {
  model: ViewModel;
  /** Node and edge ids the filter left out. */
  filteredOut: ReadonlySet<string>;
}

const NOTHING_FILTERED: ReadonlySet<string> = new Set();

/**
 * The whole view in the unfiltered order, with the filtered model's own objects for what passed the filter
 * (they may carry decorations such as alert badges added after filtering).
 */
export function drawnView(model: ViewModel): DrawnView {
  const all = model.unfiltered;
  if (!all) return { model, filteredOut: NOTHING_FILTERED };
  const nodeById = new Map<string, ViewNode>(model.nodes.map((n) => [n.id, n]));
  const edgeById = new Map<string, ViewEdge>(model.edges.map((e) => [e.id, e]));
  const filteredOut = new Set<string>();
  const nodes = all.nodes.map((n) => {
    const kept = nodeById.get(n.id);
    if (!kept) filteredOut.add(n.id);
    return kept ?? n;
  });
  const edges = all.edges.map((e) => {
    const kept = edgeById.get(e.id);
    if (!kept) filteredOut.add(e.id);
    return kept ?? e;
  });
  const drawn: ViewModel = { route: model.route, nodes, edges, staleSince: model.staleSince };
  if (model.totals) drawn.totals = model.totals;
  return { model: drawn, filteredOut };
}

/** The key under which a view's layout is remembered. */
export function viewKey(route: Route): string {
  if (route.view === 'global') return 'global';
  if (route.view === 'region') return 'region\u0000' + (route.region ?? '');
  return 'focus\u0000' + (route.region ?? '') + '\u0000' + (route.service ?? '');
}

export interface LayoutResult {
  positions: Positions;
  /** Laid out from scratch just now (no earlier layout of this view): the moment to ask elk for a better one. */
  fresh: boolean;
}

/** Layouts per view, least recently shown evicted first (a wall visits every region forever). */
export class LayoutMemory {
  private readonly layouts = new Map<string, Positions>();

  constructor(private readonly capacity = 64) {}

  get(key: string): Positions | undefined {
    return this.layouts.get(key);
  }

  /** Positions for every node of `model` (pass the drawn, unfiltered model), kept stable against the last layout. */
  layout(model: ViewModel): LayoutResult {
    const key = viewKey(model.route);
    const previous = this.layouts.get(key);
    // An island opened keeps its place in the memory (not drawn), so folding it again puts it back there.
    const positions = withIslandPlaces(layoutView(model, previous), previous);
    // An empty view is the route ahead of the data: nothing to keep, the first real data lays it out fresh.
    if (model.nodes.length > 0) this.remember(key, positions);
    return { positions, fresh: !previous && model.nodes.length > 0 };
  }

  /**
   * elk's refinement of the layout `made` for the view now holding `model`: adopted when the view is on
   * screen (`current`) or its layout has not changed since; then the model's nodes take elk's places and any
   * node elk did not see is placed around them. Returns the adopted positions, or null.
   */
  adopt(model: ViewModel, made: Positions, elk: ReadonlyMap<string, Point>, current: boolean): Positions | null {
    const key = viewKey(model.route);
    if (!current && this.layouts.get(key) !== made) return null;
    const kept = new Map<string, Point>();
    for (const node of model.nodes) {
      const p = elk.get(node.id);
      if (p) kept.set(node.id, p);
    }
    const positions = withIslandPlaces(placeIncrementally(kept, freshLayout(model), model, minNodeDistance(model.route.view)), this.layouts.get(key));
    this.remember(key, positions);
    return positions;
  }

  private remember(key: string, positions: Positions): void {
    this.layouts.delete(key);
    this.layouts.set(key, positions);
    if (this.layouts.size > this.capacity) this.layouts.delete(this.layouts.keys().next().value!);
  }
}
