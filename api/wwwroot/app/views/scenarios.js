// The scenarios stored on this server, newest version of each id, with what each one extends.
import { gql } from '../graphql.js';
import { h, notice, replace, table } from '../dom.js';

const query = `query Scenarios { scenarios { id name years parent { id } } }`;

export async function scenariosView(main) {
  const { scenarios } = await gql(query);
  replace(main,
    h('h1', {}, 'Scenarios'),
    scenarios.length
      ? null
      : notice('info', 'No scenario is stored on this server. Store one with the createScenario mutation or `scenariogrid submit FILE --server URL`.'),
    table([
      { key: 'id', label: 'id', format: id => h('a', { href: `#/scenario/${encodeURIComponent(id)}` }, id) },
      { key: 'name', label: 'name' },
      { key: 'years', label: 'years', format: years => `${years[0]}–${years.at(-1)}` },
      { key: 'parent', label: 'extends', format: p => (p ? h('a', { href: `#/scenario/${encodeURIComponent(p.id)}` }, p.id) : null) },
      { key: 'id', label: '', format: id => h('a', { href: `#/submit?scenario=${encodeURIComponent(id)}` }, 'submit a batch') },
    ], scenarios, { className: 'data scenarios' }));
}
