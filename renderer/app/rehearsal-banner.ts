// REHEARSAL written across the view, in violet — a colour no live state uses — so that a projected world
// can never be taken for the live one, even in a screenshot.
import { el } from './dom';
import { clockTime } from './freshness';

export class RehearsalBanner {
  private readonly root = el('div', 'rehearsal-banner');
  private readonly title = el('div', 'rehearsal-banner-title', 'REHEARSAL');
  private readonly detail = el('div', 'rehearsal-banner-detail');

  constructor() {
    this.root.id = 'rehearsal-banner';
    this.root.setAttribute('role', 'status');
    this.root.hidden = true;
    this.root.append(this.title, this.detail);
    document.body.append(this.root);
  }

  show(text: { drain: string[]; fraction: number; projectedFrom: number } | null): void {
    document.body.classList.toggle('rehearsing', text !== null);
    this.root.hidden = text === null;
    if (!text) return;
    this.detail.textContent =
      `projection: drain ${text.drain.join(', ')} (${Math.round(text.fraction * 100)}%) · from live data of ${clockTime(text.projectedFrom)} · R: back to live`;
  }
}
