// Where a window may go. The app's only origin is the in-process hub; everything else is refused in the
// window and, for plain web links, handed to the user's browser (Electron security checklist 13 and 14:
// limit navigation, limit new windows; 15: do not pass untrusted input to shell.openExternal).

/** True when `url` is on exactly the hub's origin (scheme, host and port). */
export function isSameOrigin(url: string, appOrigin: string): boolean {
  try {
    return new URL(url).origin === new URL(appOrigin).origin;
  } catch {
    return false;
  }
}

/**
 * The URL to open in the user's browser for a link the page tried to open, or null to drop it: only
 * http(s), never with credentials, never a local or custom scheme (file:, smb:, javascript:, ...).
 */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

/**
 * Permissions the page may have (checklist 5): full screen for wall mode, and writing to the clipboard
 * (copying a name or a query). Camera, microphone, geolocation, notifications, MIDI, ... are refused.
 */
const ALLOWED_PERMISSIONS = new Set(['fullscreen', 'clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string, appOrigin: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isSameOrigin(requestingUrl, appOrigin);
}
