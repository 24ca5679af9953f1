#!/usr/bin/env node
// flowsight's command line: `serve` runs the headless hub and serves the renderer (CONTRACT.md).
import { Command, CommanderError } from 'commander';
import { ensureRendererBuilt } from './hub/renderer-build';
import { startHub } from './hub/hub';
import { ConfigError, FlagError, resolveServeOptions, type ServeFlags } from './hub/serve-options';

const EXIT_USAGE = 2;

function fail(message: string): never {
  process.stderr.write(`flowsight: ${message}\n`);
  process.exit(EXIT_USAGE);
}

async function serve(flags: ServeFlags): Promise<void> {
  let options;
  try {
    options = resolveServeOptions(flags);
  } catch (error) {
    if (error instanceof FlagError || error instanceof ConfigError) fail(error.message);
    throw error;
  }
  await ensureRendererBuilt(options.staticDir, (line) => process.stderr.write(`${line}\n`));
  let hub;
  try {
    hub = await startHub({ ...options, log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`--port: ${options.port} is already in use on ${options.host}`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') fail(`--host: cannot bind ${options.host}`);
    if (code === 'EACCES') fail(`--port: no permission to bind ${options.port}`);
    fail((error as Error).message);
  }
  process.stdout.write(`flowsight listening on ${hub.url}\n`);
  const stop = (): void => {
    void hub.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const program = new Command()
  .name('flowsight')
  .description('Live service-topology visualiser')
  .exitOverride()
  .configureOutput({ writeErr: () => undefined });

program
  .command('serve')
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
  .action((flags: ServeFlags) => serve(flags));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) process.exit(0);
    fail(error.message.replace(/^error:\s*/, ''));
  }
  process.stderr.write(`flowsight: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
