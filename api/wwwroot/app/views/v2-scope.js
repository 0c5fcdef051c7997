// Model v2 results come from the batch itself (a single run) or, for a strategy-set batch, from one of its
// members (Batch.member(strategy)): the same fields either way, so each v2 view writes its fields once.
import { gql } from '../graphql.js';

/** The members of a set batch, base first then the file's strategies; null for a single run. */
export function setMembers(batch) {
  return batch.strategySet ? ['base', ...(batch.scenario?.strategies ?? []).map(s => s.id)] : null;
}

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
