// A development page for the scene alone (no hub): Netflix's sample or a synthetic region, chosen by
// query: ?view=global|region|focus&region=R&service=S&synthetic=N&labels=1&select=ID&highlight=ID&layout=fast
// &clock=manual (opens with the scene's clock paused). Screenshots and frame-time checks drive it through
// `window.harness` (its `clock` pauses, steps and resumes the scene, as `window.flowsight.clock` does).
import sampleUrl from '../../test/fixtures/vizceral-sample.json?url';
import { buildGraph } from '../../shared/build-graph';
import type { Graph } from '../../shared/model';
import { syntheticRegionGraph } from '../../shared/view/synthetic-region';
import { DEFAULT_ISLANDS } from '../../shared/view/islands';
import { buildViewModel, NO_FILTER, type Route, type ViewKind } from '../../shared/view/view-model';
import { callsFromVizceral } from '../../shared/vizceral';
import { createScene, SteppableClock, type ClockControl, type FlowScene } from './index';

interface Harness {
  scene: FlowScene;
  clock: ClockControl;
  graph: Graph;
  route: Route;
  show(route: Route, animate: boolean): void;
  scaleRates(factor: number): void;
}

declare global {
  interface Window { harness?: Harness; harnessReady?: boolean }
}

function fullScreen(element: HTMLElement): void {
  element.style.position = 'fixed';
  element.style.left = '0';
  element.style.top = '0';
  element.style.width = '100vw';
  element.style.height = '100vh';
}

async function loadGraph(params: URLSearchParams): Promise<Graph> {
  const synthetic = Number(params.get('synthetic') ?? 0);
  if (synthetic > 0) return syntheticRegionGraph('synthetic', synthetic);
  const raw: unknown = await (await fetch(sampleUrl)).json();
  const { calls, updated } = callsFromVizceral(raw);
  return buildGraph([{ batch: { source: 'netflix', sampledAt: updated, calls, seriesRead: calls.length }, staleSince: null }], { now: updated });
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  document.body.style.margin = '0';
  document.body.style.background = '#0b0f17';
  const canvas = document.getElementById('scene') as HTMLCanvasElement;
  const labelLayer = document.getElementById('labels') as HTMLElement;
  fullScreen(canvas);
  fullScreen(labelLayer);
  let graph = await loadGraph(params);
  const view = (params.get('view') ?? 'region') as ViewKind;
  const route: Route = { view };
  if (view !== 'global') route.region = params.get('region') ?? graph.regions[0]?.name ?? '';
  if (view === 'focus') route.service = params.get('service') ?? '';
  const clock = new SteppableClock({ paused: params.get('clock') === 'manual' });
  const scene = createScene({ canvas, labelLayer, layout: params.get('layout') === 'fast' ? 'fast' : 'elk', clock });
  scene.onPick((hit, event) => console.log('pick', JSON.stringify(hit), event.double));
  scene.setLabelsVisible(params.get('labels') === '1');
  const harness: Harness = {
    scene,
    clock,
    graph,
    route,
    show(next, animate) {
      harness.route = next;
      // The harness measures the scene itself at size: every service drawn, no islands.
      scene.show(buildViewModel(harness.graph, next, NO_FILTER, { ...DEFAULT_ISLANDS, minServices: Number.POSITIVE_INFINITY }), { animate });
    },
    scaleRates(factor) {
      graph = {
        ...graph,
        regions: graph.regions.map((r) => ({
          ...r,
          connections: r.connections.map((c) => ({ ...c, rate: { normal: c.rate.normal * factor, danger: c.rate.danger * factor, warning: c.rate.warning * factor } })),
        })),
      };
      harness.graph = graph;
      harness.show(harness.route, false);
    },
  };
  harness.show(route, false);
  const select = params.get('select');
  if (select) scene.select(select);
  const highlight = params.get('highlight');
  if (highlight) scene.highlight([highlight]);
  window.addEventListener('resize', () => scene.resize());
  window.harness = harness;
  window.harnessReady = true;
}

void main();
