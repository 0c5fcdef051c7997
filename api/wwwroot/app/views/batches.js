// Batches, newest first, with status and progress; filtered by status, paged by cursor.
import { gql } from '../graphql.js';
import { h, notice, replace, select, table } from '../dom.js';
import { number, percent, time } from '../format.js';

const query = `query Batches($after: String, $status: BatchStatus) {
  batches(first: 20, after: $after, status: $status) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id scenarioId status trials trialsDone progress seed timings { createdAt } } }
  }
}`;

const statuses = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** A table of batches (also on the scenario page). */
export function batchRows(batches) {
  return table([
    { key: 'id', format: id => h('a', { href: `#/batch/${encodeURIComponent(id)}` }, id) },
    { key: 'scenarioId', label: 'scenario', format: id => h('a', { href: `#/scenario/${encodeURIComponent(id)}` }, id) },
    { key: 'status', format: s => h('span', { class: `status ${s.toLowerCase()}` }, s) },
    { key: 'trials', format: number },
    { key: 'progress', format: p => percent(p) },
    { key: 'seed', format: number },
    { key: 'created', label: 'submitted', format: time },
  ], batches.map(b => ({ ...b, created: b.timings.createdAt })), { className: 'data batches' });
}

export async function batchesView(main, signal, status) {
  const list = h('div', { class: 'batch-list' });
  const more = h('button', { type: 'button', hidden: true }, 'Older batches');
  const filter = select('status', [['', 'any status'], ...statuses], status ?? '');
  filter.addEventListener('change', () => { location.hash = filter.value ? `#/batches?status=${filter.value}` : '#/batches'; });
  const loaded = [];
  let cursor = null;
  const load = async () => {
    const { batches } = await gql(query, { after: cursor, status });
    if (signal.aborted) return;
    loaded.push(...batches.edges.map(e => e.node));
    cursor = batches.pageInfo.endCursor;
    more.hidden = !batches.pageInfo.hasNextPage;
    replace(list,
      h('p', {}, `${number(batches.totalCount)} batch(es)${status ? ` with status ${status}` : ''}.`),
      loaded.length ? null : notice('info', status ? `No batch is ${status}.` : 'No batch yet: submit one.'),
      batchRows(loaded));
  };
  more.addEventListener('click', () => load().catch(e => list.append(notice('error', e.message))));
  await load();
  if (signal.aborted) return;
  replace(main, h('h1', {}, 'Batches'), h('label', {}, 'Status ', filter), list, more);
}
