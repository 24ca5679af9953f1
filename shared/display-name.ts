// Names from metrics are untrusted text: a bidi override (U+202E) renders `gpj.exe` as `exe.jpg`-style
// lies, and a 5,000-character name fills the panel. What is drawn is cleaned and capped; the full (cleaned)
// name stays available for a tooltip or a copy from the panel.

/** Bidi embeddings, overrides and isolates (Unicode TR9), marks, and other invisible format controls. */
const HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
const HAS_HIDDEN = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

/** Longest line drawn, in characters; a line beyond it ends in `…`. */
export const DISPLAY_NAME_MAX = 64;

/** The name without invisible controls; unchanged (the same string, no allocation) when it has none. */
export function cleanName(name: string): string {
  return HAS_HIDDEN.test(name) ? name.replace(HIDDEN, '') : name;
}

/** The name as drawn: cleaned, each line capped at `max` characters (whole code points). */
export function displayName(name: string, max = DISPLAY_NAME_MAX): string {
  const clean = cleanName(name);
  if (clean.length <= max) return clean;
  return clean
    .split('\n')
    .map((line) => {
      const points = Array.from(line);
      return points.length <= max ? line : points.slice(0, max - 1).join('') + '…';
    })
    .join('\n');
}
