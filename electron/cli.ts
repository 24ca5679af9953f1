#!/usr/bin/env node
// flowsight's command line: `serve` runs the headless hub and serves the renderer (CONTRACT.md).
import { Command, CommanderError } from 'commander';
import { fail, flagSwallowedByNpm, runServe, serveCommand } from './hub/run-serve';
import type { ServeFlags } from './hub/serve-options';

const program = new Command()
  .name('flowsight')
  .description('Live service-topology visualiser')
  .exitOverride()
  .configureOutput({ writeErr: () => undefined });

program.addCommand(serveCommand().action(async (flags: ServeFlags) => void (await runServe(flags))));

const swallowed = flagSwallowedByNpm();
if (swallowed !== undefined) {
  fail(`npm took --${swallowed} for itself; put -- before the flags: npm run ${process.env.npm_lifecycle_event} -- --${swallowed} …`);
}
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) process.exit(0);
    fail(error.message.replace(/^error:\s*/, ''));
  }
  process.stderr.write(`flowsight: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
