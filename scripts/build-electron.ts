// `npm run build:electron`: bundles the main process and the preload with esbuild into dist/electron/, the
// files electron-builder packs (electron-builder.yml) and `npm start` runs when an Electron binary exists.
// - main.js is ESM (package.json "type": "module"; Electron loads ESM main scripts since v28). Its CommonJS
//   dependencies (ws, prom-client, yaml) get a real `require` through createRequire.
// - preload.cjs is CommonJS: a sandboxed preload is run as a plain script and cannot use `import`
//   (https://www.electronjs.org/docs/latest/tutorial/esm#sandboxed-preload-scripts-cant-use-esm-imports).
// `electron` is provided by the runtime, so it stays external; so does `vite`, which the hub only imports to
// rebuild the renderer in a source checkout and never in a packaged app.
import { build, type BuildOptions } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface ElectronBundle {
  main: string;
  preload: string;
}

export async function buildElectron(options: { minify?: boolean; outDir?: string } = {}): Promise<ElectronBundle> {
  const outDir = options.outDir ?? join(root, 'dist', 'electron');
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    minify: options.minify ?? false,
    logLevel: 'warning',
    legalComments: 'linked',
  };
  const bundle: ElectronBundle = { main: join(outDir, 'main.js'), preload: join(outDir, 'preload.cjs') };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'main.ts')],
      outfile: bundle.main,
      format: 'esm',
      external: ['electron', 'vite', 'bufferutil', 'utf-8-validate'],
      banner: { js: "import { createRequire as __flowsightCreateRequire } from 'node:module'; const require = __flowsightCreateRequire(import.meta.url);" },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'electron', 'preload.ts')],
      outfile: bundle.preload,
      format: 'cjs',
      // The sandboxed preload's require() knows only electron and a few Node shims: everything else is inlined.
      external: ['electron'],
    }),
  ]);
  return bundle;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildElectron({ minify: process.argv.includes('--minify') })
    .then((bundle) => process.stdout.write(`built ${bundle.main}\nbuilt ${bundle.preload}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`build:electron failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
