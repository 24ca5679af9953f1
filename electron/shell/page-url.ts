// The URL a window loads: the hub's page with the per-launch token in the query (the renderer stores it and
// strips it from the address bar), wall mode as `?wall=SECONDS`, and the view as the fragment.

export interface PageUrlOptions {
  token: string | null;
  /** A fragment such as `#/region/eu-west`; the global view when absent. */
  route?: string | null;
  wallSeconds?: number | null;
}

export function pageUrl(hubUrl: string, options: PageUrlOptions): string {
  const url = new URL('/', hubUrl);
  if (options.wallSeconds !== undefined && options.wallSeconds !== null) url.searchParams.set('wall', String(options.wallSeconds));
  if (options.token) url.searchParams.set('token', options.token);
  const route = options.route && options.route.startsWith('#/') ? options.route : '#/';
  return `${url.href.replace(/#.*$/, '')}${route}`;
}

/** The view fragment of a page URL, or null when it has none (used to remember the last view). */
export function routeOfUrl(url: string): string | null {
  const hash = url.indexOf('#');
  if (hash < 0) return null;
  const route = url.slice(hash);
  return route.startsWith('#/') ? route : null;
}

/** True when a page URL is in wall mode (its views rotate by themselves and are not remembered). */
export function isWallUrl(url: string): boolean {
  try {
    return new URL(url).searchParams.has('wall');
  } catch {
    return false;
  }
}
