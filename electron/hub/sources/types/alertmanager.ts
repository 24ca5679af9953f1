// `type: alertmanager`: firing alerts as notices on the services and regions their labels name.
import { z } from 'zod';
import { DEFAULT_ALERT_LABELS, type AlertLabelMapping } from '../../../../shared/alerts/map-alerts';
import { createAlertmanagerSource } from '../alertmanager';
import { defineSourceType, httpSourceKeys, regionName, sourceSchema } from '../source-type';

const labelList = z.array(z.string().min(1)).min(1);

export const alertmanagerDefaults = { timeout: 10, labels: DEFAULT_ALERT_LABELS } as const;

const schema = sourceSchema('alertmanager', {
  ...httpSourceKeys,
  /** The region of alerts whose labels name none (one Alertmanager per region). */
  region: regionName.optional(),
  /** Which alert labels name the service, the region and the owners; each list is tried in order. */
  labels: z.strictObject({ service: labelList.optional(), region: labelList.optional(), owner: z.array(z.string().min(1)).optional() }).optional(),
  /** Alertmanager matchers (`team="payments"`, `severity=~"critical|warning"`), sent as `filter`. */
  filter: z.array(z.string().min(1)).optional(),
});

export type AlertmanagerSourceConfig = z.output<typeof schema>;

function labelsOf(config: AlertmanagerSourceConfig): AlertLabelMapping {
  return {
    service: config.labels?.service ?? [...DEFAULT_ALERT_LABELS.service],
    region: config.labels?.region ?? [...DEFAULT_ALERT_LABELS.region],
    owner: config.labels?.owner ?? [...DEFAULT_ALERT_LABELS.owner],
  };
}

export const alertmanagerType = defineSourceType({
  type: 'alertmanager',
  schema,
  defaults: alertmanagerDefaults,
  example: { url: 'http://127.0.0.1:9093' },
  create: (config, context) =>
    createAlertmanagerSource({
      name: config.name,
      url: config.url,
      timeoutMs: (config.timeout ?? alertmanagerDefaults.timeout) * 1000,
      now: context.now,
      ...(context.maxResponseBytes !== undefined ? { maxResponseBytes: context.maxResponseBytes } : {}),
      labels: labelsOf(config),
      ...(config.basicAuth ? { basicAuth: config.basicAuth } : {}),
      ...(config.bearerToken ? { bearerToken: config.bearerToken } : {}),
      ...(config.headers ? { headers: config.headers } : {}),
      ...(config.region !== undefined ? { region: config.region } : {}),
      ...(config.filter ? { filter: config.filter } : {}),
    }),
  timeoutSeconds: (config) => config.timeout,
  describe: (config) => ({ url: config.url, region: config.region ?? null, labels: labelsOf(config), filter: config.filter ?? [] }),
});
