// `type: prometheus`: a Prometheus-compatible HTTP API (Prometheus, Thanos Query, Mimir, VictoriaMetrics).
import { z } from 'zod';
import { FlagError } from '../../flag-error';
import { createPrometheusSource } from '../prometheus';
import { defineSourceType, httpSourceKeys, regionName, seconds, shownUrl, sourceSchema } from '../source-type';

const PRESET_NAMES = ['istio', 'linkerd', 'servicegraph', 'custom'] as const;
const RATE_WINDOW = /^\d+(ms|s|m|h)$/;

export const prometheusDefaults = { preset: 'istio', rateWindow: '1m', timeout: 10 } as const;

const schema = sourceSchema('prometheus', {
  ...httpSourceKeys,
  preset: z.enum(PRESET_NAMES).default(prometheusDefaults.preset),
  regionLabels: z.strictObject({ source: z.string().min(1), destination: z.string().min(1) }).optional(),
  /** The region of this source's calls wherever the region labels are absent (one Prometheus per region). */
  region: regionName.optional(),
  /** PromQL range for rate(); at least 4× the scrape interval (Prometheus docs on rate()). */
  rateWindow: z.string().regex(RATE_WINDOW, 'a PromQL duration such as 1m or 30s').default(prometheusDefaults.rateWindow),
  timeout: seconds.optional(),
  queries: z
    .strictObject({
      requests: z.string().min(1),
      failures: z.string().min(1).optional(),
      sourceLabel: z.string().min(1),
      destinationLabel: z.string().min(1),
      sourceRegionLabel: z.string().min(1).optional(),
      destinationRegionLabel: z.string().min(1).optional(),
    })
    .optional(),
}).superRefine((config, ctx) => {
  if (config.preset === 'custom' && !config.queries) {
    ctx.addIssue({ code: 'custom', path: ['queries'], message: 'preset custom needs queries (requests, sourceLabel, destinationLabel)' });
  }
});

export type PrometheusSourceConfig = z.output<typeof schema>;

export const prometheusType = defineSourceType({
  type: 'prometheus',
  schema,
  defaults: prometheusDefaults,
  example: { url: 'http://127.0.0.1:9090' },
  create: (config, context) =>
    createPrometheusSource({
      name: config.name,
      url: config.url,
      preset: config.preset,
      rateWindow: config.rateWindow,
      timeoutMs: (config.timeout ?? prometheusDefaults.timeout) * 1000,
      now: context.now,
      ...(context.maxResponseBytes !== undefined ? { maxResponseBytes: context.maxResponseBytes } : {}),
      ...(config.region !== undefined ? { region: config.region } : {}),
      ...(config.regionLabels ? { regionLabels: config.regionLabels } : {}),
      ...(config.basicAuth ? { basicAuth: config.basicAuth } : {}),
      ...(config.bearerToken ? { bearerToken: config.bearerToken } : {}),
      ...(config.headers ? { headers: config.headers } : {}),
      ...(config.queries ? { custom: config.queries } : {}),
    }),
  timeoutSeconds: (config) => config.timeout,
  describe: (config) => ({ url: shownUrl(config.url), preset: config.preset, rateWindow: config.rateWindow, region: config.region ?? null }),
  checkFlags(flags) {
    if (flags.preset !== undefined && !(PRESET_NAMES as readonly string[]).includes(flags.preset)) {
      throw new FlagError(`--preset: expected one of ${PRESET_NAMES.filter((p) => p !== 'custom').join(', ')}, got "${flags.preset}"`);
    }
    if (flags.preset === 'custom') throw new FlagError('--preset: custom needs queries; set them in a --config file');
    if (flags.rateWindow !== undefined && !RATE_WINDOW.test(flags.rateWindow)) {
      throw new FlagError(`--rate-window: expected a PromQL duration such as 1m or 30s, got "${flags.rateWindow}"`);
    }
    if (flags.prometheus !== undefined) {
      let ok = false;
      try {
        ok = /^https?:$/.test(new URL(flags.prometheus).protocol);
      } catch {
        ok = false;
      }
      if (!ok) throw new FlagError(`--prometheus: expected an http(s) URL, got "${flags.prometheus}"`);
    }
  },
  fromFlags(flags, existing) {
    if (flags.prometheus === undefined) return null;
    const name = existing.some((s) => s.name === 'prometheus') ? 'prometheus-cli' : 'prometheus';
    return { name, type: 'prometheus', url: flags.prometheus, preset: flags.preset, rateWindow: flags.rateWindow };
  },
  applyFlags(config, flags) {
    // --preset and --rate-window name the --prometheus source when there is one, else every configured one.
    if (flags.prometheus !== undefined) return;
    if (flags.preset !== undefined) config.preset = flags.preset as PrometheusSourceConfig['preset'];
    if (flags.rateWindow !== undefined) config.rateWindow = flags.rateWindow;
  },
});
