// An Alertmanager (API v2, github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml) as a source of
// notices: `GET {url}/api/v2/alerts` every interval; the pure mapping in shared/alerts decides where each
// alert sits. It reports no calls, so when it fails only its notices go stale, never the traffic picture.
import { mapAlerts, readAlerts, AlertmanagerAnswerError, DEFAULT_ALERT_LABELS, type AlertLabelMapping } from '../../../shared/alerts/index';
import type { SourceBatch } from '../../../shared/model';
import { apiEndpoint, authHeaders, shorten } from './http-auth';
import { boundedFetch, DEFAULT_MAX_RESPONSE_MB, megabytes, parseBoundedJson } from './bounded-read';
import { describeFailure } from './http-failure';
import { SourceError, type Source } from './source';

export interface AlertmanagerSourceOptions {
  name: string;
  url: string;
  timeoutMs: number;
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
  headers?: Record<string, string>;
  region?: string;
  labels?: Partial<AlertLabelMapping>;
  filter?: string[];
  fetch?: typeof fetch;
  now?: () => number;
  /** The largest answer read, bytes (config `maxResponseMB`); default 64 MB. */
  maxResponseBytes?: number;
}

export function alertsUrl(base: string, filter: readonly string[] = []): URL {
  const alerts = apiEndpoint(base, 'api/v2/alerts');
  // Silenced and inhibited alerts are asked for too: the panel lists them as muted.
  for (const name of ['active', 'silenced', 'inhibited', 'unprocessed']) alerts.searchParams.set(name, 'true');
  for (const matcher of filter) alerts.searchParams.append('filter', matcher);
  return alerts;
}

export function createAlertmanagerSource(options: AlertmanagerSourceOptions): Source {
  const url = alertsUrl(options.url, options.filter);
  const headers = authHeaders(options);
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const labels = { ...DEFAULT_ALERT_LABELS, ...options.labels };
  const maxBytes = options.maxResponseBytes ?? megabytes(DEFAULT_MAX_RESPONSE_MB);

  return {
    name: options.name,
    type: 'alertmanager',
    detail: `GET ${url.origin}${url.pathname}${options.filter?.length ? ' filter ' + options.filter.join(', ') : ''} · service from ${labels.service.join('|')} · region from ${labels.region.join('|')}${options.region ? ` (else ${options.region})` : ''}`,
    async poll(signal: AbortSignal, at?: number): Promise<SourceBatch> {
      // GET /api/v2/alerts knows only what fires now; past alerts would need Prometheus's ALERTS series.
      if (at !== undefined) throw new SourceError(`Alertmanager tells only the alerts firing now, not at ${new Date(at).toISOString()}`);
      const ownTimeout = AbortSignal.timeout(options.timeoutMs);
      const combined = AbortSignal.any([signal, ownTimeout]);
      const cause = () => (ownTimeout.aborted ? ('timeout' as const) : signal.aborted ? ('poller' as const) : null);
      let status: number;
      let text: string;
      try {
        const response = await boundedFetch(url, { method: 'GET', headers, signal: combined }, { maxBytes, fetch: doFetch });
        status = response.status;
        text = response.text;
      } catch (error) {
        throw describeFailure(error, url, cause(), options.timeoutMs);
      }
      if (status < 200 || status > 299) throw new SourceError(`Alertmanager answered HTTP ${status}: ${shorten(text.trim(), 200)}`);
      let parsed: unknown;
      try {
        parsed = parseBoundedJson(text);
      } catch (error) {
        throw new SourceError(`Alertmanager answered malformed JSON: ${(error as Error).message}`);
      }
      const sampledAt = now();
      try {
        const { alerts } = readAlerts(parsed);
        const notices = mapAlerts(alerts, {
          source: options.name,
          labels,
          now: sampledAt,
          ...(options.region !== undefined ? { region: options.region } : {}),
        });
        return { source: options.name, sampledAt, calls: [], seriesRead: alerts.length, notices };
      } catch (error) {
        if (error instanceof AlertmanagerAnswerError) throw new SourceError(`Alertmanager ${error.message}`);
        throw error;
      }
    },
  };
}
