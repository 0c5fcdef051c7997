// A queued or running batch: trials done, throughput and ETA, pushed over the socket (subscription batchProgress),
// or polled every second when the socket cannot be used; cancel. Once the batch has finished, `finished()` shows
// the page again for its final status. The section's data-live says which: socket or polling.
import { gql } from '../graphql.js';
import { subscribe } from '../socket.js';
import { h, notice, replace, table } from '../dom.js';
import { number, percent, seconds } from '../format.js';
import { provenance } from './provenance.js';

const pollQuery = `query Progress($id: ID!) {
  batch(id: $id) { id status trials trialsDone progress trialsPerSecond etaSeconds error cancelRequested }
}`;
const progressSubscription = `subscription Progress($id: ID!) {
  batchProgress(id: $id) { batchId status trials trialsDone progress trialsPerSecond etaSeconds error final }
}`;
const cancelMutation = `mutation Cancel($id: ID!) { cancelBatch(id: $id) { id status } }`;
const pollMilliseconds = 1000;

export async function progressPanel(body, signal, batch, finished) {
  const bar = h('progress', { max: 1, value: batch.progress });
  const numbers = h('div', { class: 'progress-numbers' });
  const message = h('div');
  const cancel = h('button', { type: 'button', class: 'danger' }, 'Cancel batch');
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      await gql(cancelMutation, { id: batch.id });
    } catch (e) {
      cancel.disabled = false;
      replace(message, notice('error', `Not cancelled: ${e.message}`));
    }
  });
  const show = b => {
    bar.value = b.progress;
    // The page heading shows the status too (QUEUED becomes RUNNING while this panel polls).
    const badge = document.querySelector('h1 .status');
    if (badge) Object.assign(badge, { textContent: b.status, className: `status ${b.status.toLowerCase()}` });
    replace(numbers, table([{ key: 'name', label: '' }, { key: 'value', label: '' }], [
      { name: 'status', value: b.status },
      { name: 'trials done', value: `${number(b.trialsDone)} of ${number(b.trials)} (${percent(b.progress)})` },
      { name: 'trials per second', value: b.trialsPerSecond === null ? 'no trial merged yet' : number(Math.round(b.trialsPerSecond)) },
      { name: 'time left', value: seconds(b.etaSeconds) },
    ], { className: 'data facts-table progress-table' }));
  };
  show(batch);
  const section = h('section', { dataset: { section: 'progress', live: 'socket', messages: '0' } }, h('h2', {}, 'Progress'), bar, numbers, cancel, message);
  replace(body, section, provenance(batch));

  // The first render is done: the rest happens in the background until the batch finishes or the user leaves.
  const poll = async () => {
    if (signal.aborted) return;
    try {
      const { batch: now } = await gql(pollQuery, { id: batch.id });
      if (signal.aborted) return;
      if (!['QUEUED', 'RUNNING'].includes(now.status)) {
        finished();
        return;
      }
      show(now);
      replace(message);
    } catch (e) {
      replace(message, notice('warning', `Progress not updated: ${e.message}; trying again.`));
    }
    setTimeout(poll, pollMilliseconds);
  };

  const stop = subscribe(progressSubscription, { id: batch.id }, {
    next: ({ batchProgress: now }) => {
      if (signal.aborted) return;
      section.dataset.messages = String(Number(section.dataset.messages) + 1);
      // The last message (final) is not drawn here: `complete` follows and the page is shown again for that status.
      if (now.final) return;
      show(now);
      replace(message);
    },
    complete: () => { if (!signal.aborted) finished(); },
    error: e => {
      if (signal.aborted) return;
      section.dataset.live = 'polling';
      replace(message, notice('info', `Live progress unavailable (${e.message}); updating every second instead.`));
      setTimeout(poll, pollMilliseconds);
    },
  });
  signal.addEventListener('abort', stop, { once: true });
}
