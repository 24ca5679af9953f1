// `?whatif=drain:REGION[,REGION]` after a view's hash path (`#/region/us-east-1?whatif=drain:eu-west-1`):
// a link that opens a display on a rehearsal. Optional `;fraction:0.5` and `;to:a=2,b=1` parts.
import { parsePlan, type PlanResult, type QueryParams } from './plan';

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The query part of a location hash (`#/path?x=y` → `x=y`) as parameters; the first of a repeated name wins. */
export function hashQuery(hash: string): QueryParams {
  const at = hash.indexOf('?');
  const values = new Map<string, string>();
  if (at >= 0) {
    for (const pair of hash.slice(at + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = decode(eq < 0 ? pair : pair.slice(0, eq));
      if (!values.has(name)) values.set(name, eq < 0 ? '' : decode(pair.slice(eq + 1)));
    }
  }
  return { get: (name) => values.get(name) ?? null };
}

/** The plan a `whatif` parameter names; null when there is none. */
export function planFromWhatifParam(value: string | null): PlanResult | null {
  if (value === null) return null;
  const raw: Record<string, unknown> = {};
  for (const part of value.split(';')) {
    const colon = part.indexOf(':');
    const key = colon < 0 ? part : part.slice(0, colon);
    const rest = colon < 0 ? '' : part.slice(colon + 1);
    if (key === 'drain') raw.drain = rest.split(',').filter((r) => r !== '');
    else if (key === 'fraction') raw.fraction = rest !== '' && Number.isFinite(Number(rest)) ? Number(rest) : rest;
    else if (key === 'to') {
      const to: Record<string, unknown> = {};
      for (const pair of rest.split(',')) {
        const eq = pair.lastIndexOf('=');
        if (eq > 0) to[pair.slice(0, eq)] = Number(pair.slice(eq + 1));
      }
      raw.to = to;
    } else return { ok: false, problem: { field: 'whatif', message: `unknown part "${key}" (expected drain:, fraction:, to:)` } };
  }
  return parsePlan(raw);
}

/** The `whatif` parameter for a plan (inverse of planFromWhatifParam). */
export function whatifParam(plan: { drain: string[]; fraction?: number; to?: Record<string, number> }): string {
  let out = `drain:${plan.drain.join(',')}`;
  if (plan.fraction !== undefined && plan.fraction !== 1) out += `;fraction:${plan.fraction}`;
  if (plan.to) out += `;to:${Object.entries(plan.to).map(([r, w]) => `${r}=${w}`).join(',')}`;
  return out;
}
