// Who may watch and who may control a hub (issue 5 → remote displays). Pure Node: the hub server calls
// check() for every HTTP API request and WebSocket upgrade, and checkOrigin() for every upgrade, because a
// browser sends cookies-free cross-site WebSocket handshakes that only the Origin header betrays
// (RFC 6455 §10.2). Token strings are never logged or put into a reason.
import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'viewer' | 'operator';

export interface AuthOptions {
  viewerTokens: string[];
  operatorTokens: string[];
  /** extra allowed browser Origins beyond the hub's own */
  allowedOrigins?: string[];
  now?: () => number;
  /** Failed attempts allowed per address (and per token prefix) inside `failureWindowMs` before 429. Default 10. */
  maxFailures?: number;
  /** Default 60 s. */
  failureWindowMs?: number;
  /** How long an address or token prefix that hit the limit stays limited (wrong tokens only). Default 60 s. */
  blockMs?: number;
  /** Addresses and prefixes remembered at most; the oldest entries are evicted first. Default 10,000. */
  maxTrackedAddresses?: number;
}

/** The shortest token accepted at start: 16 bytes, 128 bits if random. */
export const MIN_TOKEN_BYTES = 16;

/** Why a token is unfit to start with, or null. Counted in UTF-8 bytes, as the wire carries it. */
export function tokenProblem(token: string): string | null {
  if (Buffer.byteLength(token, 'utf8') < MIN_TOKEN_BYTES) return `must be at least ${MIN_TOKEN_BYTES} bytes (e.g. openssl rand -base64 24)`;
  if (/\s/.test(token)) return 'must not contain spaces';
  return null;
}

export type AuthResult = { ok: true; role: Role } | { ok: false; status: 401 | 403 | 429; reason: string };

export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  url: string;
  remoteAddress: string;
}

export interface Authenticator {
  /**
   * HTTP API and WebSocket upgrade: token from `Authorization: Bearer X`, or `?token=X` in the URL (browsers
   * can't set WS headers). No tokens configured → everyone is operator (loopback-only use; the CLI refuses a
   * non-loopback bind without a token). Constant-time compare.
   */
  check(request: AuthRequest): AuthResult;
  /**
   * WebSocket Origin check: absent Origin (non-browser) ok; same host as the Host header ok (the server has
   * already refused Host names outside its allow-list, so a rebinding page never gets here); listed
   * allowedOrigins ok; anything else false.
   */
  checkOrigin(origin: string | undefined, host: string | undefined): boolean;
  /** True when at least one token is configured, i.e. check() can refuse. */
  readonly required: boolean;
}

interface FailureRecord {
  /** Start of the current counting window. */
  windowStart: number;
  failures: number;
  blockedUntil: number;
}
/** Failures are also counted per token prefix, across addresses, so rotating addresses does not reset them. */
const PREFIX_CHARS = 4;

/** Tokens are compared as SHA-256 digests so that lengths match and timingSafeEqual never leaks a length. */
const TOO_MANY = { ok: false, status: 429, reason: 'too many failed attempts; try again later' } as const;

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The presented token, or undefined. The header wins over the URL form. */
export function presentedToken(request: Pick<AuthRequest, 'headers' | 'url'>): string | undefined {
  const authorization = firstHeader(request.headers['authorization'] ?? request.headers['Authorization']);
  if (authorization !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (match?.[1]) return match[1];
  }
  const query = request.url.indexOf('?');
  if (query < 0) return undefined;
  const hash = request.url.indexOf('#', query);
  const params = new URLSearchParams(request.url.slice(query + 1, hash < 0 ? undefined : hash));
  const token = params.get('token');
  return token ? token : undefined;
}

/** The URL with any `token` query parameter replaced, so request logs never carry a secret. */
export function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

/** A viewer asking for an operator action gets 403; everything else passes through unchanged. */
export function requireRole(result: AuthResult, needed: Role): AuthResult {
  if (!result.ok || needed === 'viewer' || result.role === 'operator') return result;
  return { ok: false, status: 403, reason: 'this token may only watch; an operator token is needed' };
}

function normaliseOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The Host header as URL.host spells it (lower case, default port dropped), or undefined if malformed. */
function normaliseHost(host: string, protocol: string): string | undefined {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}

export function createAuthenticator(options: AuthOptions): Authenticator {
  const now = options.now ?? Date.now;
  const maxFailures = options.maxFailures ?? 10;
  const failureWindowMs = options.failureWindowMs ?? 60_000;
  const blockMs = options.blockMs ?? 60_000;
  const maxTracked = options.maxTrackedAddresses ?? 10_000;
  // Digests only: the plain tokens are not kept once hashed.
  const tokens: { digest: Buffer; role: Role }[] = [
    ...options.operatorTokens.filter(Boolean).map((t) => ({ digest: digest(t), role: 'operator' as const })),
    ...options.viewerTokens.filter(Boolean).map((t) => ({ digest: digest(t), role: 'viewer' as const })),
  ];
  const allowedOrigins = new Set(
    (options.allowedOrigins ?? []).map(normaliseOrigin).filter((o): o is string => o !== undefined),
  );
  // Keys are `a:ADDRESS` and `p:PREFIX`. Insertion-ordered, so the first key is the least recently failed
  // (re-inserted on each failure). Successes never reset a record: one good token must not launder another's guesses.
  const failures = new Map<string, FailureRecord>();

  function live(key: string, at: number): FailureRecord | undefined {
    const record = failures.get(key);
    if (!record) return undefined;
    if (record.blockedUntil <= at && at - record.windowStart >= failureWindowMs) {
      failures.delete(key);
      return undefined;
    }
    return record;
  }

  function recordFailure(key: string, at: number): void {
    let record = live(key, at);
    if (!record || (record.blockedUntil <= at && at - record.windowStart >= failureWindowMs)) {
      record = { windowStart: at, failures: 0, blockedUntil: 0 };
    }
    record.failures += 1;
    if (record.failures >= maxFailures) record.blockedUntil = at + blockMs;
    failures.delete(key);
    failures.set(key, record);
    // Bounded memory: an attacker rotating addresses evicts the oldest records, never grows the map.
    while (failures.size > maxTracked) {
      const oldest = failures.keys().next().value;
      if (oldest === undefined) break;
      failures.delete(oldest);
    }
  }

  function match(token: string): Role | undefined {
    const presented = digest(token);
    let role: Role | undefined;
    // Compare against every token without an early exit, so timing does not tell which one matched.
    for (const candidate of tokens) {
      if (timingSafeEqual(presented, candidate.digest) && role !== 'operator') role = candidate.role;
    }
    return role;
  }

  return {
    required: tokens.length > 0,
    check(request) {
      if (tokens.length === 0) return { ok: true, role: 'operator' };
      const at = now();
      const token = presentedToken(request);
      // A missing token is not a guess, so it does not count towards the limit: a display without a token
      // that reconnects every few seconds keeps getting a plain 401.
      if (token === undefined) return { ok: false, status: 401, reason: 'a token is required (Authorization: Bearer, or ?token=)' };
      // A correct token is always let in, whatever floods its address: tokens are at least 16 bytes, so
      // guessing one is hopeless, and the limit below is against floods of wrong ones (CPU, logs), not a lock.
      const role = match(token);
      if (role) return { ok: true, role };
      const keys = [`a:${request.remoteAddress || 'unknown'}`, `p:${token.slice(0, PREFIX_CHARS)}`];
      const wasBlocked = keys.some((key) => (live(key, at)?.blockedUntil ?? 0) > at);
      for (const key of keys) recordFailure(key, at);
      if (wasBlocked) return TOO_MANY;
      return { ok: false, status: 401, reason: 'the token is not valid' };
    },
    checkOrigin(origin, host) {
      if (origin === undefined || origin === '') return true; // not a browser: tokens still apply
      const normalised = normaliseOrigin(origin);
      if (normalised === undefined) return false; // includes the opaque "null" origin of sandboxed frames
      const originUrl = new URL(normalised);
      if (host !== undefined && originUrl.host === normaliseHost(host, originUrl.protocol)) return true;
      return allowedOrigins.has(normalised);
    },
  };
}
