import { readFile, stat } from 'node:fs/promises';
import type { SourceBatch } from '../../../shared/model';
import { callsFromVizceral, type VizceralFeed } from '../../../shared/vizceral';
import { SourceError, type Source } from './source';

export interface VizceralFileOptions {
  name: string;
  path: string;
  /** Unused: a feed carries its own time. Kept so that every source takes the same context. */
  now?: () => number;
}

/**
 * A Vizceral JSON feed on disk, re-read whenever its modification time or size changes, so that existing
 * Vizceral users can point flowsight at the file their job already writes. A bad write keeps the last good read.
 * Its time is the feed's own (`serverUpdateTime`, regions' `updated`), else the file's modification time: a
 * feed written two days ago reads as two days old, however recently it was polled.
 */
export function createVizceralFileSource(options: VizceralFileOptions): Source {
  let cached: { mtimeMs: number; size: number; feed: VizceralFeed } | null = null;
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
          cached = { mtimeMs: info.mtimeMs, size: info.size, feed: callsFromVizceral(raw) };
        } catch (error) {
          throw new SourceError(`${options.path}: ${(error as Error).message}`);
        }
      }
      const { feed } = cached;
      return {
        source: options.name,
        sampledAt: feed.updated > 0 ? feed.updated : Math.floor(cached.mtimeMs),
        regionUpdated: feed.regionUpdated,
        calls: feed.calls,
        notices: feed.notices,
        seriesRead: feed.calls.length,
      };
    },
  };
}
