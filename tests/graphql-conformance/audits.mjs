// The graphql-http server audits (GraphQL over HTTP specification) against our /graphql.
// Passes when no MUST audit fails and no SHOULD audit warns. Usage: node audits.mjs <url>
import { serverAudits } from 'graphql-http';

const url = process.argv[2] ?? process.env.GRAPHQL_URL;
if (!url) {
  console.error('usage: node audits.mjs <url of /graphql>');
  process.exit(2);
}

const results = [];
for (const audit of serverAudits({ url })) {
  results.push(await audit.fn());
}

const counts = { ok: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status]++;
  if (result.status !== 'ok') {
    console.log(`${result.status.toUpperCase()} ${result.name}: ${result.reason}`);
    if (result.response) {
      const body = await result.response.text().catch(() => '');
      console.log(`  status ${result.response.status} ${result.response.headers.get('content-type') ?? ''} ${body.slice(0, 300)}`);
    }
  }
}
const must = results.filter((r) => r.name.startsWith('MUST'));
const should = results.filter((r) => r.name.startsWith('SHOULD'));
console.log(
  `audits: ${results.length} (${must.length} MUST, ${should.length} SHOULD, ${results.length - must.length - should.length} MAY); ` +
    `${counts.ok} ok, ${counts.warn} warnings, ${counts.error} errors`,
);
const failures = results.filter((r) => r.status === 'error' || (r.status === 'warn' && r.name.startsWith('SHOULD')));
process.exit(failures.length === 0 ? 0 : 1);
