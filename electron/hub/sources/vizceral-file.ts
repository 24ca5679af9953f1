import type { SourceBatch } from '../../../shared/model';
import { callsFromVizceral, type VizceralFeed } from '../../../shared/vizceral';
import { DEFAULT_MAX_RESPONSE_MB, megabytes, parseBoundedJson, readBoundedFile, statBoundedFile, type FileIdentity } from './bounded-read';
import { SourceError, type Source } from './source';

export interface VizceralFileOptions {
  name: string;
  path: string;
  /** The largest file accepted, bytes (default 64 MB); checked with stat() before reading. */
  maxBytes?: number;
  /** Unused: a feed carries its own time. Kept so that every source takes the same context. */
  now?: () => number;
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;
}

/**
 * A Vizceral JSON feed on disk, re-read whenever its modification time, size or inode changes, so that
 * existing Vizceral users can point flowsight at the file their job already writes. A bad write keeps the
 * last good read, and is not re-read either until it changes.
 * Its time is the feed's own (`serverUpdateTime`, regions' `updated`), else the file's modification time: a
 * feed written two days ago reads as two days old, however recently it was polled.
 */
export function createVizceralFileSource(options: VizceralFileOptions): Source {
  const maxBytes = options.maxBytes ?? megabytes(DEFAULT_MAX_RESPONSE_MB);
  let cached: { file: FileIdentity; feed: VizceralFeed } | null = null;
  let failed: { file: FileIdentity; error: SourceError } | null = null;
  // Messages name the file but never quote it: a feed swapped for a system file must not show its bytes.
  const fail = (error: unknown): SourceError =>
    new SourceError(`${options.path}: ${(error as Error).message}`, error instanceof SourceError ? error.kind : 'bad answer');
  return {
    name: options.name,
    type: 'vizceral',
    detail: `Vizceral file ${options.path}`,
    async poll(signal: AbortSignal, at?: number): Promise<SourceBatch> {
      if (at !== undefined) throw new SourceError(`${options.path}: a Vizceral file tells only the present, not ${new Date(at).toISOString()}`);
      let file: FileIdentity;
      try {
        file = await statBoundedFile(options.path, maxBytes);
      } catch (error) {
        throw fail(error);
      }
      if (failed && sameFile(failed.file, file)) throw failed.error;
      if (!cached || !sameFile(cached.file, file)) {
        try {
          const read = await readBoundedFile(options.path, maxBytes, signal);
          // What was read, not what stat() saw before it: a rewrite in between is dated by the new file.
          file = read.file;
          cached = { file, feed: callsFromVizceral(parseBoundedJson(read.text)) };
          failed = null;
        } catch (error) {
          if (signal.aborted) throw error;
          failed = { file, error: fail(error) };
          throw failed.error;
        }
      }
      const { feed } = cached;
      return {
        source: options.name,
        sampledAt: feed.updated > 0 ? feed.updated : Math.floor(cached.file.mtimeMs),
        regionUpdated: feed.regionUpdated,
        calls: feed.calls,
        notices: feed.notices,
        seriesRead: feed.calls.length,
      };
    },
  };
}
