// The baseline for bench/frames.ts: Netflix's vizceral 4.9 rendering one region of a Vizceral document, as its
// README shows (new Vizceral(canvas), updateData, setView, animate). `?data=URL&region=NAME`, `region=` for global.
// For the synchronous draw cost the bench pauses Vizceral's own animate loop and draws frames itself through
// its public render(time), the same call animate() makes each frame (pause/resume/step below, the counterpart
// of flowsight's window.flowsight.clock). Benchmark only: nothing here may be copied into flowsight.
import VizceralModule from 'vizceral';

interface HarnessStatus {
  state: 'loading' | 'rendering' | 'failed';
  error: string | null;
  view: string[];
  nodes: number;
  connections: number;
  layoutPending: boolean;
}

/** Vizceral's frames under the bench's control, as flowsight's scene clock is (pause, step, resume). */
interface HarnessClock {
  readonly paused: boolean;
  /** Stops Vizceral's animate loop after the frame under way; nothing is drawn until step() or resume(). */
  pause(): void;
  /** Its animate loop again, from the next display frame. */
  resume(): void;
  /** Pauses (if running), advances the animation time by `ms` and draws one frame with render(time), synchronously. */
  step(ms: number): void;
}

declare global {
  interface Window {
    vizceralHarness: { status(): HarnessStatus; clock: HarnessClock };
  }
}

// The package is a UMD build of an ES module: the class is the module or its `default`.
const Vizceral = ((VizceralModule as unknown as { default?: typeof VizceralModule }).default ?? VizceralModule) as typeof VizceralModule;

const params = new URLSearchParams(location.search);
const dataUrl = params.get('data');
const region = params.get('region');
const canvas = document.getElementById('vizceral') as HTMLCanvasElement;
let state: HarnessStatus['state'] = 'loading';
let error: string | null = null;
let view: string[] = [];
let viz: VizceralModule | null = null;

window.addEventListener('error', (event) => {
  state = 'failed';
  error = event.message;
});

// Pausing: Vizceral's animate() asks for the next frame through its own requestAnimationFrame() method (with no
// target frame rate, which the page does not set); the instance's method is replaced by one that asks only while
// running, so a paused loop stops after the frame under way and resume() starts it again.
let paused = false;
let parked = false;
let animationTime = 0;
const clock: HarnessClock = {
  get paused() {
    return paused;
  },
  pause() {
    if (paused) return;
    paused = true;
    animationTime = performance.now();
  },
  resume() {
    if (!paused) return;
    paused = false;
    if (parked && viz) {
      parked = false;
      requestAnimationFrame((time) => viz?.animate(time));
    }
  },
  step(ms) {
    if (!viz) throw new Error('Vizceral is not running yet');
    clock.pause();
    animationTime += ms;
    viz.render(animationTime);
  },
};

function pausable(instance: VizceralModule): void {
  const ownRequest = instance.requestAnimationFrame.bind(instance);
  instance.requestAnimationFrame = () => {
    if (paused) parked = true;
    else ownRequest();
  };
}

window.vizceralHarness = {
  clock,
  status() {
    const graph = viz?.currentGraph;
    return {
      state,
      error,
      view,
      nodes: graph ? Object.keys(graph.nodes).length : 0,
      connections: graph ? Object.keys(graph.connections).length : 0,
      layoutPending: (graph?._numberOfRunningAsyncLayoutTasks ?? 0) > 0,
    };
  },
};

async function start(): Promise<void> {
  if (!dataUrl || region === null) throw new Error('usage: ?data=URL&region=NAME (region= empty: the global view)');
  const response = await fetch(dataUrl);
  if (!response.ok) throw new Error(`${dataUrl}: HTTP ${response.status}`);
  const data: unknown = await response.json();
  viz = new Vizceral(canvas);
  pausable(viz);
  viz.on('viewChanged', (event) => {
    view = ((event as { view?: string[] }).view ?? []).slice();
  });
  viz.updateData(data);
  viz.setView(region === '' ? [] : [region]);
  viz.animate();
  state = 'rendering';
}

start().catch((cause: unknown) => {
  state = 'failed';
  error = cause instanceof Error ? cause.message : String(cause);
});
