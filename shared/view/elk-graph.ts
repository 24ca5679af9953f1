// The elkjs `layered` request for a region view and the positions read back from its answer. Pure JSON
// on both sides, so the worker only runs elk and tests can check what we ask for.
import { uncross, type CallPair } from './crossings';
import type { Point } from './geometry';
import { defaultMaxRows, labelWidthOf, placeLabelledLayers, placeLayers, type LayoutInput } from './layered-layout';
import { maxNodeRadius } from './node-size';
import { ISLAND_SPACING, REGION_SPACING } from './layout';

export interface ElkRequestNode { id: string; width: number; height: number; layoutOptions?: Record<string, string> }
export interface ElkRequest {
  id: string;
  layoutOptions: Record<string, string>;
  children: ElkRequestNode[];
  edges: { id: string; sources: string[]; targets: string[] }[];
}
export interface ElkAnswerNode { id: string; x?: number; y?: number; width?: number; height?: number }
export interface ElkAnswer { children?: ElkAnswerNode[] }

/** Regions bigger than this are laid out by our own layered layout: elk would take seconds. */
export const ELK_MAX_NODES = 400;
export const ELK_MAX_EDGES = 2500;

export function elkRequest(input: LayoutInput): ElkRequest {
  const size = 2 * maxNodeRadius('region');
  const called = new Set(input.edges.map((e) => e.target));
  const ids = new Set(input.nodes.map((n) => n.id));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': String(REGION_SPACING.rowSpacing - size),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(REGION_SPACING.columnSpacing - size),
      'elk.spacing.componentComponent': String(REGION_SPACING.rowSpacing),
      'elk.layered.layering.strategy': 'NETWORK_SIMPLEX',
      // One component: disconnected groups would be packed apart and break the left → right reading.
      'elk.separateConnectedComponents': 'false',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.randomSeed': '1',
    },
    children: input.nodes.map((n) => {
      const node: ElkRequestNode = { id: n.id, width: size, height: size };
      // The INTERNET and calling regions enter on the left, called regions leave on the right.
      if (n.kind === 'internet' || (n.kind === 'region' && !called.has(n.id))) node.layoutOptions = { 'elk.layered.layering.layerConstraint': 'FIRST_SEPARATE' };
      else if (n.kind === 'region') node.layoutOptions = { 'elk.layered.layering.layerConstraint': 'LAST_SEPARATE' };
      return node;
    }),
    edges: input.edges
      .filter((e) => e.source !== e.target && ids.has(e.source) && ids.has(e.target))
      .map((e, i) => ({ id: 'e' + i, sources: [e.source], targets: [e.target] })),
  };
}

/**
 * Node positions from elk's answer: elk decides the layers (its x) and the order within each layer (its
 * y, after crossing minimisation); placeLayers then spaces them like our own layout, wrapping tall layers,
 * (or, for a view of islands, placeLabelledLayers leaves room for their names) and uncross() untangles what elk's bend-through-every-layer routing hid from it (given the calls).
 */
export function positionsFromElk(answer: ElkAnswer, nodeCount: number, calls: readonly CallPair[] = [], input?: LayoutInput): Map<string, Point> {
  const children = (answer.children ?? []).map((c) => ({ id: c.id, x: (c.x ?? 0) + (c.width ?? 0) / 2, y: (c.y ?? 0) + (c.height ?? 0) / 2 }));
  children.sort((a, b) => a.x - b.x || a.y - b.y);
  const layers: string[][] = [];
  let lastX = -Infinity;
  for (const c of children) {
    // Equal-sized nodes of one elk layer share an x; a new x starts a new layer.
    if (c.x - lastX > 1) {
      layers.push([]);
      lastX = c.x;
    }
    layers[layers.length - 1]!.push(c.id);
  }
  // A view of islands (`input.labelled`) leaves room for every name, as our own layered layout does.
  const positions = input?.labelled ? placeLabelledLayers(layers, labelWidthOf(input), ISLAND_SPACING) : placeLayers(layers, { ...REGION_SPACING, maxRows: defaultMaxRows(nodeCount) });
  uncross(layers, calls, positions);
  return positions;
}
