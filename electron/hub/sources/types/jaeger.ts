// `type: jaeger`: Jaeger Query's dependency links (`GET {url}/api/dependencies?endTs&lookback`).
import { readJaegerDependencies } from '../../../../shared/tracing/dependency-links';
import { defineSourceType, sourceSchema } from '../source-type';
import { createTracingSource, describeTracing, tracingDefaults, tracingKeys } from './tracing-keys';

const api = { product: 'Jaeger', path: 'api/dependencies', read: readJaegerDependencies };

export const jaegerType = defineSourceType({
  type: 'jaeger',
  schema: sourceSchema('jaeger', tracingKeys),
  defaults: tracingDefaults,
  example: { url: 'http://127.0.0.1:16686' },
  create: (config, context) => createTracingSource(api, config, context),
  timeoutSeconds: (config) => config.timeout,
  describe: describeTracing,
});
