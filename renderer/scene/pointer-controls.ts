// Pan (drag), zoom (wheel, pinch), click and double-click on the canvas. Picking itself is the scene's
// (a grid lookup); this only turns pointer gestures into camera moves and pick requests.
import type { Point } from '../../shared/view/geometry';
import type { CameraController } from './camera-controller';

export interface PointerTarget<Hit> {
  pick(event: { clientX: number; clientY: number }): Hit | null;
  picked(hit: Hit | null, double: boolean): void;
  /** The user moved the camera: data updates must no longer re-fit it. */
  moved(): void;
  /** The user zoomed (wheel or pinch) about (px, py), CSS px of the canvas; the camera is already there. */
  zoomed(px: number, py: number): void;
}

const _p: Point = { x: 0, y: 0 };

export class PointerControls<Hit> {
  private readonly pointers = new Map<number, { x: number; y: number }>();
  private dragMoved = false;
  private downX = 0;
  private downY = 0;
  private pinchDistance = 0;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly canvas: HTMLCanvasElement, private readonly cameraCtl: CameraController, private readonly target: PointerTarget<Hit>) {
    this.bind();
  }

  localPoint(event: { clientX: number; clientY: number }, out: Point): Point {
    const rect = this.canvas.getBoundingClientRect();
    out.x = event.clientX - rect.left;
    out.y = event.clientY - rect.top;
    return out;
  }

  private listen<K extends keyof HTMLElementEventMap>(type: K, handler: (event: HTMLElementEventMap[K]) => void, options?: AddEventListenerOptions): void {
    this.canvas.addEventListener(type, handler, options);
    this.cleanups.push(() => this.canvas.removeEventListener(type, handler, options));
  }

  private bind(): void {
    this.canvas.style.touchAction = 'none';
    this.canvas.style.cursor = 'grab';
    this.listen('pointerdown', (event) => {
      this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (this.pointers.size === 1) {
        this.dragMoved = false;
        this.downX = event.clientX;
        this.downY = event.clientY;
      } else if (this.pointers.size === 2) {
        const [a, b] = [...this.pointers.values()];
        this.pinchDistance = Math.hypot(a!.x - b!.x, a!.y - b!.y);
        this.dragMoved = true;
      }
      this.canvas.setPointerCapture?.(event.pointerId);
    });
    this.listen('pointermove', (event) => {
      const last = this.pointers.get(event.pointerId);
      if (!last) {
        this.canvas.style.cursor = this.target.pick(event) ? 'pointer' : 'grab';
        return;
      }
      if (this.pointers.size === 2) {
        last.x = event.clientX;
        last.y = event.clientY;
        const [a, b] = [...this.pointers.values()];
        const distance = Math.hypot(a!.x - b!.x, a!.y - b!.y);
        if (this.pinchDistance > 0 && distance > 0) {
          this.localPoint({ clientX: (a!.x + b!.x) / 2, clientY: (a!.y + b!.y) / 2 }, _p);
          this.cameraCtl.zoomAt(_p.x, _p.y, distance / this.pinchDistance);
          this.target.moved();
          this.target.zoomed(_p.x, _p.y);
        }
        this.pinchDistance = distance;
        return;
      }
      if (!this.dragMoved && Math.hypot(event.clientX - this.downX, event.clientY - this.downY) > 4) {
        this.dragMoved = true;
        this.canvas.style.cursor = 'grabbing';
      }
      if (this.dragMoved) {
        this.cameraCtl.panBy(event.clientX - last.x, event.clientY - last.y);
        this.target.moved();
      }
      last.x = event.clientX;
      last.y = event.clientY;
    });
    const up = (event: PointerEvent) => {
      if (!this.pointers.has(event.pointerId)) return;
      this.pointers.delete(event.pointerId);
      if (this.pointers.size === 0) {
        this.canvas.style.cursor = 'grab';
        if (!this.dragMoved && event.type === 'pointerup' && event.button === 0) this.target.picked(this.target.pick(event), false);
      }
    };
    this.listen('pointerup', up);
    this.listen('pointercancel', up);
    this.listen('dblclick', (event) => this.target.picked(this.target.pick(event), true));
    this.listen(
      'wheel',
      (event) => {
        event.preventDefault();
        const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaMode === 2 ? event.deltaY * 400 : event.deltaY;
        this.localPoint(event, _p);
        this.cameraCtl.zoomAt(_p.x, _p.y, Math.exp(-delta * 0.0015));
        this.target.moved();
        this.target.zoomed(_p.x, _p.y);
      },
      { passive: false },
    );
  }

  dispose(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.cleanups.length = 0;
  }
}
