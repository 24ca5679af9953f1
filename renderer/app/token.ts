// Remote displays authenticate with a token (issue 5 → Remote displays). A browser gets it once in the URL
// (`?token=…`); it is kept in sessionStorage (this tab only) and removed from the address bar at once so it
// is not left in history, screenshots or shoulder-surfing. The hub accepts it as `?token=` on the WebSocket
// (browsers cannot set headers there) and as `Authorization: Bearer` on HTTP.
const KEY = 'flowsight.token';

/** Moves a `token` query parameter into sessionStorage and out of the address bar; returns the token. */
export function adoptToken(location: Location, history: History, storage: Storage): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    if (fromUrl !== '') storage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  return storage.getItem(KEY);
}

/** The hub's WebSocket address on the page's own host, with the token when there is one. */
export function hubSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}/ws${query}`;
}

/** fetch() against the hub with the bearer token, for API calls from the renderer. */
export function hubFetch(path: string, token: string | null, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return fetch(path, { ...init, headers });
}
