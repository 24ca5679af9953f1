// The timeline bar under the view (issue 10 §3), drawn with d3 in SVG: the hub's record as a strip —
// requests/s as an area, error ratio as a line on its own scale — with source failures and staleness as
// ticks, alert starts as flags, the live edge on the right and the replay cursor in the replay colour.
// Drag to scrub, click to jump, ←/→ (or [ / ]) step one poll while it has the focus, Home/End. Shift+drag
// picks two instants for "what changed" (Shift+click: one instant against live), shown as a band; Esc or ✕ clears. The view
// only draws and reports intents; the controller (timebar-control.ts) decides feeds and the address bar.
// Every text from the data (alert titles, source names) goes in through d3's .text(): textContent.
import { area, line, max, scaleLinear, select, type Selection } from 'd3';
import type { TimelineStrip } from '../../shared/protocol';
import { REPLAY_SPEEDS } from '../../shared/protocol';
import { el } from './dom';
import { clockTime } from './freshness';

export type PlaySpeed = Exclude<(typeof REPLAY_SPEEDS)[number], 0>;

export interface TimebarIntents {
  /** Show instant `at` (epoch ms, hub clock), paused. `final` is false while a drag is still moving. */
  jump(at: number, final: boolean): void;
  /** Step one poll back (-1) or forward (+1) from what is on screen. */
  step(direction: 1 | -1): void;
  play(speed: PlaySpeed): void;
  pause(): void;
  live(): void;
  /** Compare instant `a` with `b` ("what changed"; `b` live: against the present); null clears the comparison. */
  compare(range: { a: number; b: number | 'live' } | null): void;
}

/** The comparison on screen (from the link), drawn as a band on the bar. */
export interface ComparisonState {
  from: number;
  to: number | 'live';
}

/** Where the bar's cursor is: live, or an instant being replayed (and how fast). */
export interface CursorState {
  replayAt: number | null;
  speed: number;
  /** The hub's clock now: the live edge. */
  now: number;
}

const HEIGHT = 56;
const PAD_X = 8;
const TOP = 12;
const BOTTOM = HEIGHT - 4;
/** Scrub updates sent at most this often while dragging (the last position is always sent on release). */
const DRAG_EVERY_MS = 200;
/** A Shift+drag narrower than this many pixels is a Shift+click: one instant against live. */
const RANGE_MIN_PX = 4;

export class Timebar {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly strip: Selection<SVGGElement, unknown, null, undefined>;
  private readonly marks: Selection<SVGGElement, unknown, null, undefined>;
  private readonly cursorLine: Selection<SVGLineElement, unknown, null, undefined>;
  private readonly liveLine: Selection<SVGLineElement, unknown, null, undefined>;
  private readonly ghost: Selection<SVGLineElement, unknown, null, undefined>;
  private readonly band: Selection<SVGRectElement, unknown, null, undefined>;
  private readonly clearButton = el('button', 'timebar-button timebar-compare-clear', '✕');
  private readonly compareLabel = el('span', 'timebar-compare');
  private readonly label = el('span', 'timebar-label');
  private readonly span = el('span', 'timebar-span');
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private data: TimelineStrip | null = null;
  private cursor: CursorState = { replayAt: null, speed: 0, now: Date.now() };
  private width = 600;
  private dragging: number | null = null;
  private lastDragSent = 0;
  private comparison: ComparisonState | null = null;
  /** A Shift+drag in progress: where it started and where the pointer is (offsets in the bar). */
  private picking: { x0: number; x1: number } | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly intents: TimebarIntents,
  ) {
    const controls = el('div', 'timebar-controls');
    const button = (id: string, text: string, title: string, run: () => void) => {
      const b = el('button', `timebar-button ${id}`, text);
      b.type = 'button';
      b.title = title;
      b.dataset['action'] = id;
      b.addEventListener('click', run);
      this.buttons.set(id, b);
      controls.append(b);
    };
    button('back', '◀', 'One poll back ( [ )', () => intents.step(-1));
    button('pause', '❚❚', 'Pause', () => intents.pause());
    for (const speed of [1, 10, 60] as const) button(`play-${speed}`, `▶ ${speed}×`, `Play at ${speed}× from the instant on screen`, () => intents.play(speed));
    button('forward', '▶', 'One poll forward ( ] )', () => intents.step(1));
    button('live', 'LIVE', 'Back to live (L)', () => intents.live());
    this.clearButton.type = 'button';
    this.clearButton.title = 'Clear the comparison (Esc)';
    this.clearButton.dataset['action'] = 'clear-compare';
    this.clearButton.addEventListener('click', () => intents.compare(null));
    const compare = el('span', 'timebar-compare-box');
    compare.append(this.compareLabel, this.clearButton);
    compare.hidden = true;
    const head = el('div', 'timebar-head');
    head.append(controls, this.label, compare, this.span);

    const holder = el('div', 'timebar-strip');
    this.svg = select(holder)
      .append('svg')
      .attr('class', 'timebar-svg')
      .attr('height', HEIGHT)
      .attr('tabindex', 0)
      .attr('role', 'slider')
      .attr('aria-label', 'Timeline: drag or click to replay an instant, arrow keys step one poll');
    this.band = this.svg.append('rect').attr('class', 'timebar-band').attr('y', 0).attr('height', HEIGHT).attr('visibility', 'hidden');
    this.strip = this.svg.append('g').attr('class', 'timebar-data');
    this.marks = this.svg.append('g').attr('class', 'timebar-marks');
    this.liveLine = this.svg.append('line').attr('class', 'timebar-live-edge').attr('y1', 2).attr('y2', HEIGHT);
    this.ghost = this.svg.append('line').attr('class', 'timebar-ghost').attr('y1', 2).attr('y2', HEIGHT).attr('visibility', 'hidden');
    this.cursorLine = this.svg.append('line').attr('class', 'timebar-cursor').attr('y1', 0).attr('y2', HEIGHT).attr('visibility', 'hidden');
    root.replaceChildren(head, holder);
    this.bindPointer();
    this.bindKeys();
  }

  /** Buckets the strip should have: about one per two pixels of the bar. */
  get buckets(): number {
    return Math.max(30, Math.min(1000, Math.floor(this.width / 2)));
  }

  setData(data: TimelineStrip): void {
    this.data = data;
    this.draw();
  }

  /** The comparison the link asks for (null: none): a band from one instant to the other (or to live). */
  setComparison(state: ComparisonState | null): void {
    this.comparison = state;
    this.drawBand();
  }

  setCursor(state: CursorState): void {
    this.cursor = state;
    this.drawCursor();
  }

  /** Re-measures the bar (window resized, panel folded) and redraws. */
  resize(): void {
    const w = Math.floor(this.svg.node()?.getBoundingClientRect().width ?? 0);
    if (w > 0 && w !== this.width) {
      this.width = w;
      this.draw();
    }
  }

  /** The instant an x offset in the bar stands for (clamped to the record and the live edge). */
  instantAt(x: number): number | null {
    const d = this.data;
    if (!d) return null;
    const t = this.x().invert(x);
    return Math.round(Math.min(this.cursor.now, Math.max(d.from, t)));
  }

  private x() {
    const d = this.data;
    const from = d?.from ?? this.cursor.now - 60_000;
    const to = Math.max(this.cursor.now, d?.to ?? from + 1, from + 1);
    return scaleLinear().domain([from, to]).range([PAD_X, this.width - PAD_X]).clamp(true);
  }

  private draw(): void {
    this.svg.attr('width', this.width).attr('viewBox', `0 0 ${this.width} ${HEIGHT}`);
    this.strip.selectAll('*').remove();
    this.marks.selectAll('*').remove();
    const d = this.data;
    if (!d || d.rps.length === 0) {
      this.strip.append('text').attr('class', 'timebar-empty').attr('x', PAD_X).attr('y', HEIGHT / 2 + 4).text('the hub has no history yet');
      this.drawCursor();
      return;
    }
    const x = this.x();
    const points = d.rps.map((rps, i) => ({ t: d.from + (i + 0.5) * d.bucketMs, rps, err: d.errorRatio[i] ?? null }));
    const y = scaleLinear().domain([0, max(points, (p) => p.rps ?? 0) || 1]).nice().range([BOTTOM, TOP]);
    const yErr = scaleLinear().domain([0, Math.max(0.05, max(points, (p) => p.err ?? 0) ?? 0)]).range([BOTTOM, TOP]);
    type P = (typeof points)[number];
    const ok = (p: P) => p.rps !== null;
    this.strip.append('path').attr('class', 'timebar-rps').attr('d', area<P>().defined(ok).x((p) => x(p.t)).y0(BOTTOM).y1((p) => y(p.rps ?? 0))(points) ?? '');
    this.strip.append('path').attr('class', 'timebar-errors').attr('d', line<P>().defined(ok).x((p) => x(p.t)).y((p) => yErr(p.err ?? 0))(points) ?? '');
    this.strip.append('text').attr('class', 'timebar-scale').attr('x', PAD_X + 2).attr('y', TOP - 2).text(`${y.domain()[1]} req/s`);
    // Failures and staleness: a tick from top to bottom, in the state's colour; recoveries a short green tick.
    for (const event of d.events) {
      const tick = this.marks
        .append('line')
        .attr('class', `timebar-event ${event.kind}`)
        .attr('x1', x(event.at))
        .attr('x2', x(event.at))
        .attr('y1', event.kind === 'recovered' ? BOTTOM - 8 : TOP)
        .attr('y2', BOTTOM);
      tick.append('title').text(`${clockTime(event.at)} ${event.source}: ${event.kind === 'failed' ? 'failed' : event.kind === 'stale' ? 'went stale' : 'recovered'}`);
    }
    for (const alert of d.alerts) {
      const flag = this.marks.append('path').attr('class', `timebar-alert ${alert.severity}`).attr('d', `M${x(alert.at)},${TOP} l-5,-9 h10 z`);
      flag.append('title').text(`${clockTime(alert.at)} alert: ${alert.title}`);
    }
    this.span.textContent = `${clockTime(d.from)} – now`;
    this.drawCursor();
  }

  private drawBand(): void {
    const x = this.x();
    const box = this.compareLabel.parentElement!;
    this.root.classList.toggle('comparing', this.comparison !== null);
    if (this.picking) {
      const [a, b] = [Math.min(this.picking.x0, this.picking.x1), Math.max(this.picking.x0, this.picking.x1)];
      this.band.attr('visibility', 'visible').attr('class', 'timebar-band picking').attr('x', a).attr('width', Math.max(2, b - a));
      return;
    }
    const c = this.comparison;
    box.hidden = c === null;
    if (c === null) {
      this.band.attr('visibility', 'hidden');
      delete this.root.dataset['compare'];
      return;
    }
    const end = c.to === 'live' ? this.cursor.now : c.to;
    const [a, b] = [x(c.from), x(end)];
    this.band.attr('visibility', 'visible').attr('class', 'timebar-band').attr('x', Math.min(a, b)).attr('width', Math.max(2, Math.abs(b - a)));
    this.root.dataset['compare'] = `${c.from}..${c.to}`;
    this.compareLabel.textContent = `changed ${clockTime(c.from)} → ${c.to === 'live' ? 'live' : clockTime(c.to)}`;
  }

  private drawCursor(): void {
    const x = this.x();
    const c = this.cursor;
    this.drawBand();
    this.liveLine.attr('x1', x(c.now)).attr('x2', x(c.now));
    const at = this.dragging ?? c.replayAt;
    this.root.classList.toggle('replaying', c.replayAt !== null);
    this.root.dataset['cursor'] = at === null ? 'live' : String(at);
    this.buttons.get('live')?.classList.toggle('active', c.replayAt === null);
    this.buttons.get('pause')?.classList.toggle('active', c.replayAt !== null && c.speed === 0);
    for (const speed of [1, 10, 60]) this.buttons.get(`play-${speed}`)?.classList.toggle('active', c.replayAt !== null && c.speed === speed);
    this.svg.attr('aria-valuetext', at === null ? 'live' : clockTime(at));
    if (at === null) {
      this.cursorLine.attr('visibility', 'hidden');
      this.label.textContent = 'live · click or drag the strip to look back';
      return;
    }
    this.cursorLine.attr('visibility', 'visible').attr('x1', x(at)).attr('x2', x(at));
    const speed = c.speed > 0 && this.dragging === null ? ` ▶ ${c.speed}×` : '';
    this.label.textContent = `REPLAY ${clockTime(at)}${speed}`;
  }

  private bindPointer(): void {
    const svg = this.svg.node()!;
    const offset = (event: PointerEvent) => event.clientX - svg.getBoundingClientRect().left;
    svg.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      const at = this.instantAt(offset(event));
      if (at === null) return;
      svg.setPointerCapture(event.pointerId);
      svg.focus();
      if (event.shiftKey) {
        // Shift: pick instants to compare; the replay (and what is on screen) stays as it is.
        this.picking = { x0: offset(event), x1: offset(event) };
        this.drawBand();
        return;
      }
      this.dragging = at;
      this.lastDragSent = 0;
      this.drawCursor();
    });
    svg.addEventListener('pointermove', (event) => {
      const at = this.instantAt(offset(event));
      if (at === null) return;
      if (this.picking) {
        this.picking.x1 = offset(event);
        this.drawBand();
        return;
      }
      if (this.dragging === null) {
        this.ghost.attr('visibility', 'visible').attr('x1', this.x()(at)).attr('x2', this.x()(at));
        svg.setAttribute('data-hover', clockTime(at));
        return;
      }
      this.dragging = at;
      this.drawCursor();
      const now = performance.now();
      if (now - this.lastDragSent >= DRAG_EVERY_MS) {
        this.lastDragSent = now;
        this.intents.jump(at, false);
      }
    });
    const release = (event: PointerEvent) => {
      if (this.picking) {
        const picked = this.picking;
        picked.x1 = offset(event);
        this.picking = null;
        if (svg.hasPointerCapture(event.pointerId)) svg.releasePointerCapture(event.pointerId);
        const a = this.instantAt(picked.x0);
        const b = this.instantAt(picked.x1);
        this.drawBand();
        if (a === null || b === null) return;
        this.intents.compare(Math.abs(picked.x1 - picked.x0) < RANGE_MIN_PX ? { a, b: 'live' } : { a, b });
        return;
      }
      if (this.dragging === null) return;
      const at = this.instantAt(offset(event)) ?? this.dragging;
      this.dragging = null;
      if (svg.hasPointerCapture(event.pointerId)) svg.releasePointerCapture(event.pointerId);
      this.intents.jump(at, true);
    };
    svg.addEventListener('pointerup', release);
    svg.addEventListener('pointercancel', (event) => {
      this.dragging = null;
      this.picking = null;
      if (svg.hasPointerCapture(event.pointerId)) svg.releasePointerCapture(event.pointerId);
      this.drawCursor();
    });
    svg.addEventListener('pointerleave', () => this.ghost.attr('visibility', 'hidden'));
  }

  private bindKeys(): void {
    const svg = this.svg.node()!;
    svg.addEventListener('keydown', (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const d = this.data;
      let handled = true;
      if (event.key === 'ArrowLeft' || event.key === '[') this.intents.step(-1);
      else if (event.key === 'ArrowRight' || event.key === ']') this.intents.step(1);
      else if (event.key === 'Home' && d) this.intents.jump(d.from, true);
      else if (event.key === 'End') this.intents.live();
      else if (event.key === 'Escape' && (this.comparison !== null || this.picking !== null)) {
        this.picking = null;
        this.intents.compare(null);
      }
      else if (event.key === ' ') {
        if (this.cursor.replayAt !== null && this.cursor.speed > 0) this.intents.pause();
        else this.intents.play(1);
      } else handled = false;
      if (!handled) return;
      // The bar's keys are its own: the view's arrow-key node stepping must not also run.
      event.preventDefault();
      event.stopPropagation();
    });
  }
}
