// The timeline bar's controller: fetches the strip from the hub (`GET /api/timeline`, validated with the
// protocol's schema), turns the bar's intents (jump, step, play, pause, live) into a feed for the app to
// switch to, and keeps the hub's series for the side panel's selection, so the sparkline shows the hub's
// hours rather than what this tab happened to see. It never enters replay by itself: only a person's click,
// drag or key does, and the bar is not there on the wall.
import { decodeTimelineStrip, type TimelineStrip } from '../../shared/protocol';
import type { Sample } from './history';
import { Timebar, type PlaySpeed } from './timebar';
import { hubFetch } from './token';

export interface TimebarControlOptions {
  root: HTMLElement;
  token: string | null;
  /** The hub's clock now (this display's clock plus the offset the hub's messages tell). */
  hubNow(): number;
  /** What is on screen: the replayed instant (null while live) and the replay's speed. */
  shown(): { at: number | null; speed: number };
  /** Switch the display: replay `at` (paused when speed is 0), or live when `at` is null. */
  replay(at: number | null, speed: 0 | PlaySpeed): void;
  /** Compare two instants ("what changed": `b` live is against the present), or clear it (null). */
  compare(range: { a: number; b: number | 'live' } | null): void;
  /** True in wall mode: the bar is hidden and its keys do nothing. */
  wall(): boolean;
  /** The hub's series for the watched key arrived or changed: redraw the panel. */
  onSeries(): void;
}

/** How often the strip is fetched again; the watched series (hours in 320 px) every SERIES_EVERY-th time. */
const REFRESH_MS = 5000;
const SERIES_EVERY = 3;
/** The panel's sparkline: about one bucket per two and a half pixels of its 320. */
const SERIES_BUCKETS = 120;
/** Play from live starts this many polls back (there is nothing ahead of the present to play). */
const PLAY_FROM_LIVE_POLLS = 60;

export class TimebarControl {
  readonly bar: Timebar;
  private strip: TimelineStrip | null = null;
  private watched: string | null = null;
  private series: { key: string; samples: Sample[] } | null = null;
  private fetching = false;
  private refreshes = 0;
  private fetchingSeries: string | null = null;

  constructor(private readonly options: TimebarControlOptions) {
    this.bar = new Timebar(options.root, {
      jump: (at) => this.act(() => this.options.replay(at, 0)),
      step: (direction) => this.step(direction),
      play: (speed) => this.play(speed),
      pause: () => this.pause(),
      live: () => this.live(),
      compare: (range) => {
        if (!this.options.wall()) this.options.compare(range);
      },
    });
  }

  start(): void {
    this.bar.resize();
    void this.refresh();
    window.setInterval(() => void this.refresh(), REFRESH_MS);
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.bar.resize()).observe(this.options.root);
  }

  /** Once a second and on every replayed instant: the cursor and the live edge move. */
  tick(): void {
    const shown = this.options.shown();
    this.bar.setCursor({ replayAt: shown.at, speed: shown.speed, now: this.options.hubNow() });
  }

  /** The hub's samples for `key`, when they are the ones fetched for it; null: not (yet) known. */
  seriesFor(key: string): Sample[] | null {
    return this.series?.key === key ? this.series.samples : null;
  }

  /** The panel shows `key` (null: nothing with a history): fetch its series now when it changed. */
  watch(key: string | null): void {
    if (key === this.watched) return;
    this.watched = key;
    if (key !== null) void this.fetchSeries(key);
  }

  step(direction: 1 | -1): void {
    this.act(() => {
      const now = this.options.hubNow();
      const stepMs = this.strip?.stepMs ?? 5000;
      const at = (this.options.shown().at ?? now) + direction * stepMs;
      // Stepping forward into the present is live again; back past the record, its first poll.
      if (at >= now) return this.options.replay(null, 0);
      this.options.replay(Math.max(this.strip?.from ?? -Infinity, Math.round(at)), 0);
    });
  }

  play(speed: PlaySpeed): void {
    this.act(() => {
      const now = this.options.hubNow();
      const shown = this.options.shown().at;
      const from = shown ?? Math.max(this.strip?.from ?? -Infinity, now - PLAY_FROM_LIVE_POLLS * (this.strip?.stepMs ?? 5000));
      this.options.replay(Math.round(from), speed);
    });
  }

  pause(): void {
    this.act(() => {
      const shown = this.options.shown().at;
      if (shown !== null) this.options.replay(shown, 0);
    });
  }

  live(): void {
    this.act(() => this.options.replay(null, 0));
  }

  private act(run: () => void): void {
    if (this.options.wall()) return;
    run();
    this.tick();
  }

  private async refresh(): Promise<void> {
    if (this.fetching || this.options.wall()) return;
    this.fetching = true;
    try {
      const strip = await this.fetchStrip(`buckets=${this.bar.buckets}`);
      if (strip) {
        this.strip = strip;
        this.bar.setData(strip);
        this.tick();
      }
      this.refreshes += 1;
      if (this.watched !== null && this.refreshes % SERIES_EVERY === 0) await this.fetchSeries(this.watched);
    } finally {
      this.fetching = false;
    }
  }

  private async fetchSeries(key: string): Promise<void> {
    if (this.fetchingSeries === key) return;
    this.fetchingSeries = key;
    try {
      const strip = await this.fetchStrip(`buckets=${SERIES_BUCKETS}&key=${encodeURIComponent(key)}`);
      const series = strip?.series;
      if (!strip || !series || series.key !== this.watched) return;
      const samples = series.rps.map((rps, i) => ({
        time: strip.from + (i + 0.5) * strip.bucketMs,
        rps: rps ?? Number.NaN,
        errorRatio: series.errorRatio[i] ?? Number.NaN,
      }));
      this.series = { key, samples };
      this.options.onSeries();
    } finally {
      this.fetchingSeries = null;
    }
  }

  /** One answer, validated; null when the hub is unreachable or says no (the status strip tells why). */
  private async fetchStrip(query: string): Promise<TimelineStrip | null> {
    try {
      const response = await hubFetch(`/api/timeline?${query}`, this.options.token, { cache: 'no-store' });
      if (!response.ok) return null;
      return decodeTimelineStrip(await response.json());
    } catch {
      return null;
    }
  }
}
