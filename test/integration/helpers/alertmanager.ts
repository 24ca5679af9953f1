// A real Alertmanager (/usr/bin/prometheus-alertmanager, Debian's prometheus-alertmanager) for integration
// tests: a temp storage dir, a free loopback port, clustering off, one receiver that sends nothing.
// Alerts and silences go in through its own API v2, as Prometheus and amtool would send them.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemon } from './daemon';
import { freePort } from './prometheus';

export const ALERTMANAGER_BINARY = process.env.ALERTMANAGER_BINARY ?? '/usr/bin/prometheus-alertmanager';

export interface PostedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface RealAlertmanager {
  url: string;
  /** POST /api/v2/alerts. */
  post(alerts: PostedAlert[]): Promise<void>;
  /** POST /api/v2/silences with equality matchers; returns the silence id. */
  silence(matchers: Record<string, string>, minutes?: number): Promise<string>;
  /** GET /api/v2/alerts, raw. */
  alerts(): Promise<unknown[]>;
  /** Kills it (SIGKILL) and waits until it is gone. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startAlertmanager(): Promise<RealAlertmanager> {
  if (!existsSync(ALERTMANAGER_BINARY)) {
    throw new Error(`no Alertmanager at ${ALERTMANAGER_BINARY}: apt-get install prometheus-alertmanager, or set ALERTMANAGER_BINARY`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'flowsight-alertmanager-'));
  const port = await freePort();
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, ['route:', '  receiver: nobody', 'receivers:', '  - name: nobody', ''].join('\n'));
  const args = [
    `--config.file=${configFile}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ];
  const url = `http://127.0.0.1:${port}`;
  const server = daemon('alertmanager', ALERTMANAGER_BINARY, args, `${url}/-/ready`);
  const stop = server.stop;

  async function send(path: string, body: unknown): Promise<Response> {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status} ${await response.text()}`);
    return response;
  }

  await server.launch();
  return {
    url,
    async post(alerts) {
      await send('/api/v2/alerts', alerts);
    },
    async silence(matchers, minutes = 60) {
      const start = new Date();
      const response = await send('/api/v2/silences', {
        matchers: Object.entries(matchers).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + minutes * 60_000).toISOString(),
        createdBy: 'flowsight tests',
        comment: 'integration test',
      });
      return ((await response.json()) as { silenceID: string }).silenceID;
    },
    async alerts() {
      return (await (await fetch(`${url}/api/v2/alerts`)).json()) as unknown[];
    },
    stop,
    restart: server.launch,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
