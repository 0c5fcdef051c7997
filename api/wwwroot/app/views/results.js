// A completed batch: provenance and exports, then the result panels. Each panel loads its own query, so one
// slow or failing analysis (sensitivity recomputes trials) leaves the others readable.
import { h, notice, replace } from '../dom.js';
import { provenance } from './provenance.js';
import { fanPanel } from './fan-panel.js';
import { milestonePanel } from './milestone-panel.js';
import { comparisonPanel } from './comparison-panel.js';
import { sensitivityPanel } from './sensitivity-panel.js';
import { hasModelV2, modelV2Panel, modelV2Title } from './model-v2.js';
import { setMembers } from './v2-scope.js';

/** Entities of the batch's scenario for selects, grouped as the reports list them. */
export function entityOptions(scenario) {
  const named = (kind, list) => list.map(e => [`${kind}:${e.id}`, `${e.name} (${e.id})`]);
  return {
    Routes: named('route', scenario.routes),
    Regions: named('region', scenario.regions),
    Plants: named('plant', scenario.plants),
    Other: scenario.entities.filter(e => !e.includes(':')).map(e => [e, e]),
  };
}

export async function resultsView(body, signal, batch) {
  if (!batch.scenario) {
    replace(body, notice('warning', 'The results cannot be laid out without the scenario; the exports below hold every number.'), provenance(batch));
    return;
  }
  // A strategy-set batch has its series, milestones and comparisons per member (the top-level fields refuse):
  // each panel then has its own member select, as sensitivity has, so two members can be read side by side.
  const perMember = title => (batch.strategySet ? `${title} (per member)` : title);
  const panels = [
    ['fan', perMember('Cost and output by year'), fanPanel],
    ['milestones', perMember('Milestones: probability reached by each year'), milestonePanel],
    ['comparisons', perMember('Paired comparisons'), comparisonPanel],
    ['sensitivity', perMember('What drives the result: tornado and Spearman'), sensitivityPanel],
    hasModelV2(batch) ? ['model-v2', modelV2Title, modelV2Panel] : null,
  ].filter(Boolean);
  const sections = panels.map(([name, title]) => h('section', { class: 'panel', dataset: { section: name, state: 'loading' } }, h('h2', {}, title), h('div', { class: 'panel-body' }, 'Loading…')));
  const setNote = batch.strategySet
    ? notice('info', `A strategy-set batch: ${setMembers(batch).length} members on the same trials. Each panel below shows the member chosen in its `,
      'Member select (base, the file itself, first); the model-v2 section compares the members.')
    : null;
  replace(body, provenance(batch), setNote, ...sections);
  await Promise.all(panels.map(async ([, , panel], i) => {
    const section = sections[i];
    const content = section.querySelector('.panel-body');
    try {
      await panel(content, signal, batch);
      section.dataset.state = 'ready';
    } catch (e) {
      if (signal.aborted) return;
      replace(content, notice('error', e.message));
      section.dataset.state = 'error';
    }
  }));
}
