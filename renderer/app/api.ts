import type { EdgeMetric } from '../../shared/view/edge-metric';
// `window.flowsight` (CONTRACT.md → Renderer): what scripts, benchmarks and e2e tests read off a display.
// One definition, imported by the app and by the tests.
import type { Route } from '../../shared/view/view-model';
import type { ClockControl, DrawnItem, SceneStats, ShownLabel } from '../scene/index';
import type { ChangesStats } from './changes';
import type { ScenarioStats } from './scenario-view';

/** The view on screen: what the scene draws (nodes, connections, particles, frame times, layoutPending) and more. */
export interface FlowsightStats extends SceneStats {
  view: Route['view'];
  region: string | null;
  service: string | null;
  live: boolean;
  /** `whatif` while a rehearsal's projection is on screen, `scenario` while a scripted rehearsal plays, `live` otherwise. */
  feed: 'live' | 'whatif' | 'scenario';
  staleSince: string | null;
  labels: boolean;
  /** What the edge numbers say: `rps`, `errors` or `p95` (key `m`, URL `?edge=`). */
  edgeMetric: EdgeMetric;
  /** `latency` with `?speed=latency`: particle speed encodes each call's p95. */
  particleSpeed: 'constant' | 'latency';
  selected: string | null;
  wall: boolean;
  reasons: string[];
  /** Snapshots and updates applied since the page loaded. */
  updates: number;
  /** ISO instant on screen while replaying (`?at=`), null while live. */
  replayAt: string | null;
  /** The rehearsal on screen: scenario name, current step id, waiting prompt id, ended, debrief shown. */
  scenario: ScenarioStats | null;
  /** The comparison `?changed=`/`?since=` asks for (instants, how many changes, how many on this view), or null. */
  changes: ChangesStats | null;
  /** Node ids the view highlights now (search matches and the ends of changed calls). */
  highlighted: string[];
  /** Edge ids drawn at full strength for "what changed" (while nothing is selected). */
  highlightedEdges: string[];
  /** Files exported since the page loaded (PNG and JSON), newest last. */
  exports: string[];
}

export interface FlowsightApi {
  stats(): FlowsightStats;
  navigate(hash: string): void;
  lastUpdateLatencyMs(): number | null;
  /** How a node or edge of the view on screen is drawn (position, size, particles, stream width), or null. */
  inspect(id: string): DrawnItem | null;
  /** The labels on screen: text, kind and box in CSS px of the scene's canvas (the coordinates of `inspect`). */
  labels(): ShownLabel[];
  /**
   * The scene's clock: pause() freezes every animation (camera, node glides, fades, particles), step(ms,
   * frames) advances it by exactly `ms` and draws, resume() goes on. `?clock=manual` opens the page paused.
   */
  clock: ClockControl;
}
