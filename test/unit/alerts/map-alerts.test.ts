import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapAlerts, readAlerts, severityOf, httpUrl, type AlertmanagerAlert } from '../../../shared/alerts/index';

// Recorded from Debian's prometheus-alertmanager 0.25 (GET /api/v2/alerts): one firing, one silenced.
const recorded: unknown = JSON.parse(readFileSync(new URL('../../fixtures/alertmanager/alerts.json', import.meta.url), 'utf8'));
const NOW = Date.parse('2026-12-01T21:30:00Z');

const alert = (labels: Record<string, string>, annotations: Record<string, string> = {}, extra: Partial<AlertmanagerAlert> = {}): AlertmanagerAlert => ({
  labels,
  annotations,
  fingerprint: labels.alertname ?? 'x',
  status: { state: 'active', silencedBy: [], inhibitedBy: [] },
  ...extra,
});

describe('mapAlerts()', () => {
  it('turns a recorded firing alert into a notice on its service and region with runbook, owner and generator', () => {
    const [firing] = mapAlerts(readAlerts(recorded).alerts, { source: 'am', now: NOW });
    expect(firing).toEqual({
      region: 'us-east-1',
      service: 'checkout',
      notice: {
        severity: 'danger',
        title: 'checkout 5xx above 5%',
        link: 'https://runbooks.example.com/checkout',
        alert: {
          source: 'am',
          id: '3f1da9dfc31baaa1',
          name: 'HighErrorRate',
          startsAt: Date.parse('2026-12-01T21:29:08.984Z'),
          state: 'active',
          description: 'error ratio 7%',
          owners: { team: 'payments' },
          generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
          service: 'checkout',
          region: 'us-east-1',
        },
      },
    });
  });

  it('marks a silenced alert muted with the silence id, titled by alertname when there is no summary', () => {
    const muted = mapAlerts(readAlerts(recorded).alerts, { source: 'am', now: NOW })[1]!;
    expect(muted.notice.title).toBe('Quiet');
    expect(muted.notice.alert).toMatchObject({ state: 'muted', mutedBy: ['10d41b0d-3d71-4768-9eb4-65e44673fd31'] });
  });

  it('marks an inhibited alert muted even while its state still reads active', () => {
    const [target] = mapAlerts([alert({ alertname: 'A' }, {}, { status: { state: 'active', silencedBy: [], inhibitedBy: ['abc'] } })], { source: 'am', now: NOW });
    expect(target!.notice.alert).toMatchObject({ state: 'muted', mutedBy: ['abc'] });
  });

  it('drops an alert whose endsAt has passed (resolved) and keeps one that ends later', () => {
    const targets = mapAlerts(
      [alert({ alertname: 'Old' }, {}, { endsAt: new Date(NOW - 1).toISOString() }), alert({ alertname: 'New' }, {}, { endsAt: new Date(NOW + 60_000).toISOString() })],
      { source: 'am', now: NOW },
    );
    expect(targets.map((t) => t.notice.alert?.name)).toEqual(['New']);
  });

  it('names the service by the first label present and keeps the others as aliases, in the configured order', () => {
    const labels = { alertname: 'A', job: 'kubernetes-pods', app: 'cart', destination_workload: 'cart-v2' };
    const [byDefault] = mapAlerts([alert(labels)], { source: 'am', now: NOW });
    expect(byDefault).toMatchObject({ service: 'cart', aliases: ['cart-v2', 'kubernetes-pods'] });
    const [custom] = mapAlerts([alert({ ...labels, k8s_cluster: 'eu-1' })], { source: 'am', now: NOW, labels: { service: ['destination_workload'], region: ['k8s_cluster'] } });
    expect(custom).toMatchObject({ service: 'cart-v2', region: 'eu-1' });
    expect(custom!.aliases).toBeUndefined();
  });

  it('takes the region from cluster, then region, then the source default, else leaves it unnamed', () => {
    const regionOf = (labels: Record<string, string>, region?: string) =>
      mapAlerts([alert({ alertname: 'A', ...labels })], { source: 'am', now: NOW, ...(region ? { region } : {}) })[0]!.region;
    expect(regionOf({ cluster: 'c1', region: 'r1' })).toBe('c1');
    expect(regionOf({ region: 'r1' })).toBe('r1');
    expect(regionOf({}, 'home')).toBe('home');
    expect(regionOf({})).toBeUndefined();
  });

  it('keeps only http(s) runbook and generator links, never javascript: or credentials', () => {
    const [target] = mapAlerts(
      [alert({ alertname: 'A' }, { runbook_url: 'javascript:alert(1)' }, { generatorURL: 'file:///etc/passwd' })],
      { source: 'am', now: NOW },
    );
    expect(target!.notice.link).toBeUndefined();
    expect(target!.notice.alert?.generatorURL).toBeUndefined();
    expect(httpUrl('https://user:pw@wiki.example.com/x')).toBeUndefined();
    expect(httpUrl(' HTTPS://wiki.example.com/runbooks#checkout ')).toBe('HTTPS://wiki.example.com/runbooks#checkout');
    expect(httpUrl('https://wiki.example.com/a b')).toBeUndefined();
  });

  it('orders notices worst first, then oldest', () => {
    const targets = mapAlerts(
      [
        alert({ alertname: 'W', severity: 'warning' }, {}, { startsAt: '2026-12-01T21:00:00Z' }),
        alert({ alertname: 'C2', severity: 'critical' }, {}, { startsAt: '2026-12-01T21:10:00Z' }),
        alert({ alertname: 'C1', severity: 'page' }, {}, { startsAt: '2026-12-01T21:05:00Z' }),
      ],
      { source: 'am', now: NOW },
    );
    expect(targets.map((t) => t.notice.alert?.name)).toEqual(['C1', 'C2', 'W']);
  });
});

describe('severityOf()', () => {
  it('reads critical/page/error as danger, warning as warning, info/none as info, and anything else as warning', () => {
    expect(['critical', 'page', 'error', 'CRITICAL'].map(severityOf)).toEqual(['danger', 'danger', 'danger', 'danger']);
    expect(severityOf('warning')).toBe('warning');
    expect(['info', 'none'].map(severityOf)).toEqual(['info', 'info']);
    expect([undefined, '', 'sev-unknown'].map(severityOf)).toEqual(['warning', 'warning', 'warning']);
  });
});

describe('readAlerts()', () => {
  it('refuses an answer that is not an array and skips entries without labels', () => {
    expect(() => readAlerts({ status: 'success', data: [] })).toThrow(/API v1/);
    expect(readAlerts([{ labels: { alertname: 'A' } }, 7, { annotations: {} }])).toMatchObject({ skipped: 2, alerts: [{ labels: { alertname: 'A' } }] });
  });
});
