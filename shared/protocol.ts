// The hub ⇄ renderer wire protocol over WebSocket (`/ws`). Typed once here and validated on arrival
// at both ends: the hub never trusts a client, the renderer never trusts the network.
import { z } from 'zod';

// zod compiles parsers with `new Function` unless told not to; the renderer's CSP (no 'unsafe-eval') forbids that.
z.config({ jitless: true });
import type { GraphDiff } from './diff';
import type { AlertBoard, AlertDetail, Connection, Graph, Notice, Region, RequestRate, ServiceNode, SourceStatus } from './model';
import type { SloReport } from './slo/report';
import type { LatencyDistribution } from './latency-book';

export const PROTOCOL_VERSION = 1;
/** The WebSocket subprotocol name; a client speaking another version is refused at the handshake. */
export const WS_SUBPROTOCOL = `flowsight.v${PROTOCOL_VERSION}`;
/**
 * The same messages, each gzip-compressed into one binary frame (RFC 1952): a display that offers it gets
 * about a quarter of the bytes. The hub compresses each message once, for every display that chose it.
 * Client messages stay JSON text frames.
 */
export const WS_SUBPROTOCOL_GZIP = `${WS_SUBPROTOCOL}+gzip`;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const rate: z.ZodType<RequestRate> = z.object({ normal: finite, danger: finite, warning: finite });
const trafficClass = z.enum(['normal', 'warning', 'danger']);
const alertDetail: z.ZodType<AlertDetail> = z.object({
  source: z.string(),
  id: z.string(),
  name: z.string(),
  startsAt: finite.nullable(),
  state: z.enum(['active', 'muted']),
  description: z.string().optional(),
  owners: z.record(z.string(), z.string()).optional(),
  generatorURL: z.string().optional(),
  service: z.string().optional(),
  region: z.string().optional(),
  unmatched: z.boolean().optional(),
  mutedBy: z.array(z.string()).optional(),
  staleSince: finite.optional(),
});
const notice: z.ZodType<Notice> = z.object({
  severity: z.enum(['info', 'warning', 'danger']),
  title: z.string(),
  link: z.string().optional(),
  alert: alertDetail.optional(),
});
const alertBoard: z.ZodType<AlertBoard> = z.object({ unplaced: z.array(notice), muted: z.array(notice) });
const burnRecord = z.object({ '5m': finite.nullable(), '30m': finite.nullable(), '1h': finite.nullable(), '6h': finite.nullable(), '3d': finite.nullable() });
const sloReport: z.ZodType<SloReport> = z.object({
  service: z.string(),
  region: z.string().nullable(),
  kind: z.enum(['availability', 'latency']),
  objective: finite,
  window: z.string(),
  thresholdMs: finite.optional(),
  budgetRemaining: finite.nullable(),
  burnRates: burnRecord,
  coverage: z.object({ '5m': finite, '30m': finite, '1h': finite, '6h': finite, '3d': finite, window: finite }),
  alert: z.enum(['page', 'ticket']).nullable(),
  exhaustsInSeconds: finite.nullable(),
  source: z.string(),
  evaluatedAt: finite.nullable(),
  error: z.string().nullable(),
  queries: z.array(z.string()),
});
const quantiles = z.object({ p50: finite, p95: finite, p99: finite });
const serviceNode: z.ZodType<ServiceNode> = z.object({
  name: z.string(),
  kind: z.enum(['service', 'internet', 'region']),
  rate,
  class: trafficClass,
  latency: quantiles.optional(),
  notices: z.array(notice).optional(),
});
const connection: z.ZodType<Connection> = z.object({
  source: z.string(),
  target: z.string(),
  rate,
  class: trafficClass,
  latencyMs: finite.optional(),
  latency: quantiles.optional(),
  notices: z.array(notice).optional(),
  traceOnly: z.literal(true).optional(),
});
const worstCall = z.object({ source: z.string(), target: z.string(), rate, class: trafficClass });
const internet = z.object({ rate, class: trafficClass });
const thresholds = z.object({ warning: finite, danger: finite });
const regionHeader = z.object({
  name: z.string(),
  updated: finite,
  sources: z.array(z.string()),
  staleSince: finite.nullable(),
  partial: z.literal(true).optional(),
  rate,
  ingress: rate.optional(),
  internal: rate.optional(),
  latency: quantiles.optional(),
  worstCall: worstCall.nullable().optional(),
  class: trafficClass,
  notices: z.array(notice).optional(),
});
const region: z.ZodType<Region> = regionHeader.extend({
  nodes: z.array(serviceNode),
  connections: z.array(connection),
});
export const graphSchema: z.ZodType<Graph> = z.object({
  serverUpdateTime: finite,
  regions: z.array(region),
  connections: z.array(connection),
  internet: internet.optional(),
  thresholds: thresholds.optional(),
  alerts: alertBoard.optional(),
  slos: z.array(sloReport).optional(),
});
const connectionKey = z.tuple([z.string(), z.string()]);
const classCode = z.union([z.literal(0), z.literal(1), z.literal(2)]);
const connectionRate = z.tuple([z.string(), z.string(), finite, finite, finite, classCode, finite.nullable(), finite.optional(), finite.optional()]);
const nodeRate = z.tuple([z.string(), finite, finite, finite, classCode, finite.optional(), finite.optional(), finite.optional()]);
const diffSchema: z.ZodType<GraphDiff> = z.object({
  serverUpdateTime: finite,
  regions: z.object({
    upsert: z.array(
      z.object({
        name: z.string(),
        header: regionHeader.optional(),
        nodes: z.object({ upsert: z.array(serviceNode), remove: z.array(z.string()) }).optional(),
        nodeRates: z.array(nodeRate).optional(),
        nodeValues: z.array(finite).optional(),
        connections: z.object({ upsert: z.array(connection), remove: z.array(connectionKey) }).optional(),
        rates: z.array(connectionRate).optional(),
        connValues: z.array(finite).optional(),
      }),
    ),
    remove: z.array(z.string()),
  }),
  connections: z.object({ upsert: z.array(connection), remove: z.array(connectionKey) }),
  rates: z.array(connectionRate).optional(),
  internet: internet.optional(),
  thresholds: thresholds.optional(),
  alerts: alertBoard.nullable().optional(),
  slos: z.array(sloReport).nullable().optional(),
});
const sourceStatus: z.ZodType<SourceStatus> = z.object({
  name: z.string(),
  type: z.string(),
  ok: z.boolean(),
  lastSuccess: finite.nullable(),
  error: z.string().nullable(),
  failingSince: finite.nullable(),
  detail: z.string(),
  rateWindow: z
    .object({ window: z.string(), auto: z.boolean(), scrapeIntervalSeconds: finite.nullable(), reason: z.string() })
    .optional(),
  dataAt: finite.nullable().optional(),
  maxAgeMs: finite.optional(),
  fillingUntil: finite.nullable().optional(),
  region: z.string().optional(),
  evidence: z.enum(['metrics', 'traces']).optional(),
  warnings: z.array(z.string()).optional(),
});

const v = z.literal(PROTOCOL_VERSION);

/** Replay speeds: 0 = paused at `from`, else instants advance this many times faster than the wall clock. */
export const REPLAY_SPEEDS = [0, 1, 10, 60] as const;
/** What a display asks to be fed: the present (default) or a replay of the hub's timeline. */
const feedRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('live') }),
  z.object({ kind: z.literal('replay'), from: finite.min(0), speed: z.union(REPLAY_SPEEDS.map((s) => z.literal(s))) }),
]);
export type FeedRequest = z.infer<typeof feedRequest>;
/** What a snapshot is of: a replay names its instant and the sources with no data for it. */
const feedState = z.object({
  kind: z.literal('replay'),
  from: finite,
  speed: finite,
  /** Epoch ms of the instant this graph is of. */
  at: finite,
  noData: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type FeedState = z.infer<typeof feedState>;

/** Full graph: sent on connect, after a resync request, and to a client that fell behind. */
const snapshotMessage = z.object({
  type: z.literal('snapshot'),
  v,
  seq: z.number().int(),
  /** Poll interval in seconds: the renderer calls the hub silent after a few missed intervals. */
  interval: finite,
  serverTime: finite,
  graph: graphSchema,
  sources: z.array(sourceStatus),
  /** Present on a replay feed's snapshots; absent: live. */
  feed: feedState.optional(),
  /** How big regions are grouped into islands (config `groupBy`, `islandsAbove`); absent: the defaults. */
  islands: z.object({ groupBy: z.string().optional(), above: z.number().int().min(0).optional() }).optional(),
});
/** Changes since `base`; a client whose last seq is not `base` asks for a resync. */
const updateMessage = z.object({
  type: z.literal('update'),
  v,
  seq: z.number().int(),
  base: z.number().int(),
  serverTime: finite,
  diff: diffSchema,
  sources: z.array(sourceStatus),
});
const errorMessage = z.object({ type: z.literal('error'), v, message: z.string() });

export const serverMessageSchema = z.discriminatedUnion('type', [snapshotMessage, updateMessage, errorMessage]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type SnapshotMessage = z.infer<typeof snapshotMessage>;
export type IslandConfig = NonNullable<SnapshotMessage['islands']>;
export type UpdateMessage = z.infer<typeof updateMessage>;

export const clientMessageSchema = z.discriminatedUnion('type', [
  /** Ask for a fresh snapshot (after a gap in seq or a decode error). */
  z.object({ type: z.literal('resync'), v }),
  /** What the display reports about itself, for the hub's per-client metrics. */
  z.object({
    type: z.literal('report'),
    v,
    view: z.string().max(512),
    fps: finite.min(0).max(1000),
  }),
  /** Switch this display's feed; it gets a snapshot of the new feed at once. */
  z.object({ type: z.literal('subscribe'), v, feed: feedRequest }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Most buckets a display may ask of `GET /api/timeline` (a strip as wide as a 4K screen). */
export const TIMELINE_MAX_BUCKETS = 4000;
/**
 * `GET /api/timeline?buckets=N&key=K`: the timeline bar's strip over the hub's record, and with `key` (a
 * history key, shared/timeline/strip.ts) the same buckets for that one node or call (the panel's sparkline).
 */
const timelineQuery = z.strictObject({
  buckets: z
    .string()
    .regex(/^\d{1,5}$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(TIMELINE_MAX_BUCKETS))
    .default(300),
  key: z.string().min(1).max(2048).optional(),
});
export type TimelineQuery = z.output<typeof timelineQuery>;
const bucketValues = z.array(finite.nullable());
const timelineStrip = z.object({
  /** Epoch ms of the record's first poll and of the newest; `from === to` with empty buckets: nothing recorded yet. */
  from: finite,
  to: finite,
  /** The hub's clock when it answered: the live edge. */
  now: finite,
  /** The poll interval, ms: one step of the bar's keys. */
  stepMs: finite.positive(),
  bucketMs: finite.positive(),
  /** Per bucket: mean requests/s served, and failed ÷ all; null = no poll in that bucket. */
  rps: bucketValues,
  errorRatio: bucketValues,
  events: z.array(z.object({ at: finite, source: z.string(), kind: z.enum(['failed', 'stale', 'recovered']) })),
  alerts: z.array(z.object({ at: finite, title: z.string(), severity: z.enum(['info', 'warning', 'danger']), source: z.string() })),
  /** The asked-for entity over the same buckets (null values where it was absent). */
  series: z.object({ key: z.string(), rps: bucketValues, errorRatio: bucketValues }).optional(),
});
export type TimelineStrip = z.infer<typeof timelineStrip>;
const latencySubject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('call'), region: z.string().nullable(), source: z.string(), target: z.string() }),
  z.object({ kind: z.literal('service'), region: z.string(), service: z.string() }),
  z.object({ kind: z.literal('region'), region: z.string() }),
]);
/** `GET /api/latency` (HTTP, not the stream): one subject's merged buckets, read by the side panel. */
export const latencyDistributionSchema: z.ZodType<LatencyDistribution> = z.object({
  subject: latencySubject,
  le: z.array(z.union([finite, z.literal('+Inf')])),
  counts: z.array(finite),
  latencyMs: z.object({ p50: finite, p95: finite, p99: finite }).nullable(),
});

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

function decode<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ProtocolError(`${what}: not JSON`);
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new ProtocolError(`${what}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** Validates a message from the hub (a JSON string or a parsed value). Throws ProtocolError. */
export function decodeServerMessage(raw: unknown): ServerMessage {
  return decode(serverMessageSchema, raw, 'server message');
}

/** Validates a message from a client (a JSON string or a parsed value). Throws ProtocolError. */
export function decodeClientMessage(raw: unknown): ClientMessage {
  return decode(clientMessageSchema, raw, 'client message');
}

/** Validates `GET /api/timeline`'s query parameters (the hub's side). Throws ProtocolError naming the parameter. */
export function decodeTimelineQuery(params: Iterable<[string, string]>): TimelineQuery {
  const raw: Record<string, string> = {};
  for (const [name, value] of params) {
    if (Object.hasOwn(raw, name)) throw new ProtocolError(`timeline query: ${name}: given more than once`);
    raw[name] = value;
  }
  return decode(timelineQuery, raw, 'timeline query');
}

/** Validates `GET /api/timeline`'s answer (the renderer's side). Throws ProtocolError. */
export function decodeTimelineStrip(raw: unknown): TimelineStrip {
  return decode(timelineStrip, raw, 'timeline answer');
}

export function encode(message: ServerMessage | ClientMessage): string {
  return JSON.stringify(message);
}
