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
  // Model v2: steps for a v2 batch; a set batch's tables hold every member (a strategy column) and it has strategy comparisons.
  const tables = ['series', 'milestones', 'comparisons',
    ...(batch.provenance?.modelVersion === 'v2' || batch.strategySet ? ['steps'] : []),
    ...(e?.strategyComparisonsCsv ? ['strategyComparisons'] : [])];
  const file = name => name === 'strategyComparisons' ? 'strategy-comparisons' : name;
  return h('section', { class: 'provenance', dataset: { section: 'provenance' } },
    h('h2', {}, 'Provenance'),
    table([{ key: 'name', label: '' }, { key: 'value', label: '' }], rows, { className: 'data facts-table' }),
    e ? h('p', { class: 'exports' }, batch.strategySet ? 'Download every table (every member, a strategy column): ' : 'Download every table: ',
      tables.flatMap(name => [
        h('a', { href: e[`${name}Csv`], download: '', dataset: { export: `${name}Csv` } }, `${file(name)}.csv`), ' ',
        h('a', { href: e[`${name}Parquet`], download: '', dataset: { export: `${name}Parquet` } }, `${file(name)}.parquet`), ' · ',
      ]).slice(0, -1))
      : null);
}
