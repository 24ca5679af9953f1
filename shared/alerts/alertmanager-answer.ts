// Reading Alertmanager's `GET /api/v2/alerts` answer (its OpenAPI spec, `gettableAlerts`): an array of
// {labels, annotations, startsAt, endsAt, updatedAt, fingerprint, generatorURL, receivers,
//  status: {state: active | suppressed | unprocessed, silencedBy, inhibitedBy}}.

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  fingerprint: string;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
}

export class AlertmanagerAnswerError extends Error {
  override name = 'AlertmanagerAnswerError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The alerts of one answer. The envelope must be an array (anything else is a wrong URL or a proxy page);
 * an entry without labels is skipped and counted, so one odd alert never hides the others.
 */
export function readAlerts(raw: unknown): { alerts: AlertmanagerAlert[]; skipped: number } {
  if (!Array.isArray(raw)) {
    const hint = isObject(raw) && 'data' in raw ? ' (an API v1 answer? flowsight reads /api/v2/alerts)' : '';
    throw new AlertmanagerAnswerError(`answer is not a JSON array of alerts${hint}`);
  }
  const alerts: AlertmanagerAlert[] = [];
  let skipped = 0;
  for (const entry of raw) {
    if (!isObject(entry) || !isObject(entry.labels)) {
      skipped++;
      continue;
    }
    const status = isObject(entry.status) ? entry.status : {};
    const alert: AlertmanagerAlert = {
      labels: stringMap(entry.labels),
      annotations: stringMap(entry.annotations),
      fingerprint: optionalString(entry.fingerprint) ?? '',
      status: {
        state: optionalString(status.state) ?? 'active',
        silencedBy: strings(status.silencedBy),
        inhibitedBy: strings(status.inhibitedBy),
      },
    };
    const startsAt = optionalString(entry.startsAt);
    const endsAt = optionalString(entry.endsAt);
    const generatorURL = optionalString(entry.generatorURL);
    if (startsAt !== undefined) alert.startsAt = startsAt;
    if (endsAt !== undefined) alert.endsAt = endsAt;
    if (generatorURL !== undefined) alert.generatorURL = generatorURL;
    alerts.push(alert);
  }
  return { alerts, skipped };
}
