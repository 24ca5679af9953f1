// What went wrong with an HTTP request to a source, as one short line for /healthz and the screen: refused,
// unknown host, reset, this source's own timeout or the poller's.
import { SourceError } from './source';

function causeCode(error: unknown): string | undefined {
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && typeof cause === 'object' && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // undici wraps several connection attempts (IPv4 and IPv6) in an AggregateError.
    const errors = (cause as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) cause = errors[0];
    else cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A fetch failure as one short line for /healthz. */
export function describeFailure(error: unknown, url: URL, aborted: 'timeout' | 'poller' | null, timeoutMs: number): SourceError {
  if (error instanceof SourceError) return error;
  const where = url.origin;
  if (aborted === 'timeout') return new SourceError(`timeout: ${where} did not answer within ${timeoutMs} ms`, 'timeout');
  if (aborted === 'poller' || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))) {
    return new SourceError(`timeout: poll aborted before ${where} answered`, 'timeout');
  }
  const code = causeCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return new SourceError(`connection refused by ${where}`, 'unreachable');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SourceError(`host not found: ${url.hostname}`, 'unreachable');
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return new SourceError(`connection reset by ${where}`, 'unreachable');
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new SourceError(`timeout: cannot connect to ${where}`, 'timeout');
    default: {
      // fetch itself refuses the Fetch standard's "bad ports" (1, 7, 9, 25, …) without connecting.
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
      if (cause === 'bad port') return new SourceError(`connection refused by ${where} (fetch never connects to port ${url.port})`, 'unreachable');
      if (error instanceof RangeError || (error instanceof Error && /ERR_STRING_TOO_LONG|Invalid string length/.test(`${code} ${error.message}`))) {
        return new SourceError(`answer from ${where} too large to read`, 'too large');
      }
      const message = error instanceof Error ? error.message : String(error);
      return new SourceError(`cannot reach ${where}: ${code ?? message}`, 'unreachable');
    }
  }
}
