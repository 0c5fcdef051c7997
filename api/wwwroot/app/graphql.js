// The dashboard's only way to the server: POST /graphql (GraphQL over HTTP), as any client would.

/** A GraphQL answer with errors: the messages (and codes) the server gave, shown to the user as they are. */
export class GraphQLError extends Error {
  constructor(errors, status) {
    super(errors.map(e => e.message).join('; ') || `HTTP ${status}`);
    this.name = 'GraphQLError';
    this.errors = errors;
    this.codes = errors.map(e => e.extensions?.code).filter(Boolean);
  }
}

const apiKeyStorage = 'scenariogrid.apiKey';

/** The API key mutations need when the server has one (kept for this browser tab only). */
export const apiKey = {
  get: () => sessionStorage.getItem(apiKeyStorage) ?? '',
  set: value => value ? sessionStorage.setItem(apiKeyStorage, value) : sessionStorage.removeItem(apiKeyStorage),
};

/**
 * Runs a query or mutation; resolves to `data`. Any error rejects with a GraphQLError, so a view never draws
 * from half an answer; callers that expect a partial answer (NOT_READY) ask only for what the status allows.
 */
export async function gql(query, variables = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' };
  if (apiKey.get()) headers['X-Api-Key'] = apiKey.get();
  let response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch (e) {
    throw new GraphQLError([{ message: `the API did not answer (${e.message})` }], 0);
  }
  let body = null;
  try { body = await response.json(); } catch { /* not JSON: reported below */ }
  if (body?.errors?.length) throw new GraphQLError(body.errors, response.status);
  if (!response.ok || !body?.data) throw new GraphQLError([{ message: `HTTP ${response.status} from /graphql` }], response.status);
  return body.data;
}
