// The rehearsal as a change-ticket attachment: the plan, what it was projected from (instant, freshness,
// capacity sources) and what breaks, as JSON for tools and Markdown for people.
import type { Graph } from '../model';
import { formatUtilisation } from './format';
import type { Projection } from './project';

export interface ReportContext {
  live: Graph;
  generatedAt: number;
  headroom: number;
  /** Epoch ms since which observed peaks have been recorded (the hub's start), or null. */
  peakSince: number | null;
}

export interface WhatifReport {
  title: string;
  generatedAt: string;
  projectedFrom: { instant: string; regions: Array<{ name: string; updated: string | null; staleSince: string | null; sources: string[] }> };
  plan: Projection['plan'];
  verdict: 'fits' | 'overloads' | 'unplaceable-traffic' | 'overloads-and-unplaceable-traffic';
  capacity: { headroom: number; observedPeakSince: string | null; services: Record<'config' | 'observed-peak' | 'unknown', number> };
  ingress: Projection['ingress'];
  steps: Projection['steps'];
  overloaded: Projection['overloaded'];
  /** Every service with its capacity and where that number came from (`config`, `observed-peak`, `unknown`). */
  services: Projection['services'];
  unplaceable: Projection['unplaceable'];
  newCrossRegionCalls: Array<{ sourceRegion: string; source: string; destinationRegion: string; destination: string; projectedRps: number }>;
  converged: boolean;
}

const iso = (ms: number | null): string | null => (ms === null || !(ms > 0) ? null : new Date(ms).toISOString());

export function planTitle(plan: Projection['plan']): string {
  return `drain ${plan.drain.join(', ')} (${Math.round(plan.fraction * 100)}%)`;
}

export function whatifReport(projection: Projection, context: ReportContext): WhatifReport {
  const services = { config: 0, 'observed-peak': 0, unknown: 0 };
  for (const s of projection.services) services[s.capacitySource] += 1;
  const over = projection.overloaded.length > 0;
  const stuck = projection.unplaceable.length > 0;
  return {
    title: `Evacuation rehearsal: ${planTitle(projection.plan)}`,
    generatedAt: new Date(context.generatedAt).toISOString(),
    projectedFrom: {
      instant: new Date(context.live.serverUpdateTime).toISOString(),
      regions: context.live.regions.map((r) => ({ name: r.name, updated: iso(r.updated), staleSince: iso(r.staleSince), sources: r.sources })),
    },
    plan: projection.plan,
    verdict: over && stuck ? 'overloads-and-unplaceable-traffic' : over ? 'overloads' : stuck ? 'unplaceable-traffic' : 'fits',
    capacity: { headroom: context.headroom, observedPeakSince: iso(context.peakSince), services },
    ingress: projection.ingress,
    steps: projection.steps,
    overloaded: projection.overloaded,
    services: projection.services,
    unplaceable: projection.unplaceable,
    newCrossRegionCalls: projection.newCrossRegionCalls.map((c) => ({
      sourceRegion: c.sourceRegion,
      source: c.source,
      destinationRegion: c.destinationRegion,
      destination: c.destination,
      projectedRps: c.projectedRps,
    })),
    converged: projection.converged,
  };
}

/** Names come from metrics: escaped so a ticket renders them as text, never as table syntax, links or HTML. */
export function markdownText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|#~!]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;');
}

function rps(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function pct(value: number | null): string {
  return value === null ? '—' : formatUtilisation(value);
}

const VERDICT: Record<WhatifReport['verdict'], string> = {
  fits: 'fits: no service goes over capacity',
  overloads: 'overloads: services go over capacity',
  'unplaceable-traffic': 'unplaceable traffic: some services run only in the drained regions',
  'overloads-and-unplaceable-traffic': 'overloads, and some traffic has nowhere to go',
};

const MAX_ROWS = 50;

export function reportMarkdown(report: WhatifReport): string {
  const t = markdownText;
  const lines: string[] = [`# ${t(report.title)}`, ''];
  lines.push(`- **Verdict:** ${VERDICT[report.verdict]}`);
  lines.push(`- **Projected from:** the live graph at ${report.projectedFrom.instant} (generated ${report.generatedAt})`);
  const stale = report.projectedFrom.regions.filter((r) => r.staleSince !== null);
  if (stale.length) lines.push(`- **Warning — stale input:** ${stale.map((r) => `${t(r.name)} stale since ${r.staleSince}`).join('; ')}`);
  const weights = Object.entries(report.plan.to).map(([r, w]) => `${t(r)} ${pct(w)}`).join(', ');
  lines.push(`- **Moved traffic goes to:** ${weights || 'nowhere (no survivors)'} (${report.plan.weightsFrom === 'plan' ? 'weights from the plan' : 'in proportion to current ingress'})`);
  const c = report.capacity;
  lines.push(
    `- **Capacity:** ${c.services.config} from config, ${c.services['observed-peak']} observed peak × ${c.headroom} headroom` +
      `${c.observedPeakSince ? ` (peaks since ${c.observedPeakSince})` : ''}, ${c.services.unknown} unknown`,
  );
  lines.push(`- **INTERNET ingress:** ${rps(report.ingress.currentRps)} rps now → ${rps(report.ingress.projectedRps)} rps projected (conserved)`);
  if (!report.converged) lines.push('- **Warning:** a call cycle amplifies load (fan-out loop gain ≥ 1); the projected numbers are not a steady state.');
  lines.push('', '## Ingress by region', '', '| region | now rps | projected rps |', '| --- | ---: | ---: |');
  for (const r of report.ingress.byRegion) lines.push(`| ${t(r.region)} | ${rps(r.currentRps)} | ${rps(r.projectedRps)} |`);
  lines.push('', '## Gradual drain', '', '| step | services over capacity |', '| ---: | ---: |');
  for (const s of report.steps) lines.push(`| ${s.percent}% | ${s.overloaded} |`);
  lines.push('', `## Overloaded services (${report.overloaded.length}, highest utilisation first)`, '');
  if (report.overloaded.length === 0) lines.push('None.');
  else {
    lines.push('| # | region | service | projected rps | capacity rps | utilisation | over from step | capacity from |', '| ---: | --- | --- | ---: | ---: | ---: | ---: | --- |');
    report.overloaded.slice(0, MAX_ROWS).forEach((o, i) => {
      lines.push(`| ${i + 1} | ${t(o.region)} | ${t(o.service)} | ${rps(o.projectedRps)} | ${rps(o.capacityRps)} | ${pct(o.utilisation)} | ${o.firstOverAt === null ? '—' : o.firstOverAt === 0 ? 'already' : `${o.firstOverAt}%`} | ${o.capacitySource} |`);
    });
    if (report.overloaded.length > MAX_ROWS) lines.push('', `…and ${report.overloaded.length - MAX_ROWS} more (see the JSON report).`);
  }
  const closest = report.services
    .filter((x) => x.utilisation !== null && x.utilisation > 0 && x.capacityRps !== null && !report.overloaded.some((o) => o.region === x.region && o.service === x.service))
    .sort((a, b) => b.utilisation! - a.utilisation!)
    .slice(0, 10);
  if (closest.length) {
    lines.push('', '## Closest to capacity without going over', '', '| region | service | now rps | projected rps | capacity rps | utilisation | capacity from |', '| --- | --- | ---: | ---: | ---: | ---: | --- |');
    for (const x of closest) lines.push(`| ${t(x.region)} | ${t(x.service)} | ${rps(x.currentRps)} | ${rps(x.projectedRps)} | ${rps(x.capacityRps!)} | ${pct(x.utilisation)} | ${x.capacitySource} |`);
  }
  const unknown = report.services.filter((x) => x.capacitySource === 'unknown' && x.projectedRps > 0);
  if (unknown.length) lines.push('', `**No capacity known** (no config entry, no traffic seen yet) for ${unknown.length} service${unknown.length === 1 ? '' : 's'}: ${unknown.slice(0, 20).map((x) => `${t(x.region)}/${t(x.service)}`).join(', ')}${unknown.length > 20 ? ', …' : ''}.`);
  lines.push('', `## Unplaceable traffic (${report.unplaceable.length})`, '');
  if (report.unplaceable.length === 0) lines.push('None: every drained service runs in a surviving region.');
  else {
    lines.push('| region | service | rps with nowhere to go |', '| --- | --- | ---: |');
    for (const u of report.unplaceable.slice(0, MAX_ROWS)) lines.push(`| ${t(u.region)} | ${t(u.service)} | ${rps(u.rps)} |`);
  }
  lines.push('', `## New cross-region calls (${report.newCrossRegionCalls.length})`, '');
  if (report.newCrossRegionCalls.length === 0) lines.push('None.');
  else {
    lines.push('| from | to | projected rps |', '| --- | --- | ---: |');
    for (const n of report.newCrossRegionCalls.slice(0, MAX_ROWS)) {
      lines.push(`| ${t(n.sourceRegion)} / ${t(n.source)} | ${t(n.destinationRegion)} / ${t(n.destination)} | ${rps(n.projectedRps)} |`);
    }
  }
  return lines.join('\n') + '\n';
}
