// Every byte a source reads goes through here, so that no upstream — a gzip bomb, a 200 MB answer, a JSON
// nesting bomb, a huge file, a redirect to another host — can bloat the hub or carry its credentials away.
// Exported for every source type: `boundedFetch` for HTTP APIs, `readBoundedFile` for files on disk,
// `parseBoundedJson` for whatever either returned.
import { open, stat } from 'node:fs/promises';
import { SourceError } from './source';

/** A sane bound for one answer; a 100,000-series Prometheus answer is about 25 MB. */
export const DEFAULT_MAX_RESPONSE_MB = 64;
/** Deeper than any Prometheus, Vizceral, Jaeger or Zipkin answer nests (Vizceral: ~6). */
export const DEFAULT_MAX_JSON_DEPTH = 64;
const MAX_REDIRECTS = 5;

export function megabytes(mb: number): number {
  return Math.floor(mb * 1024 * 1024);
}

function tooLarge(maxBytes: number, what: string): SourceError {
  const mb = maxBytes / (1024 * 1024);
  return new SourceError(`${what} larger than ${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB (raise maxResponseMB to accept it)`, 'too large');
}

export interface BoundedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The decoded body (after Content-Encoding), at most `maxBytes` of it. */
  text: string;
  /** The URL that answered, after same-origin redirects. */
  url: URL;
}

export interface BoundedFetchOptions {
  maxBytes: number;
  /** Injectable for tests. */
  fetch?: typeof fetch;
}

/**
 * fetch() whose decoded body is capped while it streams (a 1 MB gzip of 1 GiB stops at the cap), and whose
 * redirects are followed only within the same origin: a hop to another origin is an error, so the source's
 * Authorization and custom headers (a tenant id) never reach a host the config did not name.
 */
export async function boundedFetch(url: URL, init: RequestInit, options: BoundedFetchOptions): Promise<BoundedResponse> {
  const doFetch = options.fetch ?? fetch;
  let current = url;
  let request: RequestInit = { ...init, redirect: 'manual' };
  for (let hop = 0; ; hop++) {
    const response = await doFetch(current, request);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel().catch(() => undefined);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new SourceError(`redirected to an invalid location (HTTP ${response.status})`, 'bad answer');
      }
      if (next.origin !== url.origin) {
        throw new SourceError(`redirected to another origin (${next.origin}); not followed, so credentials stay with ${url.origin}`, 'bad answer');
      }
      if (hop >= MAX_REDIRECTS) throw new SourceError(`more than ${MAX_REDIRECTS} redirects`, 'bad answer');
      // 307/308 repeat the request as it was; 301/302/303 turn it into a GET without a body (Fetch standard).
      if (response.status !== 307 && response.status !== 308) {
        const { body: _body, ...rest } = request;
        request = { ...rest, method: 'GET' };
      }
      current = next;
      continue;
    }
    const declared = Number(response.headers.get('content-length'));
    if (!response.headers.get('content-encoding') && Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(options.maxBytes, 'answer');
    }
    const text = await readCapped(response.body, options.maxBytes);
    return { status: response.status, statusText: response.statusText, headers: response.headers, text, url: current };
  }
}

async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes, 'answer');
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

export interface FileIdentity {
  mtimeMs: number;
  size: number;
  ino: number;
}

/** stat() of a file: its identity (to skip re-reading an unchanged file) and whether it may be read. */
export async function statBoundedFile(path: string, maxBytes: number): Promise<FileIdentity> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new SourceError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, 'unreadable');
  }
  if (!info.isFile()) throw new SourceError('not a regular file', 'unreadable');
  if (info.size > maxBytes) throw tooLarge(maxBytes, 'file');
  return { mtimeMs: info.mtimeMs, size: info.size, ino: info.ino };
}

/**
 * Reads at most `maxBytes` of a file as UTF-8; a file that grew past the bound since stat() is refused.
 * `file` is the identity of what was opened (fstat of the open file, not of the path before): a feed
 * rewritten between a stat() and the read is dated by the file read, not the one before it.
 */
export async function readBoundedFile(path: string, maxBytes: number, signal?: AbortSignal): Promise<{ text: string; file: FileIdentity }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new SourceError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, 'unreadable');
  }
  try {
    const info = await handle.stat();
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, info.size + 1));
    let length = 0;
    while (length < buffer.length) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw tooLarge(maxBytes, 'file');
    return { text: buffer.toString('utf8', 0, length), file: { mtimeMs: info.mtimeMs, size: info.size, ino: info.ino } };
  } finally {
    await handle.close();
  }
}

/**
 * The nesting depth of a JSON text, found without building it: `[[[[…` ten million deep would otherwise
 * cost gigabytes of arrays before any schema check could refuse it. Stops counting once past `limit`.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string in one native search per quote (most of an answer's bytes are label text); a quote
      // preceded by an odd run of backslashes is escaped and the string goes on.
      for (;;) {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return false;
        let slashes = 0;
        while (text.charCodeAt(close - 1 - slashes) === 92 /* \ */) slashes++;
        i = close;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

/**
 * JSON.parse with a nesting bound, and an error that names only the position: the engine's message quotes
 * the text, and a feed swapped for a system file must not show its first bytes anywhere.
 */
export function parseBoundedJson(text: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  if (jsonDepthExceeds(text, maxDepth)) throw new SourceError(`JSON nested deeper than ${maxDepth} levels`, 'bad answer');
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new SourceError(`invalid JSON${position ? ` at byte ${position}` : ''} (${text.length} bytes)`, 'bad answer');
  }
}
