import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the renderer with Vite when dist/renderer is missing or older than its sources, so that
 * `npm run serve` on a fresh clone, or after an edit, serves the current page. In a packaged app there
 * are no sources beside the bundle, and nothing is built.
 */
export async function ensureRendererBuilt(staticDir: string, log: (line: string) => void): Promise<void> {
  const root = dirname(dirname(staticDir));
  const sources = [join(root, 'renderer'), join(root, 'shared')].filter((dir) => existsSync(dir));
  const configFile = join(root, 'vite.config.ts');
  if (sources.length === 0 || !existsSync(configFile)) return;
  const index = join(staticDir, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(...sources.map(newestMtime), statSync(configFile).mtimeMs);
  if (built >= newest) return;
  log('flowsight: building the renderer (first run or sources changed)…');
  try {
    const { build } = await import('vite');
    await build({ configFile, root: join(root, 'renderer'), logLevel: 'error' });
  } catch (error) {
    // The hub's API and stream are still worth serving; the page will say 404 until the build is fixed.
    log(`flowsight: renderer build failed, serving the API only: ${(error as Error).message.split('\n')[0]}`);
  }
}
