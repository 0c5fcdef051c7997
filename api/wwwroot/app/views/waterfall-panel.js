// The cost waterfall per process step (model-spec-v2 §5): for a route (G-weighted over its plants) or one plant,
// in a chosen year, each step's mean cost split into materials, energy, labour, capital and fixed, the subsidy,
// and the cost. From Batch.steps (or a set member's) and the entity's costUsdPerKWh and subsidyUsdPerKWh series.
import { h, lastLoadOnly, notice, replace, select } from '../dom.js';
import { number } from '../format.js';
import { chartFrame } from '../chart-frame.js';
import { components, waterfallChart } from '../charts/waterfall.js';
import { memberQuery } from './v2-scope.js';

const stepMetric = c => `step${c[0].toUpperCase()}${c.slice(1)}UsdPerKWh`;
const indexFields = 'steps(metric: "stepCostUsdPerKWh", years: [$year]) { entity step }';
const detailFields = `steps(entity: $entity, years: [$year]) { step metric count mean p50 }
  series(entity: $entity, years: [$year]) { metric count mean }`;

const columns = [
  { key: 'step' }, { key: 'count', format: number },
  { key: 'cost', label: 'mean cost', format: number },
  ...components.map(key => ({ key, label: `mean ${key}`, format: number })),
  { key: 'p50', label: 'P50 cost', format: number },
];

/** Entities with a waterfall (routes, then plants, as Batch.steps lists them), for the select. */
async function waterfallEntities(batch, member, year) {
  const scope = await memberQuery(batch, member, '$year: Int!', indexFields, { year });
  const entities = [...new Set(scope.steps.map(s => s.entity))];
  return { Routes: entities.filter(e => e.startsWith('route:')), Plants: entities.filter(e => e.startsWith('plant:')) };
}

export async function waterfallPanel(content, signal, batch, member) {
  const lastYear = batch.years.at(-1);
  const entities = await waterfallEntities(batch, member, lastYear);
  if (signal.aborted) return;
  if (!entities.Routes.length && !entities.Plants.length) {
    replace(content, notice('info', 'No route or plant of this batch has a process chain, so there is no cost waterfall.'));
    return;
  }
  const form = h('form', { class: 'inline', name: 'waterfall' },
    h('label', {}, 'entity ', select('entity', entities, (entities.Routes[0] ?? entities.Plants[0]))),
    h('label', {}, 'year ', select('year', batch.years.map(String), String(lastYear))));
  const chart = h('div', { class: 'waterfall' });
  const startLoad = lastLoadOnly(signal); // two quick changes: only the last answer is drawn
  const load = async () => {
    const stale = startLoad();
    const f = new FormData(form);
    const entity = f.get('entity'), year = Number(f.get('year'));
    const scope = await memberQuery(batch, member, '$entity: String!, $year: Int!', detailFields, { entity, year });
    if (stale()) return;
    replace(chart, waterfallFrame(entity, year, scope));
    chart.dataset.entity = entity;
    chart.dataset.year = String(year);
  };
  form.addEventListener('change', () => load().catch(e => replace(chart, notice('error', e.message))));
  replace(content, form, chart);
  await load();
}

/** Rows per step in waterfall order (the order Batch.steps returns), with each component's mean. */
export function waterfallRows(steps) {
  const rows = new Map();
  for (const s of steps) {
    const row = rows.get(s.step) ?? { step: s.step, count: null, cost: null, p50: null, ...Object.fromEntries(components.map(c => [c, null])) };
    if (s.metric === 'stepCostUsdPerKWh') Object.assign(row, { count: s.count, cost: s.mean, p50: s.p50 });
    for (const c of components) if (s.metric === stepMetric(c)) row[c] = s.mean;
    rows.set(s.step, row);
  }
  return [...rows.values()];
}

function waterfallFrame(entity, year, scope) {
  const steps = waterfallRows(scope.steps);
  const mean = metric => scope.series.find(s => s.metric === metric)?.mean ?? null;
  const subsidy = mean('subsidyUsdPerKWh'), total = mean('costUsdPerKWh');
  const rows = [...steps,
    { step: '− subsidy', cost: subsidy === null ? null : -subsidy },
    { step: '= cost', cost: total, count: scope.series.find(s => s.metric === 'costUsdPerKWh')?.count ?? null }];
  const sum = steps.reduce((a, s) => a + (s.cost ?? 0), 0) - (subsidy ?? 0);
  return chartFrame({
    name: 'waterfall',
    title: `${entity}: cost waterfall per step, ${year}`,
    columns, rows,
    drawable: steps.some(s => s.cost !== null),
    emptyReason: `${entity} produces in no trial in ${year} (count 0), so its step costs are null.`,
    note: `Mean USD per kWh over the trials where ${entity} produces, not P50: means add up, so the steps minus the `
      + `subsidy give the mean cost (${number(sum)} against ${number(total)}); P50s do not add up (the table lists each step's). `
      + `Each bar starts where the previous step ended and is split by component.`,
    draw: () => waterfallChart(steps, subsidy, total),
  });
}
