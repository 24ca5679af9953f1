// One real server process for integration tests (Prometheus, Alertmanager): spawned with the given arguments,
// ready when its `/-/ready` answers 200, killed with SIGKILL (as a crash would) and started again on demand.
// Waits by polling, never by fixed sleeps; keeps the last 4 kB of its stderr for error messages.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Daemon {
  /** Starts the process and waits until `readyUrl` answers 200 (30 s at most). */
  launch(): Promise<void>;
  /** Kills it (SIGKILL) and waits until it is gone; a no-op when it is not running. */
  stop(): Promise<void>;
  /** The end of what it printed on stderr since the last launch. */
  log(): string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function daemon(name: string, binary: string, args: readonly string[], readyUrl: string): Daemon {
  let child: ChildProcess | null = null;
  let log = '';
  return {
    async launch() {
      log = '';
      const started = spawn(binary, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      child = started;
      started.stderr?.on('data', (chunk: Buffer) => {
        log = (log + chunk.toString('utf8')).slice(-4_000);
      });
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        if (started.exitCode !== null) throw new Error(`${name} exited with ${started.exitCode}:\n${log}`);
        try {
          if ((await fetch(readyUrl)).ok) return;
        } catch {
          // Not listening yet.
        }
        await sleep(100);
      }
      throw new Error(`${name} not ready within 30 s:\n${log}`);
    },
    async stop() {
      const running = child;
      child = null;
      if (running === null || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
    log: () => log,
  };
}
