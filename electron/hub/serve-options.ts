import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type FlowsightConfig, type SourceConfig } from './config';
import type { HubOptions } from './hub';

/** The `serve` flags as parsed (strings where the user typed them), before merging with a config file. */
export interface ServeFlags {
  host?: string;
  port?: string;
  config?: string;
  demo?: boolean;
  prometheus?: string;
  preset?: string;
  interval?: string;
  token?: string;
  rateWindow?: string;
  tlsCert?: string;
  tlsKey?: string;
}

export class FlagError extends Error {
  override name = 'FlagError';
}

const PRESETS = ['istio', 'linkerd', 'servicegraph', 'custom'] as const;
type Preset = (typeof PRESETS)[number];

export const DEFAULT_PORT = 7300;
export const DEFAULT_HOST = '127.0.0.1';

/** Where the built renderer lives relative to this module, in the repo (tsx) and in the bundle. */
export function defaultStaticDir(): string {
  return fileURLToPath(new URL('../../dist/renderer', import.meta.url));
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65_535) throw new FlagError(`--port: expected a port number 0-65535, got "${text}"`);
  return Number(text);
}

function parseInterval(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 86_400) throw new FlagError(`--interval: expected seconds > 0, got "${text}"`);
  return value;
}

function parseUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return text;
  } catch {
    throw new FlagError(`--prometheus: expected an http(s) URL, got "${text}"`);
  }
}

/**
 * Merges flags over the config file (flags win) into the hub's options. Throws FlagError or ConfigError
 * with the one line the CLI prints before exiting with code 2.
 */
export function resolveServeOptions(flags: ServeFlags, staticDir = defaultStaticDir()): HubOptions & { config: FlowsightConfig | null } {
  const config = flags.config ? loadConfig(flags.config) : null;
  if (flags.preset !== undefined && !(PRESETS as readonly string[]).includes(flags.preset)) {
    throw new FlagError(`--preset: expected one of ${PRESETS.join(', ')}, got "${flags.preset}"`);
  }
  if (flags.preset === 'custom') throw new FlagError('--preset: custom needs queries; set them in a --config file');
  if (flags.rateWindow !== undefined && !/^(auto|\d+(ms|s|m|h))$/.test(flags.rateWindow)) {
    throw new FlagError(`--rate-window: expected auto or a PromQL duration such as 1m or 30s, got "${flags.rateWindow}"`);
  }
  if (flags.token !== undefined && flags.token.length === 0) throw new FlagError('--token: must not be empty');
  const sources: SourceConfig[] = [...(config?.sources ?? [])];
  if (flags.prometheus !== undefined) {
    const url = parseUrl(flags.prometheus);
    const name = sources.some((s) => s.name === 'prometheus') ? 'prometheus-cli' : 'prometheus';
    sources.push({ name, type: 'prometheus', url, preset: (flags.preset ?? 'istio') as Preset, rateWindow: flags.rateWindow ?? 'auto' });
  } else if (flags.preset !== undefined) {
    // --preset applies to the Prometheus sources of the config that did not name one.
    for (const s of sources) if (s.type === 'prometheus') s.preset = flags.preset as Preset;
  }
  if (flags.rateWindow !== undefined && flags.prometheus === undefined) {
    for (const s of sources) if (s.type === 'prometheus') s.rateWindow = flags.rateWindow;
  }
  if ((flags.demo || sources.length === 0) && !sources.some((s) => s.type === 'demo')) {
    sources.push({ name: 'demo', type: 'demo' });
  }
  const host = flags.host ?? config?.host ?? DEFAULT_HOST;
  const port = flags.port !== undefined ? parsePort(flags.port) : (config?.port ?? DEFAULT_PORT);
  const interval = flags.interval !== undefined ? parseInterval(flags.interval) : (config?.interval ?? 5);
  const tokens = flags.token !== undefined ? [flags.token] : config?.token ? [config.token] : [];
  const viewerTokens = config?.viewerTokens ?? [];
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
  if (!loopback && tokens.length + viewerTokens.length === 0) {
    throw new FlagError(`--host: binding ${host} needs --token SECRET (displays off this machine must authenticate)`);
  }
  const options: HubOptions & { config: FlowsightConfig | null } = { host, port, interval, sources, tokens, viewerTokens, staticDir, config };
  if (config?.thresholds) options.thresholds = config.thresholds;
  if (config?.allowedOrigins) options.allowedOrigins = config.allowedOrigins;
  if (config?.tls) options.tls = config.tls;
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    throw new FlagError(flags.tlsCert === undefined ? '--tls-key: needs --tls-cert too' : '--tls-cert: needs --tls-key too');
  }
  if (flags.tlsCert !== undefined && flags.tlsKey !== undefined) {
    for (const [flag, path] of [['--tls-cert', flags.tlsCert], ['--tls-key', flags.tlsKey]] as const) {
      if (!existsSync(path)) throw new FlagError(`${flag}: no such file: ${path}`);
    }
    options.tls = { cert: flags.tlsCert, key: flags.tlsKey };
  }
  return options;
}

export { ConfigError };
