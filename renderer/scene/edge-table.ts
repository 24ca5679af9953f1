// Per-edge data in one float texture, read by the edge-line and particle vertex shaders: moving a node or
// changing a rate updates a few texels instead of every particle.
//   texel 0: start.x, start.y, end.x, end.y
//   texel 1: control.x, control.y, particle lap (length ÷ latency speed factor, 1 unless ?speed=latency), class (0 normal, 1 warning, 2 danger) * 16 + rate level
//   texel 2: particle count eased from, to, ease start (s), stream half-width (world units, by volume)
//   texel 3: danger ratio, warning ratio, stale (0/1), emphasis (1 selected, 0 normal, -1 dimmed)
import { DataTexture, FloatType, NearestFilter, RGBAFormat } from 'three';

export const EDGE_TEXTURE_WIDTH = 1024;
export const TEXELS_PER_EDGE = 4;

export class EdgeTable {
  texture: DataTexture;
  data: Float32Array;
  capacity = 0;

  constructor(capacity = 256) {
    this.data = new Float32Array(0);
    this.texture = this.allocate(capacity);
  }

  private allocate(capacity: number): DataTexture {
    const rows = Math.max(1, Math.ceil((capacity * TEXELS_PER_EDGE) / EDGE_TEXTURE_WIDTH));
    this.capacity = (rows * EDGE_TEXTURE_WIDTH) / TEXELS_PER_EDGE;
    const data = new Float32Array(rows * EDGE_TEXTURE_WIDTH * 4);
    data.set(this.data.subarray(0, Math.min(this.data.length, data.length)));
    this.data = data;
    const texture = new DataTexture(data, EDGE_TEXTURE_WIDTH, rows, RGBAFormat, FloatType);
    texture.magFilter = NearestFilter;
    texture.minFilter = NearestFilter;
    texture.generateMipmaps = false;
    texture.needsUpdate = true;
    return texture;
  }

  /** Grows (never shrinks) to hold `count` edges; returns true when the texture object was replaced. */
  ensure(count: number): boolean {
    if (count <= this.capacity) return false;
    let capacity = this.capacity;
    while (capacity < count) capacity *= 2;
    const old = this.texture;
    this.texture = this.allocate(capacity);
    old.dispose();
    return true;
  }

  /** Offset of texel `k` of edge `i` in `data`. */
  offset(i: number, k: number): number {
    return (i * TEXELS_PER_EDGE + k) * 4;
  }

  upload(): void {
    this.texture.needsUpdate = true;
  }

  dispose(): void {
    this.texture.dispose();
  }
}

/** GLSL that fetches texel `k` of edge `e` (shared by the line and particle shaders). */
export const EDGE_FETCH_GLSL = /* glsl */ `
uniform sampler2D uEdges;
vec4 edgeTexel(int e, int k) {
  int i = e * ${TEXELS_PER_EDGE} + k;
  return texelFetch(uEdges, ivec2(i % ${EDGE_TEXTURE_WIDTH}, i / ${EDGE_TEXTURE_WIDTH}), 0);
}
vec2 bezier(vec2 a, vec2 c, vec2 b, float t) {
  float u = 1.0 - t;
  return u * u * a + 2.0 * u * t * c + t * t * b;
}
`;
