// The firing count beside the freshness strip (`3 firing · 1 critical · 1 budget burning`), in the top bar
// so that the wall shows it too. Re-renders only when its text changes.
import { el } from './dom';
import { clockTime } from './freshness';
import type { FiringCount } from './alert-panel-data';

export function alertStripText(count: FiringCount): string {
  const parts: string[] = [];
  if (count.firing > 0) parts.push(`${count.firing} firing`);
  if (count.danger > 0) parts.push(`${count.danger} critical`);
  if (count.burning > 0) parts.push(`${count.burning} budget${count.burning === 1 ? '' : 's'} burning`);
  // Alerts from a failing Alertmanager are its last word, not the present: say so where they are counted.
  if (count.staleSince !== null && count.firing > 0) parts.push(`alerts as of ${clockTime(count.staleSince)}`);
  return parts.join(' · ');
}

export class AlertStrip {
  private readonly root = el('div');
  private text: string | null = null;

  constructor(after: HTMLElement) {
    this.root.id = 'alert-strip';
    this.root.setAttribute('aria-label', 'Firing alerts');
    this.root.hidden = true;
    after.after(this.root);
  }

  render(count: FiringCount): void {
    const text = alertStripText(count);
    if (text === this.text) return;
    this.text = text;
    this.root.textContent = text;
    this.root.hidden = text === '';
    this.root.classList.toggle('danger', count.danger > 0);
  }
}
