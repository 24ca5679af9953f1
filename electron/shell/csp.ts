// The Content-Security-Policy every response in the app's session carries (checklist 7). The page is a
// static bundle from the hub: scripts, styles and images from the hub only, the live stream from the hub's
// WebSocket, the layout worker from a blob. 'self' covers ws: to the same host in CSP Level 3; the explicit
// ws://127.0.0.1:* covers the loopback hub for engines that do not.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:*",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type ResponseHeaders = Record<string, string[]>;

/** The headers with our policy in place of any the server sent (header names are case-insensitive). */
export function withContentSecurityPolicy(headers: ResponseHeaders | undefined): ResponseHeaders {
  const out: ResponseHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}
