import { describe, expect, it } from 'vitest';
import { boundedFetch, jsonDepthExceeds, parseBoundedJson } from '../../electron/hub/sources/bounded-read';
import { SourceError } from '../../electron/hub/sources/source';

const MB = 1024 * 1024;

/** A body that yields 1 MB chunks until the reader cancels it (or 1,000 of them): a bomb's decoded output. */
function endlessBody(): { stream: ReadableStream<Uint8Array>; chunks: () => number } {
  let chunks = 0;
  const chunk = new Uint8Array(MB).fill(32);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (++chunks > 1000) controller.close();
      else controller.enqueue(chunk);
    },
  });
  return { stream, chunks: () => chunks };
}

interface Seen {
  url: string;
  headers: Record<string, string>;
  method: string | undefined;
}

function recordingFetch(answer: (url: URL) => Response, seen: Seen[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    seen.push({ url: url.href, headers: { ...(init?.headers as Record<string, string>) }, method: init?.method });
    return answer(url);
  };
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('boundedFetch()', () => {
  it('stops reading a body at the byte cap and says "answer larger than N MB"', async () => {
    const body = endlessBody();
    const doFetch: typeof fetch = async () => new Response(body.stream, { status: 200 });
    const error = await failure(boundedFetch(new URL('http://prom.example/'), {}, { maxBytes: 2 * MB, fetch: doFetch }));
    expect(error.message).toMatch(/^answer larger than 2 MB/);
    expect(error.kind).toBe('too large');
    expect(body.chunks()).toBeLessThan(6);
  });

  it('refuses a declared Content-Length above the cap without reading the body', async () => {
    const body = endlessBody();
    const doFetch: typeof fetch = async () => new Response(body.stream, { status: 200, headers: { 'content-length': String(200 * MB) } });
    const error = await failure(boundedFetch(new URL('http://prom.example/'), {}, { maxBytes: 64 * MB, fetch: doFetch }));
    expect(error.message).toMatch(/answer larger than 64 MB/);
    expect(body.chunks()).toBeLessThanOrEqual(1);
  });

  it('never follows a redirect to another origin, so the custom headers never reach it', async () => {
    const seen: Seen[] = [];
    const doFetch = recordingFetch(
      (url) => (url.host === 'mimir.example' ? new Response(null, { status: 307, headers: { location: 'http://evil.example/steal' } }) : new Response('{}')),
      seen,
    );
    const headers = { 'X-Scope-OrgID': 'tenant-1', authorization: 'Bearer upstream-secret' };
    const error = await failure(boundedFetch(new URL('http://mimir.example/api/v1/query'), { method: 'POST', headers }, { maxBytes: MB, fetch: doFetch }));
    expect(error.message).toMatch(/redirected to another origin \(http:\/\/evil\.example\)/);
    expect(seen.map((s) => s.url)).toEqual(['http://mimir.example/api/v1/query']);
  });

  it('follows a same-origin redirect with the same method and headers for 307', async () => {
    const seen: Seen[] = [];
    const doFetch = recordingFetch(
      (url) => (url.pathname === '/old' ? new Response(null, { status: 307, headers: { location: '/new' } }) : new Response('{"ok":1}')),
      seen,
    );
    const answer = await boundedFetch(new URL('http://prom.example/old'), { method: 'POST', headers: { 'x-tenant': 'a' }, body: 'q=1' }, { maxBytes: MB, fetch: doFetch });
    expect(answer.text).toBe('{"ok":1}');
    expect(seen[1]).toMatchObject({ url: 'http://prom.example/new', method: 'POST', headers: { 'x-tenant': 'a' } });
  });

  it('gives up after five same-origin redirects', async () => {
    const doFetch: typeof fetch = async () => new Response(null, { status: 302, headers: { location: '/again' } });
    const error = await failure(boundedFetch(new URL('http://prom.example/'), {}, { maxBytes: MB, fetch: doFetch }));
    expect(error.message).toMatch(/more than 5 redirects/);
  });
});

describe('parseBoundedJson()', () => {
  it('refuses a 10 MB nesting bomb by its depth, before building anything', () => {
    const bomb = '['.repeat(10 * MB);
    const started = performance.now();
    const error = (() => {
      try {
        parseBoundedJson(bomb);
        return null;
      } catch (e) {
        return e as SourceError;
      }
    })();
    expect(error?.message).toBe('JSON nested deeper than 64 levels');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('parses ordinary answers, and brackets inside strings do not count as depth', () => {
    expect(parseBoundedJson('{"a":[1,{"b":"[[[[[[\\"]]"}]}', 3)).toEqual({ a: [1, { b: '[[[[[["]]' }] });
    expect(jsonDepthExceeds('[[[]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[]]]]', 3)).toBe(true);
  });

  it('names only the position of a syntax error, never the text itself', () => {
    const secret = 'root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n';
    let message = '';
    try {
      parseBoundedJson(secret);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^invalid JSON/);
    expect(message).not.toContain('root');
    expect(message).not.toContain('salt');
  });
});
