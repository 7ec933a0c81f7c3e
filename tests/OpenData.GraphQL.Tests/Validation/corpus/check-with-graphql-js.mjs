// Runs graphql-js 16 validate() on every corpus document against schema.graphql.
//
// graphql-js is the reference implementation: the C# test ValidationCorpusTests compares our validator with
// the results recorded here in expected.json, so the .NET test run needs no Node.
//
// Setup (once, the only step that needs the network):
//   mkdir -p /tmp/gqlcheck && cd /tmp/gqlcheck && npm init -y && npm install graphql@16
// Usage (from anywhere):
//   node check-with-graphql-js.mjs            compare graphql-js with the recorded expected.json
//   node check-with-graphql-js.mjs --write    (re)record expected.json from graphql-js
//   node check-with-graphql-js.mjs --compare ours.json
//                                             compare graphql-js with our validator's output (same format
//                                             as expected.json; the C# corpus test writes it when the
//                                             environment variable GRAPHQL_CORPUS_OURS names a file)
// graphql is looked up in GRAPHQL_JS_NODE_MODULES, ./node_modules, next to this script, then
// /tmp/gqlcheck/node_modules.

import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function loadGraphQL() {
  const places = [
    process.env.GRAPHQL_JS_NODE_MODULES,
    path.join(process.cwd(), 'node_modules'),
    path.join(here, 'node_modules'),
    '/tmp/gqlcheck/node_modules',
  ].filter(Boolean);
  for (const place of places) {
    if (existsSync(path.join(place, 'graphql', 'package.json'))) {
      const require = createRequire(path.join(place, 'noop.js'));
      return { graphql: require('graphql'), version: require('graphql/package.json').version };
    }
  }
  console.error('graphql-js not found; run: cd /tmp/gqlcheck && npm install graphql@16');
  process.exit(2);
}

const { graphql, version } = loadGraphQL();
const { buildSchema, parse, validate } = graphql;

const schema = buildSchema(readFileSync(path.join(here, 'schema.graphql'), 'utf8'));
const documentsDir = path.join(here, 'documents');
const files = readdirSync(documentsDir).filter((f) => f.endsWith('.graphql')).sort();

const results = {};
for (const file of files) {
  const source = readFileSync(path.join(documentsDir, file), 'utf8');
  let errors;
  try {
    errors = validate(schema, parse(source));
  } catch (e) {
    errors = [e];
  }
  results[file] = errors.map((e) => ({
    message: e.message,
    locations: (e.locations ?? []).map(({ line, column }) => ({ line, column })),
  }));
}

const args = process.argv.slice(2);
if (args[0] === '--write') {
  const output = { graphqlJsVersion: version, results };
  writeFileSync(path.join(here, 'expected.json'), JSON.stringify(output, null, 2) + '\n');
  const invalid = Object.values(results).filter((r) => r.length > 0).length;
  console.log(`graphql-js ${version}: ${files.length} documents, ${files.length - invalid} valid, ${invalid} invalid; wrote expected.json`);
  process.exit(0);
}

const otherPath = args[0] === '--compare' ? args[1] : path.join(here, 'expected.json');
const otherJson = JSON.parse(readFileSync(otherPath, 'utf8'));
const other = otherJson.results ?? otherJson;

let validityAgree = 0;
let messagesAgree = 0;
const problems = [];
for (const file of files) {
  const ref = results[file];
  const got = other[file];
  if (got === undefined) {
    problems.push(`${file}: missing in ${path.basename(otherPath)}`);
    continue;
  }
  if ((ref.length === 0) === (got.length === 0)) {
    validityAgree++;
  } else {
    problems.push(`${file}: VALIDITY differs (graphql-js ${ref.length} errors, other ${got.length})`);
  }
  if (JSON.stringify(ref) === JSON.stringify(got)) {
    messagesAgree++;
  } else if ((ref.length === 0) === (got.length === 0)) {
    problems.push(`${file}: messages/locations differ\n  graphql-js: ${JSON.stringify(ref)}\n  other:      ${JSON.stringify(got)}`);
  }
}
console.log(`graphql-js ${version} vs ${path.basename(otherPath)}: ${files.length} documents, ` +
  `valid/invalid agree on ${validityAgree}, messages+locations agree on ${messagesAgree}`);
for (const p of problems) console.log(p);
process.exit(validityAgree === files.length ? 0 : 1);
