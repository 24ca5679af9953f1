import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'electron', 'cli.ts');

/** Runs `flowsight serve ARGS` until it prints its listening line (then stops it) or exits. */
function serve(args: string[], timeoutMs = 30_000, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; url?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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

  it('exits 2 with one line for a token under 16 bytes, a YAML alias bomb and a missing config file', async () => {
    const short = await serve(['--port', '0', '--token', 'x']);
    expect(short.code).toBe(2);
    expect(short.stderr.trim().split('\n')).toEqual(['flowsight: --token: must be at least 16 bytes (e.g. openssl rand -base64 24)']);

    const file = join(mkdtempSync(join(tmpdir(), 'flowsight-cli-')), 'bomb.yaml');
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    writeFileSync(file, lines.join('\n') + '\n');
    const bomb = await serve(['--config', file]);
    expect(bomb.code).toBe(2);
    expect(bomb.stderr.trim().split('\n')).toHaveLength(1);
    expect(bomb.stderr).toMatch(/too many aliases/);

    const missing = await serve(['--config', '/nonexistent/nope.yaml']);
    expect(missing.stderr.trim()).toBe('flowsight: /nonexistent/nope.yaml: no such config file');
  });

  it('hints at the missing -- when npm took a flag for itself', async () => {
    const result = await serve(['http://127.0.0.1:9090'], 30_000, { npm_lifecycle_event: 'serve', npm_config_prometheus: 'true' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('flowsight: npm took --prometheus for itself; put -- before the flags: npm run serve -- --prometheus …');
  });
});
