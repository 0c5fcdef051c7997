// Milestones per route: the probability of having reached each one by each year, and the years by percentile;
// for a strategy-set batch, of the member chosen in its select.
import { h, lastLoadOnly, notice, replace, table } from '../dom.js';
import { percent } from '../format.js';
import { chartFrame } from '../chart-frame.js';
import { milestoneChart } from '../charts/milestones.js';
import { memberQuery, memberSelect, ofMember } from './v2-scope.js';

const fields = 'milestones { entity milestone probabilityByEnd p10 p50 p90 probabilityByYear { year probability } }';

export async function milestonePanel(content, signal, batch) {
  const memberChooser = memberSelect(batch);
  const shown = h('div', { class: 'milestones' });
  const startLoad = lastLoadOnly(signal);
  const load = async () => {
    const stale = startLoad();
    const member = memberChooser?.value ?? null;
    const scope = await memberQuery(batch, member, '', fields);
    if (stale()) return;
    replace(shown, milestoneViews(scope.milestones, member));
    shown.dataset.member = member ?? '';
  };
  memberChooser?.addEventListener('change', () => load().catch(e => replace(shown, notice('error', e.message))));
  replace(content, memberChooser ? h('p', { class: 'controls' }, h('label', {}, 'Member ', memberChooser)) : null, shown);
  await load();
}

function milestoneViews(milestones, member) {
  const kinds = [...new Set(milestones.map(m => m.milestone))];
  const frames = kinds.map(kind => {
    const rows = milestones.filter(m => m.milestone === kind)
      .flatMap(m => m.probabilityByYear.map(p => ({ entity: m.entity, year: p.year, probability: p.probability })));
    return chartFrame({
      name: `milestone-${kind}`,
      title: ofMember(member, `${kind}: probability reached by each year`),
      columns: [{ key: 'entity' }, { key: 'year' }, { key: 'probability', format: v => percent(v) }],
      rows,
      draw: () => milestoneChart(rows),
    });
  });
  return [
    kinds.length ? h('div', { class: 'chart-grid' }, frames) : h('p', {}, 'This batch reports no milestones.'),
    table([
      { key: 'entity' }, { key: 'milestone' }, { key: 'probabilityByEnd', label: 'P(by the end)', format: v => percent(v) },
      { key: 'p10', label: 'year P10' }, { key: 'p50', label: 'year P50' }, { key: 'p90', label: 'year P90' },
    ], milestones, {
      caption: ofMember(member, 'Years by percentile over all trials (— : not reached by that share within the horizon)'),
      className: 'data milestone-years',
    }),
  ];
}
