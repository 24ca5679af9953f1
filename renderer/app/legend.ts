// The legend: colour plus a distinct shape per class, so it reads without colour vision (issue 4 §7).
import { DEFAULT_THRESHOLDS } from '../../shared/model';
import { el } from './dom';

const percent = (ratio: number) => `${+(ratio * 100).toFixed(2)} %`;

const ENTRIES: { cls: string; label: string; hint: string }[] = [
  { cls: 'normal', label: 'normal', hint: 'requests succeed' },
  // The hub's config may move the thresholds and the protocol does not carry them: say these are defaults.
  { cls: 'warning', label: 'warning', hint: `≥ ${percent(DEFAULT_THRESHOLDS.warning)} errors` },
  { cls: 'danger', label: 'danger', hint: `≥ ${percent(DEFAULT_THRESHOLDS.danger)} errors (defaults)` },
  { cls: 'stale', label: 'stale', hint: 'source not answering' },
];

export function renderLegend(root: HTMLElement): void {
  const rows = ENTRIES.map((entry) => {
    const row = el('div', `legend-row ${entry.cls}`);
    row.append(el('span', `swatch ${entry.cls}`), el('span', 'legend-label', entry.label), el('span', 'legend-hint', entry.hint));
    return row;
  });
  const keys = el('div', 'legend-keys', '/ search · ⏎ open · Esc up · f fit · l labels');
  root.replaceChildren(...rows, keys);
}
