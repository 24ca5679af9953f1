// `npm start`: the desktop app where an Electron binary exists, else the same app served over HTTP.
// On the build machines the Electron download is disabled (package.json allowScripts), so this falls back to
// the headless hub on the demo, prints its URL (CONTRACT.md) and, with Chromium and a display at hand, opens
// it as an app window. Extra arguments pass through: `npm start -- --wall`, `npm start -- --config x.yaml`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRendererBuilt } from './hub/renderer-build';
import { fail, parseServeArgs, runServe } from './hub/run-serve';
import { defaultStaticDir } from './hub/serve-options';
import { pageUrl } from './shell/page-url';
import { splitWallFlag } from './shell/shell-args';

const CHROMIUM = '/usr/bin/chromium';

/** The Electron binary's path: the `electron` package exports it, and throws when the download never happened. */
function findElectronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

async function runElectron(binary: string, args: string[]): Promise<void> {
  await ensureRendererBuilt(defaultStaticDir(), (line) => process.stderr.write(`${line}\n`));
  // scripts/ is outside this project's sources: build in a child, as `npm run build:electron` would.
  const build = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../scripts/build-electron.ts', import.meta.url))], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build:electron failed');
  const main = fileURLToPath(new URL('../dist/electron/main.js', import.meta.url));
  const env = { ...process.env };
  delete env['ELECTRON_RUN_AS_NODE']; // would turn the app into a plain Node process
  const child = spawn(binary, [main, ...args], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function openChromium(url: string, wall: boolean): ChildProcess | null {
  if (!existsSync(CHROMIUM) || !(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'])) return null;
  // A profile of its own, so an already running Chromium does not swallow the window and the wall's kiosk
  // flags apply.
  const profile = mkdtempSync(join(tmpdir(), 'flowsight-chromium-'));
  const flags = [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--no-default-browser-check'];
  if (wall) flags.push('--kiosk');
  const child = spawn(CHROMIUM, flags, { stdio: 'ignore' });
  child.on('error', (error) => process.stderr.write(`flowsight: could not start Chromium: ${error.message}\n`));
  return child;
}

async function runHeadless(args: string[]): Promise<void> {
  const split = splitWallFlag(args);
  if (typeof split === 'string') fail(split);
  const { wall, rest } = split;
  let chromium: ChildProcess | null = null;
  const { hub, tokens } = await runServe(parseServeArgs(rest), { anyPortIfDefaultBusy: true, onStop: () => chromium?.kill() });
  const token = tokens[0] ?? null;
  const url = pageUrl(hub.url, { token, wallSeconds: wall });
  const shown = token ? url.replace(encodeURIComponent(token), 'YOUR_TOKEN') : url;
  process.stdout.write(`flowsight: no Electron binary found, so the desktop app is served instead: open ${shown} in a browser (\`npm run dist\` builds the desktop app)\n`);
  chromium = openChromium(url, wall !== null);
}

const args = process.argv.slice(2);
const binary = findElectronBinary();
(binary ? runElectron(binary, args) : runHeadless(args)).catch((error: unknown) => {
  process.stderr.write(`flowsight: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
