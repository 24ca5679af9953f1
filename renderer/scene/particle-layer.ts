// Every particle of a view in one Points draw. A particle is only (edge index, slot); the vertex shader
// derives its position from time, the edge's curve and constant speed, its visibility from the edge's
// eased count, and its colour from a per-lap hash against the error ratio (shared/view/particles.ts
// mirrors this math and is unit-tested).
import { AdditiveBlending, BufferAttribute, BufferGeometry, DynamicDrawUsage, Points, ShaderMaterial, Sphere, Vector3, type IUniform } from 'three';
import { COLORS } from '../../shared/view/palette';
import { PARTICLE_SPEED, RATE_EASE_SECONDS } from '../../shared/view/particles';
import { EDGE_FETCH_GLSL } from './edge-table';
import { colorUniform } from './uniforms';

const vertexShader = /* glsl */ `
${EDGE_FETCH_GLSL}
uniform float uTime;
uniform float uLod;
uniform float uPointPx;
uniform float uFade;
uniform vec3 uNormal;
uniform vec3 uWarning;
uniform vec3 uDanger;
uniform vec3 uStale;
varying vec4 vColor;

uint lapHash(uint edge, uint slot, uint lap) {
  uint h = edge * 374761393u + slot * 668265263u + lap * 0x85ebca77u;
  h = (h ^ (h >> 15u)) * 0x2c1b3c6du;
  h = (h ^ (h >> 12u)) * 0x297a2d39u;
  return h ^ (h >> 15u);
}

void main() {
  int e = int(position.x + 0.5);
  float slot = position.y;
  vec4 c = edgeTexel(e, 2);
  float k = clamp((uTime - c.z) / ${RATE_EASE_SECONDS.toFixed(1)}, 0.0, 1.0);
  k = k * k * (3.0 - 2.0 * k);
  float count = mix(c.x, c.y, k);
  count = min(count, 1.0) + max(count - 1.0, 0.0) * uLod;
  float visible = clamp(count - slot, 0.0, 1.0);
  if (visible <= 0.0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    return;
  }
  vec4 a = edgeTexel(e, 0);
  vec4 b = edgeTexel(e, 1);
  vec4 d = edgeTexel(e, 3);
  float phase = fract(slot * 0.618033988749895 + float(e) * 0.1234567);
  float travel = uTime * ${PARTICLE_SPEED.toFixed(1)} / max(b.z, 1.0) + phase;
  float t = fract(travel);
  uint h = lapHash(uint(e), uint(slot), uint(floor(travel)));
  float u = float(h & 0xffffffu) / 16777216.0;
  vec3 color = uNormal;
  float size = uPointPx;
  if (u < d.x) { color = uDanger; size *= 1.45; }
  else if (u < d.x + d.y) { color = uWarning; size *= 1.25; }
  float alpha = visible;
  if (d.z > 0.5) { color = uStale; alpha *= 0.6; }
  if (d.w < -0.5) alpha *= 0.2;
  vColor = vec4(color, alpha * uFade);
  gl_PointSize = size;
  // Spread across the stream's width (texel 2.w, by volume): each slot keeps its lane; the stream narrows
  // towards its ends so that it meets the nodes' rims.
  vec2 along = 2.0 * (1.0 - t) * (b.xy - a.xy) + 2.0 * t * (a.zw - b.xy);
  vec2 across = normalize(vec2(-along.y, along.x) + vec2(1e-6, 0.0));
  float lane = fract(slot * 0.7548776662 + float(e) * 0.5698402910) * 2.0 - 1.0;
  float halfWidth = c.w * (0.35 + 0.65 * sin(3.14159265 * t));
  gl_Position = projectionMatrix * modelViewMatrix * vec4(bezier(a.xy, b.xy, a.zw, t) + across * lane * halfWidth, 0.0, 1.0);
}
`;

// A soft round dot; additive blending makes dense streams glow without sorting.
const fragmentShader = /* glsl */ `
varying vec4 vColor;
void main() {
  vec2 q = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(q, q);
  if (r2 > 1.0) discard;
  float a = vColor.a * (1.0 - r2 * r2);
  gl_FragColor = vec4(vColor.rgb, a);
}
`;

export class ParticleLayer {
  readonly object: Points;
  readonly material: ShaderMaterial;
  private readonly geometry = new BufferGeometry();
  private slots: Float32Array;
  private readonly attribute: BufferAttribute;
  private used = 0;

  /** `capacity`: the pool, twice the visible budget so a rate change (old and new counts) always fits. */
  constructor(readonly capacity: number, uniforms: Record<string, IUniform>) {
    this.slots = new Float32Array(capacity * 2);
    this.attribute = new BufferAttribute(this.slots, 2);
    this.attribute.setUsage(DynamicDrawUsage);
    this.geometry.setAttribute('position', this.attribute);
    this.geometry.boundingSphere = new Sphere(new Vector3(), 1e9);
    this.material = new ShaderMaterial({
      uniforms: {
        ...uniforms,
        uLod: { value: 1 },
        uPointPx: { value: 4 },
        uNormal: colorUniform(0xa8e4ff),
        uWarning: colorUniform(COLORS.warning),
        uDanger: colorUniform(COLORS.danger),
        uStale: colorUniform(0x8a8f98),
      },
      vertexShader,
      fragmentShader,
      transparent: true,
      depthTest: false,
      depthWrite: false,
      blending: AdditiveBlending,
    });
    this.object = new Points(this.geometry, this.material);
    this.object.frustumCulled = false;
    this.object.renderOrder = 1;
    this.geometry.setDrawRange(0, 0);
  }

  /**
   * Writes the slots: edge `e` gets slots 0 … capacities[e]-1. Called when counts change (one update per
   * poll), never per frame; positions stay continuous because they depend on (edge, slot, time) only.
   */
  setSlots(capacities: ArrayLike<number>, edgeCount: number): number {
    const s = this.slots;
    let n = 0;
    for (let e = 0; e < edgeCount; e++) {
      const cap = capacities[e]!;
      for (let k = 0; k < cap && n < this.capacity; k++) {
        s[n * 2] = e;
        s[n * 2 + 1] = k;
        n++;
      }
    }
    this.attribute.clearUpdateRanges();
    this.attribute.addUpdateRange(0, Math.max(n, this.used) * 2);
    this.attribute.needsUpdate = true;
    this.used = n;
    this.geometry.setDrawRange(0, n);
    return n;
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
  }
}
