// Model v2 on the results page (model-spec-v2 §5–6): the cost waterfall per process step, the options, and for a
// strategy-set batch its members and strategy comparisons. A v1 batch has none of these and shows no section.
// Each part loads on its own, so one failing query leaves the others readable; for a set batch a member select
// chooses whose waterfall and options are shown (the set's strategy comparisons span members).
import { h, notice, replace } from '../dom.js';
import { waterfallPanel } from './waterfall-panel.js';
import { optionsPanel } from './options-panel.js';
import { strategiesPanel } from './strategies-panel.js';
import { memberSelect, setMembers } from './v2-scope.js';

/** Whether the batch has model v2 results (a v2 document, or a set batch). */
export const hasModelV2 = batch => batch.strategySet || batch.provenance?.modelVersion === 'v2';

export const modelV2Title = 'Model v2: cost waterfall per step, options and strategies';

export async function modelV2Panel(content, signal, batch) {
  const members = setMembers(batch);
  const memberChooser = memberSelect(batch);
  const part = (name, title) => h('div', { class: 'v2-part', dataset: { part: name, state: 'loading' } }, h('h3', {}, title), h('div', { class: 'part-body' }, 'Loading…'));
  const waterfall = part('waterfall', 'Cost waterfall per step');
  const options = part('options', 'Options: adopted capacity, readiness and adoption');
  const strategies = members ? part('strategies', 'Strategy members and comparisons') : null;

  const run = async (element, load) => {
    const body = element.querySelector('.part-body');
    element.dataset.state = 'loading';
    try {
      await load(body);
      if (!signal.aborted) element.dataset.state = 'ready';
    } catch (e) {
      if (signal.aborted) return;
      replace(body, notice('error', e.message));
      element.dataset.state = 'error';
    }
  };
  const memberParts = () => Promise.all([
    run(waterfall, body => waterfallPanel(body, signal, batch, memberChooser?.value)),
    run(options, body => optionsPanel(body, signal, batch, memberChooser?.value)),
  ]);
  memberChooser?.addEventListener('change', () => memberParts());

  replace(content,
    members
      ? h('p', { class: 'controls' }, h('label', {}, 'Member ', memberChooser),
        h('span', { class: 'note' }, `A strategy-set batch: ${members.length} members on the same trials. The waterfall and options below are the chosen member's.`))
      : batch.strategy ? h('p', { class: 'note' }, `This batch ran the member “${batch.strategy}” of the file's strategy set; a set batch (strategySet) compares the members.`) : null,
    waterfall, options, strategies);
  await Promise.all([memberParts(), strategies ? run(strategies, body => strategiesPanel(body, signal, batch)) : null]);
}
