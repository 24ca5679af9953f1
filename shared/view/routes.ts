// Views are addressable by URL fragment (CONTRACT.md → Renderer): `#/` global, `#/region/R` one region,
// `#/region/R/SERVICE` focus on one service. Names are untrusted and may hold any character, so every
// segment is percent-encoded; a fragment that does not parse falls back to the global view.
import type { Route } from './view-model';

const REGION = 'region';

/** Percent-encodes one path segment so that `/`, `#`, `%`, `?` and spaces cannot split or end it. */
function encodeSegment(name: string): string {
  return encodeURIComponent(name);
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // malformed escape such as `%E0%A4%A`
  }
}

/** The fragment (with its leading `#`) that addresses a route. */
export function formatRoute(route: Route): string {
  if (route.view === 'global' || route.region === undefined || route.region === '') return '#/';
  const region = `#/${REGION}/${encodeSegment(route.region)}`;
  if (route.view === 'focus' && route.service !== undefined && route.service !== '') {
    return `${region}/${encodeSegment(route.service)}`;
  }
  return region;
}

/** Parses `location.hash` (with or without `#`); anything unrecognised is the global view. */
export function parseRoute(hash: string): Route {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const path = body.startsWith('/') ? body.slice(1) : body;
  const parts = path.split('/');
  if (parts[0] !== REGION || parts.length < 2 || parts.length > 3) return { view: 'global' };
  const region = decodeSegment(parts[1] ?? '');
  if (region === null || region === '') return { view: 'global' };
  if (parts.length === 2 || parts[2] === '') return { view: 'region', region };
  const service = decodeSegment(parts[2] ?? '');
  if (service === null) return { view: 'region', region };
  return { view: 'focus', region, service };
}

/** The route one level up: focus → its region, region → global. */
export function parentRoute(route: Route): Route {
  if (route.view === 'focus' && route.region !== undefined) return { view: 'region', region: route.region };
  return { view: 'global' };
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}
