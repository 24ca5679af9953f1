// Wall mode controller: one timer, re-armed each dwell, and the current lap only, so it runs for weeks
// without growing. It navigates by URL fragment, like a person would, so every view stays addressable.
import type { Graph } from '../../shared/model';
import type { Route } from '../../shared/view/view-model';
import { WallCycle } from './wall-cycle';

/** `?wall=SECONDS` → dwell in ms; no `wall` gives null, a blank or nonsense value 20 s, under 2 s is raised to 2 s. */
export function wallDwellMs(search: string): number | null {
  const raw = new URLSearchParams(search).get('wall');
  if (raw === null) return null;
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) return 20_000;
  return Math.max(2, seconds) * 1000;
}

export class WallMode {
  private timer: number | null = null;
  private cycle = new WallCycle();

  constructor(
    private readonly graph: () => Graph | null,
    private readonly show: (route: Route) => void,
  ) {}

  get active(): boolean {
    return this.timer !== null;
  }

  start(dwellMs: number): void {
    this.stop();
    this.cycle = new WallCycle();
    const step = () => {
      this.show(this.cycle.next(this.graph()));
      this.timer = window.setTimeout(step, dwellMs);
    };
    step();
  }

  stop(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
  }
}
