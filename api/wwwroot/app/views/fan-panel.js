// Fan charts of cost and output per year for one entity (a route by default; any region or plant, the world
// or the benchmark on request), from Batch.series; for a strategy-set batch, of the member chosen in its select.
import { h, lastLoadOnly, notice, replace, select } from '../dom.js';
import { number } from '../format.js';
import { chartFrame } from '../chart-frame.js';
import { fanChart } from '../charts/fan.js';
import { entityOptions } from './results.js';
import { memberQuery, memberSelect, ofMember } from './v2-scope.js';

const fields = 'series(entity: $entity) { metric year count mean p5 p25 p50 p75 p95 }';

export const fanMetrics = ['costUsdPerKWh', 'outputGWh'];

const columns = [
  { key: 'year' }, { key: 'count', format: number }, { key: 'mean', format: number },
  ...['p5', 'p25', 'p50', 'p75', 'p95'].map(key => ({ key, format: number })),
];

export async function fanPanel(content, signal, batch) {
  const entities = entityOptions(batch.scenario);
  const chooser = select('entity', entities, entities.Routes[0]?.[0] ?? 'world');
  const memberChooser = memberSelect(batch);
  const charts = h('div', { class: 'chart-grid' });
  const startLoad = lastLoadOnly(signal);
  const load = async () => {
    const stale = startLoad();
    const entity = chooser.value;
    const member = memberChooser?.value ?? null;
    const scope = await memberQuery(batch, member, '$entity: String!', fields, { entity });
    if (stale()) return;
    replace(charts, fanMetrics.map(metric => fanFrame(entity, member, metric, scope.series.filter(s => s.metric === metric))));
    Object.assign(charts.dataset, { entity, member: member ?? '' });
  };
  const reload = () => load().catch(e => replace(charts, notice('error', e.message)));
  chooser.addEventListener('change', reload);
  memberChooser?.addEventListener('change', reload);
  replace(content, h('p', { class: 'controls' }, memberChooser ? h('label', {}, 'Member ', memberChooser) : null, h('label', {}, 'Entity ', chooser)), charts);
  await load();
}

function fanFrame(entity, member, metric, points) {
  const defined = points.filter(p => p.p50 !== null);
  const missing = points.filter(p => p.p50 === null).map(p => p.year);
  return chartFrame({
    name: `fan-${metric}`,
    title: ofMember(member, `${entity}: ${metric}, P5–P95, P25–P75 and P50`),
    columns, rows: points,
    drawable: defined.length > 0,
    emptyReason: `No trial produced ${metric} for ${entity} in any year (count 0), so its statistics are null.`,
    note: defined.length && missing.length ? `No value in ${missing.join(', ')}: no trial defined ${metric} there (count 0).` : null,
    draw: () => fanChart(points, metric),
  });
}
