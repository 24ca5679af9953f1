// Starts the real hub (`tsx electron/cli.ts serve …`) as a child process in its own process group, waits
// for its "flowsight listening on URL" line, and kills exactly that group when the test is done.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tsxCli = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'cli.mjs');

export interface RunningHub {
  url: string;
  port: number;
  output(): string;
  /** SIGKILL the whole process group: a crash, not a goodbye. */
  kill(): Promise<void>;
}

export async function startHub(args: readonly string[], timeoutMs = 60_000): Promise<RunningHub> {
  const child: ChildProcess = spawn(process.execPath, [tsxCli, 'electron/cli.ts', 'serve', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start in ${timeoutMs} ms:\n${log}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /flowsight listening on (http:\/\/\S+)/.exec(log);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${log}`));
    });
  });
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    output: () => log,
    kill: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        return; // already gone
      }
      await exited;
    },
  };
}
