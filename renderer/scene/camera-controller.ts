// Orthographic 2-D camera: centre + zoom (CSS pixels per world unit), eased transitions, fit to bounds.
import { OrthographicCamera } from 'three';
import type { Bounds, Point } from '../../shared/view/geometry';

export interface CameraState { cx: number; cy: number; zoom: number }

function easeInOutCubic(k: number): number {
  return k < 0.5 ? 4 * k * k * k : 1 - (-2 * k + 2) ** 3 / 2;
}

export class CameraController {
  readonly camera = new OrthographicCamera(-1, 1, 1, -1, -100, 100);
  width = 1;
  height = 1;
  cx = 0;
  cy = 0;
  zoom = 1;
  minZoom = 0.02;
  maxZoom = 12;
  private readonly from: CameraState = { cx: 0, cy: 0, zoom: 1 };
  private readonly to: CameraState = { cx: 0, cy: 0, zoom: 1 };
  private start = 0;
  private duration = 0;
  private dirty = true;

  get animating(): boolean {
    return this.duration > 0;
  }

  setSize(width: number, height: number): void {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
    this.dirty = true;
  }

  /** Screen edges covered by the app's chrome (CSS px): fitting centres the picture in what is left. */
  readonly insets = { top: 0, right: 0, bottom: 0, left: 0 };
  /**
   * Room (CSS px) kept free around the fitted picture, beyond the margin: the region view's ingress label
   * goes on its left, the global view's region names all round (LabelPlacement.fitRoom).
   */
  readonly room = { left: 0, top: 0, right: 0, bottom: 0 };

  /** The state that shows `bounds` whole with `margin` CSS pixels around it, clear of the insets. */
  fitState(bounds: Bounds, margin: number, out: CameraState): CameraState {
    if (!Number.isFinite(bounds.minX)) {
      out.cx = 0;
      out.cy = 0;
      out.zoom = 1;
      return out;
    }
    const w = Math.max(bounds.maxX - bounds.minX, 1);
    const h = Math.max(bounds.maxY - bounds.minY, 1);
    const top = this.insets.top + this.room.top;
    const right = this.insets.right + this.room.right;
    const bottom = this.insets.bottom + this.room.bottom;
    const left = this.insets.left + this.room.left;
    const freeW = Math.max(this.width - left - right - 2 * margin, this.width * 0.3);
    const freeH = Math.max(this.height - top - bottom - 2 * margin, this.height * 0.3);
    out.zoom = Math.max(0.02, Math.min(freeW / w, freeH / h, 2.2));
    out.cx = (bounds.minX + bounds.maxX) / 2 - (left - right) / 2 / out.zoom;
    out.cy = (bounds.minY + bounds.maxY) / 2 - (bottom - top) / 2 / out.zoom;
    return out;
  }

  jump(state: CameraState): void {
    this.cx = state.cx;
    this.cy = state.cy;
    this.zoom = state.zoom;
    this.duration = 0;
    this.dirty = true;
  }

  animateTo(state: CameraState, now: number, ms: number, from?: CameraState): void {
    this.from.cx = from ? from.cx : this.cx;
    this.from.cy = from ? from.cy : this.cy;
    this.from.zoom = from ? from.zoom : this.zoom;
    this.to.cx = state.cx;
    this.to.cy = state.cy;
    this.to.zoom = state.zoom;
    this.start = now;
    this.duration = ms;
    if (from) this.jump(from);
    this.duration = ms;
  }

  /** Advances an animation; true when the view changed since the last call (labels need moving). */
  update(now: number): boolean {
    if (this.duration > 0) {
      const k = Math.min(1, (now - this.start) / this.duration);
      const e = easeInOutCubic(k);
      // Zoom eases in log space so a 10× change feels even.
      this.zoom = Math.exp(Math.log(this.from.zoom) + (Math.log(this.to.zoom) - Math.log(this.from.zoom)) * e);
      this.cx = this.from.cx + (this.to.cx - this.from.cx) * e;
      this.cy = this.from.cy + (this.to.cy - this.from.cy) * e;
      if (k >= 1) this.duration = 0;
      this.dirty = true;
    }
    if (!this.dirty) return false;
    this.dirty = false;
    const halfW = this.width / 2 / this.zoom;
    const halfH = this.height / 2 / this.zoom;
    const cam = this.camera;
    cam.left = -halfW;
    cam.right = halfW;
    cam.top = halfH;
    cam.bottom = -halfH;
    cam.position.set(this.cx, this.cy, 10);
    cam.updateProjectionMatrix();
    cam.updateMatrixWorld();
    return true;
  }

  panBy(dxPx: number, dyPx: number): void {
    this.duration = 0;
    this.cx -= dxPx / this.zoom;
    this.cy += dyPx / this.zoom;
    this.dirty = true;
  }

  /** Zooms by `factor` keeping the world point under (px, py) fixed on screen. */
  zoomAt(px: number, py: number, factor: number): void {
    this.duration = 0;
    const wx = this.cx + (px - this.width / 2) / this.zoom;
    const wy = this.cy - (py - this.height / 2) / this.zoom;
    this.zoom = Math.min(this.maxZoom, Math.max(this.minZoom, this.zoom * factor));
    this.cx = wx - (px - this.width / 2) / this.zoom;
    this.cy = wy + (py - this.height / 2) / this.zoom;
    this.dirty = true;
  }

  screenToWorld(px: number, py: number, out: Point): Point {
    out.x = this.cx + (px - this.width / 2) / this.zoom;
    out.y = this.cy - (py - this.height / 2) / this.zoom;
    return out;
  }

  worldToScreen(x: number, y: number, out: Point): Point {
    out.x = (x - this.cx) * this.zoom + this.width / 2;
    out.y = this.height / 2 - (y - this.cy) * this.zoom;
    return out;
  }
}
