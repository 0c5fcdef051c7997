// Results come from the batch itself (a single run) or, for a strategy-set batch, from one of its members
// (Batch.member(strategy); the set's top-level series, milestones, comparisons and steps refuse): the same fields
// either way, so each view (fan, milestones, comparisons, waterfall, options) writes its fields once.
import { gql } from '../graphql.js';
import { select } from '../dom.js';

/** The members of a set batch, base first then the file's strategies; null for a single run. */
export function setMembers(batch) {
  return batch.strategySet ? ['base', ...(batch.scenario?.strategies ?? []).map(s => s.id)] : null;
}

/** A panel's own member select (base first) for a set batch; null for a single run, which has one member. */
export function memberSelect(batch) {
  const members = setMembers(batch);
  return members ? select('member', members, members[0]) : null;
}

/** A chart or table title naming the member drawn; a single run's title stays as it was (it has one member). */
export const ofMember = (member, title) => (member ? `${title} (member ${member})` : title);

/**
 * Runs `fields` against the batch or its member; `declarations` are the query's extra variables
 * (e.g. '$entity: String!'). Resolves to the object holding the fields.
 */
export async function memberQuery(batch, member, declarations, fields, variables = {}) {
  const extra = declarations ? `, ${declarations}` : '';
  if (batch.strategySet) {
    const query = `query V2Member($id: ID!, $member: String!${extra}) { batch(id: $id) { member(strategy: $member) { ${fields} } } }`;
    return (await gql(query, { id: batch.id, member, ...variables })).batch.member;
  }
  const query = `query V2Batch($id: ID!${extra}) { batch(id: $id) { ${fields} } }`;
  return (await gql(query, { id: batch.id, ...variables })).batch;
}
