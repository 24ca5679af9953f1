// The `vizceral` npm package ships no types; this is the little of its API the baseline page uses
// (node_modules/vizceral/USAGE.md).
declare module 'vizceral' {
  export interface VizceralGraphView {
    nodes: Record<string, unknown>;
    connections: Record<string, unknown>;
    /** Set while the region layout runs in its worker. */
    _numberOfRunningAsyncLayoutTasks?: number;
  }
  export default class Vizceral {
    constructor(canvas?: HTMLCanvasElement, targetFramerate?: number);
    currentGraph?: VizceralGraphView;
    updateData(data: unknown): void;
    setView(path: string[]): void;
    animate(time?: number): void;
    /** One frame: tweens, the graph's update(time), renderer.render (what animate() calls each frame). */
    render(time: number): void;
    /** How animate() asks for its next frame (requestAnimationFrame(this.animate), no target frame rate). */
    requestAnimationFrame(): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
}
