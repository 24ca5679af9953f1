// The one way a process serves flowsight: parse `serve` flags, build the renderer if needed, start the hub,
// print the listening line (CONTRACT.md), stop cleanly on a signal. Used by `serve` (cli.ts) and `npm start`.
import { Command, CommanderError } from 'commander';
import { startHub, type RunningHub } from './hub';
import { ensureRendererBuilt } from './renderer-build';
import { ConfigError, FlagError, resolveServeOptions, type ServeFlags } from './serve-options';

const EXIT_USAGE = 2;

/** Prints one `flowsight: …` line and exits 2: bad flags, bad config, an address that cannot be bound. */
export function fail(message: string): never {
  process.stderr.write(`flowsight: ${message}\n`);
  process.exit(EXIT_USAGE);
}

/** The `serve` command's flags, for `--help` and for parsing. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the headless hub and serve the renderer over HTTP')
    .option('--host <addr>', 'address to bind (default 127.0.0.1)')
    .option('--port <n>', 'port; 0 picks a free one (default 7300)')
    .option('--config <file>', 'YAML config; flags override it')
    .option('--demo', 'add the built-in demo source (on when no other source is given)')
    .option('--prometheus <url>', 'a Prometheus-compatible HTTP API')
    .option('--preset <name>', 'istio, linkerd or servicegraph (default istio)')
    .option('--rate-window <duration>', 'the PromQL rate() window, at least 4 × the scrape interval (default 1m)')
    .option('--interval <s>', 'poll interval in seconds (default 5)')
    .option('--token <secret>', 'required for a non-loopback --host; clients send Authorization: Bearer SECRET')
    .option('--tls-cert <file>', 'serve HTTPS/WSS with this certificate (PEM); needs --tls-key')
    .option('--tls-key <file>', 'the private key (PEM) for --tls-cert')
    .option('--scenario <name|file>', 'rehearse a scripted incident on the demo: region-outage, error-burst, evacuation, or a scenario file')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
}

/**
 * `npm run serve --prometheus X` (no `--`) hands `--prometheus` to npm itself, which exports it as
 * `npm_config_prometheus` and passes only `X` on: the flag the user meant, or undefined.
 */
export function flagSwallowedByNpm(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.npm_lifecycle_event !== 'serve' && env.npm_lifecycle_event !== 'start') return undefined;
  const flags = serveCommand().options.map((option) => option.long?.replace(/^--/, '') ?? '');
  return flags.find((flag) => flag !== '' && env[`npm_config_${flag.replace(/-/g, '_')}`] !== undefined);
}

/** Parses `serve` flags; a bad flag exits 2 with one line naming it. */
export function parseServeArgs(args: readonly string[]): ServeFlags {
  const swallowed = flagSwallowedByNpm();
  if (swallowed !== undefined) {
    fail(`npm took --${swallowed} for itself; put -- before the flags: npm run ${process.env.npm_lifecycle_event} -- --${swallowed} …`);
  }
  const command = serveCommand().allowExcessArguments(false);
  try {
    command.parse([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) process.exit(0);
      fail(error.message.replace(/^error:\s*/, ''));
    }
    throw error;
  }
  return command.opts<ServeFlags>();
}

export interface ServeRun {
  hub: RunningHub;
  tokens: string[];
}

/**
 * Serves until a signal. `anyPortIfDefaultBusy`: `npm start` should just work when a `serve` already holds
 * the default port, so it takes a free one; an explicit `--port` that is busy is an error.
 */
export async function runServe(flags: ServeFlags, options: { anyPortIfDefaultBusy?: boolean; onStop?: () => void } = {}): Promise<ServeRun> {
  let resolved;
  try {
    resolved = resolveServeOptions(flags);
  } catch (error) {
    if (error instanceof FlagError || error instanceof ConfigError) fail(error.message);
    throw error;
  }
  await ensureRendererBuilt(resolved.staticDir, (line) => process.stderr.write(`${line}\n`));
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  // A promise some library forgot to handle must not take the wall's picture down with it: log it, keep serving.
  process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`));
  let hub: RunningHub;
  try {
    hub = await startHub({ ...resolved, log });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && options.anyPortIfDefaultBusy && flags.port === undefined) hub = await startHub({ ...resolved, port: 0, log });
    else if (code === 'EADDRINUSE') fail(`--port: ${resolved.port} is already in use on ${resolved.host}`);
    else if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') fail(`--host: cannot bind ${resolved.host}`);
    else if (code === 'EACCES') fail(`--port: no permission to bind ${resolved.port}`);
    else fail((error as Error).message);
  }
  if (resolved.scenario) log(`rehearsal: scenario ${resolved.scenario.name} ("${resolved.scenario.title}") on the demo; not live data`);
  process.stdout.write(`flowsight listening on ${hub.url}\n`);
  const stop = (): void => {
    options.onStop?.();
    void hub.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { hub, tokens: resolved.tokens ?? [] };
}
