// SDL identity: graphql-js builds a client schema from our introspection result and prints it; the text must
// equal schema/schema.graphql. Usage: node sdl.mjs <url>
import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { committedSdl, post, urlFromArguments } from './lib.mjs';

const url = urlFromArguments();
const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
});
const result = await post(url, query);
if (result.errors) {
  console.log('introspection failed:', JSON.stringify(result.errors));
  process.exit(1);
}
const printed = printSchema(buildClientSchema(result.data)) + '\n';
const committed = committedSdl().replace(/\r\n/g, '\n');
if (printed === committed) {
  console.log(`SDL identical: printSchema(buildClientSchema(introspection)) equals schema/schema.graphql (${committed.split('\n').length} lines)`);
  process.exit(0);
}
const a = committed.split('\n');
const b = printed.split('\n');
for (let i = 0; i < Math.max(a.length, b.length); i++) {
  if (a[i] !== b[i]) {
    console.log(`SDL differs at line ${i + 1}:\n  schema.graphql: ${a[i]}\n  introspection:  ${b[i]}`);
    break;
  }
}
process.exit(1);
