// The keys and factory the tracing types share (`jaeger`, `zipkin`): a base URL, the lookback the
// dependency links are counted over, and the region their calls are drawn in.
import type { z } from 'zod';
import { durationMs } from '../../../../shared/duration';
import { createTraceDependencySource, type DependencyApi } from '../trace-dependencies';
import { durationText, httpSourceKeys, regionName, shownUrl, type SourceContext } from '../source-type';

export const tracingDefaults = { lookback: '15m' } as const;

export const tracingKeys = {
  ...httpSourceKeys,
  /** How far back the links are counted; rates are averages over it. */
  lookback: durationText.refine((text) => durationMs(text) >= 1_000, 'at least 1s').default(tracingDefaults.lookback),
  /** Traces carry no region: every call is drawn in this one (default: the source's name). */
  region: regionName.optional(),
};

type TracingConfig = z.output<z.ZodObject<typeof tracingKeys>> & { name: string; type: string };

export function createTracingSource(api: DependencyApi, config: TracingConfig, context: SourceContext) {
  return createTraceDependencySource({
    name: config.name,
    type: config.type,
    api,
    url: config.url,
    region: config.region ?? config.name,
    lookbackMs: durationMs(config.lookback),
    timeoutMs: (config.timeout ?? 10) * 1000,
    now: context.now,
    ...(context.maxResponseBytes !== undefined ? { maxResponseBytes: context.maxResponseBytes } : {}),
    ...(config.basicAuth ? { basicAuth: config.basicAuth } : {}),
    ...(config.bearerToken ? { bearerToken: config.bearerToken } : {}),
    ...(config.headers ? { headers: config.headers } : {}),
  });
}

export function describeTracing(config: TracingConfig): Record<string, unknown> {
  return { url: shownUrl(config.url), lookback: config.lookback, region: config.region ?? config.name };
}
