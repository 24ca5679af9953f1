// How much a service can take: the operator's number where the config has one, else the most it has been
// seen to serve × headroom. The default headroom is 1: beyond its observed peak a service's capacity is
// unproven, so a rehearsal flags it rather than assume it scales.
export type CapacityConfig = Record<string, Record<string, number>>;
export type CapacitySource = 'config' | 'observed-peak' | 'unknown';

export const DEFAULT_HEADROOM = 1;

export interface CapacityOptions {
  /** `capacity: {REGION: {SERVICE: rps}}` from the config. */
  configured?: CapacityConfig;
  /** The observed peak of requests per second into a service, if any was seen. */
  peak?: (region: string, service: string) => number | undefined;
  /** Multiplies the observed peak; ignored for configured capacities. */
  headroom?: number;
}

export interface Capacity {
  rps: number | null;
  source: CapacitySource;
}

export function capacityOf(options: CapacityOptions, region: string, service: string): Capacity {
  const configured = options.configured?.[region]?.[service];
  if (configured !== undefined && Number.isFinite(configured) && configured > 0) return { rps: configured, source: 'config' };
  const peak = options.peak?.(region, service);
  if (peak !== undefined && Number.isFinite(peak) && peak > 0) return { rps: peak * (options.headroom ?? DEFAULT_HEADROOM), source: 'observed-peak' };
  return { rps: null, source: 'unknown' };
}
