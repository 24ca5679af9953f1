// The hub's configuration: a YAML file validated by a strict schema, with every error naming the file,
// line and key (CONTRACT.md). Unknown keys are errors: a typo must never silently drop a setting.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { resolveSourcePaths, sourceConfigSchema } from './sources/registry';
import { timelineConfigSchema } from './timeline-config';

const seconds = z.number().positive().max(86_400);

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
    sources: z.array(sourceConfigSchema).default([]),
    timeline: timelineConfigSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.sources.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'name'], message: `duplicate source name "${s.name}"` });
      seen.add(s.name);
    });
  });

export type FlowsightConfig = z.infer<typeof configSchema>;
export type { SourceConfig } from './sources/registry';
export type { PrometheusSourceConfig } from './sources/types/prometheus';

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
  for (const s of config.sources) resolveSourcePaths(s, (path) => resolve(base, path));
  if (config.tls) config.tls = { cert: resolve(base, config.tls.cert), key: resolve(base, config.tls.key) };
  return config;
}
