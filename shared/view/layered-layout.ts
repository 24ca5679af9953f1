// A fast layered (Sugiyama-style) layout: cycle breaking by DFS, longest-path layering, barycentric
// ordering. It is the fallback when elkjs is too slow (1,000 nodes) and the first picture while elk runs.
import { uncross } from './crossings';
import { estimateTextWidth } from './label-cull';
import type { Point } from './geometry';

export interface LayoutNodeInput {
  id: string;
  kind: 'service' | 'internet' | 'region';
  /** The name written beside the node, when the layout must leave room for it (a view of islands). */
  label?: string;
}
export interface LayoutEdgeInput { source: string; target: string }
export interface LayoutInput {
  nodes: readonly LayoutNodeInput[];
  edges: readonly LayoutEdgeInput[];
  /** Leave room for every node's `label` at the fitted zoom (placeLabelledLayers), instead of fixed spacings. */
  labelled?: boolean;
}

export interface LayeredOptions {
  /** Vertical distance between rows of one column (world units). */
  rowSpacing: number;
  /** Horizontal distance between layers. */
  columnSpacing: number;
  /** Horizontal step between the interleaved sub-columns of a layer taller than `maxRows`. */
  subColumnSpacing: number;
  /** Rows before a layer wraps into sub-columns, so big regions keep a screen-like aspect. */
  maxRows: number;
  /** Barycentric sweeps (each one down and one up). */
  sweeps?: number;
}

/** The font size (CSS px) label widths are estimated at when the layout leaves room for them. */
export const LABEL_FONT_PX = 12;

/** Rows per column that give a 16:9-ish picture for `count` nodes with the default spacings. */
export function defaultMaxRows(count: number): number {
  return Math.max(8, Math.ceil(Math.sqrt(count * 2.2)));
}

/** Indices of adjacency lists, computed once (d3-force style `initialize`). */
interface Adjacency { index: Map<string, number>; out: number[][]; inc: number[][] }

function adjacency(input: LayoutInput): Adjacency {
  const index = new Map<string, number>();
  input.nodes.forEach((n, i) => index.set(n.id, i));
  const out: number[][] = input.nodes.map(() => []);
  const inc: number[][] = input.nodes.map(() => []);
  for (const e of input.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    out[s]!.push(t);
    inc[t]!.push(s);
  }
  return { index, out, inc };
}

/**
 * Layer of every node: the longest path from a root after dropping DFS back edges. INTERNET and remote
 * regions that only call in sit in layer 0; remote regions that are called sit after the last layer.
 */
export function assignLayers(input: LayoutInput): number[] {
  const n = input.nodes.length;
  const { out, inc } = adjacency(input);
  const kinds = input.nodes.map((node) => node.kind);
  const isCalledRegion = (i: number) => kinds[i] === 'region' && inc[i]!.length > 0;
  // DFS from roots first (INTERNET, callers, nodes without callers), so back edges are the real loops.
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (kinds[i] === 'internet') order.push(i);
  for (let i = 0; i < n; i++) if (kinds[i] !== 'internet' && inc[i]!.length === 0) order.push(i);
  for (let i = 0; i < n; i++) if (kinds[i] !== 'internet' && inc[i]!.length > 0) order.push(i);
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const forward: number[][] = input.nodes.map(() => []);
  const stack: number[] = [];
  const cursor = new Int32Array(n);
  for (const root of order) {
    if (state[root] !== 0) continue;
    stack.push(root);
    state[root] = 1;
    while (stack.length > 0) {
      const v = stack[stack.length - 1]!;
      const next = out[v]![cursor[v]!];
      if (next === undefined) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      cursor[v]!++;
      if (isCalledRegion(next)) continue; // pinned to the right edge below
      if (state[next] === 1) continue; // back edge: a loop, ignored for layering
      forward[v]!.push(next);
      if (state[next] === 0) {
        state[next] = 1;
        stack.push(next);
      }
    }
  }
  // Longest path over the DAG of forward edges, in topological order (Kahn).
  const indegree = new Int32Array(n);
  for (let v = 0; v < n; v++) for (const w of forward[v]!) indegree[w]!++;
  // With an INTERNET, services nobody calls start one layer in, so the INTERNET stands alone on the left.
  const hasInternet = kinds.includes('internet');
  const layer = kinds.map((kind): number => (hasInternet && kind === 'service' ? 1 : 0));
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indegree[v] === 0) queue.push(v);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of forward[v]!) {
      if (layer[v]! + 1 > layer[w]!) layer[w] = layer[v]! + 1;
      if (--indegree[w]! === 0) queue.push(w);
    }
  }
  // Services nobody calls sit just before their first callee, not all in the first column (which would
  // make one huge column of cron jobs and batch callers at the left edge).
  for (let k = queue.length - 1; k >= 0; k--) {
    const v = queue[k]!;
    if (kinds[v] !== 'service' || inc[v]!.length > 0 || forward[v]!.length === 0) continue;
    let earliest = Infinity;
    for (const w of forward[v]!) earliest = Math.min(earliest, layer[w]!);
    layer[v] = Math.max(layer[v]!, earliest - 1);
  }
  let maxLayer = 0;
  for (let v = 0; v < n; v++) if (!isCalledRegion(v)) maxLayer = Math.max(maxLayer, layer[v]!);
  for (let v = 0; v < n; v++) if (isCalledRegion(v)) layer[v] = maxLayer + 1;
  return layer;
}

/** Orders each layer by the mean position of its neighbours in other layers, sweeping down and up. */
function orderLayers(layers: number[][], adj: Adjacency, layerOf: number[], sweeps: number): void {
  const pos = new Float64Array(layerOf.length);
  const setPositions = (layer: number[]) => {
    const denominator = Math.max(1, layer.length - 1);
    layer.forEach((v, i) => (pos[v] = i / denominator));
  };
  layers.forEach(setPositions);
  const keys = new Float64Array(layerOf.length);
  const sweep = (l: number, below: boolean) => {
    const layer = layers[l]!;
    for (const v of layer) {
      let sum = 0;
      let count = 0;
      for (const list of [adj.inc[v]!, adj.out[v]!]) {
        for (const u of list) {
          if (below ? layerOf[u]! < l : layerOf[u]! > l) {
            sum += pos[u]!;
            count++;
          }
        }
      }
      keys[v] = count > 0 ? sum / count : pos[v]!;
    }
    layer.sort((a, b) => keys[a]! - keys[b]! || pos[a]! - pos[b]!);
    setPositions(layer);
  };
  for (let s = 0; s < sweeps; s++) {
    for (let l = 1; l < layers.length; l++) sweep(l, true);
    for (let l = layers.length - 2; l >= 0; l--) sweep(l, false);
  }
}

/**
 * Places ordered layers left → right. A layer with more than `maxRows` nodes is interleaved into
 * sub-columns (zig-zag), which keeps its vertical order and the picture's aspect near a screen's.
 */
export function placeLayers(layers: readonly (readonly string[])[], options: LayeredOptions): Map<string, Point> {
  const result = new Map<string, Point>();
  // Short layers spread out to fill a screen-shaped box (up to twice the row spacing), so a small region
  // uses the screen's height instead of becoming a thin strip with tiny nodes.
  let width = 0;
  let tallest = 1;
  for (const layer of layers) {
    if (layer.length === 0) continue;
    const subColumns = Math.ceil(layer.length / options.maxRows);
    width += (subColumns - 1) * options.subColumnSpacing + options.columnSpacing;
    tallest = Math.max(tallest, Math.ceil(layer.length / subColumns));
  }
  const targetHeight = (width - options.columnSpacing) * 0.5;
  const spread = Math.min(2, Math.max(1, targetHeight / (tallest * options.rowSpacing)));
  let x = 0;
  for (const layer of layers) {
    if (layer.length === 0) continue;
    const subColumns = Math.ceil(layer.length / options.maxRows);
    const pitch = (options.rowSpacing * spread) / subColumns;
    layer.forEach((id, i) => {
      const sub = i % subColumns;
      // Top of the layer first: y grows upwards in world space.
      result.set(id, { x: x + sub * options.subColumnSpacing, y: ((layer.length - 1) / 2 - i) * pitch });
    });
    x += (subColumns - 1) * options.subColumnSpacing + options.columnSpacing;
  }
  // Centre horizontally so the fit and the camera transitions start from the middle.
  const shift = (x - options.columnSpacing) / 2;
  for (const p of result.values()) p.x -= shift;
  return result;
}

/**
 * Room for labels (issue 15 §9: every island's name legible at the fitted zoom). Labels are screen-sized
 * (CSS px) while discs are world-sized, so the spacing that keeps them apart depends on the zoom the picture
 * will be fitted at, which depends on the spacing: placeLabelledLayers solves for both.
 */
export interface LabelledSpacing {
  /** Every slot leaves room for a disc of this radius (world units). */
  radius: number;
  /** The screen box (CSS px) the nodes are fitted into (the smallest one the layout is made for). */
  box: { width: number; height: number };
  /** A label's line height (CSS px). */
  lineHeight: number;
  /** Between a label's end and the next column's disc, and between two rows of labels (CSS px). */
  gap: number;
  /** Added between layers (CSS px), so the calls between them stay visible. */
  layerGap: number;
  /** The fitted zoom never exceeds this (the camera's own cap); beyond it wider spacing gains nothing. */
  maxZoom: number;
  /** Below this zoom the discs would be specks: the layout stops shrinking and the labels compete instead. */
  minZoom: number;
}

/** What placeLabelledLayers settles on: rows per column, the zoom it is made for, whether every label fits there. */
export interface LabelledPlan {
  maxRows: number;
  zoom: number;
  fits: boolean;
}

/**
 * Labels of `labelWidths` px (one per node, layer by layer) written right of their discs: the rows per
 * column (tall layers wrap into sub-columns) and the zoom at which the layout fills `spacing.box` with no
 * label reaching the next column's discs or the next row's label. Columns are as wide as their longest
 * label, rows as tall as a label or a disc, whichever is more on screen. Prefers the plan with the largest
 * zoom among those where every label fits; else the one that overflows least (at `minZoom`).
 */
export function planLabelledLayers(labelWidths: readonly (readonly number[])[], spacing: LabelledSpacing): LabelledPlan {
  const layers = labelWidths.filter((l) => l.length > 0);
  const tallest = Math.max(1, ...layers.map((l) => l.length));
  const { box, radius, lineHeight, gap, layerGap } = spacing;
  const disc = 2 * radius;
  let best: LabelledPlan | null = null;
  let bestOverflow = Infinity;
  for (let maxRows = tallest; maxRows >= 1; maxRows--) {
    // Screen width = zoom × (world width of the discs) + labels and gaps (CSS px, whatever the zoom).
    let discWorld = 0;
    let labelPx = 0;
    let rows = 0;
    layers.forEach((layer, l) => {
      const columns = Math.ceil(layer.length / maxRows);
      rows = Math.max(rows, Math.ceil(layer.length / columns));
      const widest = Math.max(...layer);
      discWorld += columns * disc;
      // The last column's labels go in the room the camera keeps on the right, not in the box.
      const last = l === layers.length - 1;
      labelPx += (last ? columns - 1 : columns) * (widest + gap) + (last ? 0 : layerGap);
    });
    const rowPx = lineHeight + gap;
    const zoomForWidth = (box.width - labelPx) / discWorld;
    // A row is a disc plus a gap in world units, or a label plus a gap on screen, whichever is more.
    const zoomForHeight = box.height / (rows * (disc + gap));
    const fits = labelPx < box.width && rows * rowPx <= box.height;
    const zoom = Math.min(spacing.maxZoom, zoomForWidth, zoomForHeight);
    if (fits && zoom >= spacing.minZoom) {
      if (best === null || !best.fits || zoom > best.zoom) best = { maxRows, zoom, fits: true };
      continue;
    }
    const overflow = Math.max(labelPx / box.width, (rows * rowPx) / box.height, spacing.minZoom / Math.max(zoom, 1e-9));
    if ((best === null || !best.fits) && overflow < bestOverflow) {
      bestOverflow = overflow;
      best = { maxRows, zoom: spacing.minZoom, fits: false };
    }
  }
  return best ?? { maxRows: tallest, zoom: spacing.minZoom, fits: false };
}

/**
 * Places ordered layers left → right with room for each node's label (`labelWidth`, CSS px) at the zoom
 * planLabelledLayers chooses: a layer taller than the plan's rows wraps into sub-columns (row by row, so
 * the vertical order reads left to right, top to bottom), each column as wide as the layer's longest label.
 * Layers are centred vertically; the picture is centred on x = 0.
 */
export function placeLabelledLayers(layers: readonly (readonly string[])[], labelWidth: (id: string) => number, spacing: LabelledSpacing): Map<string, Point> {
  const widths = layers.map((layer) => layer.map(labelWidth));
  const plan = planLabelledLayers(widths, spacing);
  const z = plan.zoom;
  const disc = 2 * spacing.radius;
  const row = Math.max(disc + spacing.gap, (spacing.lineHeight + spacing.gap) / z);
  const result = new Map<string, Point>();
  let x = 0;
  let lastX = 0;
  layers.forEach((layer, l) => {
    if (layer.length === 0) return;
    const columns = Math.ceil(layer.length / plan.maxRows);
    const rows = Math.ceil(layer.length / columns);
    // Uniform columns within a layer: uncross() may swap any two of its nodes.
    const advance = disc + (Math.max(...widths[l]!) + spacing.gap) / z;
    layer.forEach((id, i) => {
      const r = Math.floor(i / columns);
      const c = i % columns;
      // The last row of a wrapped layer is centred under the others.
      const inRow = r === rows - 1 ? layer.length - r * columns : columns;
      const offset = (columns - inRow) / 2;
      result.set(id, { x: x + (c + offset) * advance, y: ((rows - 1) / 2 - r) * row });
    });
    lastX = x + (columns - 1) * advance;
    x += columns * advance + spacing.layerGap / z;
  });
  const shift = lastX / 2;
  for (const p of result.values()) p.x -= shift;
  return result;
}

/** Positions nodes left → right by call depth (our own Sugiyama pass; see placeLayers for wrapping). */
export function layeredLayout(input: LayoutInput, options: LayeredOptions, labelled?: LabelledSpacing): Map<string, Point> {
  if (input.nodes.length === 0) return new Map();
  const adj = adjacency(input);
  const layerOf = assignLayers(input);
  const layerCount = Math.max(...layerOf) + 1;
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  layerOf.forEach((l, v) => layers[l]!.push(v));
  orderLayers(layers, adj, layerOf, options.sweeps ?? 4);
  const named = layers.map((layer) => layer.map((v) => input.nodes[v]!.id));
  const positions = labelled ? placeLabelledLayers(named, labelWidthOf(input), labelled) : placeLayers(named, options);
  // The sweeps see only neighbouring layers; the picture draws long calls straight across the ones between.
  uncross(named, input.edges, positions);
  return positions;
}

/** Estimated width (CSS px) of each node's label at `fontPx`; a node without one (the INTERNET) needs none. */
export function labelWidthOf(input: LayoutInput, fontPx = LABEL_FONT_PX): (id: string) => number {
  const widths = new Map<string, number>();
  for (const n of input.nodes) widths.set(n.id, n.label === undefined ? 0 : estimateTextWidth(n.label, fontPx));
  return (id) => widths.get(id) ?? 0;
}
