// What the global view writes on a region, as Vizceral does on Netflix's sample: its share of all traffic
// and its error rate inside the disc, judged on its ingress; the name, its internal calls and its worst
// internal call below. Pure text, so the words are unit-tested.
import { errorRatio, totalRate } from '../model';
import { formatPercent, formatRps } from './palette';
import type { RegionTotals, ViewEdge, ViewNode } from './view-model';

export interface Headline {
  /** Written inside the disc (share, requests/s, error %); empty when everything goes below. */
  inside: string;
  /** Written below the disc (name, then the secondary numbers). */
  below: string;
}

/** "—" where nothing is known: a source that never answered has no numbers, not zero ones. */
export const UNKNOWN = '—';

export function globalHeadline(node: ViewNode): Headline {
  const info = node.region;
  if (info?.noData) return { inside: '', below: `${node.name}\n${UNKNOWN} rps · no data yet` };
  const rps = totalRate(node.rate);
  const err = formatPercent(errorRatio(node.rate)) + ' err';
  // The INTERNET's disc carries its kind cue (an inner ring): its total goes below, with its name.
  if (node.kind === 'internet') return { inside: '', below: `${node.name}\n${formatRps(rps)} rps total · ${err}` };
  const share = info?.share ?? null;
  const inside = `${share === null ? UNKNOWN : formatPercent(share)}\n${formatRps(rps)} rps\n${err}`;
  let below = node.name;
  if (info) {
    below += `\ninternal ${formatRps(info.internalRps)} calls/s`;
    const worst = info.worstCall;
    if (worst) below += `\nworst ${worst.source} → ${worst.target} ${formatPercent(errorRatio(worst.rate))}`;
  }
  return { inside, below };
}

/**
 * A region view's totals, written on the map so a wall (no side panel) still answers "how much enters, how
 * much fails": `east · 1.2k rps in · 3.1 % err` over `internal 20k calls/s · 41 services`.
 */
export function regionTotalsText(totals: RegionTotals): string {
  const rps = totalRate(totals.ingress);
  return `${totals.name} · ${formatRps(rps)} rps in · ${formatPercent(errorRatio(totals.ingress))} err\ninternal ${formatRps(totals.internalRps)} calls/s · ${totals.services} service${totals.services === 1 ? '' : 's'}`;
}

/**
 * The INTERNET's label in a region view: its name over what it sends into the region (the sum of its
 * calls drawn in the view), or the name alone when it sends nothing.
 */
export function ingressLabelText(nodeId: string, name: string, edges: readonly ViewEdge[]): string {
  let normal = 0;
  let danger = 0;
  let warning = 0;
  for (const e of edges) {
    if (e.source !== nodeId) continue;
    normal += e.rate.normal;
    danger += e.rate.danger;
    warning += e.rate.warning;
  }
  const rate = { normal, danger, warning };
  const rps = totalRate(rate);
  if (rps <= 0) return name;
  return `${name}\n${formatRps(rps)} rps in · ${formatPercent(errorRatio(rate))} err`;
}
