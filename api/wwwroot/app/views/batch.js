// One batch: its provenance always; then, by status, its progress (queued, running: polled, with cancel), its
// results (completed), or why it has none (failed, cancelled).
import { gql } from '../graphql.js';
import { h, notice, replace } from '../dom.js';
import { provenance } from './provenance.js';
import { progressPanel } from './progress.js';
import { resultsView } from './results.js';

export const batchFields = `
  id scenarioId scenarioSha256 strategySet strategy status seed trials trialsDone progress trialsPerSecond etaSeconds error cancelRequested years
  provenance { scenarioSha256 seed trials modelVersion softwareVersion }
  timings { createdAt startedAt finishedAt queuedSeconds runSeconds }
  exports { seriesCsv seriesParquet milestonesCsv milestonesParquet comparisonsCsv comparisonsParquet stepsCsv stepsParquet
    strategyComparisonsCsv strategyComparisonsParquet }`;

const query = `query Batch($id: ID!) {
  batch(id: $id) {
    ${batchFields}
    scenario { id name entities routes { id name } regions { id name } plants { id name } comparisons { a b metric }
      options { id entity name adoption } strategies { id name } }
  }
}`;

export async function batchView(main, signal, id) {
  const { batch } = await gql(query, { id });
  if (signal.aborted) return;
  const heading = h('h1', {}, `Batch ${batch.id} `, h('span', { class: `status ${batch.status.toLowerCase()}` }, batch.status));
  const scenarioLine = batch.scenario
    ? h('p', {}, 'Scenario ', h('a', { href: `#/scenario/${encodeURIComponent(batch.scenarioId)}` }, batch.scenario.name), ` (${batch.scenarioId})`)
    : notice('warning', `The scenario version this batch ran (${batch.scenarioSha256}) is not stored here.`);
  const body = h('div', { class: 'batch-body' });
  replace(main, heading, scenarioLine, body);

  switch (batch.status) {
    case 'QUEUED':
    case 'RUNNING':
      // Polls until the batch finishes, then shows this page again with the results.
      await progressPanel(body, signal, batch, () => batchView(main, signal, id)
        .catch(e => { if (!signal.aborted) replace(main, notice('error', e.message)); }));
      break;
    case 'COMPLETED':
      await resultsView(body, signal, batch);
      break;
    case 'FAILED':
      replace(body,
        notice('error', `This batch failed after ${batch.trialsDone.toLocaleString('en-US')} of ${batch.trials.toLocaleString('en-US')} trials: `,
          batch.error ?? 'no reason was recorded', '. It has no results; submit it again once the cause is fixed.'),
        provenance(batch));
      break;
    case 'CANCELLED':
      replace(body,
        notice('warning', `This batch was cancelled after ${batch.trialsDone.toLocaleString('en-US')} of ${batch.trials.toLocaleString('en-US')} trials; `,
          'a cancelled batch keeps no results.'),
        provenance(batch));
      break;
    default:
      replace(body, notice('warning', `Unknown status ${batch.status}.`), provenance(batch));
  }
}
