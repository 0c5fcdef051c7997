// A paired comparison over the years: P(a < b) in the same trial, and the P10–P90 band and P50 of a − b.
import { metricLabel } from '../format.js';
import { halfWidth } from './size.js';

export function probabilityChart(rows) {
  const Plot = window.Plot;
  return Plot.plot({
    width: halfWidth(), height: 220, marginLeft: 48,
    x: { label: 'year', tickFormat: 'd', ticks: rows.map(r => r.year) },
    y: { label: 'P(a < b)', domain: [0, 1], tickFormat: '.0%', grid: true },
    marks: [
      Plot.ruleY([0.5], { stroke: '#999', strokeDasharray: '3,3' }),
      Plot.lineY(rows, { x: 'year', y: 'probabilityALessThanB', stroke: '#e15759', strokeWidth: 2, marker: 'circle', ariaDescription: 'probability' }),
    ],
  });
}

export function deltaChart(rows, metric) {
  const Plot = window.Plot;
  return Plot.plot({
    width: halfWidth(), height: 220, marginLeft: 64,
    x: { label: 'year', tickFormat: 'd', ticks: rows.map(r => r.year) },
    y: { label: `a − b, ${metricLabel(metric)}`, grid: true },
    marks: [
      Plot.ruleY([0], { stroke: '#999' }),
      Plot.areaY(rows, { x: 'year', y1: 'deltaP10', y2: 'deltaP90', fill: '#e15759', fillOpacity: 0.22, ariaDescription: 'delta p10-p90' }),
      Plot.lineY(rows, { x: 'year', y: 'deltaP50', stroke: '#9c2f31', strokeWidth: 2, marker: 'circle', ariaDescription: 'delta p50' }),
    ],
  });
}
