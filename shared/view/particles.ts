// Particle schedule math, mirrored exactly by the particle vertex shader (renderer/scene/particle-layer.ts).
// Particles move at one constant speed; requests/s sets how densely they are spaced, on a log scale.
// Each particle draws its colour anew on every lap with probability = the edge's error ratio, so the red
// share of what flows past any point equals the error ratio (Vizceral colours a fixed subset instead).

/** World units per second, the same on every edge (Vizceral uses random speeds; constant reads as rate). */
export const PARTICLE_SPEED = 150;
/**
 * The optional latency encoding (`?speed=latency`): particles on a call with a low p95 run faster, on a slow
 * one slower. In steps (p95 ≤ 10 ms, ≤ 50, ≤ 200, ≤ 1000, above), so that a latency wobbling from poll to poll
 * does not make particles jump: a particle's place depends on speed × time, and only a step changes it.
 * Unknown latency: the normal speed.
 */
export const LATENCY_SPEED_STEPS: readonly (readonly [maxP95Ms: number, factor: number])[] = [
  [10, 1.6],
  [50, 1.25],
  [200, 1],
  [1000, 0.7],
  [Number.POSITIVE_INFINITY, 0.45],
];

export function latencySpeedFactor(p95Ms: number | undefined): number {
  if (p95Ms === undefined || !Number.isFinite(p95Ms) || p95Ms < 0) return 1;
  for (const [max, factor] of LATENCY_SPEED_STEPS) if (p95Ms <= max) return factor;
  return 1;
}

/** Seconds over which a rate change eases from the old density to the new one. */
export const RATE_EASE_SECONDS = 1;
/** Particles one view may show at once; the pool holds twice that so easing never runs it out. */
export const PARTICLE_BUDGET = 30_000;

/** Views with up to this many edges get the whole budget; bigger ones less, see particleBudget(). */
export const BUDGET_REFERENCE_EDGES = 400;

/** Share of the budget at a zoom (CSS px per world unit), in steps so panning never re-allocates. */
export function zoomBudgetScale(zoom: number): number {
  return zoom < 0.25 ? 0.3 : zoom < 0.45 ? 0.5 : zoom < 0.7 ? 0.75 : 1;
}

/**
 * Particles a view may use: one per edge (every call with traffic keeps moving, on screen or not), plus a
 * share of PARTICLE_BUDGET for density that shrinks with zoom and, past BUDGET_REFERENCE_EDGES edges on
 * screen, with the square of that count: a thousand short, crowded edges read as a smear long before they
 * run out of particles, and each particle costs vertex work on software GL. Never above PARTICLE_BUDGET.
 */
export function particleBudget(edges: number, edgesOnScreen: number, zoom: number): number {
  const crowd = edgesOnScreen > BUDGET_REFERENCE_EDGES ? (BUDGET_REFERENCE_EDGES / edgesOnScreen) ** 2 : 1;
  return Math.min(PARTICLE_BUDGET, edges + Math.round(PARTICLE_BUDGET * zoomBudgetScale(zoom) * crowd));
}

/** log10(1 + rps): 0 at idle, 0.3 at 1 rps, 3.7 at 5,000 rps, 4.7 at 50,000 rps. */
export function rateLevel(rps: number): number {
  return rps > 0 && Number.isFinite(rps) ? Math.log10(1 + rps) : 0;
}

/**
 * Particles per 100 world units of edge at `rps`. Zero only at zero traffic; 1 rps still shows a particle
 * every ~250 units; the 1.5 power stretches the top of the scale so 50k rps is visibly denser than 5k.
 */
export function particleDensity(rps: number): number {
  const level = rateLevel(rps);
  return level > 0 ? 0.5 + 0.85 * level ** 1.5 : 0;
}

/**
 * Particles wanted on one edge before the budget applies: at least one whenever there is traffic.
 * `extraDensity` (particles per 100 units, see volume-scale.ts) adds the linear share of the view's busiest
 * edge on top of the log floor, so that twice the traffic shows about twice the particles.
 */
export function wantedParticles(rps: number, length: number, extraDensity = 0): number {
  const density = particleDensity(rps);
  return density > 0 ? Math.max(1, Math.round(((density + extraDensity) * Math.max(length, 1)) / 100)) : 0;
}

/**
 * Particles per edge, scaled down together when they would exceed `budget`, so that the total never does
 * and every edge with traffic keeps one particle while the budget allows (busiest edges first after that).
 */
export function allocateParticles(
  rps: ArrayLike<number>,
  lengths: ArrayLike<number>,
  budget: number,
  out: Uint32Array,
  extraDensity?: ArrayLike<number>,
): Uint32Array {
  const n = rps.length;
  let wanted = 0;
  let active = 0;
  for (let i = 0; i < n; i++) {
    const w = wantedParticles(rps[i]!, lengths[i]!, extraDensity?.[i] ?? 0);
    out[i] = w;
    wanted += w;
    if (w > 0) active++;
  }
  if (wanted <= budget) return out;
  if (active > budget) {
    // More busy edges than particles: one particle each for the busiest `budget` edges.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rps[b]! - rps[a]!);
    out.fill(0, 0, n);
    for (let k = 0; k < budget; k++) if (rps[order[k]!]! > 0) out[order[k]!] = 1;
    return out;
  }
  // Everyone keeps one; the wants are compressed in log space, w^α with the largest α that fits, so a busier
  // edge never gets fewer particles than a quieter one of the same length (the log-density order holds
  // however tight the budget), then what is left goes one each to the busiest edges.
  let lo = 0;
  let hi = 1;
  for (let iteration = 0; iteration < 24; iteration++) {
    const alpha = (lo + hi) / 2;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const w = out[i]!;
      if (w > 0) sum += Math.max(1, Math.floor(w ** alpha));
    }
    if (sum <= budget) lo = alpha;
    else hi = alpha;
  }
  const wants = Float64Array.from(out.subarray(0, n));
  let used = 0;
  for (let i = 0; i < n; i++) {
    const w = wants[i]!;
    out[i] = w > 0 ? Math.max(1, Math.floor(w ** lo)) : 0;
    used += out[i]!;
  }
  if (used < budget) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => wants[b]! - wants[a]! || a - b);
    for (let k = 0; k < n && used < budget; k++) {
      const i = order[k]!;
      if (wants[i]! > out[i]!) {
        out[i] = out[i]! + 1;
        used++;
      }
    }
  }
  return out;
}

/** Where slot `slot` of an edge starts: golden-ratio spacing, so any prefix of slots is evenly spread. */
export function slotPhase(edge: number, slot: number): number {
  const v = slot * 0.618033988749895 + edge * 0.1234567;
  return v - Math.floor(v);
}

/** 32-bit integer hash of (edge, slot, lap); the shader computes the same with uint arithmetic. */
export function lapHash(edge: number, slot: number, lap: number): number {
  let h = (Math.imul(edge, 374761393) + Math.imul(slot, 668265263) + Math.imul(lap, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  return h;
}

export type ParticleClass = 0 | 1 | 2; // normal, warning, danger

/** The colour class of one particle on one lap from a uniform draw `u` in [0, 1). */
export function particleClass(u: number, dangerRatio: number, warningRatio: number): ParticleClass {
  if (u < dangerRatio) return 2;
  if (u < dangerRatio + warningRatio) return 1;
  return 0;
}

/** Uniform draw in [0, 1) from the lap hash (24 bits, exact in a shader's float). */
export function lapUniform(edge: number, slot: number, lap: number): number {
  return (lapHash(edge, slot, lap) & 0xffffff) / 16777216;
}

/** The particle count on screen `elapsed` seconds into a rate change from `from` to `to` (smoothstep). */
export function easedCount(from: number, to: number, elapsed: number): number {
  let k = elapsed / RATE_EASE_SECONDS;
  k = k < 0 ? 0 : k > 1 ? 1 : k;
  k = k * k * (3 - 2 * k);
  return from + (to - from) * k;
}
