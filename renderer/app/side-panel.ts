// The side panel (issue 4 §3), drawn with d3 and `.text()` only: names, titles and links are data.
import { cleanName, displayName } from '../../shared/display-name';
import { select, type Selection } from 'd3';
import { clockTime } from './freshness';
import type { Sample } from './history';
import { formatPercent, formatRps } from '../../shared/view/palette';
import { safeLink, type PanelData, type Peer } from './panel-data';
import { renderSparkline } from './sparkline';
import { renderLatencyChart } from './latency-chart';
import type { LatencyBuckets } from '../../shared/latency';

type Root = Selection<HTMLElement, unknown, null, undefined>;

/** Where the sparkline's samples come from: the hub's timeline for the key, else what this display recorded. */
export interface SeriesSource {
  series(key: string): { samples: Sample[]; from: 'hub' | 'display' };
}

export class SidePanel {
  private readonly root: Root;

  /** True between a press inside the panel and its release: a rebuild then would eat the click or the drag. */
  private holding = false;
  private deferred: (() => void) | null = null;
  /** The reader unfolded the provenance: keep it open across the rebuilds on every update. */
  private provenanceOpen = false;

  constructor(element: HTMLElement, private readonly onPeer: (id: string) => void) {
    this.root = select(element);
    element.addEventListener('pointerdown', () => {
      this.holding = true;
    });
    window.addEventListener('pointerup', () => {
      if (!this.holding) return;
      this.holding = false;
      // After the click that follows this release has been dispatched.
      window.setTimeout(() => {
        const render = this.deferred;
        this.deferred = null;
        render?.();
      }, 0);
    });
  }

  /**
   * `sourcesNote`: a caveat on the source list, e.g. that the hub link is down and it is the last report.
   * `extra`: further sections (alerts, error budgets), drawn before the provenance.
   * `distribution`: the merged buckets behind `data.latency`, once the hub has given them.
   */
  render(data: PanelData, history: SeriesSource, sourcesNote: string | null = null, extra?: (root: HTMLElement) => void, distribution: LatencyBuckets | null = null): void {
    if (this.holding) {
      this.deferred = () => this.render(data, history, sourcesNote, extra, distribution); // only the latest is kept
      return;
    }
    this.deferred = null; // superseded, e.g. by the render that the click itself caused
    const root = this.root;
    // The panel is rebuilt on every update; keep keyboard focus on the same peer across rebuilds.
    const active = document.activeElement;
    const focusedPeer = active instanceof HTMLButtonElement && root.node()?.contains(active) ? active.title : null;
    root.selectAll('*').remove();
    root.classed('stale', data.stale);
    const head = root.append('header');
    head.append('h2').attr('class', 'panel-title').attr('title', cleanName(data.title)).text(displayName(data.title));
    head.append('div').attr('class', 'panel-subtitle').text(data.subtitle);

    const figures = root.append('dl').attr('class', 'figures');
    for (const figure of data.figures) {
      const cell = figures.append('div').attr('class', 'figure');
      cell.append('dt').text(figure.label);
      cell.append('dd').attr('class', 'figure-value').text(figure.value);
    }
    if (data.traceOnly) {
      root.append('div').attr('class', 'trace-only').text('trace-only: known from a tracing source\'s dependency links; no metrics source reports this call');
    }
    if (data.history !== null) {
      const { samples, from } = history.series(data.history);
      renderSparkline(root.append('div').attr('class', 'spark'), samples, from);
    }
    if (data.latency !== null && distribution !== null) {
      const section = root.append('div').attr('class', 'latency-distribution');
      section.append('h3').text(data.latency.subject.kind === 'region' ? 'Latency of ingress (ms)' : 'Latency distribution (ms)');
      renderLatencyChart(section, distribution);
    }

    this.peers(root, 'Top callers', data.callers);
    this.peers(root, 'Top callees', data.callees);
    this.peers(root, 'Busiest services', data.busiest);
    this.peers(root, 'Worst errors', data.worst);

    // Alerts and budget burns have their own, fuller sections (extra).
    const notices = data.notices.filter((n) => n.alert === undefined);
    if (notices.length > 0) {
      root.append('h3').text('Notices');
      const list = root.append('ul').attr('class', 'notices');
      for (const notice of notices) {
        const item = list.append('li').attr('class', `notice ${notice.severity}`);
        item.append('span').attr('class', 'badge').text(notice.severity);
        const href = safeLink(notice.link);
        if (href !== null) {
          item.append('a').attr('href', href).attr('target', '_blank').attr('rel', 'noopener noreferrer').text(notice.title);
        } else {
          item.append('span').attr('class', 'notice-title').text(notice.title);
          if (notice.link) item.append('span').attr('class', 'notice-link').text(` (${notice.link})`);
        }
      }
    }

    const element = root.node();
    if (extra && element) extra(element);

    // Provenance stays folded until asked for (a failing source opens it): the numbers come first.
    const failing = data.sources.some((s) => !s.ok);
    const fold = root.append('details').attr('class', 'provenance-fold').property('open', failing || this.provenanceOpen);
    fold.on('toggle', () => {
      if (!failing) this.provenanceOpen = (fold.node() as HTMLDetailsElement).open;
    });
    fold.append('summary').append('h3').text('Where these numbers come from');
    const prov = fold.append('div').attr('class', 'provenance');
    prov.append('div').text(data.sampledAt === null ? 'sampled: unknown' : `sampled ${clockTime(data.sampledAt)}${data.stale ? ' (stale)' : ''}`);
    if (sourcesNote !== null) prov.append('div').attr('class', 'sources-note').text(sourcesNote);
    const list = prov.append('ul').attr('class', 'sources');
    if (data.sources.length === 0) list.append('li').text('no source status from the hub');
    for (const source of data.sources) {
      const item = list.append('li').attr('class', source.ok ? 'source ok' : 'source failing');
      item.append('span').attr('class', 'source-name').text(`${source.name} (${source.type})`);
      item
        .append('span')
        .attr('class', 'source-state')
        .text(source.ok ? ` ok${source.lastSuccess ? ` · ${clockTime(source.lastSuccess)}` : ''}` : ` failing: ${source.error ?? 'unknown error'}`);
      // A partial answer (Thanos warnings) is live but may lack calls: say so beside the source.
      if (source.warnings?.length) item.append('div').attr('class', 'source-partial').text(`partial answer: ${source.warnings.join(' · ')}`);
      if (source.detail) item.append('div').attr('class', 'source-detail').text(source.detail);
    }
    if (focusedPeer !== null) {
      root
        .selectAll<HTMLButtonElement, unknown>('button.peer-name')
        .filter(function () {
          return this.title === focusedPeer;
        })
        .node()
        ?.focus();
    }
  }

  private peers(root: Root, heading: string, peers: readonly Peer[]): void {
    if (peers.length === 0) return;
    root.append('h3').text(heading);
    const list = root.append('ol').attr('class', 'peers');
    for (const peer of peers) {
      const item = list.append('li');
      const id = peer.id;
      if (id === null) item.append('span').attr('class', 'peer-name').attr('title', cleanName(peer.name)).text(displayName(peer.name));
      else {
        // Peers drawn in this view are buttons that select them.
        item.append('button').attr('type', 'button').attr('class', 'peer-name').attr('title', cleanName(peer.name)).text(displayName(peer.name)).on('click', () => this.onPeer(id));
      }
      item.append('span').attr('class', 'peer-rate').text(`${formatRps(peer.rps)}/s · ${formatPercent(peer.errorRatio)}`);
    }
  }
}
