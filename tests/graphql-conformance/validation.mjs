// Validation agreement: for every document of corpus/valid and corpus/invalid, graphql-js validate() against
// schema/schema.graphql and our server must agree on whether it is valid (and the corpus folder must say the
// same), and for invalid documents on the error messages. Usage: node validation.mjs <url>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLError, Kind, parse, validate } from 'graphql';
import { committedSdl, here, post, urlFromArguments, withServerScalars } from './lib.mjs';

const url = urlFromArguments();
const schema = withServerScalars(buildSchema(committedSdl()), GraphQLError, Kind);

function jsVerdict(text) {
  let document;
  try {
    document = parse(text);
  } catch (error) {
    return { valid: false, messages: [error.message] };
  }
  const errors = validate(schema, document);
  return { valid: errors.length === 0, messages: errors.map((e) => e.message) };
}

async function serverVerdict(text) {
  const result = await post(url, text);
  const failed = (result.errors ?? []).filter((e) =>
    ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED'].includes(e.extensions?.code));
  return { valid: failed.length === 0, messages: failed.map((e) => e.message) };
}

let documents = 0;
const disagreements = [];
for (const expected of ['valid', 'invalid']) {
  const folder = join(here, 'corpus', expected);
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.graphql')).sort()) {
    documents++;
    const text = readFileSync(join(folder, file), 'utf8');
    const js = jsVerdict(text);
    const ours = await serverVerdict(text);
    const label = `${expected}/${file}`;
    if (js.valid !== (expected === 'valid')) disagreements.push(`${label}: graphql-js says ${js.valid ? 'valid' : 'invalid'} (${js.messages.join(' | ')})`);
    if (ours.valid !== js.valid) {
      disagreements.push(`${label}: graphql-js says ${js.valid ? 'valid' : 'invalid'}, server says ${ours.valid ? 'valid' : 'invalid'}: ${ours.messages.join(' | ') || js.messages.join(' | ')}`);
    } else if (!js.valid && JSON.stringify([...js.messages].sort()) !== JSON.stringify([...ours.messages].sort())) {
      disagreements.push(`${label}: messages differ\n  graphql-js: ${js.messages.join(' | ')}\n  server:     ${ours.messages.join(' | ')}`);
    }
  }
}
for (const line of disagreements) console.log(line);
console.log(`validation: ${documents} documents, ${documents - disagreements.length} agree, ${disagreements.length} disagree`);
process.exit(disagreements.length === 0 ? 0 : 1);
