// Deep links `flowsight://region/NAME` and `flowsight://region/NAME/SERVICE` open a view (issue 5). The
// link is untrusted input from any web page or chat message, so it only ever becomes a fragment of the
// hub's own page, with every segment re-encoded; anything else is ignored.
export const DEEP_LINK_SCHEME = 'flowsight';
const PREFIX = `${DEEP_LINK_SCHEME}://`;
const MAX_LENGTH = 2048;

function decodeSegment(segment: string): string | null {
  try {
    const name = decodeURIComponent(segment);
    return name === '' ? null : name;
  } catch {
    return null;
  }
}

/** The view fragment (`#/`, `#/region/R`, `#/region/R/S`) a deep link addresses, or null if it is not one. */
export function routeFromDeepLink(link: string): string | null {
  if (link.length > MAX_LENGTH || link.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return null;
  const body = link.slice(PREFIX.length).split(/[?#]/)[0] ?? '';
  const parts = body.split('/').filter((part) => part !== '');
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'global')) return '#/';
  if (parts[0] !== 'region' || parts.length < 2 || parts.length > 3) return null;
  const names = parts.slice(1).map(decodeSegment);
  if (names.some((name) => name === null)) return null;
  return `#/region/${(names as string[]).map(encodeURIComponent).join('/')}`;
}

/**
 * The first deep link in a command line. Windows and Linux start (or hand the second instance) the app with
 * the link as an argument; macOS delivers it through the 'open-url' event instead.
 */
export function findDeepLink(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const route = routeFromDeepLink(arg);
    if (route !== null) return route;
  }
  return null;
}
