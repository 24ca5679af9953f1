// `${VAR}` in config values: tokens and passwords stay out of the file (systemd credentials, Kubernetes
// secrets as env). `${VAR:-fallback}` gives a default; `$${` is a literal `${`. Keys are never substituted.
import { isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';

const REFERENCE = /\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
/** Keys whose literal (not `${VAR}`) value is a secret: a readable file holding one deserves a warning. */
const SECRET_KEYS = new Set(['token', 'viewerTokens', 'bearerToken', 'password']);

export interface MissingVariable {
  name: string;
  /** Offset of the value in the YAML text, for the line number. */
  offset: number | undefined;
  path: PropertyKey[];
}

export interface Substitution {
  missing: MissingVariable | null;
  /** Secrets written into the file itself. */
  literalSecrets: number;
}

/** Replaces `${VAR}` references in the document's string values, in place. */
export function substituteEnv(doc: Document, env: Readonly<Record<string, string | undefined>>): Substitution {
  const result: Substitution = { missing: null, literalSecrets: 0 };
  const walk = (node: unknown, path: PropertyKey[], secret: boolean): void => {
    if (result.missing) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        walk(pair.value, [...path, key], secret || SECRET_KEYS.has(key));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i], secret));
    } else if (isScalar(node) && typeof node.value === 'string') {
      const text = node.value;
      if (secret && !text.includes('${')) result.literalSecrets++;
      if (!text.includes('${')) return;
      const whole = /^\$\{[^}]+\}$/.test(text) && node.type === 'PLAIN';
      const replaced = text.replace(REFERENCE, (match, escaped: string | undefined, name: string, fallback: string | undefined) => {
        if (escaped) return match.slice(1);
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        result.missing ??= { name, offset: (node as YamlNode).range?.[0], path };
        return '';
      });
      // An unquoted `port: ${PORT}` means the number, as `port: 7300` would.
      node.value = whole && /^-?\d+(\.\d+)?$/.test(replaced) ? Number(replaced) : whole && /^(true|false)$/.test(replaced) ? replaced === 'true' : replaced;
    }
  };
  walk(doc.contents, [], false);
  return result;
}
