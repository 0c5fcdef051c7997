// Strategy sets (model-spec-v2 §3.3, §5): every member's route cost in the last year (P50 on its P10–P90), and
// each strategy comparison, a − b of two members in the same trial (common random numbers): P(a < b) by year and
// the P10–P90 band and P50 of a − b, drawn by the paired-comparison charts. From Batch.members and
// Batch.strategyComparisons.
import { gql } from '../graphql.js';
import { h, notice, replace, select } from '../dom.js';
import { metricLabel, number, percent } from '../format.js';
import { chartFrame } from '../chart-frame.js';
import { deltaChart, probabilityChart } from '../charts/comparison.js';
import { memberCostChart } from '../charts/members.js';

const memberQuery = `query Members($id: ID!, $year: Int!) {
  batch(id: $id) { members { strategy series(metric: "costUsdPerKWh", years: [$year]) { entity year count mean p10 p50 p90 } } }
}`;
const comparisonQuery = `query StrategyComparisons($id: ID!) {
  batch(id: $id) { strategyComparisons { a b entity metric step year count probabilityALessThanB deltaMean deltaP10 deltaP50 deltaP90 } }
}`;

const comparisonColumns = [
  { key: 'year' }, { key: 'count', format: number },
  { key: 'probabilityALessThanB', label: 'P(a < b)', format: v => percent(v) },
  { key: 'deltaMean', label: 'mean a − b', format: number }, { key: 'deltaP10', label: 'P10 a − b', format: number },
  { key: 'deltaP50', label: 'P50 a − b', format: number }, { key: 'deltaP90', label: 'P90 a − b', format: number },
];

export async function strategiesPanel(content, signal, batch) {
  const year = batch.years.at(-1);
  const [{ batch: m }, { batch: c }] = await Promise.all([gql(memberQuery, { id: batch.id, year }), gql(comparisonQuery, { id: batch.id })]);
  if (signal.aborted) return;
  replace(content, memberCosts(m.members, year), comparisons(c.strategyComparisons));
}

function memberCosts(members, year) {
  const names = members.map(m => m.strategy);
  const rows = members.flatMap(m => m.series.filter(s => s.entity.startsWith('route:')).map(s => ({ strategy: m.strategy, ...s })))
    .sort((x, y) => x.entity.localeCompare(y.entity) || names.indexOf(x.strategy) - names.indexOf(y.strategy));
  return chartFrame({
    name: 'member-cost',
    title: `Route cost by strategy member, ${year}: P50 on P10–P90`,
    columns: [{ key: 'entity' }, { key: 'strategy' }, { key: 'count', format: number },
      ...['p10', 'p50', 'p90', 'mean'].map(key => ({ key, format: number }))],
    rows,
    drawable: rows.some(r => r.p50 !== null),
    emptyReason: `No route produces in ${year} in any member (count 0): no cost to draw.`,
    note: 'The same trials in every member (common random numbers); a route without a value in a member produced in none of its trials.',
    draw: () => memberCostChart(rows, names, metricLabel('costUsdPerKWh')),
  });
}

function comparisons(all) {
  if (!all.length) return notice('info', 'This set batch reports no strategy comparisons.');
  const key = c => [c.a, c.b, c.entity, c.metric, c.step ?? ''].join('|');
  const groups = new Map();
  for (const c of all) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  const label = k => { const [a, b, entity, metric, step] = k.split('|'); return `${a} − ${b}: ${entity} ${metric}${step ? ` (${step})` : ''}`; };
  const chooser = select('strategy-pair', [...groups.keys()].map(k => [k, label(k)]), [...groups.keys()][0]);
  const charts = h('div', { class: 'chart-grid' });
  const show = () => {
    const rows = groups.get(chooser.value);
    const [a, b, entity, metric, step] = chooser.value.split('|');
    const what = `${entity} ${metric}${step ? ` (${step})` : ''}`;
    replace(charts,
      chartFrame({
        name: 'strategy-probability', title: `P(${a} < ${b}), ${what}`, columns: comparisonColumns, rows,
        drawable: rows.some(r => r.probabilityALessThanB !== null),
        emptyReason: 'No trial defines both members in any year (count 0): the comparison is null.',
        note: 'Both members on the same trials (common random numbers): a − b is the strategy’s effect, not noise.',
        draw: () => probabilityChart(rows),
      }),
      chartFrame({
        name: 'strategy-delta', title: `${a} − ${b}, ${what}: P10–P90 and P50`, columns: comparisonColumns, rows,
        drawable: rows.some(r => r.deltaP50 !== null),
        emptyReason: 'No trial defines both members in any year (count 0): the difference is null.',
        draw: () => deltaChart(rows, metric),
      }));
    charts.dataset.pair = chooser.value;
  };
  chooser.addEventListener('change', show);
  show();
  return h('div', { class: 'strategy-comparisons' }, h('h3', {}, 'Strategy comparisons'), h('label', {}, 'Pair ', chooser), charts);
}
