// The hub's configuration: a YAML file validated by a strict schema, with every error naming the file,
// line and key (CONTRACT.md). Unknown keys are errors: a typo must never silently drop a setting.
import { parseGroupBy } from '../../shared/view/islands';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { tokenProblem } from './auth';
import { substituteEnv } from './config-env';
import { knownKeysAt, suggestKey } from './config-hints';
import { sloSchema } from './slo-config';
import { resolveSourcePaths, sourceConfigSchema } from './sources/registry';
import { timelineConfigSchema } from './timeline-config';

const seconds = z.number().positive().max(86_400);

const secret = z.string().superRefine((token, ctx) => {
  const problem = tokenProblem(token);
  if (problem) ctx.addIssue({ code: 'custom', message: `a token ${problem}` });
});

/** A browser origin, exactly: `*` would let any web page drive the hub, so it is refused, not ignored. */
const origin = z.string().superRefine((text, ctx) => {
  if (text.includes('*')) {
    ctx.addIssue({ code: 'custom', message: '"*" would let any web page read and drive this hub; list each origin, e.g. https://noc.example.com' });
    return;
  }
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== text.replace(/\/$/, '').toLowerCase()) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not an origin; write scheme://host[:port], e.g. https://noc.example.com` });
  }
});


const configSchema = z
  .strictObject({
    interval: seconds.default(5),
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    token: secret.optional(),
    viewerTokens: z.array(secret).optional(),
    allowedOrigins: z.array(origin).optional(),
    /** Host names the hub is reached by besides loopback and IP literals (DNS rebinding defence). */
    allowedHosts: z.array(z.string().min(1).regex(/^[A-Za-z0-9.-]+$/, 'a host name such as wall.noc.example')).optional(),
    /** The largest answer or file a source may read; a bigger one fails the poll with "answer larger than N MB". */
    maxResponseMB: z.number().positive().max(4096).default(64),
    tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
    /** Islands: how a big region's services are grouped (`namespace`, or a regular expression with a capture group). */
    groupBy: z
      .string()
      .min(1)
      .refine((value) => {
        try {
          parseGroupBy(value);
          return true;
        } catch {
          return false;
        }
      }, 'namespace, or a regular expression with one capture group (the island\'s name)')
      .optional(),
    /** Regions with more services than this are drawn as islands (default 300). */
    islandsAbove: z.number().int().min(0).optional(),
    thresholds: z
      .strictObject({ warning: z.number().min(0).max(1), danger: z.number().min(0).max(1) })
      .refine((t) => t.warning <= t.danger, 'warning must not exceed danger')
      .optional(),
    sources: z.array(sourceConfigSchema).default([]),
    timeline: timelineConfigSchema.optional(),
    /** Rehearsal capacities: `capacity: {REGION: {SERVICE: requests per second}}`. */
    capacity: z.record(z.string().min(1), z.record(z.string().min(1), z.number().positive())).optional(),
    /** Multiplies a service's observed peak where it has no configured capacity (default 1). */
    headroom: z.number().positive().max(100).optional(),
    slos: z.array(sloSchema).default([]),
    /** Seconds between SLO evaluations. */
    sloInterval: seconds.optional(),
  })
  .superRefine((config, ctx) => {
    const prometheus = config.sources.filter((s) => s.type === 'prometheus');
    config.slos.forEach((slo, i) => {
      const named = slo.source === undefined ? prometheus[0] : prometheus.find((s) => s.name === slo.source);
      if (named === undefined) {
        const message = slo.source === undefined ? 'an SLO needs a prometheus source to query' : `no prometheus source named "${slo.source}"`;
        ctx.addIssue({ code: 'custom', path: ['slos', i, slo.source === undefined ? 'service' : 'source'], message });
      } else if (named.preset === 'custom') {
        ctx.addIssue({ code: 'custom', path: ['slos', i, 'source'], message: `source "${named.name}" uses preset custom: SLOs need istio, linkerd or servicegraph metrics` });
      }
    });
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

/** `sources[1].url`: how an error names a key. Exported for other YAML files (scenarios) to phrase theirs alike. */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(top level)';
}

/** Finds the YAML node for a path; for an unknown key, the key itself. Falls back to the nearest parent. */
export function locate(root: YamlNode | null, path: readonly PropertyKey[], unknownKey?: string): number | undefined {
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

/** Parses and validates YAML text. `file` is only used to phrase errors; `${VAR}` is read from `env`. */
export function parseConfig(text: string, file: string, env: Readonly<Record<string, string | undefined>> = process.env): FlowsightConfig {
  return parseConfigWithNotes(text, file, env).config;
}

/** Every failure, even one the YAML library throws (an alias bomb), becomes one ConfigError line. */
function parseConfigWithNotes(text: string, file: string, env: Readonly<Record<string, string | undefined>>): { config: FlowsightConfig; literalSecrets: number } {
  try {
    return parseChecked(text, file, env);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const message = (error as Error).message.split('\n')[0]!;
    throw new ConfigError(`${file}:1: invalid YAML: ${/alias/i.test(message) ? 'too many aliases (a YAML alias bomb?)' : message}`);
  }
}

function parseChecked(text: string, file: string, env: Readonly<Record<string, string | undefined>>): { config: FlowsightConfig; literalSecrets: number } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw new ConfigError(`${file}:${lineOf(yamlError.pos[0])}: invalid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const substitution = substituteEnv(doc, env);
  if (substitution.missing) {
    const { name, offset, path } = substitution.missing;
    throw new ConfigError(`${file}:${lineOf(offset)}: ${keyPath(path)}: environment variable ${name} is not set`);
  }
  // maxAliasCount bounds the expansion of `&a [*b, *b, …]` chains (a billion laughs) before anything is built.
  const raw: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new ConfigError(`${file}:1: (top level): expected a mapping of keys (interval, sources, ...)`);
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return { config: result.data, literalSecrets: substitution.literalSecrets };
  // An unknown key first: `file:` written for `path:` also makes `path` missing, and the typo is the cause.
  const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const line = lineOf(locate(doc.contents, issue.path, key));
    const hint = suggestKey(key, knownKeysAt(configSchema, raw, issue.path));
    throw new ConfigError(`${file}:${line}: ${keyPath([...issue.path, key])}: unknown key${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  const line = lineOf(locate(doc.contents, issue.path));
  const message = /received undefined$/.test(issue.message) ? 'required key is missing' : issue.message;
  throw new ConfigError(`${file}:${line}: ${keyPath(issue.path)}: ${message}`);
}

export interface LoadOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Warnings that do not stop the hub (a readable file holding tokens); default stderr. */
  warn?: (line: string) => void;
}

/** Reads a config file; relative source paths are resolved against the file's folder. */
export function loadConfig(file: string, options: LoadOptions = {}): FlowsightConfig {
  const warn = options.warn ?? ((line: string) => void process.stderr.write(`flowsight: warning: ${line}\n`));
  let text: string;
  let mode: number;
  try {
    const info = statSync(file);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    mode = info.mode;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`${file}: no such config file`);
    if (code === 'EACCES') throw new ConfigError(`${file}: cannot read config file (permission denied)`);
    if (code === 'EISDIR') throw new ConfigError(`${file}: is a directory, not a config file`);
    throw new ConfigError(`${file}: cannot read config file (${code ?? 'unreadable'})`);
  }
  const { config, literalSecrets } = parseConfigWithNotes(text, file, options.env ?? process.env);
  if (literalSecrets > 0 && process.platform !== 'win32' && (mode & 0o077) !== 0) {
    warn(`${file} holds tokens or passwords and is readable by ${mode & 0o007 ? 'everyone' : 'its group'}; chmod 600 ${file}, or use \${VAR} for the secrets`);
  }
  const base = dirname(resolve(file));
  for (const s of config.sources) resolveSourcePaths(s, (path) => resolve(base, path));
  if (config.tls) config.tls = { cert: resolve(base, config.tls.cert), key: resolve(base, config.tls.key) };
  return config;
}
