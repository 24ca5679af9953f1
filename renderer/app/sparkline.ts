// A d3 sparkline of the recent past: requests/s as an area, error ratio as a line on its own scale.
import { area, extent, line, max, scaleLinear, select, type Selection } from 'd3';
import type { Sample } from './history';

const WIDTH = 320;
const HEIGHT = 64;

export function renderSparkline<E extends HTMLElement>(parent: Selection<E, unknown, null, undefined>, samples: readonly Sample[]): void {
  const svg = parent
    .append('svg')
    .attr('class', 'sparkline')
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
  svg.append('title').text(`${defined.length} updates; area = requests/s (max ${y.domain()[1]}), red line = error ratio`);
  select(svg.node()).attr('aria-label', 'recent requests per second and error ratio');
}
