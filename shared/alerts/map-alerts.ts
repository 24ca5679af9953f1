// Alertmanager alerts → notices bound to the service and region their labels name. Pure: the source
// fetches, this decides. Which labels name what is configurable; the defaults follow the common rule
// packs (kube-prometheus `service`/`job`, Istio `destination_workload`, app labels, `cluster`/`region`).
import type { AlertDetail, Notice, NoticeTarget } from '../model';
import type { AlertmanagerAlert } from './alertmanager-answer';
import { httpUrl } from './http-url';
import { severityOf, severityRank } from './severity';

export interface AlertLabelMapping {
  /** Labels that may name the service, tried in order: the first one naming a node of the graph wins. */
  service: string[];
  /** Labels that may name the region, first present wins. */
  region: string[];
  /** Labels that name who owns the alert, shown in the panel. */
  owner: string[];
}

export const DEFAULT_ALERT_LABELS: Readonly<AlertLabelMapping> = Object.freeze({
  service: ['service', 'app', 'workload', 'destination_workload', 'job'],
  region: ['cluster', 'region'],
  owner: ['team', 'owner'],
});

export interface MapAlertsOptions {
  /** The flowsight source name, kept on every notice. */
  source: string;
  labels?: Partial<AlertLabelMapping>;
  /** The region of alerts whose labels name none (one Alertmanager per region). */
  region?: string;
  /** Epoch ms: alerts whose `endsAt` has passed are resolved. */
  now: number;
}

function epochMs(text: string | undefined): number | null {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  // Alertmanager writes the zero time (0001-01-01) for "unset".
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

function present(labels: Record<string, string>, names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const value = labels[name]?.trim();
    if (value && !out.includes(value)) out.push(value);
  }
  return out;
}

/** Alertmanager's fingerprint, or the sorted label set when an answer lacks one (never two alerts one id). */
function identity(alert: AlertmanagerAlert): string {
  if (alert.fingerprint !== '') return alert.fingerprint;
  return Object.keys(alert.labels)
    .sort()
    .map((k) => `${k}=${alert.labels[k]}`)
    .join(',');
}

function isMuted(alert: AlertmanagerAlert): boolean {
  return alert.status.state === 'suppressed' || alert.status.silencedBy.length > 0 || alert.status.inhibitedBy.length > 0;
}

function toNotice(alert: AlertmanagerAlert, options: MapAlertsOptions, owners: readonly string[], service: string | undefined, region: string | undefined): Notice {
  const { labels, annotations } = alert;
  const name = labels.alertname?.trim() || 'alert';
  const detail: AlertDetail = {
    source: options.source,
    id: identity(alert),
    name,
    startsAt: epochMs(alert.startsAt),
    state: isMuted(alert) ? 'muted' : 'active',
  };
  const description = (annotations.description ?? annotations.message)?.trim();
  if (description) detail.description = description;
  const ownerValues: Record<string, string> = {};
  for (const owner of owners) if (labels[owner]?.trim()) ownerValues[owner] = labels[owner]!.trim();
  if (Object.keys(ownerValues).length > 0) detail.owners = ownerValues;
  const generator = httpUrl(alert.generatorURL);
  if (generator !== undefined) detail.generatorURL = generator;
  if (service !== undefined) detail.service = service;
  if (region !== undefined) detail.region = region;
  if (detail.state === 'muted') detail.mutedBy = [...alert.status.silencedBy, ...alert.status.inhibitedBy];
  const notice: Notice = { severity: severityOf(labels.severity), title: annotations.summary?.trim() || name, alert: detail };
  const link = httpUrl(annotations.runbook_url ?? annotations.runbook);
  if (link !== undefined) notice.link = link;
  return notice;
}

/**
 * Every alert that is not resolved becomes one notice target: on the first service label's value (the
 * others as aliases) in the region its labels name. Muted ones are marked `state: 'muted'`; build-graph
 * lists them apart. Ordered worst first, then oldest, so diffs and lists are stable.
 */
export function mapAlerts(alerts: readonly AlertmanagerAlert[], options: MapAlertsOptions): NoticeTarget[] {
  const mapping: AlertLabelMapping = { ...DEFAULT_ALERT_LABELS, ...options.labels };
  const out: NoticeTarget[] = [];
  for (const alert of alerts) {
    const endsAt = epochMs(alert.endsAt);
    if (endsAt !== null && endsAt <= options.now) continue;
    const services = present(alert.labels, mapping.service);
    const region = present(alert.labels, mapping.region)[0] ?? options.region;
    const notice = toNotice(alert, options, mapping.owner, services[0], region);
    const target: NoticeTarget = { notice };
    if (region !== undefined) target.region = region;
    if (services.length > 0) target.service = services[0]!;
    if (services.length > 1) target.aliases = services.slice(1);
    out.push(target);
  }
  return out.sort(byUrgency);
}

function byUrgency(a: NoticeTarget, b: NoticeTarget): number {
  const rank = severityRank(b.notice.severity) - severityRank(a.notice.severity);
  if (rank !== 0) return rank;
  const sa = a.notice.alert?.startsAt ?? Infinity;
  const sb = b.notice.alert?.startsAt ?? Infinity;
  if (sa !== sb) return sa - sb;
  const ia = a.notice.alert?.id ?? '';
  const ib = b.notice.alert?.id ?? '';
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}
