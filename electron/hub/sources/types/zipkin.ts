// `type: zipkin`: Zipkin's dependency links (`GET {url}/api/v2/dependencies?endTs&lookback`), with errorCount.
import { readZipkinDependencies } from '../../../../shared/tracing/dependency-links';
import { defineSourceType, sourceSchema } from '../source-type';
import { createTracingSource, describeTracing, tracingDefaults, tracingKeys } from './tracing-keys';

const api = { product: 'Zipkin', path: 'api/v2/dependencies', read: readZipkinDependencies };

export const zipkinType = defineSourceType({
  type: 'zipkin',
  schema: sourceSchema('zipkin', tracingKeys),
  defaults: tracingDefaults,
  example: { url: 'http://127.0.0.1:9411' },
  create: (config, context) => createTracingSource(api, config, context),
  timeoutSeconds: (config) => config.timeout,
  describe: describeTracing,
});
