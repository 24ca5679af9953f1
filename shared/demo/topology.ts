// The demo shop's shape: the services of one region, who calls whom at what share of the region's
// Internet traffic, and the calls between regions. Built once from a seed; rates are the configured ones.
import { INTERNET } from '../model';
import { lcg } from './rng';

export type DemoServiceKind = 'service' | 'database' | 'messaging';

/** Which proxies report a call in the Istio convention (installations often drop one side). */
export type DemoReporters = 'both' | 'source' | 'destination';

/** One configured call of the demo. Rates are requests per second at full load, before noise and bursts. */
export interface DemoCall {
  /** Stable position in the topology: seeds this call's noise. */
  index: number;
  sourceRegion: string;
  source: string;
  sourceNamespace: string;
  destinationRegion: string;
  destination: string;
  destinationNamespace: string;
  destinationKind: DemoServiceKind;
  rate: number;
  /** Failed share outside bursts. */
  errorShare: number;
  /** The region whose Internet load drives this call (evacuation scales it), or null for a constant flow. */
  loadRegion: string | null;
  reportedBy: DemoReporters;
}

interface ServiceSpec {
  name: string;
  namespace: string;
  kind: DemoServiceKind;
}

const SHOP: readonly ServiceSpec[] = [
  { name: 'edge-proxy', namespace: 'edge', kind: 'service' },
  { name: 'api-gateway', namespace: 'edge', kind: 'service' },
  { name: 'frontend', namespace: 'web', kind: 'service' },
  { name: 'auth', namespace: 'identity', kind: 'service' },
  { name: 'users', namespace: 'identity', kind: 'service' },
  { name: 'catalog', namespace: 'shop', kind: 'service' },
  { name: 'search', namespace: 'shop', kind: 'service' },
  { name: 'recommendations', namespace: 'shop', kind: 'service' },
  { name: 'cart', namespace: 'shop', kind: 'service' },
  { name: 'checkout', namespace: 'shop', kind: 'service' },
  { name: 'payments', namespace: 'payments', kind: 'service' },
  { name: 'inventory', namespace: 'shop', kind: 'service' },
  { name: 'pricing', namespace: 'shop', kind: 'service' },
  { name: 'shipping', namespace: 'fulfilment', kind: 'service' },
  { name: 'reviews', namespace: 'shop', kind: 'service' },
  { name: 'notifications', namespace: 'fulfilment', kind: 'service' },
  { name: 'postgres', namespace: 'data', kind: 'database' },
  { name: 'redis', namespace: 'data', kind: 'database' },
  { name: 'kafka', namespace: 'data', kind: 'messaging' },
  { name: 'elasticsearch', namespace: 'data', kind: 'database' },
];

/** Calls inside a region, as requests per Internet request into that region's edge. */
const FLOWS: readonly (readonly [string, string, number])[] = [
  ['edge-proxy', 'frontend', 0.35],
  ['edge-proxy', 'api-gateway', 0.65],
  ['frontend', 'api-gateway', 0.3],
  ['api-gateway', 'auth', 0.6],
  ['auth', 'users', 0.2],
  ['auth', 'redis', 0.55],
  ['api-gateway', 'users', 0.1],
  ['users', 'postgres', 0.25],
  ['api-gateway', 'catalog', 0.3],
  ['catalog', 'postgres', 0.12],
  ['catalog', 'redis', 0.35],
  ['catalog', 'pricing', 0.25],
  ['catalog', 'inventory', 0.15],
  ['api-gateway', 'search', 0.18],
  ['search', 'elasticsearch', 0.18],
  ['search', 'catalog', 0.05],
  ['api-gateway', 'recommendations', 0.12],
  ['recommendations', 'catalog', 0.1],
  ['recommendations', 'redis', 0.12],
  ['api-gateway', 'cart', 0.15],
  ['cart', 'redis', 0.15],
  ['cart', 'pricing', 0.08],
  ['cart', 'inventory', 0.05],
  ['api-gateway', 'checkout', 0.04],
  ['checkout', 'cart', 0.04],
  ['checkout', 'payments', 0.03],
  ['checkout', 'inventory', 0.03],
  ['checkout', 'shipping', 0.03],
  ['checkout', 'kafka', 0.04],
  ['payments', 'postgres', 0.03],
  ['inventory', 'postgres', 0.1],
  ['pricing', 'redis', 0.2],
  ['shipping', 'postgres', 0.03],
  ['api-gateway', 'reviews', 0.06],
  ['reviews', 'postgres', 0.05],
  ['notifications', 'kafka', 0.05],
  ['notifications', 'users', 0.02],
];

/** Payments settle in the primary region: a share of each other region's Internet traffic. */
const PAYMENTS_TO_PRIMARY = 0.02;
/** The primary's catalog replicates to every other region at a steady rate, whatever the load. */
const CATALOG_REPLICATION_RPS = 4;

const REGION_NAMES = [
  'us-east-1',
  'eu-west-1',
  'ap-southeast-2',
  'us-west-2',
  'eu-central-1',
  'ap-northeast-1',
  'sa-east-1',
  'ca-central-1',
  'ap-south-1',
  'af-south-1',
];
const BASE_EDGE_RPS = [480, 320, 160, 240, 200, 180, 90, 110, 150, 60];

const EXTRA_NAMES = [
  'ledger', 'tax', 'fraud', 'coupons', 'wishlist', 'loyalty', 'gift-cards', 'returns', 'warehouse', 'routing',
  'geo', 'i18n', 'media', 'thumbnails', 'ads', 'analytics', 'audit', 'billing', 'invoices', 'email', 'sms',
  'push', 'sessions', 'feature-flags', 'currency', 'vendors', 'suppliers', 'banners', 'ratings', 'quotes',
];

export interface TopologyOptions {
  seed: number;
  /** How many regions, or their names. Default 3. */
  regions?: number | readonly string[];
  /** Services per region (datastores included). Default 20, the whole shop; more adds generated services. */
  servicesPerRegion?: number;
}

export interface DemoTopology {
  regions: readonly string[];
  primary: string;
  /** Configured Internet requests per second into each region's edge. */
  edgeRps: ReadonlyMap<string, number>;
  calls: readonly DemoCall[];
}

export function regionNames(regions: number | readonly string[] | undefined): string[] {
  if (Array.isArray(regions)) return [...(regions as readonly string[])];
  const count = Math.max(1, Math.floor((regions as number | undefined) ?? 3));
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(REGION_NAMES[i] ?? `region-${i + 1}`);
  return out;
}

/** Two decimals: configured rates read like numbers someone typed. */
function round(value: number): number {
  return Math.max(0.05, Math.round(value * 100) / 100);
}

function servicesFor(count: number): ServiceSpec[] {
  const services = SHOP.slice(0, Math.max(2, Math.min(count, SHOP.length)));
  for (let i = SHOP.length; i < count; i++) {
    const k = i - SHOP.length;
    const word = EXTRA_NAMES[k % EXTRA_NAMES.length]!;
    const round = Math.floor(k / EXTRA_NAMES.length);
    services.push({ name: round === 0 ? word : `${word}-${round + 1}`, namespace: 'shop', kind: 'service' });
  }
  return services;
}

type CallShape = Omit<DemoCall, 'index' | 'reportedBy' | 'errorShare'>;

const OUTSIDE: ServiceSpec = { name: INTERNET, namespace: '', kind: 'service' };

/** The shape of a call from `from` in one region to `to` in another (or the same). */
function between(fromRegion: string, from: ServiceSpec, toRegion: string, to: ServiceSpec, rate: number, loadRegion: string | null): CallShape {
  return {
    sourceRegion: fromRegion,
    source: from.name,
    sourceNamespace: from.namespace,
    destinationRegion: toRegion,
    destination: to.name,
    destinationNamespace: to.namespace,
    destinationKind: to.kind,
    rate,
    loadRegion,
  };
}

/** Most calls are seen by both proxies; some by one only, as in meshes that drop a side to save cardinality. */
function reporters(call: CallShape, draw: number): DemoReporters {
  if (call.source === INTERNET) return 'destination';
  if (call.destinationKind !== 'service') return 'source';
  return draw < 0.1 ? 'source' : draw < 0.2 ? 'destination' : 'both';
}

export function buildTopology(options: TopologyOptions): DemoTopology {
  const random = lcg(options.seed);
  const regions = regionNames(options.regions);
  const primary = regions[0]!;
  const services = servicesFor(options.servicesPerRegion ?? SHOP.length);
  const byName = new Map(services.map((s) => [s.name, s]));
  const edgeRps = new Map<string, number>();
  const calls: DemoCall[] = [];
  const errorShare = (): number => Math.round((0.001 + random() * 0.004) * 10000) / 10000;
  const add = (call: CallShape, share: number): void => {
    calls.push({ ...call, index: calls.length, reportedBy: reporters(call, random()), errorShare: share });
  };

  regions.forEach((region, r) => {
    const edge = round((BASE_EDGE_RPS[r] ?? 50 + random() * 100) * (0.9 + random() * 0.2));
    edgeRps.set(region, edge);
    add(between(INTERNET, OUTSIDE, region, services[0]!, edge, region), errorShare());
    const inRegion = (from: ServiceSpec, to: ServiceSpec, share: number): void =>
      add(between(region, from, region, to, round(edge * share), region), to.kind === 'service' ? errorShare() : 0);
    for (const [from, to, share] of FLOWS) {
      const a = byName.get(from);
      const b = byName.get(to);
      if (a && b) inRegion(a, b, share);
    }
    if (services.length === 2 && !FLOWS.some(([f, t]) => byName.has(f) && byName.has(t))) inRegion(services[0]!, services[1]!, 0.5);
    // Generated services hang off an earlier service and use a datastore, so the graph stays a layered DAG.
    for (let i = SHOP.length; i < services.length; i++) {
      const caller = services[Math.floor(random() * i)]!;
      const callee = services[i]!;
      const from = caller.kind === 'service' ? caller : byName.get('api-gateway')!;
      inRegion(from, callee, 0.005 + random() * 0.03);
      const store = SHOP[16 + Math.floor(random() * 4)]!;
      if (random() < 0.6) inRegion(callee, store, 0.003 + random() * 0.02);
    }
  });

  const payments = byName.get('payments');
  const catalog = byName.get('catalog');
  for (const region of regions) {
    if (region === primary) continue;
    const edge = edgeRps.get(region)!;
    if (payments) add(between(region, payments, primary, payments, round(edge * PAYMENTS_TO_PRIMARY), region), errorShare());
    if (catalog) add(between(primary, catalog, region, catalog, CATALOG_REPLICATION_RPS, null), errorShare());
  }
  return { regions, primary, edgeRps, calls };
}
