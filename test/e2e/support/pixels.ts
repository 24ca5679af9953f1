// Reading the scene off a screenshot: the canvas area clear of the chrome, and what counts as drawn.
import { changedFraction, countNonBackground, countPixels, decodePng, type Image, type Region } from './png';

/** The middle of a 1600×900 viewport, clear of the top bar, the tools, the side panel and the legend. */
export const SCENE_AREA: Region = { x: 40, y: 120, width: 1150, height: 620 };

export function analyse(png: Buffer, area: Region = SCENE_AREA): { image: Image; drawn: number; background: [number, number, number] } {
  const image = decodePng(png);
  const background = backgroundOf(image, area);
  return { image, drawn: countNonBackground(image, background, area), background };
}

/** The most common colour in the area: the clear colour of the scene. */
export function backgroundOf(image: Image, area: Region): [number, number, number] {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (let y = area.y; y < area.y + area.height; y += 3) {
    for (let x = area.x; x < area.x + area.width; x += 3) {
      const i = (y * image.width + x) * 4;
      const key = (image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      if (n > bestCount) {
        bestCount = n;
        best = key;
      }
    }
  }
  return [(best >> 16) & 0xff, (best >> 8) & 0xff, best & 0xff];
}

/** Saturated reds (danger particles, error rings): red well above green and blue. */
export function redPixels(image: Image, area: Region = SCENE_AREA): number {
  return countPixels(image, area, (r, g, b) => r > 150 && r > g * 1.6 && r > b * 1.6);
}

/** Bright bluish pixels (normal traffic in the scene's palette). */
export function bluePixels(image: Image, area: Region = SCENE_AREA): number {
  return countPixels(image, area, (r, g, b) => b > 110 && b > r * 1.25 && g > 60);
}

export function motion(a: Buffer, b: Buffer, area: Region = SCENE_AREA): number {
  return changedFraction(decodePng(a), decodePng(b), area);
}
