// "Did you mean" for config keys, as commander offers for flags: the keys valid where the typo was written
// are read from the zod schema itself (so new source types get hints for free), then the nearest is offered.
import type { z } from 'zod';

/** Words newcomers reach for that are spelled differently here. */
const SYNONYMS: Record<string, string> = { file: 'path', filename: 'path', endpoint: 'url', address: 'url', server: 'url', labels: 'regionLabels' };

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function objectsAt(schema: z.ZodType, raw: unknown): Def[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return objectsAt(def.innerType!, raw);
    case 'pipe':
      return objectsAt(def.in!, raw);
    case 'object':
      return [def];
    case 'union': {
      const all = def.options!.flatMap((option) => objectsAt(option, raw));
      // A discriminated union: the option whose literal `type` matches the written one, if any does.
      const type = raw !== null && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
      const chosen = all.filter((o) => {
        const literal = o.shape?.type ? (defOf(o.shape.type) as Def & { values?: unknown[] }).values : undefined;
        return literal?.includes(type);
      });
      return chosen.length > 0 ? chosen : all;
    }
    default:
      return [];
  }
}

function step(schema: z.ZodType, raw: unknown, part: PropertyKey): { schema: z.ZodType; raw: unknown } | undefined {
  let def = defOf(schema);
  while (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'pipe'].includes(def.type)) {
    schema = (def.innerType ?? def.in)!;
    def = defOf(schema);
  }
  const child = raw !== null && typeof raw === 'object' ? (raw as Record<PropertyKey, unknown>)[part] : undefined;
  if (def.type === 'array' && typeof part === 'number') return { schema: def.element!, raw: child };
  if (def.type === 'record') return { schema: def.valueType!, raw: child };
  for (const object of objectsAt(schema, raw)) {
    const next = object.shape?.[String(part)];
    if (next) return { schema: next, raw: child };
  }
  return undefined;
}

/** The keys the schema allows at `path` of the raw config. */
export function knownKeysAt(schema: z.ZodType, raw: unknown, path: readonly PropertyKey[]): string[] {
  let at: { schema: z.ZodType; raw: unknown } | undefined = { schema, raw };
  for (const part of path) {
    at = step(at.schema, at.raw, part);
    if (!at) return [];
  }
  return [...new Set(objectsAt(at.schema, at.raw).flatMap((o) => Object.keys(o.shape ?? {})))];
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known key the user probably meant, or undefined when none is close. */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  const synonym = SYNONYMS[unknown.toLowerCase()];
  if (synonym && known.includes(synonym)) return synonym;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const key of known) {
    const d = key.toLowerCase() === unknown.toLowerCase() ? 0 : distance(unknown.toLowerCase(), key.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [key, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(unknown.length / 3)) ? best : undefined;
}
