// Node names and edge numbers as DOM text over the canvas: crisp at any zoom, selectable by the browser's
// own text rendering, and safe because every string goes through textContent (names are untrusted).
// Elements come from a pool and are only touched when what they show changes.
import { displayName } from '../../shared/display-name';
import { estimateTextWidth, LabelCuller, type LabelBox } from '../../shared/view/label-cull';

export type LabelTone = 'normal' | 'warning' | 'danger' | 'stale' | 'strong';

export interface LabelItem extends LabelBox {
  text: string;
  tone: LabelTone;
  kind: 'node' | 'edge';
  fontPx: number;
}

const TONE_COLOR: Record<LabelTone, string> = {
  normal: '#c9d8e8',
  warning: '#ffc94d',
  danger: '#ff6b93',
  stale: '#7d8592',
  strong: '#ffffff',
};

interface PooledLabel { element: HTMLDivElement; text: string; tone: LabelTone | ''; kind: string; fontPx: number; x: number; y: number; shown: boolean }

export class LabelLayer {
  private readonly pool: PooledLabel[] = [];
  private readonly items: LabelItem[] = [];
  private count = 0;
  private readonly culler = new LabelCuller();
  private readonly viewport = { width: 1, height: 1 };

  constructor(private readonly root: HTMLElement, private readonly maxVisible = 320) {
    root.style.pointerEvents = 'none';
    root.style.overflow = 'hidden';
  }

  /** Starts a new frame of labels; items are reused objects (no garbage on every pan). */
  begin(): void {
    this.count = 0;
  }

  /** Adds a label anchored at its top centre (x, y) in CSS pixels of the canvas. */
  add(text: string, x: number, y: number, priority: number, tone: LabelTone, kind: 'node' | 'edge', fontPx: number, force = false): void {
    let item = this.items[this.count];
    if (!item) {
      item = { text: '', x: 0, y: 0, width: 0, height: 0, priority: 0, tone: 'normal', kind: 'node', fontPx: 12, obstacle: false, force: false };
      this.items.push(item);
    }
    item.obstacle = false;
    item.force = force;
    // Multi-line labels (a region's name over its numbers): widest line, one line-height per line.
    let width = 0;
    let lines = 1;
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === 10) {
        width = Math.max(width, estimateTextWidth(text.slice(start, i), fontPx));
        if (i < text.length) lines++;
        start = i + 1;
      }
    }
    item.text = displayName(text);
    item.width = width;
    item.height = lines * fontPx * 1.25 + 2;
    item.x = x - width / 2;
    item.y = y;
    item.priority = priority;
    item.tone = tone;
    item.kind = kind;
    item.fontPx = fontPx;
    this.count++;
  }

  /** A node disc (centre and radius in CSS pixels) that no label may cover. */
  addObstacle(x: number, y: number, r: number): void {
    // A disc's bounding box minus its empty corners: labels may graze the corners, never the disc.
    const half = r * 0.85;
    this.add('', x, y - half, 0, 'normal', 'node', 0);
    const item = this.items[this.count - 1]!;
    item.x = x - half;
    item.width = 2 * half;
    item.height = 2 * half;
    item.obstacle = true;
  }

  /** Culls overlaps and writes the survivors into pooled elements; `offsetX/Y` map canvas → layer. */
  commit(width: number, height: number, offsetX: number, offsetY: number): number {
    const items = this.items;
    this.viewport.width = width;
    this.viewport.height = height;
    const shown = this.culler.cull(items, this.count, this.viewport, this.maxVisible);
    let used = 0;
    for (const index of shown) {
      const item = items[index]!;
      const label = this.pooled(used++);
      if (label.text !== item.text) {
        label.element.textContent = item.text;
        label.text = item.text;
      }
      if (label.tone !== item.tone) {
        label.element.style.color = TONE_COLOR[item.tone];
        label.element.style.fontWeight = item.tone === 'strong' ? '600' : '400';
        label.tone = item.tone;
      }
      if (label.kind !== item.kind || label.fontPx !== item.fontPx) {
        label.element.className = item.kind === 'edge' ? 'fs-label fs-label-edge' : 'fs-label fs-label-node';
        label.element.style.fontSize = item.fontPx + 'px';
        label.element.style.background = item.kind === 'edge' ? 'rgba(11,15,23,0.72)' : 'transparent';
        label.kind = item.kind;
        label.fontPx = item.fontPx;
      }
      const x = Math.round(item.x + offsetX);
      const y = Math.round(item.y + offsetY);
      if (label.x !== x || label.y !== y) {
        label.element.style.transform = `translate(${x}px, ${y}px)`;
        label.x = x;
        label.y = y;
      }
      if (!label.shown) {
        label.element.style.display = 'block';
        label.shown = true;
      }
    }
    for (let i = used; i < this.pool.length; i++) {
      const label = this.pool[i]!;
      if (label.shown) {
        label.element.style.display = 'none';
        label.shown = false;
      }
    }
    return used;
  }

  private pooled(i: number): PooledLabel {
    let label = this.pool[i];
    if (!label) {
      const element = document.createElement('div');
      const s = element.style;
      s.position = 'absolute';
      s.left = '0';
      s.top = '0';
      s.whiteSpace = 'pre';
      s.textAlign = 'center';
      s.lineHeight = '1.25';
      s.padding = '0 2px';
      s.borderRadius = '3px';
      s.fontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      s.textShadow = '0 0 3px #000, 0 0 2px #000';
      s.display = 'none';
      this.root.appendChild(element);
      label = { element, text: '', tone: '', kind: '', fontPx: 0, x: NaN, y: NaN, shown: false };
      this.pool.push(label);
    }
    return label;
  }

  clear(): void {
    this.begin();
    this.commit(0, 0, 0, 0);
  }

  dispose(): void {
    for (const label of this.pool) label.element.remove();
    this.pool.length = 0;
  }
}
