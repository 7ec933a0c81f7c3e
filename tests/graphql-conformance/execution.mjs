// Execution agreement: graphql-js executing schema/schema.graphql over the same records (read from our REST API)
// must return the same data as our server for every query below. Usage: node execution.mjs <url>
import { isDeepStrictEqual } from 'node:util';
import { graphql } from 'graphql';
import { post, urlFromArguments } from './lib.mjs';
import { buildOracleSchema, loadRecords } from './records.mjs';

const url = urlFromArguments();
const records = await loadRecords(new URL(url).origin);
const schema = buildOracleSchema(records);

const targetFields = `key areaCode subject categoryId indicatorId periodStart periodEnd baselineValue baselineText targetDirection
  targetChangePercent targetValue targetText outcomeChangeCount outcomeChangePercent outcomeValue outcomeText verdict sourceId locator notes
  meetsTarget verdictMet verdictAgrees`;

export const queries = {
  'every area, every field': `{ areas(first: 1000) { totalCount nodes { id code name type parentCode boundarySet validFrom validTo centroidLat centroidLon hectares aliases sourceId locator notes hasBoundary } } }`,
  "the borough's 2009/10 targets with references": `{ targets(first: 100, where: { areaCode: { eq: "E09000020" }, periodStart: { eq: "2009-04-01" } }, order: [{ subject: DESC }]) {
      totalCount pageInfo { hasNextPage hasPreviousPage } nodes { ${targetFields} area { name } source { title publisher } category { name scheme } indicator { title } } } }`,
  'where with and/or': `{ areas(where: { or: [{ type: { eq: "borough" } }, { and: [{ type: { eq: "ward" } }, { boundarySet: { eq: "2014" } }], name: { startsWith: "c" } }] }) { totalCount nodes { code name } } }`,
  'negated and set operations': `{
      a: targets(where: { outcomeChangePercent: { ngt: -5 } }) { totalCount nodes { key } }
      b: targets(where: { verdict: { ncontains: "ACHIEV" }, categoryId: { nin: ["doc-residential-burglary"] } }) { totalCount nodes { key } }
      c: targets(where: { indicatorId: { eq: null }, categoryId: { neq: null } }) { totalCount }
      d: actions(first: 1000, where: { text: { contains: "youth" }, theme: { nendsWith: "x", in: [null, "Crime"] } }) { totalCount nodes { key theme } }
    }`,
  'police.uk mapping both ways': `{ offenceCategory(key: "police-uk-burglary") { key name scheme mpsCategories(first: 50, order: [{ name: ASC }]) { totalCount nodes { key name level parent { key name children(first: 3) { nodes { key } } } policeUk { key } } } } }`,
  "a ward's recent figures by value": `{ crimeFigures(first: 25, where: { areaCode: { eq: "E05009388" }, periodStart: { gte: "2021-01-01", lt: "2022-01-01" } }, order: [{ value: DESC }]) {
      totalCount pageInfo { hasNextPage } nodes { key value periodStart periodEnd measure unit isCurrent category { name } source { key } } } }`,
  'superseded figures and their replacements': `{ crimeFigures(first: 20, where: { isCurrent: { eq: false }, areaCode: { eq: "E05009391" } }) { totalCount nodes { key value supersededById supersededBy { key value isCurrent supersedes { totalCount nodes { key } } } } } }`,
  'the borough and its wards': `{ area(code: "E09000020") { code name children(first: 100, order: [{ boundarySet: DESC }, { name: ASC }]) { totalCount nodes { code name boundarySet targets { totalCount } priorities(first: 2) { nodes { key title } } } } } }`,
  'backward paging': `{ areas(last: 5, order: [{ name: ASC }]) { pageInfo { hasNextPage hasPreviousPage } edges { node { code name } } } }`,
  'node and nodes': `{ node(id: "VGFyZ2V0Om1wYS1scHMta2MtMjAxMC10MDAx") { id __typename ... on Target { subject area { name } } }
      nodes(ids: ["QXJlYTpFMDkwMDAwMjA=", "VGFyZ2V0Om5vcGU=", "U291cmNlOm1wYS1scHMta2MtMjAxMA=="]) { __typename id ... on Source { title } ... on Area { name } } }`,
  'sources with what they publish': `{ sources(order: [{ publicationDate: DESC }]) { nodes { key title kind publicationDate periodStart periodEnd publicationScheme licence
      area { name } targets { totalCount } priorities { totalCount } actions(first: 3) { nodes { key } } crimeFigures(first: 2) { totalCount nodes { key } } } } }`,
  'priorities as a tree': `{ priorities(first: 200, where: { parentId: { eq: null } }) { totalCount nodes { key title kind rank score isNew children { totalCount nodes { key title parent { key } } } actions(first: 2) { nodes { key text } } } } }`,
  'actions by text': `{ actions(first: 50, where: { or: [{ text: { contains: "CCTV" } }, { objective: { contains: "graffiti" } }] }, order: [{ dueDate: DESC }]) { totalCount nodes { key kind theme text dueDate status rag nrfFunded priority { title } area { code } } } }`,
  'releases': `{ releases { totalCount nodes { id key importedAt contentHash rowCounts changes sourceLastModified
      changedRows(first: 10) { totalCount pageInfo { hasNextPage } nodes { id key releaseId dataset change rowId } }
      figures: changedRows(dataset: "crime_figures", change: "changed") { totalCount } } } }`,
  'indicators, scores and risks': `{ indicators(first: 100) { nodes { key scheme number title targets { nodes { key } } } }
      assessmentScores(first: 100, order: [{ total: DESC }]) { nodes { key matrix category total publishedScores priorityBand source { key } } }
      risks { nodes { key priorityArea likelihood impact status source { title } } } }`,
  'typename and aliases': `{ __typename x: area(code: "E05009388") { __typename t: type n: name p: parent { __typename name } } y: area(code: "nope") { name } }`,
};

/** A walk through pages: each side follows its own cursors. */
async function walk(run, query, pageSize) {
  const pages = [];
  let after = null;
  for (let i = 0; i < 50; i++) {
    const result = await run(query, { first: pageSize, after });
    if (result.errors) return { errors: result.errors };
    const connection = result.data.areas;
    pages.push(connection.nodes);
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return { data: pages };
}

const server = (query, variables) => post(url, query, variables);
const oracle = (query, variables) => graphql({ schema, source: query, variableValues: variables });

let agree = 0;
const disagreements = [];
async function check(name, ours, theirs) {
  const normal = (r) => JSON.parse(JSON.stringify(r));
  const a = normal(ours), b = normal(theirs);
  if (a.errors || b.errors) {
    disagreements.push(`${name}: errors\n  server: ${JSON.stringify(a.errors)}\n  graphql-js: ${JSON.stringify(b.errors)}`);
  } else if (!isDeepStrictEqual(a.data, b.data)) {
    const x = JSON.stringify(a.data), y = JSON.stringify(b.data);
    let i = 0;
    while (i < x.length && x[i] === y[i]) i++;
    disagreements.push(`${name}: data differs at character ${i}\n  server:     …${x.slice(Math.max(0, i - 80), i + 120)}\n  graphql-js: …${y.slice(Math.max(0, i - 80), i + 120)}`);
  } else {
    agree++;
  }
}

for (const [name, query] of Object.entries(queries)) {
  await check(name, await server(query), await oracle(query));
}
const pageQuery = `query($first: Int, $after: String) { areas(first: $first, after: $after, order: [{ type: ASC }]) { pageInfo { hasNextPage endCursor } nodes { code type } } }`;
await check('forward paging walk (each side follows its own cursors)', await walk(server, pageQuery, 7), await walk(oracle, pageQuery, 7));

for (const line of disagreements) console.log(line);
const total = agree + disagreements.length;
console.log(`execution: ${total} queries over ${Object.values(records).reduce((n, r) => n + r.length, 0)} records, ${agree} agree, ${disagreements.length} disagree`);
process.exit(disagreements.length === 0 ? 0 : 1);
