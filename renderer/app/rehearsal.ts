// Rehearsal mode: while a plan is set, every live update is sent back to the hub for a fresh projection
// (POST /api/whatif) and the views draw the projected world instead of the live one; R flips between them.
// Why POST and not a feed over the WebSocket: the HTTP route already carries the operator check and the
// field-naming 400s, and the hub caches per (graph, plan), so displays on one plan share one computation.
// A wall display never shows a projection: it ignores ?whatif= and has no Rehearse control.
import type { Graph } from '../../shared/model';
import type { WhatifAnswer } from '../../shared/whatif/answer-schema';
import { hashQuery, planFromWhatifParam, whatifParam } from '../../shared/whatif/deep-link';
import { planKey, type WhatifPlan } from '../../shared/whatif/plan';
import { labelOverloads } from '../../shared/whatif/view-labels';
import type { ViewModel } from '../../shared/view/view-model';
import { RehearsalBanner } from './rehearsal-banner';
import { downloadReport, requestProjection } from './rehearsal-client';
import { RehearsalPanel } from './rehearsal-panel';
import './rehearsal.css';

export type Feed = 'live' | 'whatif';

export interface RehearsalOptions {
  token: string | null;
  wall: boolean;
  /** Called whenever what the views should draw changes. */
  onChange(): void;
  /** Opens a service's focus view. */
  jump(region: string, service: string): void;
}

export class Rehearsal {
  private plan: WhatifPlan | null = null;
  private answer: WhatifAnswer | null = null;
  /** While a plan is set: true shows the projection, false the live world. */
  private projected = true;
  private inFlight = false;
  private again = false;
  private live: Graph | null = null;
  private readonly panel: RehearsalPanel;
  private readonly banner = new RehearsalBanner();

  constructor(private readonly options: RehearsalOptions) {
    this.panel = new RehearsalPanel({
      project: (plan) => this.setPlan(plan),
      stop: () => this.setPlan(null),
      report: (format) => void this.report(format),
      jump: (region, service) => options.jump(region, service),
    });
  }

  /** Puts the Rehearse button into the tool bar and adopts a `?whatif=` deep link. */
  start(tools: HTMLElement): void {
    if (this.options.wall) {
      if (hashQuery(location.hash).get('whatif') !== null) console.info('flowsight: wall mode shows live data only; ?whatif= ignored');
      return;
    }
    tools.append(this.panel.button);
    this.adoptLink();
    window.addEventListener('hashchange', () => this.adoptLink());
  }

  /** What the views draw: the projection while it is shown, else the live world. */
  get feed(): Feed {
    return this.plan !== null && this.projected && this.answer !== null ? 'whatif' : 'live';
  }

  graph(live: Graph | null): Graph | null {
    return this.feed === 'whatif' ? this.answer!.world : live;
  }

  /** Utilisation on the overloaded nodes of a projected view. */
  decorate(model: ViewModel): ViewModel {
    return this.feed === 'whatif' ? labelOverloads(model, this.answer!.overloaded) : model;
  }

  /** Every live update: re-project while a plan is set (one request at a time; the latest graph wins). */
  onLive(graph: Graph): void {
    this.live = graph;
    if (!this.panel.open && this.plan === null) return;
    this.panel.setRegions(graph.regions.map((r) => r.name), this.plan);
    if (this.plan !== null) void this.request();
  }

  /** R: flip live ↔ projected; with no plan yet, open the Rehearse control. */
  toggle(): void {
    if (this.options.wall) return;
    if (this.plan === null) {
      this.panel.setOpen(!this.panel.open);
      if (this.live) this.panel.setRegions(this.live.regions.map((r) => r.name), null);
      return;
    }
    this.projected = !this.projected;
    this.render();
  }

  private adoptLink(): void {
    const parsed = planFromWhatifParam(hashQuery(location.hash).get('whatif'));
    if (parsed === null) {
      if (this.plan !== null) this.keepLink(); // navigation dropped the parameter: the rehearsal goes on
      return;
    }
    if (!parsed.ok) {
      this.panel.setOpen(true);
      this.panel.setMessage(`?whatif= not understood: ${parsed.problem.field}: ${parsed.problem.message}`, true);
      return;
    }
    if (this.plan !== null && planKey(this.plan) === planKey(parsed.plan)) return;
    this.setPlan(parsed.plan);
  }

  private setPlan(plan: WhatifPlan | null): void {
    this.plan = plan;
    this.answer = null;
    this.projected = true;
    this.keepLink();
    if (plan) {
      this.panel.setOpen(true);
      if (this.live) this.panel.setRegions(this.live.regions.map((r) => r.name), plan);
      this.panel.showPlan(plan);
      this.panel.setMessage('Projecting…');
      void this.request();
    } else this.panel.setMessage(null);
    this.render();
  }

  /** The address bar keeps the plan, so a reload or a shared link opens the same rehearsal. */
  private keepLink(): void {
    const hash = location.hash || '#/';
    const at = hash.indexOf('?');
    const path = at < 0 ? hash : hash.slice(0, at);
    const params = at < 0 ? [] : hash.slice(at + 1).split('&').filter((p) => p !== '' && !p.startsWith('whatif='));
    if (this.plan) params.push(`whatif=${encodeURIComponent(whatifParam(this.plan)).replace(/%3A|%2C|%3B|%3D/g, decodeURIComponent)}`);
    const next = params.length ? `${path}?${params.join('&')}` : path;
    if (next !== hash) history.replaceState(history.state, '', next);
  }

  private async request(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const plan = this.plan;
    if (!plan) return;
    this.inFlight = true;
    try {
      const result = await requestProjection(plan, this.options.token);
      if (this.plan !== plan) return; // replaced or stopped meanwhile
      if (result.ok) {
        this.answer = result.answer;
        this.panel.setMessage(null);
      } else {
        this.panel.setOpen(true);
        this.panel.setMessage(result.message, true);
        // A refusal or a bad plan ends the rehearsal: the display goes on showing live data, said so.
        if (result.refused || this.answer === null) {
          this.plan = null;
          this.answer = null;
          this.keepLink();
        }
      }
      this.render();
    } finally {
      this.inFlight = false;
      if (this.again) {
        this.again = false;
        void this.request();
      }
    }
  }

  private render(): void {
    const a = this.feed === 'whatif' ? this.answer : null;
    this.panel.showAnswer(this.plan ? this.answer : null);
    this.banner.show(a ? { drain: a.plan.drain, fraction: a.plan.fraction, projectedFrom: a.projectedFrom.serverUpdateTime } : null);
    this.options.onChange();
  }

  private async report(format: 'md' | 'json'): Promise<void> {
    if (!this.plan) return;
    const error = await downloadReport(this.plan, format, this.options.token);
    if (error) this.panel.setMessage(error, true);
  }
}
