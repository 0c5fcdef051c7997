// Route cost by strategy member in one year: the P50 as a dot on its P10–P90 line, one row per (route, member),
// routes grouped, members in the set's order (base first) and coloured alike in every route.
import { chartWidth } from './size.js';

export function memberCostChart(rows, members, metricLabel) {
  const Plot = window.Plot;
  const label = d => `${d.entity} · ${d.strategy}`;
  const domain = rows.map(label);
  return Plot.plot({
    width: chartWidth(900), height: 70 + 18 * domain.length, marginLeft: 220,
    x: { label: metricLabel, grid: true },
    y: { label: null, domain },
    color: { domain: members, legend: true },
    marks: [
      Plot.ruleY(rows.filter(r => r.p10 !== null && r.p90 !== null), { y: label, x1: 'p10', x2: 'p90', stroke: 'strategy', strokeOpacity: 0.6, ariaDescription: 'p10-p90' }),
      Plot.dot(rows.filter(r => r.p50 !== null), { y: label, x: 'p50', fill: 'strategy', r: 4, title: label, ariaDescription: 'p50' }),
    ],
  });
}
