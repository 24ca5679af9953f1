// `serve --scenario` end to end over real HTTP: the shipped names resolve, a bad file exits 2 with one
// file:line:key line, /api/status names the scenario and step, and a display answers the prompt by POST.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'electron', 'cli.ts');
const DRILL = join(process.cwd(), 'test', 'fixtures', 'scenarios', 'quick-drill.yaml');
const children: ChildProcess[] = [];

/**
 * Signals the whole process group: `tsx` runs the hub as its own child, and a signal to `tsx` alone that is
 * followed by a SIGKILL before it relays leaves that hub running after the test.
 */
function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, name);
  } catch {
    // already gone
  }
}

afterAll(() => {
  for (const child of children) signal(child, 'SIGKILL');
});

/** Starts serve; resolves with its URL once listening, or with its exit code and stderr. */
function serve(args: string[]): Promise<{ url?: string; code?: number | null; stderr: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(child);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout} ${stderr}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^flowsight listening on (http:\/\/\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, stderr, child });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, child });
    });
  });
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Status {
  sources: { name: string; type: string }[];
  scenario: { name: string; step: string | null; track: string; prompt: { id: string } | null; ended: boolean; choices: { choice: string }[] } | null;
}

describe('serve --scenario', () => {
  it('exits 2 with one line naming the file, line and key of a bad scenario', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'flowsight-scenario-')), 'bad.yaml');
    writeFileSync(file, 'name: bad\ntitle: Bad\nsource: { title: x, url: https://example.com/ }\nsteps:\n  - at: 0s\n    outage: { region: mars-1 }\n');
    const result = await serve(['--scenario', file]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([`flowsight: ${file}:6: steps[0].outage.region: no region "mars-1" in the demo (regions: us-east-1, eu-west-1, ap-southeast-2)`]);
    const unknown = await serve(['--scenario', 'meteor-strike']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^flowsight: --scenario: no shipped scenario "meteor-strike" \(shipped: error-burst, evacuation, region-outage\)/);
  });

  it('refuses to mix a rehearsal with a real source', async () => {
    const result = await serve(['--scenario', 'evacuation', '--prometheus', 'http://127.0.0.1:9']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^flowsight: --scenario: plays on the built-in demo only; remove the prometheus source "prometheus"/);
  });

  it('plays a shipped scenario by name: /api/status names it and its step', async () => {
    const hub = await serve(['--scenario', 'region-outage', '--interval', '1']);
    expect(hub.url).toBeDefined();
    const status = (await (await fetch(hub.url + 'api/status')).json()) as Status;
    expect(status.scenario).toMatchObject({ name: 'region-outage', step: 'quiet-morning', track: 'main', ended: false });
    expect(status.sources).toEqual([expect.objectContaining({ name: 'region-outage', type: 'scenario' })]);
    signal(hub.child, 'SIGTERM');
  });

  it('takes a display\'s answer to the waiting prompt and branches', async () => {
    const hub = await serve(['--scenario', DRILL, '--interval', '1']);
    const url = hub.url!;
    const answer = (body: unknown) => fetch(url + 'api/scenario/answer', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const waiting = await until(async () => ((await (await fetch(url + 'api/status')).json()) as Status).scenario?.prompt?.id);
    expect(waiting).toBe('drain-or-wait');
    const bad = await answer({ prompt: 'drain-or-wait' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'choice: expected a non-empty string' });
    const wrong = await answer({ prompt: 'drain-or-wait', choice: 'panic' });
    expect(wrong.status).toBe(409);
    expect(((await wrong.json()) as { error: string }).error).toBe('no choice "panic" (choices: drain, wait)');
    expect((await answer({ prompt: 'drain-or-wait', choice: 'drain' })).status).toBe(200);
    expect((await answer({ prompt: 'drain-or-wait', choice: 'drain' })).status).toBe(409);
    const ended = await until(async () => {
      const s = ((await (await fetch(url + 'api/status')).json()) as Status).scenario;
      return s?.ended ? s : undefined;
    });
    expect(ended.track).toBe('drain');
    expect(ended.choices.map((c) => c.choice)).toEqual(['drain']);
    const graph = (await (await fetch(url + 'api/graph')).json()) as { connections: { source: string; target: string; metrics: { normal: number; danger: number } }[] };
    const intoEast = graph.connections.find((c) => c.source === 'INTERNET' && c.target === 'us-east-1');
    expect(intoEast?.metrics.normal ?? 0).toBe(0);
    signal(hub.child, 'SIGTERM');
  });

  it('needs an operator token to answer where tokens are set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowsight-scenario-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'token: operator-secret-0123456789\nviewerTokens: [viewer-secret-0123456789]\n');
    const hub = await serve(['--config', config, '--scenario', DRILL]);
    const post = (token?: string) =>
      fetch(hub.url + 'api/scenario/answer', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ prompt: 'drain-or-wait', choice: 'drain' }),
      });
    expect((await post()).status).toBe(401);
    expect((await post('viewer-secret-0123456789')).status).toBe(403);
    expect([200, 409]).toContain((await post('operator-secret-0123456789')).status);
    signal(hub.child, 'SIGTERM');
  });
});
