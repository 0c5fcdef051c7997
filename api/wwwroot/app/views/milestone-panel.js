// Milestones per route: the probability of having reached each one by each year, and the years by percentile.
import { gql } from '../graphql.js';
import { h, replace, table } from '../dom.js';
import { percent } from '../format.js';
import { chartFrame } from '../chart-frame.js';
import { milestoneChart } from '../charts/milestones.js';

const query = `query Milestones($id: ID!) {
  batch(id: $id) { milestones { entity milestone probabilityByEnd p10 p50 p90 probabilityByYear { year probability } } }
}`;

export async function milestonePanel(content, signal, batch) {
  const { batch: b } = await gql(query, { id: batch.id });
  if (signal.aborted) return;
  const kinds = [...new Set(b.milestones.map(m => m.milestone))];
  const frames = kinds.map(kind => {
    const ofKind = b.milestones.filter(m => m.milestone === kind);
    const rows = ofKind.flatMap(m => m.probabilityByYear.map(p => ({ entity: m.entity, year: p.year, probability: p.probability })));
    return chartFrame({
      name: `milestone-${kind}`,
      title: `${kind}: probability reached by each year`,
      columns: [{ key: 'entity' }, { key: 'year' }, { key: 'probability', format: v => percent(v) }],
      rows,
      draw: () => milestoneChart(rows),
    });
  });
  replace(content,
    kinds.length ? h('div', { class: 'chart-grid' }, frames) : h('p', {}, 'This batch reports no milestones.'),
    table([
      { key: 'entity' }, { key: 'milestone' }, { key: 'probabilityByEnd', label: 'P(by the end)', format: v => percent(v) },
      { key: 'p10', label: 'year P10' }, { key: 'p50', label: 'year P50' }, { key: 'p90', label: 'year P90' },
    ], b.milestones, { caption: 'Years by percentile over all trials (— : not reached by that share within the horizon)', className: 'data milestone-years' }));
}
