// Shared helpers of the conformance scripts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const here = dirname(fileURLToPath(import.meta.url));
export const repositoryRoot = join(here, '..', '..');

/** schema/schema.graphql, the committed contract. */
export const committedSdl = () => readFileSync(join(repositoryRoot, 'schema', 'schema.graphql'), 'utf8');

export function urlFromArguments() {
  const url = process.argv[2] ?? process.env.GRAPHQL_URL;
  if (!url) {
    console.error(`usage: node ${process.argv[1]} <url of /graphql>`);
    process.exit(2);
  }
  return url;
}

/** POSTs a GraphQL request; returns the parsed response document. */
export async function post(url, query, variables) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/**
 * Gives a schema built from our SDL the same custom scalar rules as the server (buildSchema makes custom scalars
 * accept anything), so graphql-js rejects what the server rejects, with the same message.
 */
export function withServerScalars(schema, GraphQLError, Kind) {
  const isDate = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text + 'T00:00:00Z')) &&
    new Date(text + 'T00:00:00Z').toISOString().startsWith(text);
  const localDate = schema.getType('LocalDate');
  localDate.parseValue = (value) => {
    if (typeof value === 'string' && isDate(value)) return value;
    throw new GraphQLError(`LocalDate cannot represent value: ${JSON.stringify(value)}; use YYYY-MM-DD.`);
  };
  localDate.parseLiteral = (node) => {
    if (node.kind === Kind.STRING && isDate(node.value)) return node.value;
    const shown = node.kind === Kind.STRING ? JSON.stringify(node.value) : node.value ?? node.kind;
    throw new GraphQLError(`LocalDate cannot represent value: ${shown}; use YYYY-MM-DD.`);
  };
  // DateTime: milliseconds exactly (https://scalars.graphql.org/andimarek/date-time); the records come from REST,
  // which writes the stored precision, so cut the fraction to three digits as the server does.
  schema.getType('DateTime').serialize = (value) =>
    String(value).replace(/^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/, (_, head, fraction, offset) => `${head}.${((fraction ?? '') + '000').slice(0, 3)}${offset}`);
  return schema;
}
