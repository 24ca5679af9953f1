// All edges of a view as one LineSegments draw: each edge is a run of segments whose vertices carry only
// (edge index, t); the vertex shader places them on the edge's Bézier curve from the edge table.
// Lines are opaque, their colour pre-mixed with the background: software GL (SwiftShader) pays a
// read-modify-write per blended line pixel, and at 5,000 edges that blending was a third of the frame.
// Edges draw first (nodes and particles go over them), so only where lines cross does the look change:
// the top line wins instead of faint lines adding up into a smear.
import { BufferAttribute, BufferGeometry, DynamicDrawUsage, LineSegments, NoBlending, ShaderMaterial, Sphere, Vector3, type IUniform } from 'three';
import { COLORS } from '../../shared/view/palette';
import { EDGE_FETCH_GLSL } from './edge-table';
import { colorUniform } from './uniforms';

// Eight segments draw the gentle bend smoothly; every vertex costs texture fetches on software GL, so big
// views (whose edges are short on screen) take four.
const SEGMENTS = 8;
const SEGMENTS_MANY = 4;
const MANY_EDGES = 1000;

const vertexShader = /* glsl */ `
${EDGE_FETCH_GLSL}
uniform vec3 uNormal;
uniform vec3 uWarning;
uniform vec3 uDanger;
uniform vec3 uStale;
uniform float uFade;
varying vec4 vColor;
void main() {
  int e = int(position.x + 0.5);
  float t = position.y;
  vec4 a = edgeTexel(e, 0);
  vec4 b = edgeTexel(e, 1);
  vec4 d = edgeTexel(e, 3);
  vec2 p = bezier(a.xy, b.xy, a.zw, t);
  // b.w packs class * 16 + rate level (one fetch fewer per vertex).
  float cls = floor(b.w / 16.0);
  float level = b.w - cls * 16.0;
  vec3 color = cls > 1.5 ? uDanger : cls > 0.5 ? uWarning : uNormal;
  // Busier calls draw brighter lines; idle ones stay faint but present.
  float alpha = 0.16 + 0.07 * level;
  if (d.z > 0.5) { color = uStale; alpha *= 0.8; }
  if (d.w > 0.5) alpha = 0.95;
  if (d.w < -0.5) alpha *= 0.25;
  vColor = vec4(color, alpha * uFade);
  gl_Position = projectionMatrix * modelViewMatrix * vec4(p, 0.0, 1.0);
}
`;

const fragmentShader = /* glsl */ `
uniform vec3 uBackground;
varying vec4 vColor;
void main() { gl_FragColor = vec4(mix(uBackground, vColor.rgb, vColor.a), 1.0); }
`;

export class EdgeLayer {
  readonly object: LineSegments;
  private readonly geometry = new BufferGeometry();
  private positions = new Float32Array(0);
  private attribute: BufferAttribute;
  private capacity = 0;

  constructor(uniforms: Record<string, IUniform>) {
    this.attribute = this.allocate(256);
    const material = new ShaderMaterial({
      uniforms: {
        ...uniforms,
        uNormal: colorUniform(0x4f86b0),
        uWarning: colorUniform(COLORS.warning),
        uDanger: colorUniform(COLORS.danger),
        uStale: colorUniform(COLORS.stale),
        uBackground: colorUniform(COLORS.background),
      },
      vertexShader,
      fragmentShader,
      transparent: false,
      depthTest: false,
      depthWrite: false,
      blending: NoBlending,
    });
    this.object = new LineSegments(this.geometry, material);
    this.object.frustumCulled = false;
    this.object.renderOrder = 0;
    this.geometry.boundingSphere = new Sphere(new Vector3(), 1e9);
  }

  private allocate(edges: number): BufferAttribute {
    this.capacity = edges;
    this.positions = new Float32Array(edges * SEGMENTS * 2 * 2);
    const attribute = new BufferAttribute(this.positions, 2);
    attribute.setUsage(DynamicDrawUsage);
    this.geometry.setAttribute('position', attribute);
    return attribute;
  }

  /** Lays out vertices for `count` edges (only when the edge count changes; positions live in the table). */
  setCount(count: number): void {
    if (count > this.capacity) {
      let capacity = this.capacity;
      while (capacity < count) capacity *= 2;
      this.attribute = this.allocate(capacity);
      this.geometry.dispose(); // the old GPU buffer; the new one uploads on next render
    }
    const p = this.positions;
    const segments = count > MANY_EDGES ? SEGMENTS_MANY : SEGMENTS;
    let k = 0;
    for (let e = 0; e < count; e++) {
      for (let s = 0; s < segments; s++) {
        p[k++] = e;
        p[k++] = s / segments;
        p[k++] = e;
        p[k++] = (s + 1) / segments;
      }
    }
    this.attribute.clearUpdateRanges();
    this.attribute.addUpdateRange(0, k);
    this.attribute.needsUpdate = true;
    this.geometry.setDrawRange(0, count * segments * 2);
  }

  dispose(): void {
    this.geometry.dispose();
    (this.object.material as ShaderMaterial).dispose();
  }
}
