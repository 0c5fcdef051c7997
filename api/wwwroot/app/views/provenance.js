// Provenance on every batch page: what exactly produced these numbers, and where to download them.
import { h, table } from '../dom.js';
import { number, seconds, time } from '../format.js';

export function provenance(batch) {
  const p = batch.provenance;
  const t = batch.timings;
  const rows = [
    ['scenario sha256', h('code', { class: 'hash' }, p.scenarioSha256)],
    ['seed', number(p.seed)],
    ['trials', number(p.trials)],
    ['model version', p.modelVersion],
    ['software version', p.softwareVersion],
    ['submitted', time(t.createdAt)],
    ['started', time(t.startedAt)],
    ['finished', time(t.finishedAt)],
    ['run time', t.runSeconds === null ? '—' : seconds(t.runSeconds)],
  ].map(([name, value]) => ({ name, value }));
  const e = batch.exports;
  return h('section', { class: 'provenance', dataset: { section: 'provenance' } },
    h('h2', {}, 'Provenance'),
    table([{ key: 'name', label: '' }, { key: 'value', label: '' }], rows, { className: 'data facts-table' }),
    e ? h('p', { class: 'exports' }, 'Download every table: ',
      ['series', 'milestones', 'comparisons'].flatMap(name => [
        h('a', { href: e[`${name}Csv`], download: '', dataset: { export: `${name}Csv` } }, `${name}.csv`), ' ',
        h('a', { href: e[`${name}Parquet`], download: '', dataset: { export: `${name}Parquet` } }, `${name}.parquet`), ' · ',
      ]).slice(0, -1))
      : batch.strategySet ? h('p', { class: 'note' }, 'A strategy-set batch has no table exports (its rows are per member); GraphQL serves every number.') : null);
}
