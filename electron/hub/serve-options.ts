import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tokenProblem } from './auth';
import { ConfigError, loadConfig, type FlowsightConfig } from './config';
import { FlagError } from './flag-error';
import { isLoopbackHost } from './loopback';
import type { HubOptions } from './hub';
import { loadScenario } from './scenario-file';
import { DEFAULT_SOURCE, sourcesFromFlags } from './sources/registry';

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
  /** A shipped scenario name or a scenario file: a rehearsal on the demo. */
  scenario?: string;
}

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

/**
 * Merges flags over the config file (flags win) into the hub's options. Throws FlagError or ConfigError
 * with the one line the CLI prints before exiting with code 2.
 */
export function resolveServeOptions(flags: ServeFlags, staticDir = defaultStaticDir()): HubOptions & { config: FlowsightConfig | null } {
  const config = flags.config ? loadConfig(flags.config) : null;
  if (flags.token !== undefined) {
    const problem = tokenProblem(flags.token);
    if (problem) throw new FlagError(`--token: ${problem}`);
  }
  // Each source type reads its own flags (--prometheus, --preset, --rate-window, --demo).
  const sources = sourcesFromFlags(config?.sources ?? [], flags);
  const rehearsal = flags.scenario !== undefined ? loadScenario(flags.scenario) : null;
  if (rehearsal) {
    // A rehearsal never mixes with real traffic or real alerts: a display must not show scripted errors beside live ones.
    const real = sources.find((s) => s.type !== 'demo');
    if (real) throw new FlagError(`--scenario: plays on the built-in demo only; remove the ${real.type} source "${real.name}" (or --prometheus)`);
    sources.length = 0;
  } else if (!sources.some((s) => s.type !== 'alertmanager')) {
    // An Alertmanager alone draws no traffic: the demo then stands in, as with no source at all.
    sources.push({ ...DEFAULT_SOURCE });
  }
  const host = flags.host ?? config?.host ?? DEFAULT_HOST;
  const port = flags.port !== undefined ? parsePort(flags.port) : (config?.port ?? DEFAULT_PORT);
  const interval = flags.interval !== undefined ? parseInterval(flags.interval) : (config?.interval ?? 5);
  const tokens = flags.token !== undefined ? [flags.token] : config?.token ? [config.token] : [];
  const viewerTokens = config?.viewerTokens ?? [];
  if (!isLoopbackHost(host) && tokens.length + viewerTokens.length === 0) {
    throw new FlagError(`--host: binding ${host} needs --token SECRET (displays off this machine must authenticate)`);
  }
  const options: HubOptions & { config: FlowsightConfig | null } = { host, port, interval, sources, tokens, viewerTokens, staticDir, config };
  if (rehearsal) options.scenario = rehearsal.scenario;
  if (config?.thresholds) options.thresholds = config.thresholds;
  if (config?.groupBy !== undefined || config?.islandsAbove !== undefined) {
    options.islands = { ...(config.groupBy !== undefined ? { groupBy: config.groupBy } : {}), ...(config.islandsAbove !== undefined ? { above: config.islandsAbove } : {}) };
  }
  if (config?.timeline) options.timeline = config.timeline;
  if (config) options.maxResponseMB = config.maxResponseMB;
  if (config?.capacity) options.capacity = config.capacity;
  if (config?.headroom !== undefined) options.headroom = config.headroom;
  if (config?.allowedOrigins) options.allowedOrigins = config.allowedOrigins;
  if (config?.allowedHosts) options.allowedHosts = config.allowedHosts;
  if (config?.tls) options.tls = config.tls;
  if (config?.slos.length) options.slos = config.slos;
  if (config?.sloInterval !== undefined) options.sloInterval = config.sloInterval;
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

export { ConfigError, FlagError };
