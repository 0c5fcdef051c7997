// One scenario: what it is, its routes, regions and plants, every uncertain parameter with its distribution and
// source note, and, for a what-if, what it changes against the parent version it was stored with.
import { gql } from '../graphql.js';
import { h, replace, table } from '../dom.js';
import { number, time } from '../format.js';
import { parentDiff } from './parameter-diff.js';
import { batchRows } from './batches.js';

const query = `query Scenario($id: ID!) {
  scenario(id: $id) {
    id name description sha256 fileName createdAt horizon { start end }
    targets { costThresholdUsdPerKWh massProductionGWh } benchmarkName
    routes { id name attributes { name value } }
    regions { id name }
    plants { id name attributes { name value } }
    parameters { path kind text fixed source }
    correlations { a b rho }
    comparisons { a b metric }
    parent {
      id sha256
      parameters { path kind text fixed source }
      routes { id } regions { id } plants { id }
      comparisons { a b metric }
    }
    batches(first: 10) { edges { node { id scenarioId status trials trialsDone progress seed timings { createdAt } } } }
  }
}`;

export async function scenarioView(main, signal, id) {
  const { scenario: s } = await gql(query, { id });
  if (signal.aborted) return;
  const attribute = (entity, name) => entity.attributes.find(a => a.name === name)?.value ?? null;
  const uncertain = s.parameters.filter(p => !p.fixed);
  const parameterTable = h('div', { class: 'parameters' });
  const showAll = h('input', { type: 'checkbox', name: 'fixed' });
  const renderParameters = () => replace(parameterTable, table([
    { key: 'path', label: 'path' }, { key: 'kind', label: 'form' }, { key: 'text', label: 'distribution' }, { key: 'source', label: 'source' },
  ], showAll.checked ? s.parameters : uncertain, { className: 'data parameters' }));
  showAll.addEventListener('change', renderParameters);
  renderParameters();

  replace(main,
    h('h1', {}, s.name, ' ', h('small', {}, s.id)),
    h('p', {}, s.description),
    h('p', {}, h('a', { class: 'button', href: `#/submit?scenario=${encodeURIComponent(s.id)}` }, 'Submit a batch of this scenario')),
    h('dl', { class: 'facts' },
      h('dt', {}, 'horizon'), h('dd', {}, `${s.horizon.start}–${s.horizon.end}`),
      h('dt', {}, 'cost threshold'), h('dd', {}, `${number(s.targets.costThresholdUsdPerKWh)} USD/kWh`),
      h('dt', {}, 'mass production'), h('dd', {}, `${number(s.targets.massProductionGWh)} GWh/yr`),
      h('dt', {}, 'benchmark'), h('dd', {}, s.benchmarkName),
      h('dt', {}, 'file'), h('dd', {}, s.fileName, s.parent ? ` (extends ${s.parent.id})` : ''),
      h('dt', {}, 'stored'), h('dd', {}, time(s.createdAt)),
      h('dt', {}, 'sha256'), h('dd', { class: 'hash' }, s.sha256)),
    s.parent ? h('section', { dataset: { section: 'diff' } }, h('h2', {}, `What it changes against ${s.parent.id}`), parentDiff(s, s.parent)) : null,
    h('section', { dataset: { section: 'entities' } },
      h('h2', {}, 'Routes'),
      table([{ key: 'id' }, { key: 'name' }, { key: 'family', label: 'family' }, { key: 'materials', label: 'materials' }],
        s.routes.map(r => ({ id: r.id, name: r.name, family: attribute(r, 'family'), materials: attribute(r, 'materials')?.replaceAll(',', ', ') ?? null }))),
      h('h2', {}, 'Regions'),
      table([{ key: 'id' }, { key: 'name' }], s.regions),
      h('h2', {}, 'Plants'),
      table([{ key: 'id' }, { key: 'name' }, { key: 'route' }, { key: 'region' }, { key: 'announcedSopYear', label: 'announced SOP' }],
        s.plants.map(p => ({ id: p.id, name: p.name, route: attribute(p, 'route'), region: attribute(p, 'region'), announcedSopYear: attribute(p, 'announcedSopYear') })))),
    h('section', { dataset: { section: 'parameters' } },
      h('h2', {}, `Uncertain parameters (${uncertain.length} of ${s.parameters.length})`),
      h('p', { class: 'note' }, 'Source: the note written next to the value in the scenario file; in the shipped scenarios ',
        '[V] seen in the named source, [S] secondary source, [A] our assumption.'),
      h('label', {}, showAll, ' show fixed values too'),
      parameterTable),
    h('section', {},
      h('h2', {}, 'Correlations and comparisons'),
      table([{ key: 'a' }, { key: 'b' }, { key: 'rho', format: number }], s.correlations, { caption: 'correlated parameters (rank)' }),
      table([{ key: 'a' }, { key: 'b' }, { key: 'metric' }], s.comparisons, { caption: 'paired comparisons every batch reports' })),
    h('section', { dataset: { section: 'batches' } },
      h('h2', {}, 'Recent batches'),
      batchRows(s.batches.edges.map(e => e.node))));
}
