// scripts/build-electron.ts produces what Electron loads: an ESM main bundle that evaluates with `electron`
// as its only outside import, and a CommonJS preload that requires nothing but `electron` (a sandboxed
// preload's require() knows no other module). Electron itself cannot be downloaded here, so the main bundle
// is evaluated under Node with a stand-in `electron`: outside Electron it must only export.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, type ElectronBundle } from '../../scripts/build-electron';

const run = promisify(execFile);
let dir: string;
let bundle: ElectronBundle;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowsight-bundle-'));
  bundle = await buildElectron({ outDir: join(dir, 'electron') });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('buildElectron()', () => {
  it('bundles the preload as CommonJS that requires only electron', () => {
    const preload = readFileSync(bundle.preload, 'utf8');
    expect(bundle.preload.endsWith('preload.cjs')).toBe(true);
    expect([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('bundles main as ESM with electron left to the runtime', () => {
    const main = readFileSync(bundle.main, 'utf8');
    expect(main).toMatch(/^import \{[^}]*\bBrowserWindow\b[^}]*\} from "electron";$/m);
    expect(main).not.toMatch(/require\(["']electron["']\)/);
  });

  it('evaluates the main bundle outside Electron without starting anything', async () => {
    const hook = join(dir, 'electron-stand-in.mjs');
    writeFileSync(
      hook,
      [
        "import { register } from 'node:module';",
        'const source = "export const app = {}, BrowserWindow = {}, Menu = {}, dialog = {}, screen = {}, session = {}, shell = {};";',
        'register(`data:text/javascript,${encodeURIComponent(`export async function resolve(specifier, context, next) {',
        '  if (specifier === "electron") return { url: "data:text/javascript," + encodeURIComponent(${JSON.stringify(source)}), shortCircuit: true };',
        '  return next(specifier, context);',
        '}`)}`);',
      ].join('\n'),
    );
    const script = `import(${JSON.stringify(pathToFileURL(bundle.main).href)}).then((m) => console.log(Object.keys(m).join(',')))`;
    const { stdout } = await run(process.execPath, ['--import', pathToFileURL(hook).href, '--input-type=module', '-e', script], { timeout: 30_000 });
    expect(stdout.trim()).toBe('startShell');
  });
});
