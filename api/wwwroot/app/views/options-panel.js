// Options (model-spec-v2 §5): per option entity, the capacity that has adopted it by year (P50 with the P25–P75
// and P5–P95 bands) and the probability by year that it is ready (processReady) and adopted somewhere (adopted).
import { h, notice, replace, table } from '../dom.js';
import { number, percent } from '../format.js';
import { chartFrame } from '../chart-frame.js';
import { fanChart } from '../charts/fan.js';
import { milestoneChart } from '../charts/milestones.js';
import { memberQuery } from './v2-scope.js';

const fields = `series(entity: $entity, metric: "adoptedCapacityGWh") { year count mean p5 p25 p50 p75 p95 }
  milestones(entity: $entity) { milestone probabilityByEnd p10 p50 p90 probabilityByYear { year probability } }`;

const seriesColumns = [
  { key: 'year' }, { key: 'count', format: number }, { key: 'mean', format: number },
  ...['p5', 'p25', 'p50', 'p75', 'p95'].map(key => ({ key, format: number })),
];

export async function optionsPanel(content, signal, batch, member) {
  const options = batch.scenario.options ?? [];
  if (!options.length) {
    replace(content, notice('info', 'The scenario has no options.'));
    return;
  }
  const answers = await Promise.all(options.map(o => memberQuery(batch, member, '$entity: String!', fields, { entity: o.entity })));
  if (signal.aborted) return;
  replace(content, options.map((o, i) => optionBlock(o, answers[i])));
}

function optionBlock(option, scope) {
  const curves = scope.milestones.flatMap(m => m.probabilityByYear.map(p => ({ milestone: m.milestone, year: p.year, probability: p.probability })));
  return h('div', { class: 'option', dataset: { option: option.id } },
    h('h3', {}, `${option.name} (${option.entity}, ${option.adoption})`),
    h('div', { class: 'chart-grid' },
      chartFrame({
        name: `option-capacity-${option.id}`,
        title: `${option.id}: adopted capacity, GWh (P50, P25–P75, P5–P95)`,
        columns: seriesColumns, rows: scope.series,
        drawable: scope.series.some(s => s.p50 !== null),
        emptyReason: 'No trial defines the adopted capacity (count 0): nothing to draw.',
        draw: () => fanChart(scope.series, 'adoptedCapacityGWh'),
      }),
      chartFrame({
        name: `option-milestones-${option.id}`,
        title: `${option.id}: probability ready and adopted by each year`,
        columns: [{ key: 'milestone' }, { key: 'year' }, { key: 'probability', format: v => percent(v) }],
        rows: curves,
        emptyReason: 'The batch reports no milestone for this option.',
        draw: () => milestoneChart(curves, 'milestone'),
      })),
    table([
      { key: 'milestone' }, { key: 'probabilityByEnd', label: 'P(by the end)', format: v => percent(v) },
      { key: 'p10', label: 'year P10' }, { key: 'p50', label: 'year P50' }, { key: 'p90', label: 'year P90' },
    ], scope.milestones, { caption: `${option.id}: years by percentile (— : not reached by that share within the horizon)` }));
}
