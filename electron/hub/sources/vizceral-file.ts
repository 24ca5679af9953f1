import { readFile, stat } from 'node:fs/promises';
import type { Call, SourceBatch } from '../../../shared/model';
import { callsFromVizceral } from '../../../shared/vizceral';
import { SourceError, type Source } from './source';

export interface VizceralFileOptions {
  name: string;
  path: string;
  /** Unused: the data's time is the feed's own (kept so callers need not change). */
  now?: () => number;
}

/**
 * A Vizceral JSON feed on disk, re-read whenever its modification time or size changes, so that existing
 * Vizceral users can point flowsight at the file their job already writes. A bad write keeps the last good read.
 */
export function createVizceralFileSource(options: VizceralFileOptions): Source {
  let cached: { mtimeMs: number; size: number; calls: Call[]; dataAt: number } | null = null;
  return {
    name: options.name,
    type: 'vizceral',
    detail: `Vizceral file ${options.path}`,
    async poll(signal: AbortSignal, at?: number): Promise<SourceBatch> {
      if (at !== undefined) throw new SourceError(`${options.path}: a Vizceral file tells only the present, not ${new Date(at).toISOString()}`);
      let info;
      try {
        info = await stat(options.path);
      } catch (error) {
        throw new SourceError(`${options.path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      }
      if (!cached || cached.mtimeMs !== info.mtimeMs || cached.size !== info.size) {
        let text: string;
        try {
          text = await readFile(options.path, { encoding: 'utf8', signal });
        } catch (error) {
          throw new SourceError(`${options.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch (error) {
          throw new SourceError(`${options.path}: invalid JSON (${(error as Error).message})`);
        }
        try {
          const feed = callsFromVizceral(raw);
          // The data's own time: the feed's `updated`/`serverUpdateTime`, else when the file was written.
          cached = { mtimeMs: info.mtimeMs, size: info.size, calls: feed.calls, dataAt: feed.updated > 0 ? feed.updated : info.mtimeMs };
        } catch (error) {
          throw new SourceError(`${options.path}: ${(error as Error).message}`);
        }
      }
      return { source: options.name, sampledAt: cached.dataAt, calls: cached.calls, seriesRead: cached.calls.length };
    },
  };
}
