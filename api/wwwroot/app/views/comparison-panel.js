// Paired comparisons: P(a < b) in the same trial by year, and the P10–P90 band and P50 of a − b. The pairs the
// scenario lists come from Batch.comparisons (stored with the batch); any other pair from Batch.compare, which
// the server recomputes over the batch's trials (up to its Api:CompareMaxTrials).
import { gql } from '../graphql.js';
import { h, notice, replace, select } from '../dom.js';
import { number, percent } from '../format.js';
import { chartFrame } from '../chart-frame.js';
import { deltaChart, probabilityChart } from '../charts/comparison.js';
import { entityOptions } from './results.js';

const comparisonFields = 'a b metric year count probabilityALessThanB deltaMean deltaP10 deltaP50 deltaP90';
const listedQuery = `query Listed($id: ID!) { batch(id: $id) { comparisons { ${comparisonFields} } } }`;
const compareQuery = `query Compare($id: ID!, $a: String!, $b: String!, $metric: String!) {
  batch(id: $id) { compare(a: $a, b: $b, metric: $metric) { trials wholeBatch comparisons { ${comparisonFields} } } }
}`;

const columns = [
  { key: 'year' }, { key: 'count', format: number },
  { key: 'probabilityALessThanB', label: 'P(a < b)', format: v => percent(v) },
  { key: 'deltaMean', label: 'mean a − b', format: number }, { key: 'deltaP10', label: 'P10 a − b', format: number },
  { key: 'deltaP50', label: 'P50 a − b', format: number }, { key: 'deltaP90', label: 'P90 a − b', format: number },
];

export async function comparisonPanel(content, signal, batch) {
  const { batch: b } = await gql(listedQuery, { id: batch.id });
  if (signal.aborted) return;
  const pairKey = c => `${c.a}|${c.b}|${c.metric}`;
  const listed = new Map();
  for (const c of b.comparisons) listed.set(pairKey(c), [...(listed.get(pairKey(c)) ?? []), c]);

  const charts = h('div', { class: 'pair-charts' });
  const show = (a, bSide, metric, rows, note) => replace(charts, h('div', { class: 'chart-grid' },
    chartFrame({
      name: 'compare-probability', title: `P(${a} < ${bSide}), ${metric}`, columns, rows, note,
      drawable: rows.some(r => r.probabilityALessThanB !== null),
      emptyReason: 'No trial defines both sides in any year (count 0): the comparison is null.',
      draw: () => probabilityChart(rows),
    }),
    chartFrame({
      name: 'compare-delta', title: `${a} − ${bSide}, ${metric}: P10–P90 and P50`, columns, rows,
      drawable: rows.some(r => r.deltaP50 !== null),
      emptyReason: 'No trial defines both sides in any year (count 0): the difference is null.',
      draw: () => deltaChart(rows, metric),
    })));

  const entities = entityOptions(batch.scenario);
  const pairs = [...listed.keys()].map(k => [k, k.split('|').join(' · ')]);
  const pairChooser = select('pair', [...pairs, ['', 'another pair…']], pairs[0]?.[0] ?? '');
  const first = entities.Routes[0]?.[0] ?? 'world';
  const form = h('form', { class: 'inline', name: 'compare', hidden: pairs.length > 0 },
    h('label', {}, 'a ', select('a', entities, first)),
    h('label', {}, 'b ', select('b', entities, entities.Routes[1]?.[0] ?? 'benchmark')),
    h('label', {}, 'metric ', select('metric', ['costUsdPerKWh', 'outputGWh', 'yield', 'utilization', 'capacityGWh', 'cumulativeOutputGWh'], 'costUsdPerKWh')),
    h('button', { type: 'submit' }, 'Compare'));
  const showListed = () => {
    const [a, bSide, metric] = pairChooser.value.split('|');
    show(a, bSide, metric, listed.get(pairChooser.value), 'A comparison the scenario lists, stored with the batch.');
  };
  pairChooser.addEventListener('change', () => {
    form.hidden = pairChooser.value !== '';
    if (pairChooser.value) showListed();
    else replace(charts);
  });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const f = new FormData(form);
    const [a, bSide, metric] = [f.get('a'), f.get('b'), f.get('metric')];
    replace(charts, notice('info', 'Recomputing the pair over the batch’s trials…'));
    try {
      const { batch: r } = await gql(compareQuery, { id: batch.id, a, b: bSide, metric });
      const c = r.compare;
      show(a, bSide, metric, c.comparisons,
        `Recomputed over ${number(c.trials)} trials${c.wholeBatch ? ' (the whole batch)' : ` (the first ${number(c.trials)} of the batch)`}.`);
    } catch (e) {
      replace(charts, notice('error', e.message));
    }
  });
  replace(content, h('div', { class: 'controls' }, h('label', {}, 'Pair ', pairChooser), form), charts);
  if (pairs.length) showListed();
}
