// A tracing backend's dependency links as a source (Jaeger Query, Zipkin): one GET per poll for the links
// over the lookback ending now (or at the instant asked for), read by the pure readers in shared/tracing.
import type { SourceBatch } from '../../../shared/model';
import { callsFromLinks, DependencyFormatError, type DependencyLink } from '../../../shared/tracing/dependency-links';
import { boundedFetch, DEFAULT_MAX_RESPONSE_MB, megabytes, parseBoundedJson } from './bounded-read';
import { apiEndpoint, authHeaders } from './http-auth';
import { describeFailure } from './http-failure';
import { SourceError, type Source } from './source';
import { shownUrl } from './source-type';

/** One tracing API: where its links are and how its answer reads. */
export interface DependencyApi {
  /** For messages: `Jaeger`, `Zipkin`. */
  product: string;
  /** Relative to the configured base URL, e.g. `api/dependencies`. */
  path: string;
  read(raw: unknown): DependencyLink[];
}

export interface TraceDependencySourceOptions {
  name: string;
  type: string;
  api: DependencyApi;
  /** Base URL; may include a path prefix (a Jaeger behind `/jaeger`). */
  url: string;
  region: string;
  lookbackMs: number;
  timeoutMs: number;
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  now?: () => number;
  /** The largest answer read, bytes (config `maxResponseMB`); default 64 MB. */
  maxResponseBytes?: number;
}

export function createTraceDependencySource(options: TraceDependencySourceOptions): Source {
  const base = apiEndpoint(options.url, options.api.path);
  const headers = authHeaders(options);
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const product = options.api.product;
  const maxBytes = options.maxResponseBytes ?? megabytes(DEFAULT_MAX_RESPONSE_MB);
  return {
    name: options.name,
    type: options.type,
    region: options.region,
    evidence: 'traces',
    detail: `${product} dependency links over the last ${options.lookbackMs / 60_000} min: GET ${shownUrl(base.href)}; rate = callCount ÷ ${options.lookbackMs / 1000} s`,
    async poll(signal: AbortSignal, at?: number): Promise<SourceBatch> {
      const endTs = Math.floor(at ?? now());
      const url = new URL(base);
      url.searchParams.set('endTs', String(endTs));
      url.searchParams.set('lookback', String(options.lookbackMs));
      const ownTimeout = AbortSignal.timeout(options.timeoutMs);
      const combined = AbortSignal.any([signal, ownTimeout]);
      let status: number;
      let statusText: string;
      let text: string;
      try {
        const response = await boundedFetch(url, { headers, signal: combined }, { maxBytes, fetch: doFetch });
        status = response.status;
        statusText = response.statusText;
        text = response.text;
      } catch (error) {
        throw describeFailure(error, url, ownTimeout.aborted ? 'timeout' : signal.aborted ? 'poller' : null, options.timeoutMs);
      }
      if (status < 200 || status > 299) throw new SourceError(`${product} answered HTTP ${status}${statusText ? ' ' + statusText : ''} (GET ${base.pathname})`);
      let raw: unknown;
      try {
        raw = parseBoundedJson(text);
      } catch (error) {
        throw new SourceError(`${product} answered malformed JSON: ${(error as Error).message} (GET ${base.pathname})`);
      }
      let links: DependencyLink[];
      try {
        links = options.api.read(raw);
      } catch (error) {
        if (error instanceof DependencyFormatError) throw new SourceError(`${product} ${error.message}`);
        throw error;
      }
      const calls = callsFromLinks(links, { region: options.region, lookbackMs: options.lookbackMs });
      return { source: options.name, sampledAt: endTs, calls, seriesRead: links.length };
    },
  };
}
