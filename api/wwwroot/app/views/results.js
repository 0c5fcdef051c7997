// A completed batch: provenance and exports, then the result panels. Each panel loads its own query, so one
// slow or failing analysis (sensitivity recomputes trials) leaves the others readable.
import { h, notice, replace } from '../dom.js';
import { provenance } from './provenance.js';
import { fanPanel } from './fan-panel.js';
import { milestonePanel } from './milestone-panel.js';
import { comparisonPanel } from './comparison-panel.js';
import { sensitivityPanel } from './sensitivity-panel.js';
import { modelV2Panel } from './model-v2.js';

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
  const panels = [
    ['fan', 'Cost and output by year', fanPanel],
    ['milestones', 'Milestones: probability reached by each year', milestonePanel],
    ['comparisons', 'Paired comparisons', comparisonPanel],
    ['sensitivity', 'What drives the result: tornado and Spearman', sensitivityPanel],
  ];
  const sections = panels.map(([name, title]) => h('section', { class: 'panel', dataset: { section: name, state: 'loading' } }, h('h2', {}, title), h('div', { class: 'panel-body' }, 'Loading…')));
  replace(body, provenance(batch), ...sections, modelV2Panel());
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
