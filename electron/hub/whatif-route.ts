// POST /api/whatif (a plan in the body) and GET /api/whatif/report?drain=… (Markdown or JSON for a change
// ticket). Both are operator actions: a viewer token gets 403, as for every control.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parsePlan, planFromQuery, type PlanResult } from '../../shared/whatif/plan';
import { reportMarkdown } from '../../shared/whatif/report';
import type { Role } from './auth';
import type { WhatifService } from './whatif-service';

const MAX_BODY_BYTES = 64 * 1024;

export const WHATIF_PATHS = new Set(['/api/whatif', '/api/whatif/report']);

function send(response: ServerResponse, status: number, body: string, contentType: string): void {
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

class BodyError extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyError(`body over ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyError(`body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function handleWhatif(service: WhatifService, role: Role, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const report = url.pathname === '/api/whatif/report';
  const method = request.method ?? 'GET';
  if (report ? method !== 'GET' && method !== 'HEAD' : method !== 'POST') {
    response.setHeader('Allow', report ? 'GET, HEAD' : 'POST');
    sendJson(response, 405, { error: `${url.pathname} takes ${report ? 'GET' : 'POST'}` });
    return;
  }
  if (role !== 'operator') {
    sendJson(response, 403, { error: 'rehearsals need an operator token; this token may only watch' });
    return;
  }
  let parsed: PlanResult;
  if (report) parsed = planFromQuery(url.searchParams);
  else {
    let text: string;
    try {
      text = await readBody(request);
    } catch (error) {
      sendJson(response, error instanceof BodyError ? 413 : 400, { error: `(body): ${(error as Error).message}`, field: '(body)' });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      sendJson(response, 400, { error: '(body): not JSON; expected {"drain": ["REGION"], "to"?: {...}, "fraction"?: 0..1}', field: '(body)' });
      return;
    }
    parsed = parsePlan(raw);
  }
  if (!parsed.ok) {
    sendJson(response, 400, { error: `${parsed.problem.field}: ${parsed.problem.message}`, field: parsed.problem.field });
    return;
  }
  const outcome = service.project(parsed.plan);
  if (!outcome.ok) {
    sendJson(response, outcome.status, { error: `${outcome.problem.field}: ${outcome.problem.message}`, field: outcome.problem.field });
    return;
  }
  if (!report) {
    send(response, 200, service.responseText(outcome.answer, url.searchParams.get('model') === '1'), 'application/json; charset=utf-8');
    return;
  }
  const format = url.searchParams.get('format') ?? 'md';
  if (format !== 'md' && format !== 'json') {
    sendJson(response, 400, { error: 'format: expected md or json', field: 'format' });
    return;
  }
  const body = service.report(outcome.answer);
  if (format === 'json') sendJson(response, 200, body);
  else send(response, 200, reportMarkdown(body), 'text/markdown; charset=utf-8');
}
