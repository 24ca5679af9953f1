// A burning SLO as a notice on its service, so the graph shows who burns budget with the same badge as an
// alert: page → danger, ticket → warning. A region-less SLO sits on the service in every region that has it.
import type { Graph, NoticeTarget, SourceBatch } from '../model';
import type { SloReport } from './report';

export const SLO_SOURCE = 'slo';

function burnTitle(report: SloReport): string {
  const fastest = Math.max(...Object.values(report.burnRates).map((b) => b ?? 0));
  const what = report.kind === 'latency' ? `latency ≤ ${report.thresholdMs} ms` : 'availability';
  return `${report.service}: ${what} ${report.objective}% burning error budget at ${fastest.toPrecision(3)}× (${report.alert})`;
}

export function sloNoticeTargets(reports: readonly SloReport[], graph: Graph): NoticeTarget[] {
  const out: NoticeTarget[] = [];
  for (const report of reports) {
    if (report.alert === null) continue;
    const regions = report.region !== null ? [report.region] : graph.regions.filter((r) => r.nodes.some((n) => n.kind === 'service' && n.name === report.service)).map((r) => r.name);
    for (const region of regions) {
      out.push({
        region,
        service: report.service,
        notice: {
          severity: report.alert === 'page' ? 'danger' : 'warning',
          title: burnTitle(report),
          alert: {
            source: SLO_SOURCE,
            id: `slo:${report.kind}:${report.service}@${report.region ?? '*'}:${report.objective}${report.thresholdMs === undefined ? '' : `:${report.thresholdMs}ms`}`,
            name: 'error budget',
            startsAt: null,
            state: 'active',
            service: report.service,
            region,
          },
        },
      });
    }
  }
  return out;
}

export function sloBatch(reports: readonly SloReport[], graph: Graph, now: number): SourceBatch {
  return { source: SLO_SOURCE, sampledAt: now, calls: [], seriesRead: 0, notices: sloNoticeTargets(reports, graph) };
}
