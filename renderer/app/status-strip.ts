// The freshness strip (issue 4 §4): always visible, `LIVE · updated 3 s ago` or an unmissable
// `STALE since 14:02:11` naming every reason. It re-renders only when its text changes.
import { el } from './dom';
import { ago, clockTime, type Freshness } from './freshness';
import { replayStripText } from './replay';

/**
 * `LIVE · updated 3 s ago`, or `STALE since 14:02:11 · <reasons> · updated 2 min ago`, in two parts.
 * During a rehearsal (`rehearsal` says which) REHEARSAL takes LIVE's place: scripted data is never live.
 */
export function stripText(freshness: Freshness, now: number, rehearsal: string | null = null): { state: string; detail: string } {
  const stale = `STALE since ${clockTime(freshness.staleSince ?? now)}`;
  const state = rehearsal !== null ? (freshness.live ? 'REHEARSAL' : `REHEARSAL · ${stale}`) : freshness.live ? 'LIVE' : stale;
  const updated = freshness.updatedAt === null ? 'no data yet' : `updated ${ago(now - freshness.updatedAt)}`;
  const what = rehearsal !== null ? ` · ${rehearsal}` : '';
  const detail = freshness.live ? `${what} · ${updated}` : `${what} · ${freshness.reasons.join(' · ')} · ${updated}`;
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

  render(freshness: Freshness, now: number, rehearsal: string | null = null): void {
    const { state, detail } = stripText(freshness, now, rehearsal);
    const text = state + detail;
    if (text === this.lastText) return;
    this.lastText = text;
    this.state.textContent = state;
    this.detail.textContent = detail;
    this.root.classList.toggle('live', freshness.live && rehearsal === null);
    this.root.classList.toggle('stale', !freshness.live);
    this.root.classList.toggle('rehearsal', rehearsal !== null);
    this.root.dataset['live'] = String(freshness.live && rehearsal === null);
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
    this.root.classList.add('replay');
    this.root.classList.remove('live', 'stale', 'rehearsal');
    this.root.dataset['live'] = 'false';
  }
}
