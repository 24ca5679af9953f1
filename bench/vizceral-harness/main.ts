// The baseline for bench/frames.ts: Netflix's vizceral 4.9 rendering one region of a Vizceral document, as its
// README shows (new Vizceral(canvas), updateData, setView, animate). `?data=URL&region=NAME`, `region=` for global.
// Benchmark only: nothing here may be copied into flowsight.
import VizceralModule from 'vizceral';

interface HarnessStatus {
  state: 'loading' | 'rendering' | 'failed';
  error: string | null;
  view: string[];
  nodes: number;
  connections: number;
  layoutPending: boolean;
}

declare global {
  interface Window {
    vizceralHarness: { status(): HarnessStatus };
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

window.vizceralHarness = {
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
