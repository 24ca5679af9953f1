// A rehearsal on this display. The stream's sources say when one plays (a source of type `scenario`), so
// the marking is there from the first snapshot; the script's state (step, prompt, debrief) comes from
// /api/status once a second while it plays. Answers go back as POST /api/scenario/answer.
import type { SourceStatus } from '../../shared/model';
import { scenarioStatusSchema, type ScenarioStatus } from '../../shared/scenario/status';
import { createScenarioElements, renderDeadline, renderDebrief, renderPrompt, renderStep, type ScenarioElements } from './scenario-dom';
import { hubFetch } from './token';
import './scenario.css';

const SOURCE_TYPE = 'scenario';
const POLL_MS = 1000;

export interface ScenarioStats {
  name: string;
  step: string | null;
  prompt: string | null;
  ended: boolean;
  debrief: boolean;
}

export class ScenarioView {
  private name: string | null = null;
  private status: ScenarioStatus | null = null;
  private timer: number | null = null;
  private error: string | null = null;
  private debriefClosed = false;
  private lastPromptKey = '';
  private readonly elements: ScenarioElements;

  constructor(private readonly token: string | null) {
    this.elements = createScenarioElements(document.body);
  }

  /** True while the picture on screen is a rehearsal: it is never live data. */
  get active(): boolean {
    return this.name !== null;
  }

  /** What the status strip says beside REHEARSAL. */
  get label(): string | null {
    return this.name === null ? null : `scenario ${this.name}, not live data`;
  }

  /** Called with the sources of every message from the hub. */
  update(sources: readonly SourceStatus[]): void {
    const source = sources.find((s) => s.type === SOURCE_TYPE);
    const name = source?.name ?? null;
    if (name === this.name) return;
    this.name = name;
    document.body.classList.toggle('rehearsal', name !== null);
    this.elements.frame.hidden = name === null;
    if (name !== null && this.timer === null) {
      this.timer = window.setInterval(() => void this.poll(), POLL_MS);
      void this.poll();
    }
    if (name === null) {
      if (this.timer !== null) window.clearInterval(this.timer);
      this.timer = null;
      this.status = null;
      this.render();
    }
  }

  stats(): ScenarioStats | null {
    if (this.name === null) return null;
    const s = this.status;
    return { name: this.name, step: s?.step ?? null, prompt: s?.prompt?.id ?? null, ended: s?.ended ?? false, debrief: !this.elements.debrief.hidden };
  }

  private async poll(): Promise<void> {
    try {
      const response = await hubFetch('/api/status', this.token, { cache: 'no-store' });
      if (!response.ok) return;
      const body = (await response.json()) as { scenario?: unknown };
      const parsed = scenarioStatusSchema.safeParse(body.scenario);
      if (!parsed.success) return;
      this.status = parsed.data;
      this.render();
    } catch {
      // The hub link's own freshness reporting covers an unreachable hub; the last state stays on screen.
    }
  }

  private async choose(prompt: string, choice: string): Promise<void> {
    try {
      const response = await hubFetch('/api/scenario/answer', this.token, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ prompt, choice }),
      });
      if (response.ok) this.error = null;
      else {
        const body = (await response.json().catch(() => ({}))) as { error?: unknown };
        this.error = `not accepted (HTTP ${response.status}): ${typeof body.error === 'string' ? body.error : 'no reason given'}`;
      }
    } catch {
      this.error = 'the hub did not answer; try again';
    }
    await this.poll();
  }

  private render(): void {
    const s = this.status;
    const { step, prompt, debrief } = this.elements;
    step.hidden = s === null;
    if (s !== null) renderStep(step, s);
    prompt.hidden = s === null || s.prompt === null;
    if (s?.prompt) {
      // Rebuilt only when the prompt or its error changes, so a click is never lost to a new button.
      const key = `${s.prompt.shownAtMs}|${s.prompt.id}|${this.error ?? ''}`;
      if (key !== this.lastPromptKey) renderPrompt(prompt, s, this.error, (p, c) => void this.choose(p, c));
      this.lastPromptKey = key;
      renderDeadline(prompt, s, Date.now());
    } else this.lastPromptKey = '';
    const showDebrief = s !== null && s.ended && !this.debriefClosed;
    if (showDebrief && debrief.hidden) {
      renderDebrief(debrief, s, () => {
        this.debriefClosed = true;
        debrief.hidden = true;
      });
    }
    debrief.hidden = !showDebrief;
  }
}
