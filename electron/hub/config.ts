// The hub's configuration: a YAML file validated by a strict schema, with every error naming the file,
// line and key (CONTRACT.md). Unknown keys are errors: a typo must never silently drop a setting.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { maxAgeKey } from './source-freshness';

const seconds = z.number().positive().max(86_400);
const regionLabels = z.strictObject({ source: z.string().min(1), destination: z.string().min(1) });
const nameField = z.string().min(1).max(200);

const prometheusSource = z.strictObject({
  name: nameField,
  type: z.literal('prometheus'),
  url: z.url({ protocol: /^https?$/ }),
  preset: z.enum(['istio', 'linkerd', 'servicegraph', 'custom']).default('istio'),
  regionLabels: regionLabels.optional(),
  /** PromQL range for rate(); at least 4× the scrape interval (Prometheus docs on rate()). */
  rateWindow: z.string().regex(/^\d+(ms|s|m|h)$/, 'a PromQL duration such as 1m or 30s').default('1m'),
  timeout: seconds.optional(),
  interval: seconds.optional(),
  /** How old the data may be before it is stale (see source-freshness.ts). */
  maxAge: maxAgeKey,
  basicAuth: z.strictObject({ username: z.string(), password: z.string() }).optional(),
  bearerToken: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
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
});

const demoSource = z.strictObject({
  name: nameField,
  type: z.literal('demo'),
  seed: z.number().int().optional(),
  regions: z.number().int().min(1).max(50).optional(),
  servicesPerRegion: z.number().int().min(1).max(5000).optional(),
  interval: seconds.optional(),
  /** How old the data may be before it is stale (see source-freshness.ts). */
  maxAge: maxAgeKey,
});

const vizceralSource = z.strictObject({
  name: nameField,
  type: z.literal('vizceral'),
  path: z.string().min(1),
  interval: seconds.optional(),
  /** How old the data may be before it is stale (see source-freshness.ts). */
  maxAge: maxAgeKey,
});

const source = z.discriminatedUnion('type', [prometheusSource, demoSource, vizceralSource]);

const configSchema = z
  .strictObject({
    interval: seconds.default(5),
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    token: z.string().min(1).optional(),
    viewerTokens: z.array(z.string().min(1)).optional(),
    allowedOrigins: z.array(z.string().min(1)).optional(),
    tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
    thresholds: z
      .strictObject({ warning: z.number().min(0).max(1), danger: z.number().min(0).max(1) })
      .refine((t) => t.warning <= t.danger, 'warning must not exceed danger')
      .optional(),
    sources: z.array(source).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.sources.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'name'], message: `duplicate source name "${s.name}"` });
      seen.add(s.name);
      if (s.type === 'prometheus' && s.preset === 'custom' && !s.queries) {
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'queries'], message: 'preset custom needs queries (requests, sourceLabel, destinationLabel)' });
      }
    });
  });

export type FlowsightConfig = z.infer<typeof configSchema>;
export type SourceConfig = FlowsightConfig['sources'][number];
export type PrometheusSourceConfig = z.infer<typeof prometheusSource>;

/** A configuration error, already phrased as the one line the CLI prints. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(top level)';
}

/** Finds the YAML node for a path; for an unknown key, the key itself. Falls back to the nearest parent. */
function locate(root: YamlNode | null, path: readonly PropertyKey[], unknownKey?: string): number | undefined {
  let node: unknown = root;
  let offset: number | undefined = (root as { range?: [number] } | null)?.range?.[0];
  const walk = unknownKey === undefined ? path : [...path, unknownKey];
  for (const part of walk) {
    if (!node || typeof node !== 'object' || !('items' in node)) break;
    const items = (node as { items: unknown[] }).items;
    let next: unknown;
    if (typeof part === 'number') next = items[part];
    else {
      const pair = items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === part);
      if (pair && isPair(pair)) {
        const keyNode = pair.key as { range?: [number] };
        if (part === unknownKey) return keyNode.range?.[0];
        next = pair.value;
        offset = keyNode.range?.[0] ?? offset;
      }
    }
    if (next === undefined || next === null) break;
    const range = (next as { range?: [number] }).range;
    if (range) offset = range[0];
    node = next;
  }
  return offset;
}

/** Parses and validates YAML text. `file` is only used to phrase errors. */
export function parseConfig(text: string, file: string): FlowsightConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw new ConfigError(`${file}:${lineOf(yamlError.pos[0])}: invalid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const raw: unknown = doc.toJS() ?? {};
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new ConfigError(`${file}:1: (top level): expected a mapping of keys (interval, sources, ...)`);
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const line = lineOf(locate(doc.contents, issue.path, key));
    throw new ConfigError(`${file}:${line}: ${keyPath([...issue.path, key])}: unknown key`);
  }
  const line = lineOf(locate(doc.contents, issue.path));
  const message = /received undefined$/.test(issue.message) ? 'required key is missing' : issue.message;
  throw new ConfigError(`${file}:${line}: ${keyPath(issue.path)}: ${message}`);
}

/** Reads a config file; relative source paths are resolved against the file's folder. */
export function loadConfig(file: string): FlowsightConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${file}:0: cannot read config file (${code})`);
  }
  const config = parseConfig(text, file);
  const base = dirname(resolve(file));
  for (const s of config.sources) if (s.type === 'vizceral') s.path = resolve(base, s.path);
  if (config.tls) config.tls = { cert: resolve(base, config.tls.cert), key: resolve(base, config.tls.key) };
  return config;
}
