// Tornado (the output at u = 0.1 and 0.9 of one parameter, the others at their medians) and Spearman ranking.
// Bars in the server's order (largest swing or |rho| first); the y domain keeps that order.
import { chartWidth } from './size.js';

const labelMargin = 300; // long canonical paths such as routes.sulfide.materials.electrolyte.usdPerKg

export function tornadoChart(bars, base, metric) {
  const Plot = window.Plot;
  return Plot.plot({
    width: chartWidth(), height: 40 + 18 * bars.length, marginLeft: labelMargin,
    x: { label: `${metric} (output at the parameter's 10th and 90th percentile)`, grid: true },
    y: { label: null, domain: bars.map(b => b.path) },
    marks: [
      Plot.barX(bars, { y: 'path', x1: d => Math.min(d.outputLow, d.outputHigh), x2: d => Math.max(d.outputLow, d.outputHigh),
        fill: d => (d.outputHigh >= d.outputLow ? '#4e79a7' : '#f28e2b'), title: 'path', ariaDescription: 'tornado' }),
      base === null ? null : Plot.ruleX([base], { stroke: '#333', strokeWidth: 1.5, ariaDescription: 'base' }),
    ].filter(Boolean),
  });
}

export function spearmanChart(rows) {
  const Plot = window.Plot;
  return Plot.plot({
    width: chartWidth(), height: 40 + 18 * rows.length, marginLeft: labelMargin,
    x: { label: 'Spearman rank correlation', domain: [-1, 1], grid: true },
    y: { label: null, domain: rows.map(r => r.path) },
    marks: [
      Plot.barX(rows, { y: 'path', x: 'rho', fill: d => (d.rho >= 0 ? '#4e79a7' : '#f28e2b'), title: 'path', ariaDescription: 'spearman' }),
      Plot.ruleX([0], { stroke: '#333' }),
    ],
  });
}
