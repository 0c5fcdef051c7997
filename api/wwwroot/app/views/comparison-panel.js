// Paired comparisons: P(a < b) in the same trial by year, and the P10–P90 band and P50 of a − b. The pairs the
// scenario lists come from Batch.comparisons (stored with the batch); any other pair from Batch.compare, which
// the server recomputes over the batch's trials (up to its Api:CompareMaxTrials). For a strategy-set batch both
// are of the member chosen in the panel's select (member(strategy).comparisons, compare(strategy)).
import { gql } from '../graphql.js';
import { h, lastLoadOnly, notice, replace, select } from '../dom.js';
import { number, percent } from '../format.js';
import { chartFrame } from '../chart-frame.js';
import { deltaChart, probabilityChart } from '../charts/comparison.js';
import { entityOptions } from './results.js';
import { memberQuery, memberSelect, ofMember } from './v2-scope.js';

const comparisonFields = 'a b metric year count probabilityALessThanB deltaMean deltaP10 deltaP50 deltaP90';
const compareQuery = `query Compare($id: ID!, $a: String!, $b: String!, $metric: String!, $strategy: String) {
  batch(id: $id) { compare(a: $a, b: $b, metric: $metric, strategy: $strategy) { trials wholeBatch comparisons { ${comparisonFields} } } }
}`;

const columns = [
  { key: 'year' }, { key: 'count', format: number },
  { key: 'probabilityALessThanB', label: 'P(a < b)', format: v => percent(v) },
  { key: 'deltaMean', label: 'mean a − b', format: number }, { key: 'deltaP10', label: 'P10 a − b', format: number },
  { key: 'deltaP50', label: 'P50 a − b', format: number }, { key: 'deltaP90', label: 'P90 a − b', format: number },
];

const pairKey = c => `${c.a}|${c.b}|${c.metric}`;

/** The listed comparisons of the batch or member, by pair (a|b|metric), each pair's rows in year order. */
async function listedOf(batch, member) {
  const scope = await memberQuery(batch, member, '', `comparisons { ${comparisonFields} }`);
  const listed = new Map();
  for (const c of scope.comparisons) listed.set(pairKey(c), [...(listed.get(pairKey(c)) ?? []), c]);
  return listed;
}

export async function comparisonPanel(content, signal, batch) {
  const memberChooser = memberSelect(batch);
  const member = () => memberChooser?.value ?? null;
  // Each member's listed comparisons are asked for once; a failed answer is forgotten, so choosing again retries.
  const asked = new Map();
  const listedFor = m => {
    if (!asked.has(m)) asked.set(m, listedOf(batch, m).catch(e => { asked.delete(m); throw e; }));
    return asked.get(m);
  };
  const first = await listedFor(member());
  if (signal.aborted) return;

  const charts = h('div', { class: 'pair-charts' });
  const show = (m, a, bSide, metric, rows, note) => {
    replace(charts, h('div', { class: 'chart-grid' },
      chartFrame({
        name: 'compare-probability', title: ofMember(m, `P(${a} < ${bSide}), ${metric}`), columns, rows, note,
        drawable: rows.some(r => r.probabilityALessThanB !== null),
        emptyReason: 'No trial defines both sides in any year (count 0): the comparison is null.',
        draw: () => probabilityChart(rows),
      }),
      chartFrame({
        name: 'compare-delta', title: ofMember(m, `${a} − ${bSide}, ${metric}: P10–P90 and P50`), columns, rows,
        drawable: rows.some(r => r.deltaP50 !== null),
        emptyReason: 'No trial defines both sides in any year (count 0): the difference is null.',
        draw: () => deltaChart(rows, metric),
      })));
    Object.assign(charts.dataset, { pair: `${a}|${bSide}|${metric}`, member: m ?? '' });
  };

  const entities = entityOptions(batch.scenario);
  // A strategy's set changes parameters, never the file's list of comparisons: every member lists the same pairs.
  const pairs = [...first.keys()].map(k => [k, k.split('|').join(' · ')]);
  const pairChooser = select('pair', [...pairs, ['', 'another pair…']], pairs[0]?.[0] ?? '');
  const form = h('form', { class: 'inline', name: 'compare', hidden: pairs.length > 0 },
    h('label', {}, 'a ', select('a', entities, entities.Routes[0]?.[0] ?? 'world')),
    h('label', {}, 'b ', select('b', entities, entities.Routes[1]?.[0] ?? 'benchmark')),
    h('label', {}, 'metric ', select('metric', ['costUsdPerKWh', 'outputGWh', 'yield', 'utilization', 'capacityGWh', 'cumulativeOutputGWh'], 'costUsdPerKWh')),
    h('button', { type: 'submit' }, 'Compare'));

  // What is drawn follows the member, the pair and whether another pair was asked for; only the last request is
  // drawn (a late answer for an earlier member or pair must not replace it).
  const startLoad = lastLoadOnly(signal);
  let recompute = false;
  const draw = async () => {
    const stale = startLoad();
    const m = member();
    delete charts.dataset.pair;
    try {
      if (pairChooser.value) {
        const listed = await listedFor(m);
        if (stale()) return;
        const [a, bSide, metric] = pairChooser.value.split('|');
        show(m, a, bSide, metric, listed.get(pairChooser.value) ?? [], 'A comparison the scenario lists, stored with the batch.');
      } else if (recompute) {
        const f = new FormData(form);
        const [a, bSide, metric] = [f.get('a'), f.get('b'), f.get('metric')];
        replace(charts, notice('info', 'Recomputing the pair over the batch’s trials…'));
        const { batch: r } = await gql(compareQuery, { id: batch.id, a, b: bSide, metric, strategy: m });
        if (stale()) return;
        const c = r.compare;
        show(m, a, bSide, metric, c.comparisons,
          `Recomputed over ${number(c.trials)} trials${c.wholeBatch ? ' (the whole batch)' : ` (the first ${number(c.trials)} of the batch)`}.`);
      } else {
        replace(charts);
      }
    } catch (e) {
      if (!stale()) replace(charts, notice('error', e.message));
    }
  };
  pairChooser.addEventListener('change', () => {
    form.hidden = pairChooser.value !== '';
    recompute = false;
    draw();
  });
  form.addEventListener('submit', event => {
    event.preventDefault();
    recompute = true;
    draw();
  });
  memberChooser?.addEventListener('change', () => draw());
  replace(content,
    h('div', { class: 'controls' }, memberChooser ? h('label', {}, 'Member ', memberChooser) : null, h('label', {}, 'Pair ', pairChooser), form),
    charts);
  if (pairs.length) await draw();
}
