// What a source type is: one module per `type:` value exporting its config schema (with defaults) and its
// factory. Config validation, `serve` flags, the hub and /api/status ask the registry (./registry.ts) for
// these, so adding a type is one module plus one line in the registry's list.
import { z } from 'zod';
import type { ServeFlags } from '../serve-options';
import type { Source } from './source';

/** Seconds, as every config key that holds a period takes them. */
export const seconds = z.number().positive().max(86_400);
export const nameField = z.string().min(1).max(200);
export const regionName = z.string().min(1).max(200);
/** A duration as PromQL, Jaeger and Zipkin users write it: `90s`, `15m`, `1h`, `1h30m`. */
export const durationText = z.string().regex(/^(\d+(ms|s|m|h|d|w))+$/, 'a duration such as 30s, 15m or 1h');

/**
 * Keys every source takes, whatever its type. Kept in one place so that per-source settings common to all
 * types (a freshness bound, say) are added once.
 */
export const baseSourceKeys = {
  name: nameField,
  /** Poll interval, seconds; the top-level `interval` when absent. */
  interval: seconds.optional(),
};

/** Keys of every source that reads an HTTP API. */
export const httpSourceKeys = {
  url: z.url({ protocol: /^https?$/ }),
  /** Per-poll timeout, seconds; default most of the interval (at most 10 s). */
  timeout: seconds.optional(),
  basicAuth: z.strictObject({ username: z.string(), password: z.string() }).optional(),
  bearerToken: z.string().min(1).optional(),
  /** Extra request headers, e.g. `X-Scope-OrgID` for Mimir or a tenant header for Tempo. */
  headers: z.record(z.string(), z.string()).optional(),
};

/** A URL fit to show on /api/status and on screen: any `user:password@` removed. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}

/** The strict schema of one `sources:` entry: the base keys, the `type` literal and the type's own keys. */
export function sourceSchema<T extends string, K extends z.ZodRawShape>(type: T, keys: K) {
  return z.strictObject({ ...baseSourceKeys, type: z.literal(type), ...keys });
}

/** A source schema as the registry holds it. */
export type AnySourceSchema = z.ZodObject<{ type: z.ZodLiteral<string>; name: z.ZodString } & z.ZodRawShape>;

export interface SourceContext {
  now: () => number;
  /** The largest answer or file a read may return (config `maxResponseMB`); bounded-read's default when absent. */
  maxResponseBytes?: number;
}

export interface SourceType<S extends AnySourceSchema = AnySourceSchema> {
  readonly type: z.output<S>['type'];
  /** The `sources:` entry of this type, its defaults applied by zod `.default()`. */
  readonly schema: S;
  /** The defaults the schema applies, by key (for /api/status and the README's tables). */
  readonly defaults: Readonly<Partial<z.output<S>>>;
  /** The smallest valid entry, less `name` and `type`: what docs and the registry's own tests start from. */
  readonly example: Readonly<Record<string, unknown>>;
  /** Makes the adapter for one validated entry. Throws on settings the schema cannot judge alone. */
  create(config: z.output<S>, context: SourceContext): Source;
  /** The explicit poll timeout of an entry, seconds, if this type has one. */
  timeoutSeconds?(config: z.output<S>): number | undefined;
  /** Makes config-file-relative paths absolute (`resolve` is relative to the config file's folder). */
  resolvePaths?(config: z.output<S>, resolve: (path: string) => string): void;
  /** What /api/status shows of an entry beyond name and type (never credentials). */
  describe?(config: z.output<S>): Record<string, unknown>;
  /** Checks the `serve` flags this type reads, throwing FlagError naming the flag. */
  checkFlags?(flags: ServeFlags): void;
  /** `serve` flags: an entry this type adds (unparsed; the registry validates it), or null. */
  fromFlags?(flags: ServeFlags, existing: readonly { name: string; type: string }[]): Record<string, unknown> | null;
  /** `serve` flags that override the config file's entries of this type (flags win). */
  applyFlags?(config: z.output<S>, flags: ServeFlags): void;
}

/** Declares a source type; only here so that `config` is typed by the schema in every hook. */
export function defineSourceType<S extends AnySourceSchema>(definition: SourceType<S>): SourceType<S> {
  return definition;
}
