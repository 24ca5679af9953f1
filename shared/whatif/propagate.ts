// Load carried down the call graph: work(n) = exogenous(n) + Σ k(e) · work(source(e)) over the calls e into n,
// where k is a call's fan-out (calls out per unit of the caller's work). Solved by Gauss–Seidel sweeps in
// topological order (reverse DFS post-order): a DAG is exact after one sweep (the second only confirms);
// a cycle converges geometrically while its loop gain is below 1, and is reported when it does not.

export interface LinearCalls {
  from: Int32Array;
  to: Int32Array;
  /** Fan-out coefficient per call. */
  k: Float64Array;
  count: number;
}

export interface Propagation {
  work: Float64Array;
  converged: boolean;
  sweeps: number;
}

const MAX_SWEEPS = 500;
const TOLERANCE = 1e-12;

/** Nodes in reverse DFS post-order over the calls: callers before callees wherever the graph is acyclic. */
function topologicalOrder(nodeCount: number, calls: LinearCalls): Int32Array {
  const outStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < calls.count; e++) outStart[calls.from[e]! + 1]! += 1;
  for (let i = 0; i < nodeCount; i++) outStart[i + 1]! += outStart[i]!;
  const outTo = new Int32Array(calls.count);
  const fill = outStart.slice(0, nodeCount);
  for (let e = 0; e < calls.count; e++) outTo[fill[calls.from[e]!]!++] = calls.to[e]!;
  const order = new Int32Array(nodeCount);
  let position = nodeCount;
  const state = new Uint8Array(nodeCount); // 0 new, 1 on the stack, 2 done
  const stack = new Int32Array(nodeCount);
  const cursor = new Int32Array(nodeCount);
  for (let root = 0; root < nodeCount; root++) {
    if (state[root] !== 0) continue;
    let depth = 0;
    stack[0] = root;
    state[root] = 1;
    cursor[root] = outStart[root]!;
    while (depth >= 0) {
      const n = stack[depth]!;
      if (cursor[n]! < outStart[n + 1]!) {
        const next = outTo[cursor[n]!++]!;
        if (state[next] === 0) {
          state[next] = 1;
          cursor[next] = outStart[next]!;
          stack[++depth] = next;
        }
      } else {
        state[n] = 2;
        order[--position] = n;
        depth--;
      }
    }
  }
  return order;
}

export function propagate(exogenous: Float64Array, calls: LinearCalls): Propagation {
  const nodeCount = exogenous.length;
  const order = topologicalOrder(nodeCount, calls);
  // Calls grouped by callee, so one sweep reads each call once.
  const inStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < calls.count; e++) inStart[calls.to[e]! + 1]! += 1;
  for (let i = 0; i < nodeCount; i++) inStart[i + 1]! += inStart[i]!;
  const inFrom = new Int32Array(calls.count);
  const inK = new Float64Array(calls.count);
  const fill = inStart.slice(0, nodeCount);
  for (let e = 0; e < calls.count; e++) {
    const slot = fill[calls.to[e]!]!++;
    inFrom[slot] = calls.from[e]!;
    inK[slot] = calls.k[e]!;
  }
  const work = Float64Array.from(exogenous);
  let sweeps = 0;
  let converged = false;
  while (sweeps < MAX_SWEEPS && !converged) {
    sweeps++;
    converged = true;
    for (let i = 0; i < nodeCount; i++) {
      const n = order[i]!;
      let value = exogenous[n]!;
      for (let s = inStart[n]!; s < inStart[n + 1]!; s++) value += inK[s]! * work[inFrom[s]!]!;
      if (Math.abs(value - work[n]!) > TOLERANCE * (1 + Math.abs(value))) converged = false;
      work[n] = value;
    }
  }
  return { work, converged, sweeps };
}
