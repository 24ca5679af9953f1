// All nodes of a view in one draw: a quad per node whose fragment shader draws the disc, the
// donut of error share (danger red, warning amber, clockwise from 12 o'clock), kind cues (INTERNET double
// ring, remote region dashed), halos for selection, search hits and danger, and a notice badge.
import {
  BufferAttribute,
  BufferGeometry,
  DynamicDrawUsage,
  Mesh,
  NormalBlending,
  ShaderMaterial,
  Sphere,
  Vector3,
  type IUniform,
} from 'three';
import { COLORS } from '../../shared/view/palette';
import { colorUniform } from './uniforms';

/** The quad reaches past the disc for halos. */
const EXTENT = 1.45;

const vertexShader = /* glsl */ `
attribute vec3 iPos;
attribute vec4 iShape;
attribute vec4 iState;
attribute vec2 iExtra;
varying vec2 vUv;
flat varying float vR;
flat varying vec4 vShape;
flat varying vec4 vState;
flat varying vec2 vExtra;
void main() {
  // Quads only reach past the disc when a halo or badge needs the room: fill rate is the budget.
  bool halo = iShape.z > 1.5 || iState.y > 0.5 || iState.z > 0.5 || iState.w > 0.5;
  vUv = position.xy * (halo ? ${EXTENT.toFixed(2)} : 1.06);
  vR = iPos.z;
  vShape = iShape;
  vState = iState;
  vExtra = iExtra;
  vec2 p = iPos.xy + vUv * iPos.z;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(p, 0.0, 1.0);
}
`;

const fragmentShader = /* glsl */ `
uniform float uTime;
uniform float uPx;
uniform float uFade;
uniform vec3 uNormal;
uniform vec3 uWarning;
uniform vec3 uDanger;
uniform vec3 uStale;
uniform vec3 uFill;
uniform vec3 uSelect;
uniform vec3 uHighlight;
uniform vec3 uInfo;
varying vec2 vUv;
flat varying float vR;
flat varying vec4 vShape;
flat varying vec4 vState;
flat varying vec2 vExtra;

float band(float d, float inner, float outer, float aa) {
  return smoothstep(inner - aa, inner, d) * (1.0 - smoothstep(outer, outer + aa, d));
}

void main() {
  float d2 = dot(vUv, vUv);
  if (d2 > 1.0 && vShape.z < 1.5 && vState.y + vState.z + vState.w < 0.5) discard;
  float d = sqrt(d2);
  float aa = uPx / vR;
#ifdef SIMPLE
  {
  // Far-out variant (nodes a few pixels wide): fill, class ring, selection and search rings, stale grey.
  // A separate program rather than a branch: software GL runs both sides of a per-pixel branch.
  vec3 cls = vShape.z > 1.5 ? uDanger : vShape.z > 0.5 ? uWarning : uNormal;
  vec3 color = mix(mix(uFill, cls, 0.3), cls, step(0.6, d));
  if (vState.x > 0.5) color = uStale;
  float alpha = 1.0 - smoothstep(1.0 - aa, 1.0, d);
  float halo = step(1.12, d) * (1.0 - step(1.4, d)) * max(vState.y, vState.z);
  color = mix(color, vState.y > 0.5 ? uSelect : uHighlight, halo);
  alpha = max(alpha, halo);
  if (vExtra.x > 0.5) alpha *= 0.3;
  alpha *= uFade;
  if (alpha < 0.01) discard;
  gl_FragColor = vec4(color, alpha);
  return;
  }
#endif
  float kind = vShape.w;
  vec3 cls = vShape.z > 1.5 ? uDanger : vShape.z > 0.5 ? uWarning : uNormal;
  bool stale = vState.x > 0.5;

  float ringW = max(vExtra.y > 0.5 ? 0.2 : 0.16, 2.2 * aa);
  vec3 ring = uNormal;
  float angle = 0.0;
  bool inRing = d > 1.0 - ringW - aa;
  if (inRing && (vShape.x + vShape.y > 0.0 || kind > 1.5)) {
    angle = atan(vUv.x, vUv.y) / 6.2831853;
    if (angle < 0.0) angle += 1.0;
    if (angle < vShape.x) ring = uDanger;
    else if (angle < vShape.x + vShape.y) ring = uWarning;
  }

  vec3 fill = mix(uFill, cls, vShape.z > 0.5 ? 0.32 : 0.1);
  float disc = 1.0 - smoothstep(1.0 - aa, 1.0, d);
  float ringMask = band(d, 1.0 - ringW, 1.0 - aa, aa);
  if (kind > 1.5) ringMask *= step(0.35, fract(angle * 18.0)); // remote region: dashed
  vec3 color = mix(fill, ring, ringMask);
  if (kind > 0.5 && kind < 1.5) {
    // INTERNET: an inner ring and a core, a globe-like cue that reads without colour.
    color = mix(color, uNormal, band(d, 0.52, 0.52 + max(0.06, 1.5 * aa), aa) * 0.8);
    color = mix(color, uNormal * 0.7, 1.0 - smoothstep(0.18, 0.18 + aa, d));
  }
  float alpha = disc;

  // Halos outside the disc: danger pulses, search hits glow amber, selection is a white ring.
  float outside = smoothstep(1.0 - aa, 1.0, d);
  if (vShape.z > 1.5 && !stale) {
    float pulse = 0.55 + 0.45 * sin(uTime * 4.0);
    float glow = (1.0 - smoothstep(1.0, 1.42, d)) * outside * 0.55 * pulse;
    color = mix(color, uDanger, glow / max(alpha + glow, 1e-3) * outside);
    alpha = max(alpha, glow);
  }
  if (vState.z > 0.5) {
    float h = band(d, 1.12, 1.12 + max(0.1, 3.0 * aa), aa) * (0.75 + 0.25 * sin(uTime * 6.0));
    color = mix(color, uHighlight, h);
    alpha = max(alpha, h);
  }
  if (vState.y > 0.5) {
    float s = band(d, 1.1, 1.1 + max(0.07, 2.5 * aa), aa);
    color = mix(color, uSelect, s);
    alpha = max(alpha, s);
  }
  if (vState.w > 0.5) {
    // Notice badge at 1:30, coloured by severity, with a dark rim so it reads on any ring.
    vec2 q = vUv - vec2(0.74, 0.74);
    float bd = length(q);
    float br = max(0.26, 5.0 * aa);
    vec3 badge = vState.w > 2.5 ? uDanger : vState.w > 1.5 ? uWarning : uInfo;
    float rim = 1.0 - smoothstep(br + 0.08, br + 0.08 + aa, bd);
    float core = 1.0 - smoothstep(br, br + aa, bd);
    color = mix(color, uFill, rim);
    color = mix(color, badge, core);
    alpha = max(alpha, rim);
  }
  if (stale) {
    float grey = dot(color, vec3(0.299, 0.587, 0.114));
    color = mix(vec3(grey), uStale, 0.4) * 0.85;
  }
  if (vExtra.x > 0.5) alpha *= 0.3;
  alpha *= uFade;
  if (alpha < 0.01) discard;
  gl_FragColor = vec4(color, alpha);
}
`;

export interface NodeInstance {
  x: number;
  y: number;
  r: number;
  dangerShare: number;
  warningShare: number;
  classIndex: number;
  /** 0 service, 1 internet, 2 remote region */
  kind: number;
  stale: boolean;
  selected: boolean;
  highlighted: boolean;
  /** 0 none, 1 info, 2 warning, 3 danger */
  notice: number;
  dimmed: boolean;
  /** Thick donut (global view regions). */
  bold: boolean;
}

export class NodeLayer {
  readonly object: Mesh;
  readonly material: ShaderMaterial;
  private readonly simpleMaterial: ShaderMaterial;
  // Plain quads (4 vertices per node, attributes repeated) rather than instancing: SwiftShader, the
  // software GL of headless and VM walls, pays a fixed cost per instance that dominated 1,000-node frames.
  private readonly geometry = new BufferGeometry();
  private capacity = 0;
  private corner!: BufferAttribute;
  private pos!: BufferAttribute;
  private shape!: BufferAttribute;
  private state!: BufferAttribute;
  private extra!: BufferAttribute;

  constructor(uniforms: Record<string, IUniform>) {
    this.geometry.boundingSphere = new Sphere(new Vector3(), 1e9);
    this.allocate(256);
    const materialUniforms: Record<string, IUniform> = {
        ...uniforms,
        uNormal: colorUniform(COLORS.normal),
        uWarning: colorUniform(COLORS.warning),
        uDanger: colorUniform(COLORS.danger),
        uStale: colorUniform(COLORS.stale),
        uFill: colorUniform(COLORS.nodeFill),
        uSelect: colorUniform(COLORS.select),
        uHighlight: colorUniform(COLORS.highlight),
        uInfo: colorUniform(0x9aa7b8),
    };
    const make = (simple: boolean) =>
      new ShaderMaterial({
        uniforms: materialUniforms,
        defines: simple ? { SIMPLE: 1 } : {},
        vertexShader,
        fragmentShader,
        transparent: true,
        depthTest: false,
        depthWrite: false,
        blending: NormalBlending,
      });
    this.material = make(false);
    this.simpleMaterial = make(true);
    this.object = new Mesh(this.geometry, this.material);
    this.object.frustumCulled = false;
    this.object.renderOrder = 2;
  }

  private allocate(capacity: number): void {
    this.capacity = capacity;
    const make = (size: number) => {
      const a = new BufferAttribute(new Float32Array(capacity * 4 * size), size);
      a.setUsage(DynamicDrawUsage);
      return a;
    };
    const corners = new Float32Array(capacity * 12);
    const index = new Uint32Array(capacity * 6);
    for (let i = 0; i < capacity; i++) {
      corners.set([-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0], i * 12);
      index.set([i * 4, i * 4 + 1, i * 4 + 2, i * 4, i * 4 + 2, i * 4 + 3], i * 6);
    }
    this.corner = new BufferAttribute(corners, 3);
    this.pos = make(3);
    this.shape = make(4);
    this.state = make(4);
    this.extra = make(2);
    this.geometry.setAttribute('position', this.corner);
    this.geometry.setIndex(new BufferAttribute(index, 1));
    this.geometry.setAttribute('iPos', this.pos);
    this.geometry.setAttribute('iShape', this.shape);
    this.geometry.setAttribute('iState', this.state);
    this.geometry.setAttribute('iExtra', this.extra);
  }

  /** Writes `values` into the 4 vertices of quad `i`. */
  private static put(array: Float32Array, i: number, size: number, a: number, b: number, c = 0, d = 0): void {
    let o = i * 4 * size;
    for (let v = 0; v < 4; v++) {
      array[o] = a;
      array[o + 1] = b;
      if (size > 2) array[o + 2] = c;
      if (size > 3) array[o + 3] = d;
      o += size;
    }
  }

  /** Writes every instance (on a model, selection or highlight change). */
  set(nodes: readonly NodeInstance[]): void {
    if (nodes.length > this.capacity) {
      let capacity = this.capacity;
      while (capacity < nodes.length) capacity *= 2;
      this.geometry.dispose();
      this.allocate(capacity);
    }
    const p = this.pos.array as Float32Array;
    const sh = this.shape.array as Float32Array;
    const st = this.state.array as Float32Array;
    const ex = this.extra.array as Float32Array;
    nodes.forEach((n, i) => {
      NodeLayer.put(p, i, 3, n.x, n.y, n.r);
      NodeLayer.put(sh, i, 4, n.dangerShare, n.warningShare, n.classIndex, n.kind);
      NodeLayer.put(st, i, 4, n.stale ? 1 : 0, n.selected ? 1 : 0, n.highlighted ? 1 : 0, n.notice);
      NodeLayer.put(ex, i, 2, n.dimmed ? 1 : 0, n.bold ? 1 : 0);
    });
    for (const [attribute, size] of [[this.pos, 3], [this.shape, 4], [this.state, 4], [this.extra, 2]] as const) {
      attribute.clearUpdateRanges();
      attribute.addUpdateRange(0, nodes.length * 4 * size);
      attribute.needsUpdate = true;
    }
    this.geometry.setDrawRange(0, nodes.length * 6);
  }

  /** Moves instance `i` (node tweens) without touching the other attributes. */
  move(i: number, x: number, y: number): void {
    const p = this.pos.array as Float32Array;
    for (let v = 0, o = i * 12; v < 4; v++, o += 3) {
      p[o] = x;
      p[o + 1] = y;
    }
  }

  commitMoves(count: number): void {
    this.pos.clearUpdateRanges();
    this.pos.addUpdateRange(0, count * 12);
    this.pos.needsUpdate = true;
  }

  /** Switches to the cheap program when nodes are only a few pixels wide (big regions, zoomed out). */
  setSimple(simple: boolean): void {
    this.object.material = simple ? this.simpleMaterial : this.material;
  }

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
    this.simpleMaterial.dispose();
  }
}
