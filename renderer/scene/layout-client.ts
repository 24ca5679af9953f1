// Asks the elk worker for a region's layered layout. A slow answer is reported (a waiting wall shows the fast
// layout meanwhile) but still taken when it comes, so the layout a region ends with does not depend on how
// busy the machine was (issue 15 §7); only a worker that never answers is given up on.
import type { Point } from '../../shared/view/geometry';
import { elkRequest, positionsFromElk } from '../../shared/view/elk-graph';
import type { LayoutInput } from '../../shared/view/layered-layout';
import type { LayoutJob, LayoutJobResult } from './layout.worker';

/** After this long the caller is told the answer is slow. */
const SLOW_MS = 4000;
/** After this long the answer is given up on (the fast layout stays). */
const TIMEOUT_MS = 120_000;

export class LayoutClient {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (p: Map<string, Point> | null) => void; timer: ReturnType<typeof setTimeout>; slow: ReturnType<typeof setTimeout>; input: LayoutInput }>();
  private failed = false;

  private ensure(): Worker | null {
    if (this.worker || this.failed) return this.worker;
    try {
      this.worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (event: MessageEvent<LayoutJobResult>) => {
        const entry = this.pending.get(event.data.job);
        this.settle(event.data.job, 'answer' in event.data && entry ? positionsFromElk(event.data.answer, entry.input.nodes.length, entry.input.edges, entry.input) : null);
      };
      this.worker.onerror = () => {
        // A worker that cannot start (CSP, old browser) leaves us on the built-in layout for good.
        this.failed = true;
        for (const job of [...this.pending.keys()]) this.settle(job, null);
      };
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  private settle(job: number, positions: Map<string, Point> | null): void {
    const entry = this.pending.get(job);
    if (!entry) return;
    clearTimeout(entry.timer);
    clearTimeout(entry.slow);
    this.pending.delete(job);
    entry.resolve(positions);
  }

  /**
   * elk's positions for the graph, or null when the worker is unavailable, fails or never answers;
   * `onSlow` is called once if the answer takes longer than a few seconds (it may still come).
   */
  layout(input: LayoutInput, onSlow?: () => void): Promise<Map<string, Point> | null> {
    const worker = this.ensure();
    if (!worker) return Promise.resolve(null);
    const job = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(job, null), TIMEOUT_MS);
      const slow = setTimeout(() => onSlow?.(), SLOW_MS);
      this.pending.set(job, { resolve, timer, slow, input });
      const message: LayoutJob = { job, request: elkRequest(input) };
      worker.postMessage(message);
    });
  }

  /** Layouts asked for and not answered yet. */
  get waiting(): number {
    return this.pending.size;
  }

  dispose(): void {
    for (const job of [...this.pending.keys()]) this.settle(job, null);
    this.worker?.terminate();
    this.worker = null;
  }
}
