// Outcomes as the OpenTelemetry semantic conventions define them (opentelemetry.io/docs/specs/semconv/http/
// http-spans/#status, .../rpc/grpc/#grpc-status): a server failure (HTTP 5xx, no response at all, the gRPC
// codes a server reports as its own error) is `danger`; a client error (HTTP 4xx, the other non-OK gRPC codes)
// is `warning`; everything else is `normal`.
import type { TrafficClass } from './model';

export type Outcome = TrafficClass;

/** gRPC status codes (grpc.github.io/grpc/core/md_doc_statuscodes.html) by number. */
const GRPC_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED',
  'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
] as const;

/** The codes the semantic conventions count as a server's error on a SERVER span. */
export const GRPC_SERVER_FAILURES: readonly number[] = [2, 4, 12, 13, 14, 15];

const RANK: Readonly<Record<Outcome, number>> = { normal: 0, warning: 1, danger: 2 };

/** The worse of two outcomes. */
export function worst(a: Outcome, b: Outcome): Outcome {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * An HTTP status code as a label value. `0` is Istio's "no response" (the upstream reset or timed out before
 * answering): a server failure. Empty or unparsable means the label says nothing: `normal`.
 */
export function httpOutcome(code: string): Outcome {
  if (code === '') return 'normal';
  const n = Number(code);
  if (!Number.isInteger(n)) return 'normal';
  if (n === 0 || (n >= 500 && n <= 599)) return 'danger';
  return n >= 400 && n <= 499 ? 'warning' : 'normal';
}

/** A gRPC status as a label value, by number (Istio, Linkerd) or by name (some exporters); empty: `normal`. */
export function grpcOutcome(code: string): Outcome {
  if (code === '') return 'normal';
  const n = /^\d+$/.test(code) ? Number(code) : (GRPC_NAMES as readonly string[]).indexOf(code.toUpperCase());
  if (n <= 0 || n >= GRPC_NAMES.length) return 'normal';
  return GRPC_SERVER_FAILURES.includes(n) ? 'danger' : 'warning';
}
