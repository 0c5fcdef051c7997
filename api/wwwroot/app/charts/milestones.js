// Probability by year of having reached a milestone (cumulative): one line per route, or per milestone of one
// entity (`by`: the field that names a line).
import { halfWidth } from './size.js';

export function milestoneChart(rows, by = 'entity') {
  const Plot = window.Plot;
  return Plot.plot({
    width: halfWidth(), height: 220, marginLeft: 48,
    x: { label: 'year', tickFormat: 'd', ticks: [...new Set(rows.map(r => r.year))] },
    y: { label: 'P(reached by year)', domain: [0, 1], tickFormat: '.0%', grid: true },
    color: { legend: true },
    marks: [
      Plot.lineY(rows, { x: 'year', y: 'probability', stroke: by, z: by, marker: 'circle', ariaDescription: 'probability' }),
    ],
  });
}
