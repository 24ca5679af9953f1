// The legend: every symbol in it is drawn on the map exactly so and means one thing there. The thresholds
// are the hub's own (the graph carries them), so the words match the colours whatever the config says.
// It is a card that folds away (the Legend button in the tools, or k): folded it costs the map nothing, so
// the graph is fitted into the whole free area; the choice is kept across reloads (localStorage).
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../shared/model';
import { el } from './dom';
import { edgeMetricName, type EdgeMetric } from '../../shared/view/edge-metric';

const percent = (ratio: number) => `${+(ratio * 100).toFixed(2)} %`;

interface Entry {
  swatch: string;
  label: string;
  hint: string;
}

function entries(t: Thresholds, configured: boolean): Entry[] {
  const where = configured ? '' : ' (defaults)';
  return [
    { swatch: 'normal', label: 'normal', hint: `errors < ${percent(t.warning)}` },
    { swatch: 'warning', label: 'warning', hint: `≥ ${percent(t.warning)} errors${where}` },
    { swatch: 'danger', label: 'danger', hint: `≥ ${percent(t.danger)} errors, pulsing halo${where}` },
    { swatch: 'share', label: 'error share', hint: 'red/amber arc of the rim, from 12 o’clock' },
    { swatch: 'internet', label: 'INTERNET', hint: 'callers outside the mesh' },
    { swatch: 'remote', label: 'other region', hint: 'dashed rim, in a region view' },
    { swatch: 'stale', label: 'stale', hint: 'grey: source failing or data past its maxAge' },
    { swatch: 'stream', label: 'stream', hint: 'width and particles grow with requests/s' },
  ];
}

/** Draws the legend; call again when the hub's thresholds arrive (null: not known yet, the defaults). */
export function renderLegend(root: HTMLElement, thresholds: Thresholds | null = null): void {
  const rows = entries(thresholds ?? DEFAULT_THRESHOLDS, thresholds !== null).map((entry) => {
    const row = el('div', `legend-row ${entry.swatch}`);
    row.append(el('span', `swatch ${entry.swatch}`), el('span', 'legend-label', entry.label), el('span', 'legend-hint', entry.hint));
    return row;
  });
  const keys = el('div', 'legend-keys', '/ search · ⏎ open · Esc up · Tab next · f fit · l labels · m edge metric · p panel · k legend · [ ] step · L live');
  const metric = root.querySelector('.legend-metric') ?? el('div', 'legend-metric', `edge labels: ${edgeMetricName('rps')} (m)`);
  const speed = root.querySelector('.legend-speed');
  root.replaceChildren(...rows, metric, ...(speed ? [speed] : []), keys);
}

/** The legend's line naming what the edge numbers say now. */
export function renderLegendEdgeMetric(root: HTMLElement, metric: EdgeMetric): void {
  let line = root.querySelector('.legend-metric');
  if (!line) {
    line = el('div', 'legend-metric');
    root.insertBefore(line, root.querySelector('.legend-keys'));
  }
  line.textContent = `edge labels: ${edgeMetricName(metric)} (m)`;
}

/** The legend's line for `?speed=latency`. */
export function renderLegendSpeed(root: HTMLElement): void {
  if (root.querySelector('.legend-speed')) return;
  const line = el('div', 'legend-speed', 'particle speed: by p95 latency (fast particles = quick calls; ≤10, 50, 200, 1000 ms, slower)');
  root.insertBefore(line, root.querySelector('.legend-keys'));
}

/** Where the legend's folded/open choice is kept across reloads. */
export const LEGEND_STORAGE_KEY = 'flowsight.legend';

/** Folded unless the user opened it last time: the map comes first, the Legend button says where the key is. */
export function legendOpenFromStorage(value: string | null): boolean {
  return value === 'open';
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(LEGEND_STORAGE_KEY);
  } catch {
    return null; // storage refused (a sandboxed or private window): folded, as on a first visit
  }
}

function store(open: boolean): void {
  try {
    window.localStorage.setItem(LEGEND_STORAGE_KEY, open ? 'open' : 'closed');
  } catch {
    // not kept: the choice still holds for this page
  }
}

/**
 * Wires the Legend button to the card: shows the stored choice now, toggles on click (and on `toggle()`,
 * the k key), keeps it, and calls `changed` after each change so the fit can use the room.
 */
export function bindLegendToggle(button: HTMLButtonElement, legend: HTMLElement, changed: () => void): { toggle(): void; isOpen(): boolean } {
  let open = legendOpenFromStorage(readStored());
  const show = () => {
    legend.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.classList.toggle('active', open);
    button.title = open ? 'Fold the legend away (k)' : 'Show what the symbols mean (k)';
  };
  const toggle = () => {
    open = !open;
    store(open);
    show();
    changed();
  };
  button.addEventListener('click', toggle);
  show();
  return { toggle, isOpen: () => open };
}
