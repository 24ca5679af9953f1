// `type: vizceral`: a Vizceral JSON file, re-read when it changes, so existing Vizceral feeds keep working.
import { z } from 'zod';
import { createVizceralFileSource } from '../vizceral-file';
import { defineSourceType, sourceSchema } from '../source-type';

const schema = sourceSchema('vizceral', { path: z.string().min(1) });

export const vizceralType = defineSourceType({
  type: 'vizceral',
  schema,
  defaults: {},
  example: { path: './traffic.json' },
  create: (config, context) =>
    createVizceralFileSource({
      name: config.name,
      path: config.path,
      now: context.now,
      ...(context.maxResponseBytes !== undefined ? { maxBytes: context.maxResponseBytes } : {}),
    }),
  resolvePaths(config, resolve) {
    config.path = resolve(config.path);
  },
  describe: (config) => ({ path: config.path }),
});
