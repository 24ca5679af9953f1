// A minimal PNG decoder (8-bit RGB/RGBA, non-interlaced: what Chromium's screenshots are) so that e2e tests
// can count pixels without another dependency. Spec: https://www.w3.org/TR/png/#9Filters
import { inflateSync } from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** RGBA, row-major. */
  data: Uint8Array;
}

export function decodePng(file: Buffer): Image {
  if (file.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      const colour = body[9];
      if (depth !== 8 || body[12] !== 0 || (colour !== 2 && colour !== 6)) throw new Error(`unsupported PNG (depth ${depth}, colour ${colour})`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[row + x - channels]! : 0;
      const b = y > 0 ? pixels[row - stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[row - stride + x - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[row + x] = (line[x]! + predictor) & 0xff;
    }
  }
  if (channels === 4) return { width, height, data: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    rgba[j] = pixels[i]!;
    rgba[j + 1] = pixels[i + 1]!;
    rgba[j + 2] = pixels[i + 2]!;
    rgba[j + 3] = 255;
  }
  return { width, height, data: rgba };
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels in `region` whose colour differs from `background` by more than `tolerance` on any channel. */
export function countNonBackground(image: Image, background: [number, number, number], region: Region, tolerance = 24): number {
  let count = 0;
  forEachPixel(image, region, (r, g, b) => {
    if (Math.abs(r - background[0]) > tolerance || Math.abs(g - background[1]) > tolerance || Math.abs(b - background[2]) > tolerance) count++;
  });
  return count;
}

/** Pixels in `region` for which `test` holds. */
export function countPixels(image: Image, region: Region, test: (r: number, g: number, b: number) => boolean): number {
  let count = 0;
  forEachPixel(image, region, (r, g, b) => {
    if (test(r, g, b)) count++;
  });
  return count;
}

function forEachPixel(image: Image, region: Region, visit: (r: number, g: number, b: number) => void): void {
  const x1 = Math.min(image.width, region.x + region.width);
  const y1 = Math.min(image.height, region.y + region.height);
  for (let y = Math.max(0, region.y); y < y1; y++) {
    for (let x = Math.max(0, region.x); x < x1; x++) {
      const i = (y * image.width + x) * 4;
      visit(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!);
    }
  }
}

/** Fraction of pixels that differ between two same-sized images (motion: particles move between frames). */
export function changedFraction(a: Image, b: Image, region: Region, tolerance = 16): number {
  let changed = 0;
  let total = 0;
  const x1 = Math.min(a.width, region.x + region.width);
  const y1 = Math.min(a.height, region.y + region.height);
  for (let y = region.y; y < y1; y++) {
    for (let x = region.x; x < x1; x++) {
      const i = (y * a.width + x) * 4;
      total++;
      if (Math.abs(a.data[i]! - b.data[i]!) > tolerance || Math.abs(a.data[i + 1]! - b.data[i + 1]!) > tolerance || Math.abs(a.data[i + 2]! - b.data[i + 2]!) > tolerance) changed++;
    }
  }
  return total ? changed / total : 0;
}
