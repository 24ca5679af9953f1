// Links from alerts are data from outside (an annotation anyone with a rule file can write): only absolute
// http(s) URLs without credentials are kept, so a `javascript:` or `file:` runbook never becomes a link.
// shared/ has no URL class (no DOM, no Node), so the check is RFC 3986's shape: scheme "://" authority.
const HTTP_URL = /^(https?):\/\/([^/?#\s]+)([/?#][^\s]*)?$/i;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function httpUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 4096 || CONTROL.test(trimmed)) return undefined;
  const match = HTTP_URL.exec(trimmed);
  if (!match) return undefined;
  // user:password@host would hand credentials to whoever clicks; a lone "@" in the authority means the same.
  if (match[2]!.includes('@')) return undefined;
  return trimmed;
}
