import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';

export interface AuthDecision {
  ok: boolean;
  status?: number;
  reason?: string;
  role?: 'viewer' | 'operator';
}

export interface RouteHandlers {
  healthz(): { status: 'ok' | 'degraded'; sources: unknown[] };
  metrics(): Promise<{ contentType: string; body: string }>;
  graph(): unknown;
  /** `GET /api/graph?at=T`: the graph as at an instant (status 200, 400 or 404 with `{error}`). */
  graphAt?(at: string): Promise<{ status: number; body: unknown }>;
  /** `GET /api/timeline?buckets=N&key=K`: the timeline bar's strip (200, or 400 with `{error}`). */
  timeline?(params: URLSearchParams): Promise<{ status: number; body: unknown }>;
  /** `GET /api/changes?from=T1&to=T2|live&threshold=P`: what changed between two instants (200, 400 or 404 with `{error}`). */
  changes?(params: URLSearchParams): Promise<{ status: number; body: unknown }>;
  status(): unknown;
  /** `GET /api/latency?region&service|source&target`: one subject's merged latency buckets (200, 400 or 404). */
  latency?(param: (name: string) => string | null): { status: number; body: unknown };
  /** Every alert the hub knows: placed on the graph, unplaced, muted. */
  alerts(): unknown;
  /** Error-budget burn per configured SLO. */
  slo(): unknown;
  /** Authorises API, metrics and WebSocket requests (the page's static files are public). */
  authorize(request: IncomingMessage): AuthDecision;
  checkOrigin(request: IncomingMessage): boolean;
  /** The Host header names this hub (DNS rebinding defence); checked before anything else, on every route. */
  hostAllowed(request: IncomingMessage): boolean;
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  onAuthFailure(): void;
  staticDir: string;
  /** POST /api/whatif and GET /api/whatif/report (whatif-route.ts), after the token check. */
  whatif?(request: IncomingMessage, response: ServerResponse, url: URL, role: 'viewer' | 'operator'): Promise<void>;
  /** A rehearsal's prompt answered by a display; absent when no scenario plays. */
  answerScenario?(prompt: string, choice: string): { ok: true } | { ok: false; message: string };
}

const WHATIF_PATHS = new Set(['/api/whatif', '/api/whatif/report']);
/** POST `{"prompt", "choice"}`: a display answers the rehearsal's prompt (operators only where tokens are set). */
export const SCENARIO_ANSWER_PATH = '/api/scenario/answer';
const MAX_ANSWER_BYTES = 4096;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

/** The renderer's CSP: no inline script, no remote anything; WebSocket back to this hub only. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' ws: wss:; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

function sendText(response: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  response.end(text.endsWith('\n') ? text : `${text}\n`);
}

function serveStatic(staticDir: string, pathname: string, response: ServerResponse): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    sendText(response, 400, 'bad path');
    return;
  }
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const file = join(staticDir, relative);
  if (relative.startsWith('..') || !(file === staticDir || file.startsWith(staticDir + sep))) {
    sendText(response, 404, 'not found');
    return;
  }
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new Error('not a file');
    size = stats.size;
  } catch {
    sendText(response, 404, 'not found');
    return;
  }
  const isHtml = extname(file) === '.html';
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    // Vite fingerprints assets, so they can be cached for good; the page itself never is.
    'Cache-Control': isHtml ? 'no-cache' : 'public, max-age=31536000, immutable',
    ...(isHtml ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}),
  });
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** The hub's HTTP routes (CONTRACT.md): /healthz, /metrics, /api/graph, /api/status, the renderer, /ws. */
export function createRequestListener(handlers: RouteHandlers) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    void handle(handlers, request, response).catch((error: unknown) => {
      if (!response.headersSent) sendText(response, 500, `internal error: ${(error as Error).message}`);
      else response.destroy();
    });
  };
}

function refuse(handlers: RouteHandlers, decision: AuthDecision, response: ServerResponse): void {
  handlers.onAuthFailure();
  const status = decision.status ?? 401;
  sendText(response, status, decision.reason ?? 'unauthorized', status === 401 ? { 'WWW-Authenticate': 'Bearer realm="flowsight"' } : {});
}

/** The body as text, or null when it is larger than `limit` bytes. */
async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function answerScenario(handlers: RouteHandlers, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const decision = handlers.authorize(request);
  if (!decision.ok) return refuse(handlers, decision, response);
  if (decision.role === 'viewer') return sendJson(response, 403, { error: 'answering a rehearsal prompt needs an operator token' });
  // A page on another site must not steer a rehearsal through a loopback hub that has no tokens.
  if (request.headers.origin !== undefined && !handlers.checkOrigin(request)) return sendJson(response, 403, { error: 'cross-origin request refused' });
  if (!handlers.answerScenario) return sendJson(response, 404, { error: 'no scenario is playing (start the hub with --scenario NAME|FILE)' });
  const text = await readBody(request, MAX_ANSWER_BYTES);
  if (text === null) return sendJson(response, 413, { error: `body larger than ${MAX_ANSWER_BYTES} bytes` });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return sendJson(response, 400, { error: 'body: not JSON' });
  }
  const fields = body as { prompt?: unknown; choice?: unknown } | null;
  for (const key of ['prompt', 'choice'] as const) {
    const value = fields?.[key];
    if (typeof value !== 'string' || value.length === 0 || value.length > 200) return sendJson(response, 400, { error: `${key}: expected a non-empty string` });
  }
  const result = handlers.answerScenario(fields!.prompt as string, fields!.choice as string);
  if (!result.ok) return sendJson(response, 409, { error: result.message });
  sendJson(response, 200, { ok: true });
}

async function handle(handlers: RouteHandlers, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!handlers.hostAllowed(request)) {
    handlers.onAuthFailure();
    sendText(response, 421, 'unknown Host: this hub answers only to its own names (add yours to allowedHosts)');
    return;
  }
  const url = new URL(request.url ?? '/', 'http://hub.invalid');
  const path = url.pathname;
  if (path === SCENARIO_ANSWER_PATH && request.method === 'POST') return answerScenario(handlers, request, response);
  const whatif = handlers.whatif !== undefined && WHATIF_PATHS.has(path);
  if (request.method !== 'GET' && request.method !== 'HEAD' && !whatif) {
    sendText(response, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  if (path === '/healthz') {
    sendJson(response, 200, handlers.healthz());
    return;
  }
  const needsAuth = path === '/metrics' || path.startsWith('/api/') || path === '/ws';
  let role: 'viewer' | 'operator' = 'operator';
  if (needsAuth) {
    const decision = handlers.authorize(request);
    role = decision.role ?? role;
    if (!decision.ok) return refuse(handlers, decision, response);
  }
  if (whatif) {
    await handlers.whatif!(request, response, url, role);
    return;
  }
  if (path === '/metrics') {
    const { contentType, body } = await handlers.metrics();
    sendText(response, 200, body, { 'Content-Type': contentType });
    return;
  }
  if (path === '/api/graph' && url.searchParams.has('at') && handlers.graphAt) {
    const { status, body } = await handlers.graphAt(url.searchParams.get('at') ?? '');
    sendJson(response, status, body);
    return;
  }
  if (path === '/api/timeline' && handlers.timeline) {
    const { status, body } = await handlers.timeline(url.searchParams);
    sendJson(response, status, body);
    return;
  }
  if (path === '/api/changes' && handlers.changes) {
    const { status, body } = await handlers.changes(url.searchParams);
    sendJson(response, status, body);
    return;
  }
  if (path === '/api/graph') {
    sendJson(response, 200, handlers.graph());
    return;
  }
  if (path === '/api/latency' && handlers.latency) {
    const { status, body } = handlers.latency((name) => url.searchParams.get(name));
    sendJson(response, status, body);
    return;
  }
  if (path === '/api/status') {
    sendJson(response, 200, handlers.status());
    return;
  }
  if (path === '/api/alerts') {
    sendJson(response, 200, handlers.alerts());
    return;
  }
  if (path === '/api/slo') {
    sendJson(response, 200, handlers.slo());
    return;
  }
  if (path.startsWith('/api/') || path === '/ws') {
    sendText(response, path === '/ws' ? 426 : 404, path === '/ws' ? 'upgrade required' : 'not found');
    return;
  }
  serveStatic(handlers.staticDir, path, response);
}

/** WebSocket upgrades on /ws: Host, then token, then Origin, then the protocol version (in WsHub). */
export function createUpgradeListener(handlers: RouteHandlers) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, reason: string): void => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${reason}\n`);
    };
    if (!handlers.hostAllowed(request)) {
      handlers.onAuthFailure();
      refuse(421, 'Misdirected Request');
      return;
    }
    const path = new URL(request.url ?? '/', 'http://hub.invalid').pathname;
    if (path !== '/ws') {
      refuse(404, 'Not Found');
      return;
    }
    const decision = handlers.authorize(request);
    if (!decision.ok) {
      handlers.onAuthFailure();
      refuse(decision.status ?? 401, decision.status === 429 ? 'Too Many Requests' : decision.status === 403 ? 'Forbidden' : 'Unauthorized');
      return;
    }
    if (!handlers.checkOrigin(request)) {
      handlers.onAuthFailure();
      refuse(403, 'Forbidden');
      return;
    }
    handlers.upgrade(request, socket, head);
  };
}
