import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'electron', 'cli.ts');

/** Runs `flowsight serve ARGS` until it prints its listening line (then stops it) or exits. */
function serve(args: string[], timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string; url?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start or exit in time: ${stdout} ${stderr}`));
    }, timeoutMs);
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^flowsight listening on (http:\/\/\S+)$/m.exec(stdout);
      if (!match || started) return;
      started = true;
      clearTimeout(timer);
      const url = match[1]!;
      void fetch(url + 'healthz')
        .then((r) => r.status)
        .catch(() => 0)
        .then((health) => {
          child.once('exit', (code) => resolve({ code, stdout, stderr, url: health === 200 ? url : undefined }));
          child.kill('SIGTERM');
        });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      if (started) return;
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('flowsight serve', () => {
  it('prints one listening line with the picked port and answers /healthz', async () => {
    const result = await serve(['--port', '0', '--demo']);
    expect(result.stdout).toMatch(/^flowsight listening on http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(result.url).toBeDefined();
  });

  it('exits 2 with one line naming a bad flag', async () => {
    const result = await serve(['--interval', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['flowsight: --interval: expected seconds > 0, got "soon"']);
    expect((await serve(['--colour', 'blue'])).code).toBe(2);
  });

  it('exits 2 naming the file, line and key of a bad config', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'flowsight-cli-')), 'bad.yaml');
    writeFileSync(file, 'interval: 5\nsources:\n  - name: prod\n    type: prometheus\n    url: http://127.0.0.1:9090\n    preset: envoy\n');
    const result = await serve(['--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(new RegExp(`^flowsight: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6: sources\\[0\\]\\.preset: `));
  });

  it('refuses to bind a non-loopback address without a token', async () => {
    const result = await serve(['--host', '0.0.0.0', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--token/);
  });
});
