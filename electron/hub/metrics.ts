import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BURN_WINDOWS, type SloReport } from '../../shared/slo/report';

/** The hub's own metrics (`/metrics`), on a private registry so tests can run several hubs in one process. */
export function createHubMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['source'] as const;
  // The SLO evaluator's last reports, read at scrape time (the hub sets it when `slos:` are configured).
  const slo = { reports: (): readonly SloReport[] => [] };
  const sloLabels = ['service', 'region', 'kind', 'window'] as const;
  const sloKey = (r: SloReport) => ({ service: r.service, region: r.region ?? '', kind: r.kind, window: r.window });
  return {
    registry,
    slo,
    sloBudgetRemaining: new Gauge({
      name: 'flowsight_slo_budget_remaining_ratio',
      help: "Share of each SLO's error budget not yet spent (1 untouched, 0 spent, negative overspent); absent with no requests.",
      labelNames: sloLabels,
      registers: [registry],
      collect() {
        this.reset();
        for (const r of slo.reports()) if (r.budgetRemaining !== null) this.set(sloKey(r), r.budgetRemaining);
      },
    }),
    sloBurnRate: new Gauge({
      name: 'flowsight_slo_burn_rate',
      help: 'Error ratio ÷ (1 − objective) per SLO over each burn window; absent where the window holds no requests.',
      labelNames: [...sloLabels, 'burn_window'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const r of slo.reports()) {
          for (const w of BURN_WINDOWS) {
            const rate = r.burnRates[w];
            if (rate !== null) this.set({ ...sloKey(r), burn_window: w }, rate);
          }
        }
      },
    }),
    sloAlert: new Gauge({
      name: 'flowsight_slo_alert',
      help: 'SRE Workbook multi-window burn-rate alert per SLO: 2 page, 1 ticket, 0 none.',
      labelNames: sloLabels,
      registers: [registry],
      collect() {
        this.reset();
        for (const r of slo.reports()) this.set(sloKey(r), r.alert === 'page' ? 2 : r.alert === 'ticket' ? 1 : 0);
      },
    }),
    pollDuration: new Histogram({
      name: 'flowsight_poll_duration_seconds',
      help: 'Duration of one poll of a source, successful or not.',
      labelNames,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    sourceErrors: new Counter({ name: 'flowsight_source_errors_total', help: 'Failed polls per source.', labelNames, registers: [registry] }),
    sourceUp: new Gauge({ name: 'flowsight_source_up', help: '1 when the last poll of the source succeeded.', labelNames, registers: [registry] }),
    lastSuccess: new Gauge({
      name: 'flowsight_source_last_success_timestamp_seconds',
      help: 'Unix time of the last successful poll per source.',
      labelNames,
      registers: [registry],
    }),
    seriesRead: new Gauge({ name: 'flowsight_series_read', help: 'Series read by the last successful poll.', labelNames, registers: [registry] }),
    graphBuild: new Histogram({
      name: 'flowsight_graph_build_seconds',
      help: 'Time to merge all sources into the graph and diff it.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    wsFanout: new Histogram({
      name: 'flowsight_ws_fanout_seconds',
      help: 'From the start of a graph build until its message was handed to the last live display.',
      buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    graphServices: new Gauge({ name: 'flowsight_graph_services', help: 'Services in the current graph.', registers: [registry] }),
    graphConnections: new Gauge({ name: 'flowsight_graph_connections', help: 'Connections in the current graph.', registers: [registry] }),
    wsClients: new Gauge({ name: 'flowsight_ws_clients', help: 'Connected WebSocket displays.', registers: [registry] }),
    wsBytesSent: new Counter({ name: 'flowsight_ws_bytes_sent_total', help: 'Bytes sent to WebSocket displays.', registers: [registry] }),
    wsMessagesSent: new Counter({
      name: 'flowsight_ws_messages_sent_total',
      help: 'Messages sent to WebSocket displays by type.',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    wsDropped: new Counter({
      name: 'flowsight_ws_dropped_updates_total',
      help: 'Updates not sent to a display that was too slow; it gets a snapshot when it catches up.',
      registers: [registry],
    }),
    wsPolicyCloses: new Counter({
      name: 'flowsight_ws_policy_closes_total',
      help: 'Displays closed by the hub: over the message or byte budget (1008), not reading, no answer to ping.',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    wsErrorsSuppressed: new Counter({
      name: 'flowsight_ws_error_replies_suppressed_total',
      help: 'Malformed client frames dropped without an error reply (reply budget spent or send buffer not empty).',
      registers: [registry],
    }),
    wsRefused: new Counter({
      name: 'flowsight_ws_refused_total',
      help: 'WebSocket upgrades refused by the hub itself (connection cap).',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    clientFps: new Gauge({
      name: 'flowsight_client_fps',
      help: 'Frame rate last reported by each display.',
      labelNames: ['client'] as const,
      registers: [registry],
    }),
    authFailures: new Counter({ name: 'flowsight_auth_failures_total', help: 'Refused requests and WebSocket upgrades.', registers: [registry] }),
  };
}

export type HubMetrics = ReturnType<typeof createHubMetrics>;
