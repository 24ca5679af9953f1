// What the desktop app remembers between launches: window bounds, the last view and the last config file,
// in one small JSON file under app.getPath('userData'). The file may be hand-edited, truncated by a crash or
// from an older version, so every field is validated and falls back to its default on its own.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SavedBounds } from './window-options';

export interface ShellState {
  bounds?: SavedBounds;
  maximized: boolean;
  /** The view fragment of the last window that changed view, e.g. `#/region/eu-west`. */
  route: string;
  /** The config file last opened, or null for the built-in demo. */
  configPath: string | null;
}

export const DEFAULT_STATE: ShellState = { maximized: false, route: '#/', configPath: null };
export const STATE_FILE_NAME = 'flowsight-state.json';

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function parseBounds(raw: unknown): SavedBounds | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { x, y, width, height } = raw as Record<string, unknown>;
  if (!finite(width) || !finite(height) || width < 100 || height < 100 || width > 100_000 || height > 100_000) return undefined;
  const bounds: SavedBounds = { width, height };
  if (finite(x) && finite(y)) {
    bounds.x = x;
    bounds.y = y;
  }
  return bounds;
}

export function parseState(raw: unknown): ShellState {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_STATE };
  const record = raw as Record<string, unknown>;
  const state: ShellState = {
    maximized: record['maximized'] === true,
    route: typeof record['route'] === 'string' && record['route'].startsWith('#/') && record['route'].length <= 4096 ? record['route'] : '#/',
    configPath: typeof record['configPath'] === 'string' && record['configPath'] !== '' ? record['configPath'] : null,
  };
  const bounds = parseBounds(record['bounds']);
  if (bounds) state.bounds = bounds;
  return state;
}

export interface StateStore {
  readonly file: string;
  load(): ShellState;
  /** Writes atomically (temp file + rename), so a crash mid-write never leaves a half file. */
  save(state: ShellState): void;
}

export function createStateStore(file: string): StateStore {
  return {
    file,
    load() {
      try {
        return parseState(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        return { ...DEFAULT_STATE }; // first launch, or a file that does not parse
      }
    },
    save(state) {
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, file);
    },
  };
}
