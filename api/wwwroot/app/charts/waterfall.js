// The cost waterfall of one entity in one year (model v2): one horizontal bar per process step in waterfall order,
// each starting where the previous step ended, split by cost component; then the subsidy, which the route's cost
// subtracts, and the cost itself from zero. Means, because means add up: the steps' means sum to the cost's mean.
import { chartWidth } from './size.js';

export const components = ['materials', 'energy', 'labor', 'capital', 'fixed'];
const colours = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#9c755f'];

/**
 * steps: [{ step, cost, materials, energy, labor, capital, fixed }] (means, null when undefined) in waterfall order;
 * subsidy and total: the entity's subsidyUsdPerKWh and costUsdPerKWh means (null: not drawn).
 */
export function waterfallLayout(steps, subsidy, total) {
  let end = 0;
  const stepBars = [], componentBars = [];
  for (const s of steps) {
    if (s.cost === null) continue;
    const start = end;
    let cursor = start;
    for (const component of components) {
      const value = s[component];
      if (value === null || value === undefined) continue;
      componentBars.push({ step: s.step, component, value, x1: cursor, x2: cursor + value });
      cursor += value;
    }
    end = start + s.cost;
    stepBars.push({ step: s.step, value: s.cost, x1: start, x2: end });
  }
  const subsidyBar = subsidy ? { step: 'subsidy', value: -subsidy, x1: end, x2: end - subsidy } : null;
  const totalBar = total === null || total === undefined ? null : { step: 'cost', value: total, x1: 0, x2: total };
  return { stepBars, componentBars, subsidyBar, totalBar };
}

export function waterfallChart(steps, subsidy, total) {
  const Plot = window.Plot;
  const { stepBars, componentBars, subsidyBar, totalBar } = waterfallLayout(steps, subsidy, total);
  const rows = [...stepBars.map(b => b.step), subsidyBar?.step, totalBar?.step].filter(Boolean);
  return Plot.plot({
    width: chartWidth(), height: 70 + 26 * rows.length, marginLeft: 150, marginRight: 24,
    x: { label: 'USD per kWh (mean over the trials where the entity produces)', grid: true },
    y: { label: null, domain: rows },
    color: { domain: components, range: colours, legend: true },
    marks: [
      Plot.barX(componentBars, { y: 'step', x1: 'x1', x2: 'x2', fill: 'component', inset: 0.5,
        title: d => `${d.step} ${d.component}`, ariaDescription: 'component' }),
      Plot.barX(stepBars, { y: 'step', x1: 'x1', x2: 'x2', fill: 'none', stroke: '#1d2733', strokeWidth: 1,
        title: 'step', ariaDescription: 'step' }),
      subsidyBar ? Plot.barX([subsidyBar], { y: 'step', x1: 'x1', x2: 'x2', fill: '#bab0ac', title: 'step', ariaDescription: 'subsidy' }) : null,
      totalBar ? Plot.barX([totalBar], { y: 'step', x1: 'x1', x2: 'x2', fill: '#1f3b5c', title: 'step', ariaDescription: 'total' }) : null,
      Plot.ruleX([0], { stroke: '#333' }),
    ].filter(Boolean),
  });
}
