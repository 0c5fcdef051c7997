// Holds <n> batchProgress subscriptions to <batch> open for <seconds> (graphql-ws, 10 per connection, the server's
// default limit), then prints {"subscriptions","messages","errors"}. Used by bench/Subscriptions/run.sh.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, batch, n, seconds] = process.argv.slice(2);
const query = 'subscription($id: ID!) { batchProgress(id: $id) { status trialsDone final } }';
let messages = 0, errors = 0;
const clients = [];
for (let i = 0; i < Number(n); i++) {
  if (i % 10 === 0) clients.push(createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 }));
  clients[clients.length - 1].subscribe({ query, variables: { id: batch } },
    { next: () => messages++, error: () => errors++, complete: () => {} });
}
await new Promise(resolve => setTimeout(resolve, Number(seconds) * 1000));
for (const client of clients) await client.dispose();
process.stdout.write(JSON.stringify({ subscriptions: Number(n), messages, errors }) + '\n');
