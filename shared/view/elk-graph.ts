// The elkjs `layered` request for a region view and the positions read back from its answer. Pure JSON
// on both sides, so the worker only runs elk and tests can check what we ask for.
import type { Point } from './geometry';
import { defaultMaxRows, type LayoutInput } from './layered-layout';
import { maxNodeRadius } from './node-size';
import { REGION_SPACING } from './layout';

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
      // Bounded layer width keeps big regions screen-shaped instead of one very tall column.
      'elk.layered.layering.strategy': 'COFFMAN_GRAHAM',
      'elk.layered.layering.coffmanGraham.layerBound': String(defaultMaxRows(input.nodes.length)),
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

/** Node centres from elk's answer, centred on the origin with y up (elk's y points down). */
export function positionsFromElk(answer: ElkAnswer): Map<string, Point> {
  const positions = new Map<string, Point>();
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const child of answer.children ?? []) {
    const x = (child.x ?? 0) + (child.width ?? 0) / 2;
    const y = -((child.y ?? 0) + (child.height ?? 0) / 2);
    positions.set(child.id, { x, y });
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  for (const p of positions.values()) {
    p.x -= cx;
    p.y -= cy;
  }
  return positions;
}
