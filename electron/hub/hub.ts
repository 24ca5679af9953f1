import type { IslandConfig } from '../../shared/protocol';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { alertList } from '../../shared/alerts/alert-list';
import { buildGraph, type SourceInput } from '../../shared/build-graph';
import { diffGraph } from '../../shared/diff';
import type { Graph, SourceStatus, Thresholds } from '../../shared/model';
import type { Scenario } from '../../shared/scenario/index';
import { toVizceral } from '../../shared/vizceral';
import { LatencyBook, latencyDistribution, latencySubjectFrom } from '../../shared/latency-book';
import { hostname } from 'node:os';
import { createAuthenticator, type Role } from './auth';
import { createHostAllowList } from './host-check';
import { isLoopbackHost } from './loopback';
import { createHubMetrics } from './metrics';
import { DEFAULT_SLO_INTERVAL, type SloConfig } from './slo-config';
import { SloEvaluator, sloJson } from './slo-evaluator';
import { sloBatch } from '../../shared/slo/slo-notices';
import { SourcePoller } from './poller';
import { maxAgeMs, rateWindowMs } from './source-freshness';
import { createRequestListener, createUpgradeListener } from './server';
import { changesRoute } from './changes-route';
import { graphAtRoute } from './timeline-route';
import { HubTimeline } from './timeline';
import { TimelineStrips } from './timeline-strip';
import { ReplayFeeds } from './replay-feeds';
import { timelineBounds, type TimelineConfig } from './timeline-config';
import { megabytes } from './sources/bounded-read';
import { createScenarioRun } from './scenario-run';
import { createSource, describeSource, explicitTimeout, type SourceConfig } from './sources/registry';
import type { Source } from './sources/source';
import type { WsLimits } from './ws-budget';
import { WsHub, type RoundTrace } from './ws-hub';
import type { CapacityConfig } from '../../shared/whatif/capacity';
import { handleWhatif } from './whatif-route';
import { WhatifService } from './whatif-service';

export interface HubOptions {
  host: string;
  port: number;
  /** Default poll interval, seconds; a source may set its own. */
  interval: number;
  sources: SourceConfig[];
  /** Service objectives evaluated against the Prometheus sources (GET /api/slo). */
  slos?: SloConfig[];
  /** Seconds between SLO evaluations. */
  sloInterval?: number;
  thresholds?: Thresholds;
  /** How displays group big regions into islands (config `groupBy`, `islandsAbove`). */
  islands?: IslandConfig;
  /** Rehearsal capacities, requests per second per region and service; others use observed peak × headroom. */
  capacity?: CapacityConfig;
  headroom?: number;
  /** Operator tokens (may watch and control); no tokens = open, for loopback binds only. */
  tokens?: string[];
  viewerTokens?: string[];
  allowedOrigins?: string[];
  /** Host names this hub is reached by besides loopback, IP literals and the bind address (DNS rebinding defence). */
  allowedHosts?: string[];
  tls?: { cert: string; key: string };
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** Extra sources made by the caller (tests, Electron), beside the configured ones. */
  extraSources?: Source[];
  log?: (line: string) => void;
  now?: () => number;
  /** The record of past polls (`timeline:` config key); defaults when absent. */
  timeline?: Partial<TimelineConfig>;
  /** The largest answer or file any source may read, MB (default 64). */
  maxResponseMB?: number;
  /** WebSocket budgets and caps; the defaults suit a hub with thousands of displays. */
  wsLimits?: Partial<WsLimits>;
  /** A rehearsal: the demo driven by this scenario (`--scenario`), as one more source of type `scenario`. */
  scenario?: Scenario;
  /** Each published graph's costs by stage, once its fan-out has gone out (`npm run bench -- fanout`). */
  onPublish?: (trace: PublishTrace) => void;
}

/**
 * What one graph cost from poll end to the last display's send, stage by stage: CPU milliseconds of the hub's
 * process (so the figures hold on a loaded machine), beside the fan-out's own wall time.
 */
export interface PublishTrace extends RoundTrace {
  /** Wall ms from the end of the last poll feeding this graph to the start of its build (graph.serverUpdateTime). */
  sincePollMs: number;
  /** Merging the sources' answers into the graph (buildGraph, with its latency book). */
  buildMs: number;
  diffMs: number;
  /** After the last send: the polls into the timeline's record, the strip's and what-if's observation, gauges. */
  afterMs: number;
}

export interface RunningHub {
  url: string;
  port: number;
  /** The current graph (as last published). */
  graph(): Graph;
  sources(): SourceStatus[];
  /** Polls every source now and resolves when the new graph is published (tests, reload). */
  pollNow(): Promise<void>;
  /** The record of past polls and the graph of any instant. */
  timeline: HubTimeline;
  /** Resolves when the start-up backfill from sources that keep history has ended (done or failed). */
  backfilled: Promise<void>;
  close(): Promise<void>;
}

/** How long a finished poll's rebuild may wait for other sources' polls still in flight. */
const COALESCE_MS = 250;

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the hub: pollers → graph → HTTP + WebSocket. Never throws on a source or a client after start. */
export async function startHub(options: HubOptions): Promise<RunningHub> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const metrics = createHubMetrics();
  const operatorTokens = options.tokens ?? [];
  const viewerTokens = options.viewerTokens ?? [];
  if (!isLoopbackHost(options.host) && operatorTokens.length + viewerTokens.length === 0) {
    throw new Error(`refusing to bind ${options.host} without --token: non-loopback displays must authenticate`);
  }
  const auth = createAuthenticator({ operatorTokens, viewerTokens, allowedOrigins: options.allowedOrigins ?? [], now });
  const hosts = createHostAllowList(options.host, options.allowedHosts ?? [], [hostname(), `${hostname()}.local`]);
  // Replay feeds are made below, once the pollers exist; the WsHub hands them their displays.
  let replayFeeds: ReplayFeeds | null = null;
  let lastRound: RoundTrace | null = null;
  const wsHub = new WsHub({
    metrics,
    intervalSeconds: options.interval,
    ...(options.islands ? { islands: options.islands } : {}),
    now,
    ...(options.wsLimits ? { limits: options.wsLimits } : {}),
    log,
    onSubscribe: (client, feed) => replayFeeds?.subscribe(client, feed),
    onLeave: (client) => replayFeeds?.leave(client),
    ...(options.onPublish ? { onRound: (trace: RoundTrace) => (lastRound = trace) } : {}),
  });
  const whatif = new WhatifService({
    now,
    ...(options.capacity ? { capacity: options.capacity } : {}),
    ...(options.headroom !== undefined ? { headroom: options.headroom } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  });

  const timeline = new HubTimeline(timelineBounds(options.timeline), options.thresholds);
  const strips = new TimelineStrips(timeline, options.interval * 1000);
  let seq = 0;
  let graph: Graph = { serverUpdateTime: now(), regions: [], connections: [] };
  /** The merged buckets behind the current graph's latencies (GET /api/latency); replaced with every graph. */
  let latencyBook = new LatencyBook();
  let rebuildQueued = false;
  const waiters: Array<() => void> = [];
  /** Finished polls not yet in the timeline's record, oldest first. */
  const unrecorded: Array<() => void> = [];
  /** When the last poll ended (performance.now()): the start of the path to the displays. */
  let polledAt = 0;
  const recordPolls = (): void => {
    for (const record of unrecorded.splice(0)) record();
  };

  const sources: Source[] = [
    ...options.sources.map((config) => {
      try {
        return createSource(config, { now, log, ...(options.maxResponseMB !== undefined ? { maxResponseBytes: megabytes(options.maxResponseMB) } : {}) });
      } catch (error) {
        throw new Error(`source "${config.name}": ${(error as Error).message}`);
      }
    }),
    ...(options.extraSources ?? []),
  ];
  const rehearsal = options.scenario ? createScenarioRun(options.scenario, { now }) : null;
  if (rehearsal) sources.push(rehearsal.source);
  const lastLogged = new Map<string, string | null>(sources.map((s) => [s.name, null]));
  const pollers: SourcePoller[] = sources.map(
    (source) =>
      new SourcePoller({
        source,
        intervalMs: intervalOf(options, source) * 1000,
        timeoutMs: timeoutOf(options, source) * 1000,
        ...freshnessOf(options, source),
        now,
        onPolled: (poller, durationMs) => {
          const status = poller.status();
          const labels = { source: source.name };
          metrics.pollDuration.observe(labels, durationMs / 1000);
          metrics.sourceUp.set(labels, status.ok ? 1 : 0);
          // Log changes, not every poll: a source dead for a week must not fill the journal.
          const line = status.ok ? (status.warnings ? `warning: ${status.warnings.join('; ')}` : null) : (status.error ?? 'failed');
          if (line !== lastLogged.get(source.name)) {
            log(line === null ? `source ${source.name}: recovered` : `source ${source.name}: ${line}`);
            lastLogged.set(source.name, line);
          }
          if (!status.ok) {
            metrics.sourceErrors.inc(labels);
          } else {
            metrics.seriesRead.set(labels, poller.lastBatch?.seriesRead ?? 0);
            metrics.lastSuccess.set(labels, (status.lastSuccess ?? 0) / 1000);
          }
          // Into the record once the graph this poll feeds has gone out (in poll order): no display waits for it.
          const at = now();
          const batch = poller.lastBatch;
          const staleSince = poller.staleSince();
          unrecorded.push(() => timeline.recordPoll(source.name, at, batch, staleSince, !status.ok));
          polledAt = performance.now();
          queueRebuild();
        },
      }),
  );
  const timelineSources = () =>
    pollers.map((p) => ({ source: p.source, intervalMs: intervalOf(options, p.source) * 1000, timeoutMs: timeoutOf(options, p.source) * 1000 }));
  replayFeeds = new ReplayFeeds({ timeline, sources: timelineSources, statuses: () => pollers.map((p) => p.status()), intervalSeconds: options.interval, now, log, ...(options.islands ? { islands: options.islands } : {}) });

  const statuses = (): SourceStatus[] => pollers.map((p) => p.status());
  const sloEvaluator: SloEvaluator | null = options.slos?.length
    ? new SloEvaluator({
        slos: options.slos,
        sources: options.sources,
        intervalMs: (options.sloInterval ?? DEFAULT_SLO_INTERVAL) * 1000,
        timeoutMs: 10_000,
        now,
        onEvaluated: () => queueRebuild(),
      })
    : null;
  if (sloEvaluator !== null) metrics.slo.reports = () => sloEvaluator.reports();

  // Sources polled together are merged into one graph and one message per display: while another source's
  // poll is in flight, the rebuild waits for it, at most COALESCE_MS (a slow source must not hold the rest).
  let coalescing: NodeJS.Timeout | null = null;
  function queueRebuild(): void {
    if (rebuildQueued) return;
    if (pollers.some((p) => p.polling)) {
      coalescing ??= setTimeout(() => {
        coalescing = null;
        flushRebuild();
      }, COALESCE_MS);
      return;
    }
    flushRebuild();
  }

  function flushRebuild(): void {
    if (coalescing) clearTimeout(coalescing);
    coalescing = null;
    if (rebuildQueued) return;
    rebuildQueued = true;
    setImmediate(() => {
      rebuildQueued = false;
      // pollNow() resolves once its graph has gone out and been observed (timeline strip, what-if).
      const mine = waiters.splice(0);
      const settle = () => {
        for (const resolve of mine) resolve();
      };
      try {
        rebuild(settle);
      } catch (error) {
        log(`graph build failed: ${(error as Error).message}`);
        recordPolls();
        settle();
      }
    });
  }

  /**
   * Poll end → graph → diff → fan-out. Only what the displays' message needs happens before the sends;
   * the rest (the polls into the record, timeline strip, what-if peaks, gauges) runs once the last display
   * has its message, then `settle`.
   */
  function rebuild(settle: () => void): void {
    const sincePollMs = performance.now() - polledAt;
    let cpu = process.cpuUsage();
    const end = metrics.graphBuild.startTimer();
    const slos = sloEvaluator?.reports() ?? [];
    const inputs: SourceInput[] = pollers.map((p) => ({
      batch: p.lastBatch,
      staleSince: p.staleSince(),
      region: p.source.region ?? p.source.name,
      evidence: p.source.evidence ?? 'metrics',
    }));
    // Burning SLOs sit on their services as notices, like alerts; the previous graph tells where a region-less one goes.
    if (slos.length > 0) inputs.push({ batch: sloBatch(slos, graph, now()), staleSince: null });
    const book = new LatencyBook();
    const next = buildGraph(inputs, { now: now(), latencyBook: book, ...(options.thresholds ? { thresholds: options.thresholds } : {}) });
    latencyBook = book;
    if (slos.length > 0) next.slos = slos;
    const buildMs = cpuSince(cpu);
    cpu = process.cpuUsage();
    // Published even when nothing changed: the message carries source statuses and proves the hub alive.
    const diff = seq === 0 ? null : diffGraph(graph, next);
    const diffMs = cpuSince(cpu);
    end();
    graph = next;
    seq += 1;
    const published = seq;
    wsHub.publish({ seq, graph, sources: statuses() }, diff, () => {
      const after = process.cpuUsage();
      try {
        recordPolls();
        strips.observe(next);
        whatif.observe(next, published);
        let services = 0;
        for (const region of next.regions) services += region.nodes.filter((n) => n.kind === 'service').length;
        metrics.graphServices.set(services);
        metrics.graphConnections.set(next.regions.reduce((sum, r) => sum + r.connections.length, next.connections.length));
      } catch (error) {
        log(`graph observers failed: ${(error as Error).message}`);
      }
      if (options.onPublish && lastRound?.seq === published) options.onPublish({ ...lastRound, sincePollMs, buildMs, diffMs, afterMs: cpuSince(after) });
      settle();
    });
  }

  const handlers = {
    staticDir: options.staticDir,
    healthz: () => {
      const list = statuses();
      return {
        // A source whose answer was partly unusable (skipped samples, partial response) is degraded too.
        status: list.every((s) => s.ok && !s.warnings) ? ('ok' as const) : ('degraded' as const),
        // Open to probes without a token: a category of failure only; the message (paths, hosts, bodies) is
        // on /api/status behind the token.
        sources: pollers.map((p, i) => ({
          name: list[i]!.name,
          ok: list[i]!.ok,
          lastSuccess: list[i]!.lastSuccess === null ? null : new Date(list[i]!.lastSuccess!).toISOString(),
          error: p.failureKind(),
          // Thanos/Prometheus warnings are upstream text: flagged here, spelled out on /api/status.
          ...(list[i]!.warnings ? { partial: true } : {}),
        })),
      };
    },
    metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
    graph: () => toVizceral(graph),
    latency: (param: (name: string) => string | null) => {
      const subject = latencySubjectFrom(param);
      if (typeof subject === 'string') return { status: 400, body: { error: subject } };
      const answer = latencyDistribution(latencyBook, subject);
      return answer === null ? { status: 404, body: { error: 'no latency histogram for that in the current graph' } } : { status: 200, body: answer };
    },
    graphAt: (at: string) => graphAtRoute(timeline, at, timelineSources(), now()),
    timeline: (params: URLSearchParams) => strips.route(params, timelineSources(), now),
    changes: (params: URLSearchParams) => changesRoute(timeline, params, timelineSources(), now()),
    status: () => {
      const alerts = alertList(graph);
      return {
        seq,
        serverUpdateTime: graph.serverUpdateTime,
        interval: options.interval,
        sources: statuses().map((status) => {
          const config = options.sources.find((s) => s.name === status.name);
          return { ...status, partial: status.warnings !== undefined, ...(config ? { config: describeSource(config) } : {}) };
        }),
        // The region-less and off-graph alerts in full: they have no node to be found on.
        alerts: { firing: alerts.firing.length + alerts.unplaced.length, muted: alerts.muted.length, unplaced: alerts.unplaced },
        scenario: rehearsal?.status() ?? null,
      };
    },
    ...(rehearsal ? { answerScenario: (prompt: string, choice: string) => rehearsal.choose(prompt, choice) } : {}),
    alerts: () => alertList(graph),
    slo: () => sloEvaluator?.reports().map(sloJson) ?? [],
    authorize: (request: IncomingMessage) =>
      auth.check({ headers: request.headers, url: request.url ?? '/', remoteAddress: request.socket.remoteAddress ?? '' }),
    hostAllowed: (request: IncomingMessage) => hosts.allows(request.headers.host),
    checkOrigin: (request: IncomingMessage) => auth.checkOrigin(request.headers.origin, request.headers.host),
    upgrade: wsHub.handleUpgrade.bind(wsHub),
    onAuthFailure: () => metrics.authFailures.inc(),
    whatif: (request: IncomingMessage, response: ServerResponse, url: URL, role: Role) => handleWhatif(whatif, role, request, response, url),
  };

  const listener = createRequestListener(handlers);
  const server: Server = options.tls
    ? createHttpsServer({ cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) }, listener)
    : createHttpServer(listener);
  server.on('upgrade', createUpgradeListener(handlers));
  server.on('clientError', (_error, socket) => socket.destroy());
  // A display that holds a connection open must not keep the hub from answering others.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log(`server error: ${error.message}`));
  const port = (server.address() as AddressInfo).port;
  const url = `${options.tls ? 'https' : 'http'}://${formatHost(options.host)}:${port}/`;
  for (const poller of pollers) poller.start();
  const backfillAbort = new AbortController();
  const backfilled = timeline.backfill(timelineSources(), now(), backfillAbort.signal, log);
  // The backfilled past's strip points, rebuilt in the background in small slices: the first timeline bar
  // after a restart then answers at once instead of rebuilding hundreds of instants while it is asked.
  void backfilled.then(() => strips.warm(timelineSources(), backfillAbort.signal)).catch((error: Error) => log(`timeline: strip warm-up failed: ${error.message}`));
  sloEvaluator?.start();

  return {
    url,
    port,
    graph: () => graph,
    sources: statuses,
    timeline,
    backfilled,
    async pollNow() {
      const published = new Promise<void>((resolve) => waiters.push(resolve));
      await Promise.all([...pollers.map((p) => p.pollNow()), sloEvaluator?.evaluateNow()]);
      queueRebuild();
      await published;
    },
    async close() {
      backfillAbort.abort(new Error('hub stopping'));
      await Promise.all([...pollers.map((p) => p.stop()), sloEvaluator?.stop()]);
      if (coalescing) clearTimeout(coalescing);
      replayFeeds?.close();
      await wsHub.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(sources.map((s) => s.close?.()));
    },
  };
}

function cpuSince(since: NodeJS.CpuUsage): number {
  const now = process.cpuUsage(since);
  return (now.user + now.system) / 1000;
}

function configOf(options: HubOptions, source: Source): SourceConfig | undefined {
  return options.sources.find((s) => s.name === source.name);
}

/** maxAge and rate window of a source, from its config entry (or its type's defaults for extra sources). */
function freshnessOf(options: HubOptions, source: Source): { maxAgeMs: number; rateWindowMs: number | null } {
  const config = configOf(options, source) ?? { type: source.type };
  const interval = intervalOf(options, source);
  return { maxAgeMs: maxAgeMs(config, interval), rateWindowMs: rateWindowMs(config, interval) };
}

function intervalOf(options: HubOptions, source: Source): number {
  return configOf(options, source)?.interval ?? options.interval;
}

function timeoutOf(options: HubOptions, source: Source): number {
  const config = configOf(options, source);
  // A poll may take most of its interval, never more: a slow source must not delay its own next poll.
  return (config && explicitTimeout(config)) ?? Math.max(1, Math.min(10, intervalOf(options, source) * 0.9));
}
