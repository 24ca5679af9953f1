// The freshness strip: always visible, `LIVE · updated 3 s ago` or an unmissable `STALE since 14:02:11`
// (or `NO DATA YET`) naming every reason. It re-renders only when its text changes.
import { el } from './dom';
import { ago, sinceTime, type Freshness } from './freshness';
import { replayStripText } from './replay';

/**
 * `LIVE · updated 3 s ago` (the data's own age), `STALE since 14:02:11 · <reasons> · last data 2 d ago`, or
 * `NO DATA YET · <reasons>`; caveats such as a filling rate window follow. Never "updated 0 s ago" while
 * stale: the age shown is the data's, not the hub message's. During a rehearsal (`rehearsal` says which)
 * REHEARSAL takes LIVE's place: scripted data is never live.
 */
export function stripText(freshness: Freshness, now: number, rehearsal: string | null = null): { state: string; detail: string } {
  const notes = freshness.notes.map((n) => ` · ${n}`).join('');
  const what = rehearsal !== null ? ` · ${rehearsal}` : '';
  if (freshness.live) {
    const updated = freshness.dataAt === null ? 'no traffic reported' : `updated ${ago(now - freshness.dataAt)}`;
    return { state: rehearsal !== null ? 'REHEARSAL' : 'LIVE', detail: `${what} · ${updated}${notes}` };
  }
  const reasons = ` · ${freshness.reasons.join(' · ')}`;
  const stale = freshness.noData ? 'NO DATA YET' : `STALE since ${sinceTime(freshness.staleSince ?? now, now)}`;
  const state = rehearsal !== null ? `REHEARSAL · ${stale}` : stale;
  const last = freshness.noData || freshness.dataAt === null ? '' : ` · last data ${ago(now - freshness.dataAt)}`;
  return { state, detail: what + reasons + last + notes };
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
    this.root.classList.toggle('no-data', freshness.noData);
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
