// A real graphql-ws 6.4.2 client (over the ws package) for the API tests; prints one JSON line per event.
//   node client.mjs stream <ws-url> <query> [variables-json]        every `next` payload, then {"complete":true} or {"error":…}
//   node client.mjs close-after <ws-url> <n> <query> [variables-json]  disposes the client (closes the socket) after n messages
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [mode, url, ...rest] = process.argv.slice(2);
const closeAfter = mode === 'close-after' ? Number(rest.shift()) : Infinity;
const [query, variables] = [rest[0], rest[1] ? JSON.parse(rest[1]) : {}];
const print = value => process.stdout.write(JSON.stringify(value) + '\n');

const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
  on: { closed: event => print({ closed: { code: event.code, reason: event.reason } }) } });
let received = 0;
await new Promise(resolve => {
  const unsubscribe = client.subscribe({ query, variables }, {
    next: payload => {
      print({ next: payload });
      if (++received >= closeAfter) {
        unsubscribe();
        client.dispose();
        resolve();
      }
    },
    error: error => { print({ error: Array.isArray(error) ? error : { message: String(error?.message ?? error?.reason ?? error), code: error?.code } }); resolve(); },
    complete: () => { print({ complete: true }); resolve(); },
  });
});
await client.dispose();
