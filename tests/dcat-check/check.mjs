// Expands a DCAT-AP catalogue in JSON-LD with jsonld.js and checks, on the expanded graph (full IRIs, whatever the
// document's prefixes), the properties DCAT-AP makes mandatory for a Catalog, a Dataset and a Distribution, and the
// recommended ones the API emits (licence IRI, modified, media type). Offline: the @context must be inline, so the
// document loader refuses every URL. Usage: node check.mjs catalog.json. Prints one line per problem; exit 1 if any.
import { readFile } from 'node:fs/promises';
import jsonld from 'jsonld';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const IANA = 'http://www.iana.org/assignments/media-types/';

const document = JSON.parse(await readFile(process.argv[2], 'utf8'));
const documentLoader = async (url) => {
  throw new Error(`no network: the document asked to load ${url}; its @context must be inline`);
};
const expanded = await jsonld.expand(document, { documentLoader, safe: true });

const problems = [];
const values = (node, property) => node[property] ?? [];
const types = (node) => node['@type'] ?? [];
const isIri = (value) => { try { return /^(https?|mailto):/.test(value) && Boolean(new URL(value)); } catch { return false; } };

function literal(node, property, where) {
  const texts = values(node, property).filter((v) => typeof v['@value'] === 'string' && v['@value'].trim() !== '');
  if (texts.length === 0) problems.push(`${where}: no ${property} text`);
}

function iri(node, property, where, prefix = '') {
  const ids = values(node, property).map((v) => v['@id']);
  if (ids.length === 0) problems.push(`${where}: no ${property}`);
  for (const id of ids) {
    if (!isIri(id) || !id.startsWith(prefix)) problems.push(`${where}: ${property} ${JSON.stringify(id)} is not an absolute IRI${prefix ? ` under ${prefix}` : ''}`);
  }
}

function typed(node, property, datatype, pattern, where) {
  const all = values(node, property);
  if (all.length === 0) problems.push(`${where}: no ${property}`);
  for (const v of all) {
    if (v['@type'] !== datatype || !pattern.test(v['@value'])) problems.push(`${where}: ${property} ${JSON.stringify(v)} is not an ${datatype}`);
  }
}

function agent(node, where) {
  const agents = values(node, DCT + 'publisher');
  if (agents.length === 0) problems.push(`${where}: no ${DCT}publisher`);
  for (const a of agents) {
    if (!types(a).includes(FOAF + 'Agent')) problems.push(`${where}: publisher is not a foaf:Agent`);
    literal(a, FOAF + 'name', `${where} publisher`);
  }
}

const catalogs = expanded.filter((n) => types(n).includes(DCAT + 'Catalog'));
if (catalogs.length !== 1) problems.push(`expected one dcat:Catalog, found ${catalogs.length}`);
let datasetCount = 0;
let distributionCount = 0;
for (const catalog of catalogs) {
  const where = `Catalog ${catalog['@id']}`;
  literal(catalog, DCT + 'title', where);
  literal(catalog, DCT + 'description', where);
  agent(catalog, where);
  iri(catalog, DCT + 'license', where);
  typed(catalog, DCT + 'modified', XSD + 'dateTime', /^\d{4}-\d{2}-\d{2}T/, where);
  const datasets = values(catalog, DCAT + 'dataset');
  if (datasets.length === 0) problems.push(`${where}: no ${DCAT}dataset`);
  for (const dataset of datasets) {
    datasetCount++;
    const at = `Dataset ${dataset['@id']}`;
    if (!isIri(dataset['@id'])) problems.push(`${at}: its @id is not an absolute IRI`);
    if (!types(dataset).includes(DCAT + 'Dataset')) problems.push(`${at}: not a dcat:Dataset`);
    literal(dataset, DCT + 'title', at);
    literal(dataset, DCT + 'description', at);
    literal(dataset, DCT + 'identifier', at);
    agent(dataset, at);
    iri(dataset, DCT + 'license', at);
    typed(dataset, DCT + 'modified', XSD + 'dateTime', /^\d{4}-\d{2}-\d{2}T/, at);
    for (const period of values(dataset, DCT + 'temporal')) {
      if (!types(period).includes(DCT + 'PeriodOfTime')) problems.push(`${at}: temporal is not a dct:PeriodOfTime`);
      for (const p of [DCAT + 'startDate', DCAT + 'endDate']) {
        if (values(period, p).length > 0) typed(period, p, XSD + 'date', /^\d{4}-\d{2}-\d{2}$/, `${at} temporal`);
      }
    }
    for (const contact of values(dataset, DCAT + 'contactPoint')) {
      literal(contact, 'http://www.w3.org/2006/vcard/ns#fn', `${at} contact point`);
    }
    const distributions = values(dataset, DCAT + 'distribution');
    if (distributions.length === 0) problems.push(`${at}: no ${DCAT}distribution`);
    for (const distribution of distributions) {
      distributionCount++;
      const d = `Distribution ${distribution['@id']}`;
      if (!types(distribution).includes(DCAT + 'Distribution')) problems.push(`${d}: not a dcat:Distribution`);
      iri(distribution, DCAT + 'accessURL', d);
      iri(distribution, DCAT + 'downloadURL', d);
      iri(distribution, DCAT + 'mediaType', d, IANA);
      iri(distribution, DCT + 'license', d);
    }
  }
}

for (const problem of problems) console.log(problem);
console.log(`${catalogs.length} catalogue, ${datasetCount} datasets, ${distributionCount} distributions, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
