// GraphQL over WebSocket (graphql-transport-ws) at /graphql, for the dashboard's one subscription (a batch's progress):
// one socket per subscription, no library. Any failure (no socket, a close, an error message) ends in `error`, after
// which the caller polls instead.
import { apiKey, GraphQLError } from './graphql.js';

/** Subscribes; calls next(data) per message, then complete() or error(e) once. Returns a function that stops it. */
export function subscribe(query, variables, { next, complete, error }) {
  const url = new URL('/graphql', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let ended = false;
  const end = (callback, value) => {
    if (ended) return;
    ended = true;
    callback(value);
  };
  let socket;
  try {
    socket = new WebSocket(url, 'graphql-transport-ws');
  } catch (e) {
    queueMicrotask(() => end(error, e));
    return () => { ended = true; };
  }
  const send = message => socket.send(JSON.stringify(message));
  // Browsers cannot set headers on a socket: the API key (for a server that has one) goes in the init payload.
  socket.onopen = () => send({ type: 'connection_init', payload: apiKey.get() ? { 'X-Api-Key': apiKey.get() } : {} });
  socket.onmessage = event => {
    let message;
    try { message = JSON.parse(event.data); } catch { return; }
    switch (message.type) {
      case 'connection_ack': send({ id: '1', type: 'subscribe', payload: { query, variables } }); break;
      case 'ping': send({ type: 'pong' }); break;
      case 'next':
        if (message.payload?.errors?.length) end(error, new GraphQLError(message.payload.errors, 200));
        else if (!ended) next(message.payload.data);
        break;
      case 'error': end(error, new GraphQLError(message.payload ?? [], 200)); break;
      case 'complete': end(complete); socket.close(1000); break;
      default: break;
    }
  };
  socket.onclose = event => end(error, new Error(`the progress socket closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`));
  return () => {
    if (!ended && socket.readyState === WebSocket.OPEN) send({ id: '1', type: 'complete' });
    ended = true;
    if (socket.readyState <= WebSocket.OPEN) socket.close(1000);
  };
}
