// "What changed" in the renderer: `?changed=T1..T2` (two instants) or `?since=T` (T against live) after any
// view route asks the hub's `/api/changes`, lists the calls of the view on screen that appeared, vanished,
// grew or shrank (biggest first) in the side panel, and lights their ends in the view. Text only via
// textContent: service names are untrusted.
import { changedEdgeIds, changedNodeIds, changedOptionFromQuery, changesInView, changesPath, decodeChangesAnswer, type ChangedOption, type ChangesAnswer } from '../../shared/timeline/changes-answer';
import type { CallChange } from '../../shared/timeline/what-changed';
import { edgeId, type Route } from '../../shared/view/view-model';
import { formatRps } from '../../shared/view/palette';
import { el } from './dom';
import { clockTime } from './freshness';
import { hubFetch } from './token';
import './changes.css';

const LIST_LIMIT = 30;
/** Against live, the comparison is asked again at most this often (on new data). */
const LIVE_REFRESH_MS = 5000;

const KIND_TEXT: Record<CallChange['kind'], string> = {
  appeared: 'new',
  vanished: 'gone',
  grew: 'grew',
  shrank: 'shrank',
  'errors-up': 'errors ↑',
  'errors-down': 'errors ↓',
};

export interface ChangesStats {
  from: string;
  to: string | 'live';
  /** Changes in the whole answer, and those of the view on screen. */
  count: number;
  inView: number;
  error: string | null;
}

/** The `changed=`/`since=` part of a hash query, kept across navigation (null when absent). */
export function changedOptionFromHash(hash: string): ChangedOption | null {
  const q = hash.indexOf('?');
  return q < 0 ? null : changedOptionFromQuery(new URLSearchParams(hash.slice(q + 1)));
}

/** The hash query parameters that carry the comparison, to append after the view path. */
export function changedParams(hash: string): string[] {
  const q = hash.indexOf('?');
  if (q < 0) return [];
  const params = new URLSearchParams(hash.slice(q + 1));
  const out: string[] = [];
  for (const key of ['changed', 'since', 'threshold']) {
    const value = params.get(key);
    if (value !== null) out.push(`${key}=${encodeURIComponent(value).replace(/%3A/g, ':')}`);
  }
  return out;
}

function signed(value: number, digits = 0): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(digits)}`;
}

export function changeFigures(change: CallChange): { rps: string; errors: string } {
  const moved = change.rpsAfter - change.rpsBefore;
  const ratio = change.rpsBefore > 0 ? ` (${signed((moved / change.rpsBefore) * 100)} %)` : '';
  const rps = `${formatRps(change.rpsBefore)} → ${formatRps(change.rpsAfter)} rps${ratio}`;
  const errors = `errors ${change.errorPctBefore.toFixed(1)} → ${change.errorPctAfter.toFixed(1)} % (${signed(change.errorPctAfter - change.errorPctBefore, 1)} pts)`;
  return { rps, errors };
}

export class ChangesView {
  private option: ChangedOption | null = null;
  private answer: ChangesAnswer | null = null;
  private error: string | null = null;
  private askedAt = 0;
  private inFlight = false;
  private generation = 0;

  constructor(
    private readonly token: string | null,
    private readonly onChange: () => void,
  ) {}

  get active(): boolean {
    return this.option !== null;
  }

  /** Adopts the comparison a hash names (or none); asks the hub when it differs from the one shown. */
  setOption(option: ChangedOption | null): void {
    const same = option !== null && this.option !== null && option.from === this.option.from && option.to === this.option.to && option.threshold === this.option.threshold;
    if (same || (option === null && this.option === null)) return;
    this.option = option;
    this.answer = null;
    this.error = null;
    this.generation += 1;
    if (option) void this.ask();
    this.onChange();
  }

  /** New data arrived: a comparison against live is asked again (at most every few seconds). */
  onData(): void {
    if (this.option?.to === 'live' && Date.now() - this.askedAt >= LIVE_REFRESH_MS) void this.ask();
  }

  changes(): readonly CallChange[] {
    return this.answer?.changes ?? [];
  }

  highlightIds(route: Route, drawn: (id: string) => boolean): string[] {
    return this.answer ? changedNodeIds(this.answer.changes, route, drawn) : [];
  }

  highlightEdgeIds(route: Route, drawn: (id: string) => boolean): string[] {
    return this.answer ? changedEdgeIds(this.answer.changes, route, drawn) : [];
  }

  stats(route: Route): ChangesStats | null {
    if (!this.option) return null;
    return {
      from: new Date(this.option.from).toISOString(),
      to: this.option.to === 'live' ? 'live' : new Date(this.option.to).toISOString(),
      count: this.answer?.changes.length ?? 0,
      inView: this.answer ? changesInView(this.answer.changes, route).length : 0,
      error: this.error,
    };
  }

  private async ask(): Promise<void> {
    const option = this.option;
    if (!option || this.inFlight) return;
    this.inFlight = true;
    this.askedAt = Date.now();
    const generation = this.generation;
    try {
      const response = await hubFetch(changesPath(option), this.token, { cache: 'no-store' });
      const body: unknown = await response.json();
      if (generation !== this.generation) return;
      if (!response.ok) {
        const message = typeof body === 'object' && body !== null && 'error' in body ? String((body as { error: unknown }).error) : `HTTP ${response.status}`;
        this.error = message;
        this.answer = null;
      } else {
        this.answer = decodeChangesAnswer(body);
        this.error = null;
      }
    } catch (error) {
      if (generation === this.generation) this.error = `the hub did not answer: ${(error as Error).message}`;
    } finally {
      this.inFlight = false;
    }
    if (generation === this.generation) this.onChange();
  }

  /** The panel section: what changed on the view on screen, biggest first; a click selects the call. */
  render(root: HTMLElement, route: Route, select: (id: string) => void, drawn: (id: string) => boolean): void {
    const option = this.option;
    if (!option) return;
    const section = el('section', 'changes');
    const to = option.to === 'live' ? 'live' : clockTime(option.to);
    section.append(el('h3', undefined, option.to === 'live' ? `What changed since ${clockTime(option.from)}` : `What changed ${clockTime(option.from)} → ${to}`));
    if (this.error !== null) {
      section.append(el('div', 'changes-note', this.error));
      root.append(section);
      return;
    }
    const answer = this.answer;
    if (!answer) {
      section.append(el('div', 'changes-note', 'asking the hub…'));
      root.append(section);
      return;
    }
    const shown = changesInView(answer.changes, route);
    const threshold = `±${Math.round(answer.thresholds.rpsRatio * 100)} % rps, ${answer.thresholds.errorPoints} error pts`;
    section.append(el('div', 'changes-note', `${shown.length} call${shown.length === 1 ? '' : 's'} here, ${answer.changes.length} in all · beyond ${threshold} · ${answer.from.slice(11, 19)}Z → ${answer.live ? 'live' : answer.to.slice(11, 19) + 'Z'}`));
    if (answer.excluded.length > 0) section.append(el('div', 'changes-note excluded', `left out (no data at one instant): ${answer.excluded.map((e) => e.name).join(', ')}`));
    if (shown.length === 0) section.append(el('div', 'changes-note', 'nothing on this view changed beyond the threshold'));
    const list = el('ul', 'changes-list');
    for (const change of shown.slice(0, LIST_LIMIT)) {
      const item = el('li', `change ${change.kind}`);
      const id = edgeId(change.source, change.target);
      const head = el('div', 'change-head');
      head.append(el('span', 'badge', KIND_TEXT[change.kind]));
      if (drawn(id)) {
        const button = el('button', 'peer-name change-call', `${change.source} → ${change.target}`);
        button.type = 'button';
        button.title = `${change.source} → ${change.target}`;
        button.addEventListener('click', () => select(id));
        head.append(button);
      } else head.append(el('span', 'change-call', `${change.source} → ${change.target}`));
      item.append(head);
      const figures = changeFigures(change);
      item.append(el('div', 'change-figures', figures.rps), el('div', 'change-figures', figures.errors));
      list.append(item);
    }
    if (shown.length > LIST_LIMIT) list.append(el('li', 'changes-note', `and ${shown.length - LIST_LIMIT} more (GET /api/changes lists all)`));
    section.append(list);
    root.append(section);
  }
}
