// Fan charts of cost and output per year for one entity (a route by default; any region or plant, the world
// or the benchmark on request), from Batch.series.
import { gql } from '../graphql.js';
import { h, notice, replace, select } from '../dom.js';
import { number } from '../format.js';
import { chartFrame } from '../chart-frame.js';
import { fanChart } from '../charts/fan.js';
import { entityOptions } from './results.js';

const query = `query Fan($id: ID!, $entity: String!) {
  batch(id: $id) { series(entity: $entity) { metric year count mean p5 p25 p50 p75 p95 } }
}`;

export const fanMetrics = ['costUsdPerKWh', 'outputGWh'];

const columns = [
  { key: 'year' }, { key: 'count', format: number }, { key: 'mean', format: number },
  ...['p5', 'p25', 'p50', 'p75', 'p95'].map(key => ({ key, format: number })),
];

export async function fanPanel(content, signal, batch) {
  const entities = entityOptions(batch.scenario);
  const chooser = select('entity', entities, entities.Routes[0]?.[0] ?? 'world');
  const charts = h('div', { class: 'chart-grid' });
  const load = async () => {
    const entity = chooser.value;
    const { batch: b } = await gql(query, { id: batch.id, entity });
    if (signal.aborted) return;
    replace(charts, fanMetrics.map(metric => fanFrame(entity, metric, b.series.filter(s => s.metric === metric))));
    charts.dataset.entity = entity;
  };
  chooser.addEventListener('change', () => load().catch(e => replace(charts, notice('error', e.message))));
  replace(content, h('label', {}, 'Entity ', chooser), charts);
  await load();
}

function fanFrame(entity, metric, points) {
  const defined = points.filter(p => p.p50 !== null);
  const missing = points.filter(p => p.p50 === null).map(p => p.year);
  return chartFrame({
    name: `fan-${metric}`,
    title: `${entity}: ${metric}, P5–P95, P25–P75 and P50`,
    columns, rows: points,
    drawable: defined.length > 0,
    emptyReason: `No trial produced ${metric} for ${entity} in any year (count 0), so its statistics are null.`,
    note: defined.length && missing.length ? `No value in ${missing.join(', ')}: no trial defined ${metric} there (count 0).` : null,
    draw: () => fanChart(points, metric),
  });
}
