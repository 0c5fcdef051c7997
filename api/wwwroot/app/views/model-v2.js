// PLACE FOR MODEL V2. The cost waterfall per process step and the strategy comparisons plug in here once model v2
// and its GraphQL fields exist. The schema has no such fields today (tests/Api.Tests/schema.graphql), and this
// page does not invent them: when they arrive, add their queries and charts here (chart-frame.js gives table and
// downloads) and the panel to the results page stays where it is.

import { h } from '../dom.js';

export function modelV2Panel() {
  return h('section', { class: 'panel placeholder', dataset: { section: 'model-v2', placeholder: 'model-v2' } },
    h('h2', {}, 'Cost waterfall per step and strategy comparisons'),
    h('p', { class: 'note' }, 'Not available yet: these arrive with model v2, whose results the API does not serve yet.'));
}
