// Node radius by volume, on a log scale so that 1 rps and 50,000 rps are both visible and distinguishable.
import type { NodeKind } from '../model';
import type { ViewKind } from './view-model';

/** The largest radius a node can have in a view: layout slots are sized for it so rates never cause overlap. */
export function maxNodeRadius(view: ViewKind): number {
  return view === 'global' ? 100 : view === 'focus' ? 40 : 24;
}

export function nodeRadius(view: ViewKind, kind: NodeKind, rps: number, focused = false): number {
  const level = Math.log10(1 + Math.max(0, rps));
  if (view === 'global') {
    if (kind === 'internet') return 72;
    return Math.min(100, 34 + 13 * level);
  }
  if (focused) return 40;
  if (kind === 'internet') return 22;
  if (kind === 'region') return 20;
  return Math.min(maxNodeRadius(view) - 2, 7 + 3.2 * level);
}
