import { SourceError } from './source';

// Request headers for an HTTP API source or query: the user's extra headers, then Basic or Bearer auth,
// as the `basicAuth` / `bearerToken` / `headers` keys of every HTTP source configure them.
export interface HttpAuth {
  basicAuth?: { username: string; password: string };
  bearerToken?: string;
  headers?: Record<string, string>;
}

export function authHeaders(options: HttpAuth): Record<string, string> {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (options.basicAuth) {
    headers.authorization = `Basic ${Buffer.from(`${options.basicAuth.username}:${options.basicAuth.password}`, 'utf8').toString('base64')}`;
  }
  if (options.bearerToken !== undefined) headers.authorization = `Bearer ${options.bearerToken}`;
  return headers;
}

/** A body quoted in an error line, cut to `max` characters. */
export function shorten(text: string, max = 300): string {
  return text.length > max ? text.slice(0, max) + '…' : text;
}

/** `path` under a source's base URL (which may carry a prefix, e.g. Mimir's /prometheus); http(s) only. */
export function apiEndpoint(base: string, path: string): URL {
  let url: URL;
  try {
    url = new URL(base.endsWith('/') ? base : base + '/');
  } catch {
    throw new SourceError(`not a URL: ${base}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SourceError(`not an http(s) URL: ${base}`);
  return new URL(path, url);
}
