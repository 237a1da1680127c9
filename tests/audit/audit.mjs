// Runs graphql-http's GraphQL-over-HTTP server audits against a live URL and prints the
// results as JSON lines: {name, status, reason}. status: ok | warn (SHOULD) | error (MUST) | notice.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://host:port/graphql');
  process.exit(2);
}
const results = await auditServer({ url });
for (const r of results) {
  console.log(JSON.stringify({ name: r.name, status: r.status, reason: r.reason ?? null }));
}
