// The source registry: every `type:` a `sources:` entry may name, and the questions the rest of the hub
// asks about an entry (its schema, its adapter, its timeout, its flags). Nothing outside the type modules
// switches on the type. To add a type, write its module (./types/) and list it here.
import { z } from 'zod';
import { FlagError } from '../flag-error';
import type { ServeFlags } from '../serve-options';
import type { Source } from './source';
import type { AnySourceSchema, SourceContext, SourceType } from './source-type';
import { alertmanagerType } from './types/alertmanager';
import { demoType } from './types/demo';
import { jaegerType } from './types/jaeger';
import { prometheusType } from './types/prometheus';
import { vizceralType } from './types/vizceral';
import { zipkinType } from './types/zipkin';

/** Every source type, in the order their `serve` flags add sources. */
export const SOURCE_TYPES = [prometheusType, demoType, vizceralType, jaegerType, zipkinType, alertmanagerType] as const;

type Schemas<T extends readonly SourceType<AnySourceSchema>[]> = { -readonly [K in keyof T]: T[K]['schema'] };

function schemasOf<T extends readonly SourceType<AnySourceSchema>[]>(types: T): Schemas<T> {
  return types.map((t) => t.schema) as Schemas<T>;
}

/** One `sources:` entry of any type, checked by its type's strict schema. */
export const sourceConfigSchema = z.discriminatedUnion('type', schemasOf(SOURCE_TYPES));
export type SourceConfig = z.output<typeof sourceConfigSchema>;

/** The names a `type:` key may take, for error messages and /api/status. */
export const SOURCE_TYPE_NAMES: readonly string[] = SOURCE_TYPES.map((t) => t.type);

/** The module behind an entry. Typed loosely on purpose: the entry has already passed that module's schema. */
export function sourceTypeOf(config: { type: string }): SourceType<AnySourceSchema> {
  const found = SOURCE_TYPES.find((t) => t.type === config.type) as SourceType<AnySourceSchema> | undefined;
  if (!found) throw new Error(`unknown source type "${config.type}" (known: ${SOURCE_TYPE_NAMES.join(', ')})`);
  return found;
}

/** Makes the adapter for one configured source. Timeouts belong to the poller; the source gets them too. */
export function createSource(config: SourceConfig, context: SourceContext): Source {
  return sourceTypeOf(config).create(config, context);
}

/** The entry's own poll timeout, seconds, if it sets one. */
export function explicitTimeout(config: SourceConfig): number | undefined {
  return sourceTypeOf(config).timeoutSeconds?.(config);
}

/** Makes an entry's file paths absolute against the config file's folder. */
export function resolveSourcePaths(config: SourceConfig, resolve: (path: string) => string): void {
  sourceTypeOf(config).resolvePaths?.(config, resolve);
}

/** What /api/status shows of an entry: its type's summary, defaults applied, never credentials. */
export function describeSource(config: SourceConfig): Record<string, unknown> {
  return sourceTypeOf(config).describe?.(config) ?? {};
}

/**
 * Applies the `serve` flags to the config file's entries (flags win) and adds the entries flags name.
 * Throws FlagError naming the flag.
 */
export function sourcesFromFlags(configured: readonly SourceConfig[], flags: ServeFlags): SourceConfig[] {
  for (const type of SOURCE_TYPES) type.checkFlags?.(flags);
  const sources = configured.map((config) => ({ ...config }));
  for (const config of sources) sourceTypeOf(config).applyFlags?.(config, flags);
  for (const type of SOURCE_TYPES) {
    const raw = type.fromFlags?.(flags, sources);
    if (raw) sources.push(parseFlagEntry(raw));
  }
  return sources;
}

function parseFlagEntry(raw: Record<string, unknown>): SourceConfig {
  const result = sourceConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new FlagError(`--${String(raw.type)}: ${issue.path.join('.')}: ${issue.message}`);
}

/** What `serve` polls when neither the config nor the flags name a source. */
export const DEFAULT_SOURCE: SourceConfig = { name: 'demo', type: 'demo' };
