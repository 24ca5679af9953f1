// The application: wires the hub link, the view model, the scene and the chrome together, and exposes
// `window.flowsight` (CONTRACT.md → Renderer). State is small and explicit; every change funnels through
// refresh() so the scene, breadcrumbs, panel and highlights never disagree.
import { totalRate, type Graph, type Thresholds } from '../../shared/model';
import type { MenuCommand, MenuCommandHandlers } from '../../shared/shell-api';
import { formatRoute, parentRoute, parseRoute, sameRoute } from '../../shared/view/routes';
import { chromeInsets, type ScreenRect } from '../../shared/view/chrome-insets';
import { buildViewModel, type Route, type ViewFilter, type ViewModel } from '../../shared/view/view-model';
import { DEFAULT_ISLANDS, ISLAND_MIN_SERVICES, parseGroupBy, zoomIslands, type IslandOnScreen, type IslandSettings } from '../../shared/view/islands';
import { filterFromQuery, queryWithFilter } from './view-query';
import type { ClockControl, FlowScene, PickHit, ZoomEvent } from '../scene/index';
import { withRegionAlerts } from './alert-badges';
import { alertPanelData, firingCount } from './alert-panel-data';
import { renderAlertPanel } from './alert-panel';
import { AlertStrip } from './alert-strip';
import { renderBreadcrumbs } from './breadcrumbs';
import { HubConnection, type HubStatus, type TransportFactory } from './connection';
import { byId, isTyping } from './dom';
import { bindFilters } from './filters';
import { FrameRate } from './frame-rate';
import { keyAction } from './keymap';
import { assessFreshness, clockTime, markHubStale, type Freshness } from './freshness';
import { RateHistory } from './history';
import { bindLegendToggle, renderLegend, renderLegendEdgeMetric, renderLegendSpeed } from './legend';
import { EDGE_METRICS, nextEdgeMetric, type EdgeMetric } from '../../shared/view/edge-metric';
import { panelData } from './panel-data';
import { Rehearsal } from './rehearsal';
import { SearchBox } from './search-box';
import { findMatches, highlightIds } from './search-matches';
import { ScenarioView } from './scenario-view';
import { SidePanel } from './side-panel';
import { StatusStrip } from './status-strip';
import { TimebarControl } from './timebar-control';
import type { PlaySpeed } from './timebar';
import { replaySuffix, splitReplayHash } from './replay';
import { ChangesView, changedOptionFromHash, changedParams } from './changes';
import { changedQueryParams } from '../../shared/timeline/changes-answer';
import { download, exportFileStem, viewPng, vizceralJson } from './export';
import { el } from './dom';
import { hubFetch } from './token';
import { LatencyDistributions } from './latency-fetch';
import { WallMode } from './wall';
import type { FlowsightApi, FlowsightStats } from './api';
import { browserClock } from './ws-transport';

export interface AppOptions {
  scene: FlowScene;
  /** The scene's clock, as scripts and tests control it (`window.flowsight.clock`). */
  clock: ClockControl;
  socketUrl: string;
  transport: TransportFactory;
  token: string | null;
  /** Dwell in ms when the page was opened as `/?wall=SECONDS`. */
  wallDwellMs: number | null;
}

const REPORT_EVERY_MS = 10_000;

function sameThresholds(a: Thresholds, b: Thresholds | undefined): boolean {
  return b !== undefined && a.warning === b.warning && a.danger === b.danger;
}
/** What floats over the scene. In wall mode only the top bar (title, freshness, clock) is left on screen. */
const CHROME_IDS = ['topbar', 'tools', 'panel', 'panel-toggle', 'legend', 'timebar'] as const;

export class App {
  private graph: Graph | null = null;
  private legendToggle: { toggle(): void; isOpen(): boolean } | null = null;
  private status: HubStatus | null = null;
  private freshness: Freshness;
  private route: Route;
  private filter: ViewFilter = { errorsOnly: false, minRps: 0 };
  private selected: string | null = null;
  private labels = true;
  private model: ViewModel;
  private latencyMs: number | null = null;
  private updates = 0;
  private readonly startedAt = Date.now();
  private readonly history = new RateHistory();
  private readonly connection: HubConnection;
  private readonly strip: StatusStrip;
  private readonly alertStrip: AlertStrip;
  private readonly panel: SidePanel;
  /** What the edge numbers say (key `m` cycles it; `?edge=rps|errors|p95` opens on one). */
  private edgeMetric: EdgeMetric = 'rps';
  private speedByLatency = false;
  /** The merged buckets behind the panel's latency figures, from GET /api/latency. */
  private readonly latencyDistributions: LatencyDistributions;
  private readonly search: SearchBox;
  private readonly wall: WallMode;
  private readonly frameRate = new FrameRate();
  private readonly scenario: ScenarioView;
  private readonly scene: FlowScene;
  private readonly rehearsal: Rehearsal;
  private diagnosing = false;
  /** Islands shown open, per region (a big region's groups; shared/view/islands.ts). */
  private readonly expanded = new Map<string, Set<string>>();
  /** Islands zooming opened, per region, with the zoom and disc width they opened at (zooming out folds them). */
  private readonly zoomOpened = new Map<string, Map<string, { zoom: number; diameterPx: number }>>();
  /** The hub's island settings (config `groupBy`, `islandsAbove`), from its last snapshot. */
  private islandBase: Omit<IslandSettings, 'expanded'> = DEFAULT_ISLANDS;
  /** The instant `?at=` asks for (null: live), and the replay instant on screen with its sources lacking data. */
  private replayAt: number | null = null;
  private replayShown: { at: number; noData: string[] } | null = null;
  /** 0: paused at `replayAt`; else the replay plays at this speed from it (the timeline bar's ▶). */
  private replaySpeed: 0 | PlaySpeed = 0;
  private addressFollowedAt = 0;
  private readonly timebar: TimebarControl;
  /** "What changed" (`?changed=T1..T2` or `?since=T`), and the files exported. */
  private readonly changes: ChangesView;
  private readonly exports: string[] = [];
  private highlighted: string[] = [];
  private highlightedEdges: string[] = [];

  constructor(private readonly options: AppOptions) {
    this.scene = options.scene;
    this.scenario = new ScenarioView(options.token);
    this.changes = new ChangesView(options.token, () => this.refresh(false));
    const replay = splitReplayHash(location.hash);
    this.route = parseRoute(routePart(location.hash));
    this.replayAt = replay.at;
    this.model = { route: this.route, nodes: [], edges: [], staleSince: null };
    this.freshness = assessFreshness(this.placeholderStatus(), null, Date.now(), this.startedAt);
    this.strip = new StatusStrip(byId('status', HTMLElement));
    this.alertStrip = new AlertStrip(byId('status', HTMLElement));
    this.panel = new SidePanel(byId('panel', HTMLElement), (id) => this.select(id));
    this.latencyDistributions = new LatencyDistributions(options.token, () => this.renderPanel());
    this.search = new SearchBox(byId('search', HTMLInputElement), byId('search-results', HTMLElement), {
      query: () => this.refreshSearch(),
      jump: (route) => this.jump(route),
    });
    // The wall replaces the history entry: weeks of cycling must not pile up back-button entries.
    this.wall = new WallMode(() => this.graph, (route) => this.go(route, true));
    this.rehearsal = new Rehearsal({
      token: options.token,
      wall: options.wallDwellMs !== null,
      onChange: () => this.refresh(false),
      jump: (region, service) => this.go({ view: 'focus', region, service }),
    });
    this.timebar = new TimebarControl({
      root: byId('timebar', HTMLElement),
      token: options.token,
      hubNow: () => Date.now() + (this.status?.serverOffsetMs ?? 0),
      shown: () => ({ at: this.replayAt === null ? null : (this.replayShown?.at ?? this.replayAt), speed: this.replaySpeed }),
      replay: (at, speed) => this.replayTo(at, speed),
      compare: (range) => this.compareTo(range),
      wall: () => this.wall.active,
      onSeries: () => this.renderPanel(),
    });
    this.connection = new HubConnection({
      url: options.socketUrl,
      transport: options.transport,
      clock: browserClock,
      hrNow: () => performance.now(),
      onGraph: (event) => {
        // Never draw the present as a replay or a replay as the present (messages in flight across a switch).
        if ((this.replayAt !== null) !== (event.feed !== undefined)) return;
        // Nor the instant of a replay this display has already left (a drag sends several).
        if (event.feed && (event.feed.from !== this.replayAt || event.feed.speed !== this.replaySpeed)) return;
        this.replayShown = event.feed ? { at: event.feed.at, noData: event.feed.noData.map((n) => n.name) } : null;
        if (event.feed && this.replaySpeed !== 0) this.playedInAddress(event.feed.at);
        // The hub's thresholds name the classes in the legend (only redrawn when they change).
        if (event.graph.thresholds && !sameThresholds(event.graph.thresholds, this.graph?.thresholds)) renderLegend(byId('legend', HTMLElement), event.graph.thresholds);
        this.graph = event.graph;
        if (event.kind === 'snapshot') this.islandBase = islandBaseOf(event.islands);
        this.updates += 1;
        // The link's status already holds this message's arrival and sources: judge freshness before drawing.
        this.status = { ...this.connection.snapshotStatus() };
        this.scenario.update(this.status.sources);
        this.freshness = this.assess();
        this.history.record(event.graph, Date.now());
        this.rehearsal.onLive(event.graph);
        this.changes.onData();
        this.refresh(false);
        if (event.feed) this.timebar.tick();
        this.latencyMs = performance.now() - event.arrivedAt;
      },
      onStatus: (status) => {
        this.status = status;
        this.tick();
        // Ask why only now and then: every refused attempt counts towards the hub's failed-auth limit.
        if (!status.connected && (status.attempt === 2 || (status.attempt > 0 && status.attempt % 10 === 0))) void this.diagnose();
      },
    });
  }

  start(): void {
    renderLegend(byId('legend', HTMLElement));
    // Folded, the legend costs the map nothing; open, the fit makes room for it (measureInsets).
    this.legendToggle = bindLegendToggle(byId('legend-toggle', HTMLButtonElement), byId('legend', HTMLElement), () => this.measureInsets());
    this.timebar.start();
    this.filter = filterFromQuery(location.search);
    bindFilters(byId('errors-only', HTMLInputElement), byId('min-rps', HTMLInputElement), this.filter, (filter) => {
      this.filter = filter;
      // The filter lives in the address bar beside the wall dwell, so a bookmark opens the same picture.
      history.replaceState(history.state, '', location.pathname + queryWithFilter(location.search, filter) + location.hash);
      this.refresh(false);
    });
    this.scene.onPick((hit, event) => this.pick(hit, event.double));
    this.scene.onZoom((event) => this.zoomed(event));
    byId('panel-toggle', HTMLButtonElement).addEventListener('click', () => this.togglePanel());
    const edge = new URLSearchParams(location.search).get('edge');
    if (edge !== null && (EDGE_METRICS as readonly string[]).includes(edge) && edge !== 'rps') {
      this.edgeMetric = edge as EdgeMetric;
      this.labels = true; // asked for by name: shown
    }
    this.scene.setEdgeMetric(this.edgeMetric);
    renderLegendEdgeMetric(byId('legend', HTMLElement), this.edgeMetric);
    // `?speed=latency`: particles run faster on calls with a low p95, slower on slow ones.
    this.speedByLatency = new URLSearchParams(location.search).get('speed') === 'latency';
    this.scene.setParticleSpeedByLatency(this.speedByLatency);
    if (this.speedByLatency) renderLegendSpeed(byId('legend', HTMLElement));
    this.scene.setLabelsVisible(this.labels);
    window.addEventListener('hashchange', () => this.onHash());
    window.addEventListener('keydown', (event) => this.onKey(event));
    window.addEventListener('resize', () => {
      this.scene.resize();
      this.measureInsets();
    });
    // The panel grows and shrinks with what it shows, chrome hides in wall mode: refit around what is there.
    if (typeof ResizeObserver === 'function') {
      const observer = new ResizeObserver(() => this.measureInsets());
      for (const id of CHROME_IDS) observer.observe(byId(id, HTMLElement));
      observer.observe(byId('scene', HTMLCanvasElement));
    }
    // A laptop waking up or a network coming back: reconnect now rather than after the backoff.
    window.addEventListener('online', () => this.connection.retryNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.connection.retryNow();
    });
    this.watchPixelRatio();
    this.frameRate.start();
    window.setInterval(() => this.tick(), 1000);
    window.setInterval(() => this.connection.report(formatRoute(this.route), this.frameRate.take()), REPORT_EVERY_MS);
    if (this.options.wallDwellMs !== null) this.setWall(this.options.wallDwellMs);
    if (this.replayAt !== null) this.connection.setFeed({ kind: 'replay', from: this.replayAt, speed: 0 });
    this.rehearsal.start(byId('tools', HTMLElement));
    this.addExportButtons(byId('tools', HTMLElement));
    this.showComparison();
    this.connection.start();
    this.refresh(true);
    this.tick();
    this.measureInsets();
  }

  /** The chrome's real rectangles, relative to the canvas, become the scene's insets for fit-to-screen. */
  private measureInsets(): void {
    // The legend card hangs just under the tools, however many rows they wrap to.
    const legend = byId('legend', HTMLElement);
    const top = `${Math.round(byId('tools', HTMLElement).getBoundingClientRect().bottom + 8)}px`;
    if (legend.style.top !== top) legend.style.top = top;
    const canvas = byId('scene', HTMLCanvasElement).getBoundingClientRect();
    const rects: ScreenRect[] = CHROME_IDS.map((id) => {
      const r = byId(id, HTMLElement).getBoundingClientRect();
      return { left: r.left - canvas.left, top: r.top - canvas.top, right: r.right - canvas.left, bottom: r.bottom - canvas.top };
    });
    this.scene.setInsets(chromeInsets(canvas.width, canvas.height, rects));
  }

  /** Menu commands from the desktop shell (shared/shell-api.ts): one handler per command, checked by type. */
  handleMenuCommand(command: MenuCommand): void {
    const handlers: MenuCommandHandlers = {
      'toggle-labels': () => this.toggleLabels(),
      fit: () => this.scene.fit(),
    };
    (handlers[command.type] as (c: MenuCommand) => void)(command);
  }

  api(): FlowsightApi {
    return {
      stats: () => this.stats(),
      navigate: (hash) => this.navigate(hash),
      lastUpdateLatencyMs: () => this.latencyMs,
      inspect: (id) => this.scene.inspect(id),
      labels: () => this.scene.shownLabels(),
      clock: this.options.clock,
    };
  }

  private stats(): FlowsightStats {
    // Judged afresh (not cached from the last tick), but without touching the state tick() compares against.
    const freshness = this.assess();
    const feed = this.rehearsal.feed !== 'live' ? this.rehearsal.feed : this.scenario.active ? 'scenario' : 'live';
    const s = this.scene.stats();
    return {
      view: this.route.view,
      region: this.route.region ?? null,
      service: this.route.service ?? null,
      nodes: s.nodes,
      connections: s.connections,
      particles: s.particles,
      frameMsP50: s.frameMsP50,
      frameMsP95: s.frameMsP95,
      layoutPending: s.layoutPending,
      // A projection, a scripted scenario or a replayed instant is never live data, however fresh its input.
      live: freshness.live && feed === 'live' && this.replayAt === null,
      feed,
      staleSince: freshness.staleSince === null ? null : new Date(freshness.staleSince).toISOString(),
      labels: this.labels,
      edgeMetric: this.edgeMetric,
      particleSpeed: this.speedByLatency ? 'latency' : 'constant',
      selected: this.selected,
      wall: this.wall.active,
      reasons: freshness.reasons,
      updates: this.updates,
      replayAt: this.replayAt === null ? null : new Date(this.replayShown?.at ?? this.replayAt).toISOString(),
      scenario: this.scenario.stats(),
      changes: this.changes.stats(this.route),
      exports: [...this.exports],
      highlighted: [...this.highlighted],
      highlightedEdges: [...this.highlightedEdges],
    };
  }

  private navigate(hash: string): void {
    this.go(parseRoute(routePart(hash)));
  }

  /** Changes the view through the address bar, so back/forward and bookmarks work. */
  private go(route: Route, replace = false): void {
    // The replayed instant and the comparison stay with the link across views.
    const params = [...(this.replayAt === null ? [] : [`at=${new Date(this.replayAt).toISOString()}`]), ...changedParams(location.hash)];
    const hash = formatRoute(route) + (params.length > 0 ? `?${params.join('&')}` : '');
    if (location.hash === hash || (hash === '#/' && location.hash === '')) {
      if (!sameRoute(route, this.route)) this.onHash();
      return;
    }
    if (replace) {
      history.replaceState(history.state, '', hash);
      this.onHash(); // replaceState fires no hashchange
    } else location.hash = hash;
  }

  private onHash(): void {
    const replay = splitReplayHash(location.hash);
    if (replay.at !== this.replayAt) {
      this.replaySpeed = 0; // a link names an instant: it opens paused
      this.setReplay(replay.at);
    }
    this.showComparison();
    const route = parseRoute(routePart(location.hash));
    if (sameRoute(route, this.route)) return;
    this.route = route;
    // In the focus view the focused service is the natural selection.
    this.selected = route.view === 'focus' ? (route.service ?? null) : null;
    // Freshness is of the data on screen: another region's failing source does not grey this one.
    this.freshness = this.assess();
    this.refresh(true);
    this.tick();
  }

  /** Enters replay of an instant (from a `?at=` link) or goes back to live (null). */
  private setReplay(at: number | null): void {
    this.replayAt = at;
    this.replayShown = null;
    this.connection.setFeed(at === null ? { kind: 'live' } : { kind: 'replay', from: at, speed: this.replaySpeed });
    this.tick();
  }

  /**
   * While playing, the address follows the instant on screen (at most once a second, replacing the entry), so a
   * link copied or a reload opens on what is shown, paused, not on where playing started.
   */
  private playedInAddress(at: number): void {
    const wall = Date.now();
    if (wall - this.addressFollowedAt < 1000) return;
    this.addressFollowedAt = wall;
    const params = [replaySuffix(at).slice(1), ...changedParams(location.hash)];
    history.replaceState(history.state, '', formatRoute(this.route) + `?${params.join('&')}`);
  }

  /**
   * From the timeline bar: replay `at` (paused, or playing at `speed`) or back to live (null), with `?at=`
   * in the address bar. Entering replay is a history entry (Back returns to live); moving within it is not.
   */
  private replayTo(at: number | null, speed: 0 | PlaySpeed): void {
    // A comparison (`?changed=`, `?since=`) stays in the link beside the instant.
    const params = [...(at === null ? [] : [replaySuffix(at).slice(1)]), ...changedParams(location.hash)];
    const hash = formatRoute(this.route) + (params.length > 0 ? `?${params.join('&')}` : '');
    if (at !== null && this.replayAt === null) history.pushState(history.state, '', hash);
    else history.replaceState(history.state, '', hash);
    this.replaySpeed = at === null ? 0 : speed;
    this.setReplay(at);
  }

  /** The link's comparison: the side panel's list and the band on the timeline bar. */
  private showComparison(): void {
    const option = changedOptionFromHash(location.hash);
    this.changes.setOption(option);
    this.timebar.bar.setComparison(option && { from: option.from, to: option.to });
  }

  /**
   * From the timeline bar (Shift+drag, Shift+click, Esc, ✕): `?changed=T1..T2` or `?since=T` in the link, as
   * if typed, or none. The replayed instant and a `threshold=` stay; a new comparison is a history entry.
   */
  private compareTo(range: { a: number; b: number | 'live' } | null): void {
    const kept = changedParams(location.hash).filter((p) => p.startsWith('threshold='));
    const params = [
      ...(this.replayAt === null ? [] : [replaySuffix(this.replayAt).slice(1)]),
      ...(range === null ? [] : changedQueryParams(range.a, range.b)),
      ...kept,
    ];
    const hash = formatRoute(this.route) + (params.length > 0 ? `?${params.join('&')}` : '');
    if (hash === location.hash) return;
    if (range === null) history.replaceState(history.state, '', hash);
    else history.pushState(history.state, '', hash);
    this.onHash(); // pushState fires no hashchange
  }

  private setWall(dwellMs: number | null): void {
    document.body.classList.toggle('wall', dwellMs !== null);
    this.scene.setWallMode(dwellMs !== null);
    if (dwellMs === null) this.wall.stop();
    else this.wall.start(dwellMs);
    this.scene.resize();
    this.measureInsets();
  }

  private assess(): Freshness {
    const scope = this.route.view === 'global' ? null : (this.route.region ?? null);
    return assessFreshness(this.status ?? this.placeholderStatus(), this.graph, Date.now(), this.startedAt, scope);
  }

  private placeholderStatus(): HubStatus {
    return { connected: false, lastMessageAt: null, disconnectedSince: this.startedAt, interval: 5, sources: [], lastError: 'connecting', attempt: 0 };
  }

  /** Once a second: the strip's "updated N s ago", the clock, and a redraw when the hub goes stale. */
  private tick(): void {
    const now = Date.now();
    const before = this.freshness;
    this.freshness = this.assess();
    if (this.replayAt !== null) this.strip.renderReplay(this.replayShown?.at ?? this.replayAt, now, this.replayShown?.noData ?? []);
    else this.strip.render(this.freshness, now, this.scenario.label);
    byId('clock', HTMLElement).textContent = clockTime(now);
    this.timebar.tick();
    if (before.hubStale !== this.freshness.hubStale || before.staleSince !== this.freshness.staleSince) this.refresh(false);
  }

  /** The graph as drawn: greyed from the moment the hub went quiet, so old numbers never pose as live. */
  private displayGraph(): Graph | null {
    const graph = this.rehearsal.graph(this.graph);
    if (!graph) return null;
    const f = this.freshness;
    return f.hubStale && f.staleSince !== null ? markHubStale(graph, f.staleSince) : graph;
  }

  private refresh(animate: boolean): void {
    const graph = this.displayGraph();
    const wasEmpty = this.model.nodes.length === 0;
    this.model = withRegionAlerts(graph ? this.rehearsal.decorate(buildViewModel(graph, this.route, this.filter, this.islandSettings())) : { route: this.route, nodes: [], edges: [], staleSince: null }, graph);
    // Alerts are live facts: while a projection is drawn the strip still counts the live graph's.
    this.alertStrip.render(firingCount(this.rehearsal.feed === 'whatif' ? this.graph : graph));
    // The first data of a view (page opened before the snapshot arrived) is framed like a new view.
    this.scene.show(this.model, { animate: animate || (wasEmpty && this.model.nodes.length > 0) });
    const drawn = (id: string) => this.model.nodes.some((n) => n.id === id) || this.model.edges.some((e) => e.id === id);
    if (this.selected !== null && !drawn(this.selected)) this.selected = null;
    // The focus view's subject is its natural selection, also when the page opens on it before data arrives.
    const focused = this.route.view === 'focus' ? this.route.service : undefined;
    if (this.selected === null && focused !== undefined && drawn(focused)) this.selected = focused;
    this.scene.select(this.selected);
    this.refreshSearch();
    renderBreadcrumbs(byId('breadcrumbs', HTMLElement), this.route);
    document.title = this.route.view === 'global' ? 'flowsight' : `${this.route.service ?? this.route.region ?? ''} · flowsight`;
    this.renderPanel();
  }

  private renderPanel(): void {
    if (!this.graph) return;
    const f = this.freshness;
    // While the hub is unreachable the source list is its last word, not the sources' present state.
    const note = f.hubStale && f.updatedAt !== null ? `as last reported by the hub at ${clockTime(f.updatedAt)}` : null;
    const graph = this.displayGraph() ?? this.graph;
    const alerts = alertPanelData(graph, this.model, this.selected);
    const data = panelData(graph, this.model, this.selected, this.status?.sources ?? []);
    // The sparkline shows the hub's timeline for the selection (every display the same hours), this tab's own until it arrives.
    this.timebar.watch(data.history);
    const series = {
      series: (key: string) => {
        const hub = this.timebar.seriesFor(key);
        return hub ? { samples: hub, from: 'hub' as const } : { samples: this.history.series(key), from: 'display' as const };
      },
    };
    // The distribution is the live graph's (the hub keeps its buckets): not drawn for a replay or a projection.
    const live = this.replayAt === null && this.rehearsal.feed === 'live';
    const distribution = data.latency !== null && live ? this.latencyDistributions.get(data.latency.subject, graph.serverUpdateTime) : null;
    const drawn = (id: string) => this.model.nodes.some((n) => n.id === id) || this.model.edges.some((e) => e.id === id);
    const extra = (root: HTMLElement) => {
      this.changes.render(root, this.route, (id) => this.select(id), drawn);
      renderAlertPanel(root, alerts, Date.now());
    };
    this.panel.render(data, series, note, extra, distribution);
  }

  private refreshSearch(): void {
    const query = this.search.query;
    // Search matches and the ends of changed calls ("what changed") share the scene's highlight.
    const drawn = new Set(this.model.nodes.map((n) => n.id));
    const changed = this.changes.highlightIds(this.route, (id) => drawn.has(id));
    this.highlighted = [...new Set([...highlightIds(this.graph, this.model, query), ...changed])];
    this.scene.highlight(this.highlighted);
    const edges = new Set(this.model.edges.map((e) => e.id));
    this.highlightedEdges = this.changes.highlightEdgeIds(this.route, (id) => edges.has(id));
    this.scene.highlightEdges(this.highlightedEdges);
    this.search.show(findMatches(this.graph, query, this.route));
  }

  private select(id: string | null): void {
    this.selected = id;
    this.scene.select(id);
    this.renderPanel();
  }

  private islandSettings(): IslandSettings {
    const region = this.route.region;
    return { ...this.islandBase, expanded: (region !== undefined ? this.expanded.get(region) : undefined) ?? DEFAULT_ISLANDS.expanded };
  }

  /** Opens an island of the region on screen: its services replace its node, the camera moves to it. */
  private expandIsland(key: string): void {
    const region = this.route.region;
    if (region === undefined) return;
    let open = this.expanded.get(region);
    if (open === undefined) this.expanded.set(region, (open = new Set()));
    if (open.has(key)) return;
    open.add(key);
    this.zoomOpened.get(region)?.delete(key);
    const island = this.model.islands?.islands.find((i) => i.key === key);
    this.refresh(false);
    // The busiest member takes the selection's place of the island, so the camera has somewhere to go.
    const members = new Set(island?.members ?? []);
    const busiest = this.model.nodes.filter((n) => members.has(n.id)).sort((a, b) => totalRate(b.rate) - totalRate(a.rate))[0];
    if (busiest) this.scene.reveal(busiest.id);
  }

  /**
   * A zoom (wheel, pinch) in a region drawn as islands: the island zoomed onto opens in place once drawn large
   * (shared/view/islands.ts zoomIslands), those zooming opened fold once zoomed back out; the camera stays.
   */
  private zoomed(event: ZoomEvent): void {
    const region = this.route.region;
    if (this.wall.active || this.route.view !== 'region' || region === undefined || !this.model.islands) return;
    let open = this.expanded.get(region);
    let byZoom = this.zoomOpened.get(region);
    const islands: IslandOnScreen[] = [];
    for (const node of this.model.nodes) {
      if (!node.island) continue;
      const drawn = this.scene.inspect(node.id);
      if (drawn) islands.push({ key: node.island.key, x: drawn.x, y: drawn.y, diameterPx: 2 * (drawn.radiusPx ?? 0), open: 'no' });
    }
    for (const [key, at] of byZoom ?? []) islands.push({ key, x: NaN, y: NaN, diameterPx: (at.diameterPx * event.zoom) / at.zoom, open: 'zoom' });
    const change = zoomIslands(islands, event, event);
    if (change.open === null && change.fold.length === 0) return;
    if (open === undefined) this.expanded.set(region, (open = new Set()));
    if (byZoom === undefined) this.zoomOpened.set(region, (byZoom = new Map()));
    for (const key of change.fold) {
      open.delete(key);
      byZoom.delete(key);
    }
    if (change.open !== null) {
      open.add(change.open);
      byZoom.set(change.open, { zoom: event.zoom, diameterPx: islands.find((i) => i.key === change.open)!.diameterPx });
    }
    this.refresh(false);
  }

  /** Folds every open island of the region on screen; false when none was open. */
  private collapseIslands(): boolean {
    const region = this.route.region;
    const open = region !== undefined ? this.expanded.get(region) : undefined;
    if (!open || open.size === 0 || this.route.view !== 'region') return false;
    open.clear();
    this.zoomOpened.get(region!)?.clear();
    this.select(null);
    this.refresh(false);
    return true;
  }

  /**
   * A search result: a service of a region drawn as islands opens there, in the region view, with its island
   * expanded, selected and centred (a newcomer sees it among its neighbours); anything else goes to its route.
   */
  private jump(route: Route): void {
    const graph = this.displayGraph();
    if (route.view === 'focus' && route.region !== undefined && route.service !== undefined && graph) {
      const probe = buildViewModel(graph, { view: 'region', region: route.region }, this.filter, { ...this.islandBase, expanded: DEFAULT_ISLANDS.expanded });
      const key = probe.islands?.islandOf.get(route.service);
      if (probe.islands && key !== undefined) {
        let open = this.expanded.get(route.region);
        if (open === undefined) this.expanded.set(route.region, (open = new Set()));
        open.add(key);
        // Found by search: it stays open whatever the zoom.
        this.zoomOpened.get(route.region)?.delete(key);
        this.go({ view: 'region', region: route.region });
        if (this.route.view !== 'region' || this.route.region !== route.region) this.onHash();
        this.refresh(false);
        this.select(route.service);
        this.scene.reveal(route.service);
        return;
      }
    }
    this.go(route);
  }

  private pick(hit: PickHit | null, double: boolean): void {
    if (this.wall.active) return;
    if (!hit) return this.select(null);
    const island = hit.type === 'node' ? this.model.nodes.find((n) => n.id === hit.id)?.island : undefined;
    if (island) return this.expandIsland(island.key);
    this.select(hit.id);
    if (double && hit.type === 'node') this.drill(hit.id);
  }

  /** Into a node: a region opens its region view, a service its focus view; INTERNET has no inside. */
  private drill(id: string): void {
    const node = this.model.nodes.find((n) => n.id === id);
    if (!node) return;
    if (node.kind === 'region') return this.go({ view: 'region', region: node.name });
    // An island (reached with Tab, opened with Enter) has no focus view: it opens in place.
    if (node.island) return this.expandIsland(node.island.key);
    if (node.kind === 'service' && this.route.region !== undefined) {
      this.go({ view: 'focus', region: this.route.region, service: node.name });
    }
  }

  /** Keyboard selection through the view's nodes, busiest first, wrapping round; the camera follows. */
  private step(direction: 1 | -1): void {
    const order = [...this.model.nodes].sort((a, b) => totalRate(b.rate) - totalRate(a.rate) || (a.id < b.id ? -1 : 1));
    if (order.length === 0) return;
    const at = order.findIndex((n) => n.id === this.selected);
    const next = order[at < 0 ? (direction > 0 ? 0 : order.length - 1) : (at + direction + order.length) % order.length]!;
    this.select(next.id);
    this.scene.reveal(next.id);
  }

  /** Folds the details panel away or back; the ResizeObserver on the chrome refits the graph to the room. */
  private togglePanel(): void {
    const collapsed = document.body.classList.toggle('panel-collapsed');
    const button = byId('panel-toggle', HTMLButtonElement);
    button.setAttribute('aria-expanded', String(!collapsed));
    button.textContent = collapsed ? '⟨' : '⟩';
    button.title = collapsed ? 'Show the details panel (p)' : 'Hide the details panel (p)';
    this.measureInsets();
  }

  /** rps → error % → p95 → rps; the edge numbers show if they were hidden, and the legend says which. */
  private cycleEdgeMetric(): void {
    this.edgeMetric = nextEdgeMetric(this.edgeMetric);
    this.scene.setEdgeMetric(this.edgeMetric);
    if (!this.labels) this.toggleLabels();
    renderLegendEdgeMetric(byId('legend', HTMLElement), this.edgeMetric);
    const params = new URLSearchParams(location.search);
    if (this.edgeMetric === 'rps') params.delete('edge');
    else params.set('edge', this.edgeMetric);
    const query = params.toString();
    history.replaceState(history.state, '', location.pathname + (query ? `?${query}` : '') + location.hash);
  }

  private toggleLabels(): void {
    this.labels = !this.labels;
    this.scene.setLabelsVisible(this.labels);
  }

  private onKey(event: KeyboardEvent): void {
    const action = keyAction(event, isTyping(event.target));
    if (action === null) return;
    switch (action) {
      case 'search':
        event.preventDefault();
        return this.search.focus();
      case 'fit':
        return this.scene.fit();
      case 'labels':
        return this.toggleLabels();
      case 'metric':
        return this.cycleEdgeMetric();
      case 'panel':
        return this.togglePanel();
      case 'legend':
        return this.legendToggle?.toggle();
      case 'rehearse':
        return this.rehearsal.toggle();
      case 'live':
        return this.timebar.live();
      case 'step-back':
      case 'step-forward':
        return this.timebar.step(action === 'step-forward' ? 1 : -1);
      case 'export-png':
        return void this.exportPng();
      case 'export-json':
        return void this.exportJson();
      case 'drill':
        if (this.selected === null) return;
        event.preventDefault();
        return this.drill(this.selected);
      case 'next':
      case 'previous':
        // Tab moves between nodes only while no control has the focus; in the chrome it keeps its own job.
        if (event.key === 'Tab' && document.activeElement !== document.body) return;
        event.preventDefault();
        return this.step(action === 'next' ? 1 : -1);
      case 'up':
        event.preventDefault();
        // In the global view there is no "up": Esc clears the selection instead.
        if (this.route.view === 'global') return this.select(null);
        // In a region drawn as islands, Esc folds the open islands before it leaves the region.
        if (this.collapseIslands()) return;
        return this.go(parentRoute(this.route));
    }
  }

  private addExportButtons(tools: HTMLElement): void {
    const png = el('button', 'export-button', '⤓ PNG');
    png.type = 'button';
    png.id = 'export-png';
    png.title = 'Save the view as a picture, with its instant and freshness (x)';
    png.addEventListener('click', () => void this.exportPng());
    const json = el('button', 'export-button', '⤓ JSON');
    json.type = 'button';
    json.id = 'export-json';
    json.title = 'Save the graph at this instant as Vizceral JSON (j)';
    json.addEventListener('click', () => void this.exportJson());
    tools.append(png, json);
  }

  /** The instant on screen: the replayed one, else the poll the live graph comes from (null before data). */
  private instantShown(): number | null {
    if (this.replayAt !== null) return this.replayShown?.at ?? this.replayAt;
    return this.graph?.serverUpdateTime ?? null;
  }

  private exportStem(at: number): string {
    return exportFileStem(this.route.view, this.route.service ?? this.route.region ?? null, at);
  }

  private async exportPng(): Promise<void> {
    const at = this.instantShown();
    if (at === null) return;
    const freshness = byId('status', HTMLElement).textContent ?? '';
    const view = this.route.view === 'global' ? 'global' : `${this.route.region ?? ''}${this.route.service ? ' / ' + this.route.service : ''}`;
    const stamp = `flowsight · ${view} · ${new Date(at).toISOString()} (${clockTime(at)}) · ${freshness}`;
    const name = `${this.exportStem(at)}.png`;
    try {
      const clock = this.options.clock;
      const drawNow = () => {
        if (clock.paused) clock.step(0);
      };
      download(await viewPng(byId('scene', HTMLCanvasElement), byId('labels', HTMLElement), stamp, drawNow), name);
      this.exports.push(name);
    } catch (error) {
      console.warn(`export: the picture failed: ${(error as Error).message}`);
    }
  }

  private async exportJson(): Promise<void> {
    const at = this.instantShown();
    if (at === null) return;
    const name = `${this.exportStem(at)}.json`;
    try {
      download(await vizceralJson(at, this.replayAt === null, this.options.token), name);
      this.exports.push(name);
    } catch (error) {
      console.warn(`export: the graph failed: ${(error as Error).message}`);
    }
  }

  private watchPixelRatio(): void {
    // A window dragged to a screen of another density changes devicePixelRatio without a resize event.
    const watch = () => {
      const query = matchMedia(`(resolution: ${devicePixelRatio}dppx)`);
      query.addEventListener(
        'change',
        () => {
          this.scene.resize();
          watch();
        },
        { once: true },
      );
    };
    watch();
  }

  /** After repeated failures, ask the hub over HTTP why: a rejected token reads differently from a dead hub. */
  private async diagnose(): Promise<void> {
    if (this.diagnosing) return;
    this.diagnosing = true;
    try {
      // /api/status is behind the same token check as /ws (/healthz is open for probes, so it cannot tell).
      const response = await hubFetch('/api/status', this.options.token, { cache: 'no-store' });
      if (response.status === 401 || response.status === 403) this.setLinkError(`hub refused the token (HTTP ${response.status})`);
      else if (response.status === 429) this.setLinkError('hub is refusing this display after failed tokens (HTTP 429)');
    } catch {
      this.setLinkError('hub unreachable');
    } finally {
      this.diagnosing = false;
    }
  }

  private setLinkError(reason: string): void {
    if (!this.status || this.status.connected) return;
    this.status = { ...this.status, lastError: reason };
    this.tick();
  }
}

/** The view path of a location hash, without the `?whatif=…` (or other) parameters that may follow it. */
function routePart(hash: string): string {
  const at = hash.indexOf('?');
  return at < 0 ? hash : hash.slice(0, at);
}

/** Island settings from a snapshot's; a pattern the hub accepted but this page cannot read falls back to namespaces. */
function islandBaseOf(config: { groupBy?: string | undefined; above?: number | undefined } | undefined): Omit<IslandSettings, 'expanded'> {
  let rule = DEFAULT_ISLANDS.rule;
  try {
    rule = parseGroupBy(config?.groupBy);
  } catch {
    rule = DEFAULT_ISLANDS.rule;
  }
  return { rule, minServices: config?.above ?? ISLAND_MIN_SERVICES };
}
