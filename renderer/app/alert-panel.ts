// The panel's alert and error-budget sections, built with textContent only: titles, descriptions, owners
// and label values come from rule files and are untrusted. Runbook and generator links are http(s) only
// and open outside the app (target=_blank: a browser tab; the desktop shell hands it to the system browser).
import type { ListedAlert } from '../../shared/alerts/alert-list';
import { BURN_WINDOWS, type SloReport } from '../../shared/slo/report';
import type { AlertPanelData } from './alert-panel-data';
import { el } from './dom';
import { ago, clockTime } from './freshness';
import { safeLink } from './panel-data';

const LIST_LIMIT = 25;

function link(href: string | null, text: string, className: string): HTMLElement {
  const safe = safeLink(href ?? undefined);
  if (safe === null) return el('span', className, text);
  const a = el('a', className, text);
  a.href = safe;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

function alertItem(alert: ListedAlert, now: number): HTMLElement {
  const item = el('li', `alert ${alert.severity}${alert.staleSince ? ' stale' : ''}`);
  const head = el('div', 'alert-head');
  head.append(el('span', 'badge', alert.severity), link(alert.link, alert.title, 'alert-title'));
  item.append(head);
  const facts: string[] = [];
  if (alert.name && alert.name !== alert.title) facts.push(alert.name);
  if (alert.service && alert.region === null) facts.push(alert.service);
  if (alert.startsAt) {
    const since = Date.parse(alert.startsAt);
    facts.push(since <= now ? `since ${clockTime(since)} (${ago(now - since)})` : `since ${clockTime(since)}`);
  }
  for (const [key, value] of Object.entries(alert.owners)) facts.push(`${key}: ${value}`);
  if (alert.unmatched && alert.labelService) facts.push(`names ${alert.labelService}, not in the graph`);
  if (alert.region === null && alert.labelRegion) facts.push(`region ${alert.labelRegion}`);
  if (alert.region === null && !alert.labelRegion && alert.mutedBy.length === 0) facts.push('no region label');
  if (alert.mutedBy.length > 0) facts.push(`muted by ${alert.mutedBy.length === 1 ? 'a silence or inhibition' : `${alert.mutedBy.length} silences/inhibitions`}`);
  const meta = el('div', 'alert-meta', facts.join(' · '));
  if (alert.generatorURL) meta.append(' · ', link(alert.generatorURL, 'expression', 'alert-generator'));
  if (!alert.link && alert.mutedBy.length === 0) meta.append(' · no runbook');
  item.append(meta);
  if (alert.description) item.append(el('div', 'alert-description', alert.description));
  if (alert.staleSince) item.append(el('div', 'alert-stale', `as of ${clockTime(Date.parse(alert.staleSince))}: ${alert.source ?? 'its source'} is failing`));
  return item;
}

function alertSection(root: HTMLElement, heading: string, alerts: readonly ListedAlert[], now: number, className: string): void {
  if (alerts.length === 0) return;
  root.append(el('h3', undefined, `${heading} (${alerts.length})`));
  const list = el('ul', `alerts ${className}`);
  for (const alert of alerts.slice(0, LIST_LIMIT)) list.append(alertItem(alert, now));
  if (alerts.length > LIST_LIMIT) list.append(el('li', 'alert-more', `and ${alerts.length - LIST_LIMIT} more (GET /api/alerts lists all)`));
  root.append(list);
}

function percent(value: number): string {
  if (value > 0 && value < 0.001) return '< 0.1%';
  return `${(value * 100).toFixed(Math.abs(value) < 0.1 ? 1 : 0)}%`;
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

function sloItem(slo: SloReport): HTMLElement {
  const item = el('li', `slo ${slo.alert ?? 'ok'}`);
  const what = slo.kind === 'latency' ? `latency ≤ ${slo.thresholdMs} ms` : 'availability';
  const head = el('div', 'slo-head');
  head.append(el('span', 'slo-name', `${slo.service}${slo.region ? ` · ${slo.region}` : ''} · ${what} ${slo.objective}% / ${slo.window}`));
  if (slo.alert) head.append(el('span', `slo-alert ${slo.alert}`, slo.alert.toUpperCase()));
  item.append(head);
  const remaining = slo.budgetRemaining;
  // A native meter (no inline style, which the CSP forbids): red under a quarter left, amber under half.
  const bar = el('meter', 'budget-bar');
  bar.min = 0;
  bar.max = 1;
  bar.low = 0.25;
  bar.high = 0.5;
  bar.optimum = 1;
  bar.value = remaining === null ? 0 : Math.max(0, Math.min(1, remaining));
  bar.setAttribute('aria-label', 'error budget left');
  item.append(bar);
  const left = remaining === null ? 'budget left: no requests in the window' : remaining < 0 ? `budget overspent by ${percent(-remaining)}` : `budget left ${percent(remaining)}`;
  const exhaust = slo.exhaustsInSeconds === null ? '' : slo.exhaustsInSeconds === 0 ? ' · exhausted' : ` · gone in ${duration(slo.exhaustsInSeconds)} at the 1h rate`;
  item.append(el('div', 'slo-budget', left + exhaust));
  const rates = el('dl', 'burn-rates');
  for (const window of BURN_WINDOWS) {
    const cell = el('div', 'burn');
    const burn = slo.burnRates[window];
    cell.append(el('dt', undefined, window), el('dd', undefined, burn === null ? '—' : `${burn < 10 ? burn.toFixed(2) : burn.toFixed(1)}×`));
    if (slo.coverage[window] < 1) cell.title = `data covers ${percent(slo.coverage[window])} of ${window}`;
    rates.append(cell);
  }
  item.append(rates);
  const notes: string[] = [];
  if (slo.coverage.window < 1) notes.push(`data covers ${percent(slo.coverage.window)} of ${slo.window}`);
  if (slo.evaluatedAt !== null) notes.push(`evaluated ${clockTime(slo.evaluatedAt)} on ${slo.source}`);
  if (slo.error) notes.push(`failing: ${slo.error}`);
  item.append(el('div', 'slo-note', notes.join(' · ')));
  return item;
}

/** Appends the alert and budget sections for `data` to the panel's root. */
export function renderAlertPanel(root: HTMLElement, data: AlertPanelData, now: number): void {
  // Who is paged first, then where the budget goes, then what was deliberately quietened.
  alertSection(root, 'Firing', data.firing, now, 'firing');
  alertSection(root, 'Outside the graph', data.unplaced, now, 'unplaced');
  if (data.slos.length > 0) {
    root.append(el('h3', undefined, 'Error budgets'));
    const list = el('ul', 'slos');
    for (const slo of [...data.slos].sort((a, b) => rank(b) - rank(a))) list.append(sloItem(slo));
    root.append(list);
  }
  alertSection(root, 'Muted', data.muted, now, 'muted');
}

function rank(slo: SloReport): number {
  return slo.alert === 'page' ? 2 : slo.alert === 'ticket' ? 1 : 0;
}
