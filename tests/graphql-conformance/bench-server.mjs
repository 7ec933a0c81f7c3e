// graphql-js serving the domain schema over the same records, in memory, with graphql-http's reference handler on
// Node's http server: the baseline of the GraphQL benchmark (tests/OpenData.Benchmarks, mode graphql).
// Usage: node bench-server.mjs <url of our API's origin, to read the records from> <port>
import { createServer } from 'node:http';
import { createHandler } from 'graphql-http/lib/use/http';
import { buildOracleSchema, loadRecords } from './records.mjs';

const [origin, port] = process.argv.slice(2);
const schema = buildOracleSchema(await loadRecords(origin));
const handler = createHandler({ schema });
const server = createServer((request, response) => {
  if (request.url.startsWith('/graphql')) return handler(request, response);
  response.writeHead(404).end();
});
server.listen(Number(port), '127.0.0.1', () => console.log(`graphql-js listening on http://127.0.0.1:${port}/graphql`));
