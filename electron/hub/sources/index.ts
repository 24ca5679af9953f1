import type { SourceConfig } from '../config';
import { createDemoSource } from './demo';
import { createPrometheusSource } from './prometheus';
import type { Source } from './source';
import { createVizceralFileSource } from './vizceral-file';

/** Makes the adapter for one configured source. Timeouts belong to the poller; the source gets them too. */
export function createSource(
  config: SourceConfig,
  context: { now: () => number; intervalSeconds?: number; log?: (line: string) => void },
): Source {
  switch (config.type) {
    case 'prometheus':
      return createPrometheusSource({
        name: config.name,
        url: config.url,
        preset: config.preset,
        rateWindow: config.rateWindow,
        timeoutMs: (config.timeout ?? 10) * 1000,
        now: context.now,
        ...(context.log ? { log: context.log } : {}),
        ...(config.regionLabels ? { regionLabels: config.regionLabels } : {}),
        ...(config.basicAuth ? { basicAuth: config.basicAuth } : {}),
        ...(config.bearerToken ? { bearerToken: config.bearerToken } : {}),
        ...(config.headers ? { headers: config.headers } : {}),
        ...(config.queries ? { custom: config.queries } : {}),
      });
    case 'demo':
      return createDemoSource({
        name: config.name,
        now: context.now,
        ...(config.seed !== undefined ? { seed: config.seed } : {}),
        ...(config.regions !== undefined || config.servicesPerRegion !== undefined
          ? { scale: { regions: config.regions, servicesPerRegion: config.servicesPerRegion } }
          : {}),
      });
    case 'vizceral':
      return createVizceralFileSource({ name: config.name, path: config.path, now: context.now });
  }
}
