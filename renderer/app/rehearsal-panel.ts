// The Rehearse control: pick the regions to drain, optional weights for the survivors and how much to move;
// then the ranked overloads, the traffic with nowhere to go and the report for the change ticket.
// Every name is set with textContent (names come from metrics).
import type { WhatifAnswer } from '../../shared/whatif/answer-schema';
import type { WhatifPlan } from '../../shared/whatif/plan';
import { formatUtilisation } from '../../shared/whatif/format';
import { el } from './dom';

export interface RehearsalPanelActions {
  project(plan: WhatifPlan): void;
  stop(): void;
  report(format: 'md' | 'json'): void;
  jump(region: string, service: string): void;
}

const FRACTIONS = [25, 50, 75, 100];
const MAX_LISTED = 20;

function rps(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1);
}

export class RehearsalPanel {
  readonly button = el('button', 'rehearse-button', 'Rehearse');
  private readonly root = el('section', 'rehearsal-panel');
  private readonly regions = el('div', 'rehearsal-regions');
  private readonly fraction = el('select', 'rehearsal-fraction');
  private readonly message = el('p', 'rehearsal-message');
  private readonly results = el('div', 'rehearsal-results');
  private readonly projectButton = el('button', 'rehearsal-project', 'Project');
  private readonly stopButton = el('button', 'rehearsal-stop', 'Back to live');
  private rows: Array<{ region: string; drain: HTMLInputElement; weight: HTMLInputElement }> = [];

  constructor(private readonly actions: RehearsalPanelActions) {
    this.root.id = 'rehearsal';
    this.root.hidden = true;
    this.root.setAttribute('aria-label', 'Rehearse an evacuation');
    this.button.type = 'button';
    this.button.title = 'Rehearse an evacuation (R toggles live ↔ projected)';
    this.button.addEventListener('click', () => this.setOpen(this.root.hidden));
    for (const f of FRACTIONS) {
      const option = el('option', undefined, `${f}% of their traffic`);
      option.value = String(f / 100);
      this.fraction.append(option);
    }
    this.fraction.value = '1';
    const close = el('button', 'rehearsal-close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', () => this.setOpen(false));
    this.projectButton.type = this.stopButton.type = 'button';
    this.projectButton.addEventListener('click', () => this.submit());
    this.stopButton.addEventListener('click', () => actions.stop());
    const head = el('div', 'rehearsal-head');
    head.append(el('h2', undefined, 'Rehearse an evacuation'), close);
    const hint = el('p', 'rehearsal-hint', 'Drain the ticked regions; weights (blank = in proportion to current ingress) say where their INTERNET traffic goes.');
    const move = el('label', 'rehearsal-move', 'Move ');
    move.append(this.fraction);
    const buttons = el('div', 'rehearsal-buttons');
    buttons.append(this.projectButton, this.stopButton);
    this.root.append(head, hint, this.regions, move, buttons, this.message, this.results);
    document.body.append(this.root);
  }

  get open(): boolean {
    return !this.root.hidden;
  }

  setOpen(open: boolean): void {
    this.root.hidden = !open;
    this.button.setAttribute('aria-pressed', String(open));
  }

  /** The regions to choose from (the live world's), keeping what was ticked and typed. */
  setRegions(names: readonly string[], plan: WhatifPlan | null): void {
    if (names.length === this.rows.length && names.every((n, i) => this.rows[i]!.region === n)) return;
    const before = new Map(this.rows.map((r) => [r.region, r]));
    this.rows = names.map((region) => {
      const old = before.get(region);
      const drain = el('input');
      drain.type = 'checkbox';
      drain.checked = old ? old.drain.checked : (plan?.drain.includes(region) ?? false);
      const weight = el('input');
      weight.type = 'number';
      weight.min = '0';
      weight.step = 'any';
      weight.placeholder = 'auto';
      weight.value = old ? old.weight.value : plan?.to?.[region] !== undefined ? String(plan.to[region]) : '';
      weight.setAttribute('aria-label', `weight for ${region}`);
      return { region, drain, weight };
    });
    this.regions.replaceChildren(
      ...this.rows.map((row) => {
        const line = el('label', 'rehearsal-region');
        line.append(row.drain, el('span', 'rehearsal-region-name', row.region), row.weight);
        return line;
      }),
    );
  }

  showPlan(plan: WhatifPlan): void {
    for (const row of this.rows) {
      row.drain.checked = plan.drain.includes(row.region);
      row.weight.value = plan.to?.[row.region] !== undefined ? String(plan.to[row.region]) : '';
    }
    this.fraction.value = String(plan.fraction ?? 1);
  }

  private submit(): void {
    const drain = this.rows.filter((r) => r.drain.checked).map((r) => r.region);
    if (drain.length === 0) return this.setMessage('Tick at least one region to drain.', true);
    const to: Record<string, number> = {};
    for (const row of this.rows) if (!row.drain.checked && row.weight.value.trim() !== '') to[row.region] = Number(row.weight.value);
    const plan: WhatifPlan = { drain, fraction: Number(this.fraction.value) };
    if (Object.keys(to).length) plan.to = to;
    this.actions.project(plan);
  }

  setMessage(text: string | null, error = false): void {
    this.message.textContent = text ?? '';
    this.message.classList.toggle('error', error);
  }

  showAnswer(answer: WhatifAnswer | null): void {
    if (!answer) {
      this.results.replaceChildren();
      return;
    }
    const summary = el(
      'p',
      'rehearsal-summary',
      `${answer.overloaded.length} service${answer.overloaded.length === 1 ? '' : 's'} over capacity · ` +
        `${answer.unplaceable.length} with nowhere to go · ingress ${rps(answer.ingress.currentRps)} → ${rps(answer.ingress.projectedRps)} rps`,
    );
    const steps = el('p', 'rehearsal-steps', answer.steps.map((s) => `${s.percent}%: ${s.overloaded} over`).join(' · '));
    const list = el('ol', 'rehearsal-ranked');
    for (const o of answer.overloaded.slice(0, MAX_LISTED)) {
      const item = el('li');
      const name = el('button', 'rehearsal-jump', `${o.region} / ${o.service}`);
      name.type = 'button';
      name.addEventListener('click', () => this.actions.jump(o.region, o.service));
      const over = o.firstOverAt === null ? '' : o.firstOverAt === 0 ? ' · over already' : ` · over from ${o.firstOverAt}%`;
      item.append(
        el('span', 'rehearsal-util', formatUtilisation(o.utilisation)),
        name,
        el('span', 'rehearsal-detail', ` ${rps(o.projectedRps)} of ${rps(o.capacityRps)} rps (${o.capacitySource})${over}`),
      );
      list.append(item);
    }
    const parts: HTMLElement[] = [summary, steps];
    if (answer.overloaded.length) parts.push(el('h3', undefined, 'First to saturate'), list);
    if (answer.overloaded.length > MAX_LISTED) parts.push(el('p', 'rehearsal-more', `…and ${answer.overloaded.length - MAX_LISTED} more in the report`));
    if (answer.unplaceable.length) {
      const stuck = el('ul', 'rehearsal-unplaceable');
      for (const u of answer.unplaceable.slice(0, MAX_LISTED)) stuck.append(el('li', undefined, `${u.region} / ${u.service}: ${rps(u.rps)} rps — ${u.reason}`));
      parts.push(el('h3', undefined, 'Unplaceable'), stuck);
    }
    const report = el('div', 'rehearsal-report');
    for (const format of ['md', 'json'] as const) {
      const b = el('button', undefined, format === 'md' ? 'Report (Markdown)' : 'Report (JSON)');
      b.type = 'button';
      b.addEventListener('click', () => this.actions.report(format));
      report.append(b);
    }
    parts.push(report);
    this.results.replaceChildren(...parts);
  }
}
