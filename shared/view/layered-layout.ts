// A fast layered (Sugiyama-style) layout: cycle breaking by DFS, longest-path layering, barycentric
// ordering. It is the fallback when elkjs is too slow (1,000 nodes) and the first picture while elk runs.
import { uncross } from './crossings';
import type { Point } from './geometry';

export interface LayoutNodeInput { id: string; kind: 'service' | 'internet' | 'region' }
export interface LayoutEdgeInput { source: string; target: string }
export interface LayoutInput { nodes: readonly LayoutNodeInput[]; edges: readonly LayoutEdgeInput[] }

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

/** Positions nodes left → right by call depth (our own Sugiyama pass; see placeLayers for wrapping). */
export function layeredLayout(input: LayoutInput, options: LayeredOptions): Map<string, Point> {
  if (input.nodes.length === 0) return new Map();
  const adj = adjacency(input);
  const layerOf = assignLayers(input);
  const layerCount = Math.max(...layerOf) + 1;
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  layerOf.forEach((l, v) => layers[l]!.push(v));
  orderLayers(layers, adj, layerOf, options.sweeps ?? 4);
  const named = layers.map((layer) => layer.map((v) => input.nodes[v]!.id));
  const positions = placeLayers(named, options);
  // The sweeps see only neighbouring layers; the picture draws long calls straight across the ones between.
  uncross(named, input.edges, positions);
  return positions;
}
