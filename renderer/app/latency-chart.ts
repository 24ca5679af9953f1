// The panel's small latency distribution: one bar per histogram bucket (requests/s that took that long),
// drawn with d3; bounds and rates are written with .text() only.
import { max, scaleLinear, type Selection } from 'd3';
import { latencyBars, type LatencyBuckets } from '../../shared/latency';
import { formatRps } from '../../shared/view/palette';

const WIDTH = 320;
const HEIGHT = 72;
const AXIS = 14;

function bound(ms: number): string {
  if (ms === Number.POSITIVE_INFINITY) return '∞';
  return ms >= 1000 ? `${ms / 1000}s` : `${ms}`;
}

/** One bar per bucket, equal widths (bounds are far from linear), labelled with its upper bound in ms. */
export function renderLatencyChart<E extends HTMLElement>(parent: Selection<E, unknown, null, undefined>, buckets: LatencyBuckets): void {
  const bars = latencyBars(buckets);
  const svg = parent
    .append('svg')
    .attr('class', 'latency-chart')
    .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
    .attr('preserveAspectRatio', 'none')
    .attr('role', 'img')
    .attr('aria-label', 'latency distribution: requests per second per histogram bucket');
  if (bars.length === 0) return;
  const width = WIDTH / bars.length;
  const y = scaleLinear().domain([0, max(bars, (b) => b.rate) || 1]).range([HEIGHT - AXIS, 2]);
  bars.forEach((bar, i) => {
    const g = svg.append('g').attr('class', 'latency-bar');
    g.append('rect')
      .attr('x', i * width + 1)
      .attr('width', Math.max(1, width - 2))
      .attr('y', y(bar.rate))
      .attr('height', Math.max(0, HEIGHT - AXIS - y(bar.rate)));
    g.append('title').text(`${bar.from}–${bound(bar.to)} ms: ${formatRps(bar.rate)}/s`);
    // Labels only where they fit: every bucket up to 12, else every other.
    if (bars.length <= 12 || i % 2 === 1) {
      g.append('text').attr('class', 'latency-bound').attr('x', (i + 0.5) * width).attr('y', HEIGHT - 2).text(bound(bar.to));
    }
  });
}
