// Submit a batch (scenario, trials, seed); the batch page then shows its progress.
import { apiKey, gql } from '../graphql.js';
import { h, notice, replace, select } from '../dom.js';

const scenariosQuery = `query SubmitChoices { scenarios { id name } }`;
const submitMutation = `mutation Submit($scenarioId: ID!, $trials: Long!, $seed: Long!) {
  submitBatch(scenarioId: $scenarioId, trials: $trials, seed: $seed) { id status }
}`;

export async function submitView(main, signal, scenarioId) {
  const { scenarios } = await gql(scenariosQuery);
  if (signal.aborted) return;
  if (!scenarios.length) {
    replace(main, h('h1', {}, 'Submit a batch'), notice('info', 'No scenario is stored on this server yet.'));
    return;
  }
  const status = h('div', { class: 'form-status' });
  const form = h('form', { class: 'submit', name: 'submit' },
    h('label', {}, 'Scenario ', select('scenarioId', scenarios.map(s => [s.id, `${s.name} (${s.id})`]), scenarioId ?? 'sulfide-vs-oxide')),
    h('label', {}, 'Trials ', h('input', { name: 'trials', type: 'number', min: 1, step: 1, value: 20000, required: true })),
    h('label', {}, 'Seed ', h('input', { name: 'seed', type: 'number', min: 0, step: 1, value: 42, required: true })),
    h('label', {}, 'API key ', h('input', { name: 'apiKey', type: 'password', autocomplete: 'off', value: apiKey.get(),
      placeholder: 'only if the server has one' })),
    h('button', { type: 'submit' }, 'Submit'),
    status);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const data = new FormData(form);
    apiKey.set(String(data.get('apiKey') ?? '').trim());
    // Long values travel as JSON numbers; the server checks the ranges (trials ≥ 1, 0 ≤ seed < 2^53).
    const variables = { scenarioId: data.get('scenarioId'), trials: Number(data.get('trials')), seed: Number(data.get('seed')) };
    replace(status, notice('info', 'Submitting…'));
    try {
      const { submitBatch } = await gql(submitMutation, variables);
      location.hash = `#/batch/${encodeURIComponent(submitBatch.id)}`;
    } catch (e) {
      replace(status, notice('error', `Not submitted: ${e.message}`));
    }
  });
  replace(main,
    h('h1', {}, 'Submit a batch'),
    h('p', {}, 'A batch runs the scenario’s newest version for the given number of trials from the seed; the same ',
      'scenario, seed and trials give the same numbers. 20,000 trials take seconds, a million about a minute on two cores.'),
    form);
}
