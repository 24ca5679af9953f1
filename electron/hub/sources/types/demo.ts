// `type: demo`: the built-in simulator, the source `serve` uses when no other is given.
import { z } from 'zod';
import { createDemoSource } from '../demo';
import { defineSourceType, sourceSchema } from '../source-type';

export const demoDefaults = { seed: 1 } as const;

const schema = sourceSchema('demo', {
  seed: z.number().int().optional(),
  regions: z.number().int().min(1).max(50).optional(),
  servicesPerRegion: z.number().int().min(1).max(5000).optional(),
});

export const demoType = defineSourceType({
  type: 'demo',
  schema,
  defaults: demoDefaults,
  example: {},
  create: (config, context) =>
    createDemoSource({
      name: config.name,
      now: context.now,
      seed: config.seed ?? demoDefaults.seed,
      ...(config.regions !== undefined || config.servicesPerRegion !== undefined
        ? { scale: { regions: config.regions, servicesPerRegion: config.servicesPerRegion } }
        : {}),
    }),
  describe: (config) => ({ seed: config.seed ?? demoDefaults.seed, regions: config.regions ?? null, servicesPerRegion: config.servicesPerRegion ?? null }),
  fromFlags: (flags, existing) => (flags.demo && !existing.some((s) => s.type === 'demo') ? { name: 'demo', type: 'demo' } : null),
});
