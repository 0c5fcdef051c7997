// Fan chart of one (entity, metric) over the years: P5–P95 and P25–P75 bands, the P50 line. Years whose
// statistics are null (no trial defined the metric) leave gaps, which Plot draws for null values.
import { metricLabel } from '../format.js';
import { halfWidth } from './size.js';

export function fanChart(points, metric) {
  const Plot = window.Plot;
  return Plot.plot({
    width: halfWidth(), height: 260, marginLeft: 64,
    x: { label: 'year', tickFormat: 'd', ticks: points.map(p => p.year) },
    y: { label: metricLabel(metric), grid: true },
    marks: [
      Plot.areaY(points, { x: 'year', y1: 'p5', y2: 'p95', fill: '#4e79a7', fillOpacity: 0.18, ariaDescription: 'p5-p95' }),
      Plot.areaY(points, { x: 'year', y1: 'p25', y2: 'p75', fill: '#4e79a7', fillOpacity: 0.35, ariaDescription: 'p25-p75' }),
      Plot.lineY(points, { x: 'year', y: 'p50', stroke: '#1f3b5c', strokeWidth: 2, marker: 'circle', ariaDescription: 'p50' }),
    ],
  });
}
