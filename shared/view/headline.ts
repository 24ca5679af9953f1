// What the global view writes on a region, as Vizceral does on Netflix's sample: its share of all traffic
// and its error rate inside the disc, judged on its ingress; the name, its internal calls and its worst
// internal call below. Pure text, so the words are unit-tested.
import { errorRatio, totalRate } from '../model';
import { formatPercent, formatRps } from './palette';
import type { ViewNode } from './view-model';

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
