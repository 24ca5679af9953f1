// A d3 sparkline of the past: requests/s as an area, error ratio as a line on its own scale. `from` says
// whose past it is: the hub's timeline (hours, the same on every display) or this display's own updates.
import { area, extent, line, max, scaleLinear, select, type Selection } from 'd3';
import type { Sample } from './history';
import { clockTime } from './freshness';

const WIDTH = 320;
const HEIGHT = 64;

export function renderSparkline<E extends HTMLElement>(parent: Selection<E, unknown, null, undefined>, samples: readonly Sample[], from: 'hub' | 'display' = 'display'): void {
  const svg = parent
    .append('svg')
    .attr('class', 'sparkline')
    .attr('data-from', from)
    .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
    .attr('preserveAspectRatio', 'none')
    .attr('role', 'img');
  const defined = samples.filter((s) => Number.isFinite(s.rps));
  if (defined.length < 2) {
    svg.append('text').attr('class', 'sparkline-empty').attr('x', 4).attr('y', HEIGHT / 2).text('collecting history…');
    return;
  }
  const [t0, t1] = extent(samples, (s) => s.time) as [number, number];
  const x = scaleLinear().domain([t0, t1 === t0 ? t0 + 1 : t1]).range([2, WIDTH - 2]);
  const y = scaleLinear().domain([0, max(defined, (s) => s.rps) || 1]).nice().range([HEIGHT - 2, 4]);
  const yErr = scaleLinear().domain([0, Math.max(0.05, max(defined, (s) => s.errorRatio) ?? 0)]).range([HEIGHT - 2, 4]);
  const ok = (s: Sample) => Number.isFinite(s.rps);
  svg
    .append('path')
    .attr('class', 'spark-rps')
    .attr('d', area<Sample>().defined(ok).x((s) => x(s.time)).y0(HEIGHT - 2).y1((s) => y(s.rps))(samples.slice()) ?? '');
  svg
    .append('path')
    .attr('class', 'spark-errors')
    .attr('d', line<Sample>().defined(ok).x((s) => x(s.time)).y((s) => yErr(s.errorRatio))(samples.slice()) ?? '');
  const whose = from === 'hub' ? `the hub's timeline since ${clockTime(t0)}` : `${defined.length} updates on this display`;
  svg.append('title').text(`${whose}; area = requests/s (max ${y.domain()[1]}), red line = error ratio`);
  select(svg.node()).attr('aria-label', 'recent requests per second and error ratio');
}
