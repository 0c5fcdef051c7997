// graphql-http 1.23.1's server audits (GraphQL over HTTP spec) against <url>; one JSON line per audit:
// {"id","name","status":"ok"|"warn"|"error","reason"}.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  process.stdout.write(JSON.stringify({ id: audit.id, name: audit.name, status: result.status, reason: result.reason ?? null }) + '\n');
}
