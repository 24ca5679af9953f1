// Wall mode (issue 5 §2): global, then each region, each for one dwell, forever. When anything is red the
// regions in danger come first (then warning), so the wall shows the trouble soonest. The cycle is
// recomputed at the start of every lap from the graph of the moment, so a changed topology needs no click.
import type { Graph, TrafficClass } from '../../shared/model';
import type { Route } from '../../shared/view/view-model';

const severity: Record<TrafficClass, number> = { danger: 0, warning: 1, normal: 2 };

/** One lap of the wall: global first, then the regions, worst first, then by name. */
export function wallLap(graph: Graph | null): Route[] {
  const regions = (graph?.regions ?? []).slice();
  regions.sort((a, b) => severity[a.class] - severity[b.class] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [{ view: 'global' }, ...regions.map((r): Route => ({ view: 'region', region: r.name }))];
}

/** Steps through laps; holds only the current lap, so memory does not grow however long it runs. */
export class WallCycle {
  private lap: Route[] = [];
  private position = 0;

  /** The next route to show; a region that vanished since the lap began is skipped. */
  next(graph: Graph | null): Route {
    for (;;) {
      if (this.position >= this.lap.length) {
        this.lap = wallLap(graph);
        this.position = 0;
      }
      const route = this.lap[this.position++] ?? { view: 'global' };
      if (route.view === 'global' || graph?.regions.some((r) => r.name === route.region)) return route;
    }
  }
}
