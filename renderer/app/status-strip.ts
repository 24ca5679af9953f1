// The freshness strip (issue 4 §4): always visible, `LIVE · updated 3 s ago` or an unmissable
// `STALE since 14:02:11` naming every reason. It re-renders only when its text changes.
import { el } from './dom';
import { ago, clockTime, type Freshness } from './freshness';
import { replayStripText } from './replay';

/** `LIVE · updated 3 s ago`, or `STALE since 14:02:11 · <reasons> · updated 2 min ago`, in two parts. */
export function stripText(freshness: Freshness, now: number): { state: string; detail: string } {
  const state = freshness.live ? 'LIVE' : `STALE since ${clockTime(freshness.staleSince ?? now)}`;
  const updated = freshness.updatedAt === null ? 'no data yet' : `updated ${ago(now - freshness.updatedAt)}`;
  const detail = freshness.live ? ` · ${updated}` : ` · ${freshness.reasons.join(' · ')} · ${updated}`;
  return { state, detail };
}

export class StatusStrip {
  private readonly state = el('span', 'status-state');
  private readonly detail = el('span', 'status-detail');
  private lastText = '';

  constructor(private readonly root: HTMLElement) {
    // Only LIVE ⇄ STALE is announced; the ticking "N s ago" would flood a screen reader.
    this.state.setAttribute('role', 'status');
    root.replaceChildren(this.state, this.detail);
  }

  render(freshness: Freshness, now: number): void {
    const { state, detail } = stripText(freshness, now);
    const text = state + detail;
    if (text === this.lastText) return;
    this.lastText = text;
    this.state.textContent = state;
    this.detail.textContent = detail;
    this.root.classList.toggle('live', freshness.live);
    this.root.classList.toggle('stale', !freshness.live);
    this.root.dataset['live'] = String(freshness.live);
    this.root.classList.remove('replay');
  }

  /** While replaying: `REPLAY 14:02:10 — 37 min ago`, in the replay colour (never a live state's). */
  renderReplay(at: number, now: number, noData: readonly string[]): void {
    const { state, detail } = replayStripText(at, now, noData);
    const text = state + detail;
    if (text === this.lastText) return;
    this.lastText = text;
    this.state.textContent = state;
    this.detail.textContent = detail;
    this.root.classList.remove('live', 'stale');
    this.root.classList.add('replay');
    this.root.dataset['live'] = 'false';
  }
}
