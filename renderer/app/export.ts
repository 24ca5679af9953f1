// Export what is on screen, the two things people paste into an incident channel: a PNG of the view with
// its instant and freshness stamped on it, and the graph at that instant as Vizceral JSON. Downloads go
// through blob URLs (Chromium and Electron alike).
//
// The WebGL canvas does not preserve its drawing buffer (cheaper every frame), so the picture is read inside
// an animation frame that runs after the scene's own (its buffer is still the frame just drawn), composited
// onto a 2D canvas with the DOM labels drawn over it and a stamp bar along the bottom.
import { hubFetch } from './token';

const STAMP_PX = 28;

/** `flowsight-region-us-east-1-2026-12-01T14-02-10Z`: a file name from the view and the instant. */
export function exportFileStem(view: string, place: string | null, at: number): string {
  const instant = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  const where = place === null ? '' : `-${place.replace(/[^\w.-]+/g, '_').slice(0, 60)}`;
  return `flowsight-${view}${where}-${instant}`;
}

/** The path that answers the graph of the instant on screen: the replayed instant, or the live poll shown. */
export function vizceralPath(at: number): string {
  return `/api/graph?at=${encodeURIComponent(new Date(at).toISOString())}`;
}

function nextFrame<T>(work: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    requestAnimationFrame(() => {
      try {
        resolve(work());
      } catch (error) {
        reject(error as Error);
      }
    }),
  );
}

function drawLabels(context: CanvasRenderingContext2D, labels: HTMLElement, origin: DOMRect, scale: number): void {
  for (const child of Array.from(labels.children)) {
    if (!(child instanceof HTMLElement) || child.style.display === 'none' || !child.textContent) continue;
    const style = getComputedStyle(child);
    const rect = child.getBoundingClientRect();
    const fontPx = parseFloat(style.fontSize) || 12;
    const lineHeight = fontPx * 1.25;
    const x = (rect.left - origin.left) * scale;
    const y = (rect.top - origin.top) * scale;
    const background = style.backgroundColor;
    if (background && background !== 'transparent' && background !== 'rgba(0, 0, 0, 0)') {
      context.fillStyle = background;
      context.fillRect(x, y, rect.width * scale, rect.height * scale);
    }
    context.font = `${style.fontWeight} ${fontPx * scale}px ${style.fontFamily}`;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.shadowColor = '#000';
    context.shadowBlur = 3 * scale;
    context.fillStyle = style.color;
    child.textContent.split('\n').forEach((line, i) => context.fillText(line, x + (rect.width * scale) / 2, y + (i + 0.5) * lineHeight * scale));
    context.shadowBlur = 0;
  }
}

/**
 * The view as a PNG: the scene, its labels, and a bar stamped with `stamp` (instant, freshness, view).
 * `drawNow` draws the scene in this frame when nothing else will (a paused scene clock): the drawing buffer
 * is read in the same task as the draw, so it needs no preserveDrawingBuffer.
 */
export async function viewPng(canvas: HTMLCanvasElement, labels: HTMLElement, stamp: string, drawNow: () => void = () => {}): Promise<Blob> {
  const composite = await nextFrame(() => {
    drawNow();
    const origin = canvas.getBoundingClientRect();
    // At the screen's own density, whatever resolution the scene draws at to keep its frame rate.
    const scale = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(origin.width * scale));
    const height = Math.max(1, Math.round(origin.height * scale));
    const out = document.createElement('canvas');
    out.width = width;
    out.height = height + Math.round(STAMP_PX * scale);
    const context = out.getContext('2d');
    if (!context) throw new Error('no 2D canvas to compose the picture on');
    context.drawImage(canvas, 0, 0, width, height);
    drawLabels(context, labels, origin, scale);
    context.fillStyle = '#0b0f17';
    context.fillRect(0, height, out.width, out.height - height);
    context.font = `600 ${14 * scale}px ui-monospace, 'DejaVu Sans Mono', monospace`;
    context.textAlign = 'left';
    context.textBaseline = 'middle';
    context.fillStyle = '#e8edf2';
    context.fillText(stamp, 10 * scale, height + (STAMP_PX * scale) / 2);
    return out;
  });
  return new Promise((resolve, reject) => composite.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the picture could not be encoded'))), 'image/png'));
}

/**
 * The graph at instant `at` as the hub answers it (Vizceral JSON), as a blob. Live, where no record holds the
 * poll on screen (`timeline.maxMB: 0`), the hub's present graph; a replayed instant never falls back to it.
 */
export async function vizceralJson(at: number, live: boolean, token: string | null): Promise<Blob> {
  let response = await hubFetch(vizceralPath(at), token, { cache: 'no-store' });
  if (response.status === 404 && live) response = await hubFetch('/api/graph', token, { cache: 'no-store' });
  if (!response.ok) throw new Error(`the hub answered HTTP ${response.status}`);
  const text = await response.text();
  JSON.parse(text); // never save what is not JSON
  return new Blob([text], { type: 'application/json' });
}

/** Saves a blob as a file through a blob URL and a download link. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
