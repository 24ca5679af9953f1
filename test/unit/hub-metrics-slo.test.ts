import { describe, expect, it } from 'vitest';
import { createHubMetrics } from '../../electron/hub/metrics';
import { BURN_WINDOWS, type SloReport } from '../../shared/slo/report';

const report = (over: Partial<SloReport>): SloReport => ({
  service: 'checkout',
  region: 'us-east-1',
  kind: 'availability',
  objective: 99.9,
  window: '30d',
  budgetRemaining: 0.25,
  burnRates: Object.fromEntries(BURN_WINDOWS.map((w, i) => [w, i === 0 ? 14.4 : null])) as SloReport['burnRates'],
  coverage: { '5m': 1, '30m': 1, '1h': 1, '6h': 1, '3d': 1, window: 1 },
  alert: 'page',
  exhaustsInSeconds: 600,
  source: 'mesh',
  evaluatedAt: 1_000,
  error: null,
  queries: [],
  ...over,
});

describe('createHubMetrics() SLO gauges', () => {
  it('exposes budget, burn rates and alert level of each SLO at scrape time, omitting unknown values', async () => {
    const metrics = createHubMetrics();
    let reports: SloReport[] = [report({}), report({ service: 'cart', region: null, budgetRemaining: null, alert: null })];
    metrics.slo.reports = () => reports;
    const text = await metrics.registry.metrics();
    expect(text).toContain('flowsight_slo_budget_remaining_ratio{service="checkout",region="us-east-1",kind="availability",window="30d"} 0.25');
    expect(text).not.toMatch(/flowsight_slo_budget_remaining_ratio\{service="cart"/);
    expect(text).toContain('flowsight_slo_burn_rate{service="checkout",region="us-east-1",kind="availability",window="30d",burn_window="5m"} 14.4');
    expect(text).not.toMatch(/burn_window="30m"/);
    expect(text).toContain('flowsight_slo_alert{service="checkout",region="us-east-1",kind="availability",window="30d"} 2');
    expect(text).toContain('flowsight_slo_alert{service="cart",region="",kind="availability",window="30d"} 0');
    // A report that is gone leaves no series behind.
    reports = [];
    expect(await metrics.registry.metrics()).not.toMatch(/flowsight_slo_alert\{/);
  });
});
