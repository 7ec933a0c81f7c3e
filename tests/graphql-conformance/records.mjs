// An independent, in-memory implementation of the domain schema for graphql-js: the same records (read from our
// REST API), resolved with plain JavaScript. Used as the oracle of execution agreement and by the benchmark.
import { buildSchema, GraphQLError, Kind } from 'graphql';
import { committedSdl, withServerScalars } from './lib.mjs';

/** The datasets: GraphQL type, REST name, key field, default sort. */
export const datasets = [
  { type: 'Source', rest: 'sources', key: 'id' },
  { type: 'Area', rest: 'areas', key: 'code' },
  { type: 'OffenceCategory', rest: 'offence-categories', key: 'id' },
  { type: 'CrimeFigure', rest: 'crime-figures', key: 'id', sort: [['period_start', 'ASC']], query: 'include_superseded=true' },
  { type: 'Indicator', rest: 'indicators', key: 'id' },
  { type: 'Target', rest: 'targets', key: 'id' },
  { type: 'Priority', rest: 'priorities', key: 'id' },
  { type: 'Action', rest: 'actions', key: 'id' },
  { type: 'AssessmentScore', rest: 'assessment-scores', key: 'id' },
  { type: 'Risk', rest: 'risks', key: 'id' },
  { type: 'Release', rest: 'releases', key: 'id', sort: [['id', 'DESC']] },
  // Below each release (/api/v1/releases/{id}/changes); no root fields: reached through Release.changedRows.
  { type: 'ReleaseChange', nestedIn: ['Release', 'releases', 'changes'], key: 'id', sort: [['dataset', 'ASC'], ['change', 'ASC'], ['row_id', 'ASC']] },
];

/** Relations, as the server's entity folders declare them: [field, kind, target type, foreign key]. */
const relations = {
  Source: [['area', 'ref', 'Area', 'area_code'], ...['Area', 'OffenceCategory', 'CrimeFigure', 'Indicator', 'Target', 'Priority', 'Action', 'AssessmentScore', 'Risk']
    .map((t) => [plural(t), 'children', t, 'source_id'])],
  Area: [['parent', 'ref', 'Area', 'parent_code'], ['children', 'children', 'Area', 'parent_code'], ['source', 'ref', 'Source', 'source_id'],
    ['crimeFigures', 'children', 'CrimeFigure', 'area_code'], ['targets', 'children', 'Target', 'area_code'],
    ['priorities', 'children', 'Priority', 'area_code'], ['actions', 'children', 'Action', 'area_code']],
  OffenceCategory: [['parent', 'ref', 'OffenceCategory', 'parent_id'], ['children', 'children', 'OffenceCategory', 'parent_id'],
    ['policeUk', 'ref', 'OffenceCategory', 'police_uk_id'], ['mpsCategories', 'children', 'OffenceCategory', 'police_uk_id'],
    ['source', 'ref', 'Source', 'source_id'], ['crimeFigures', 'children', 'CrimeFigure', 'category_id'],
    ['targets', 'children', 'Target', 'category_id'], ['priorities', 'children', 'Priority', 'category_id']],
  CrimeFigure: [['area', 'ref', 'Area', 'area_code'], ['category', 'ref', 'OffenceCategory', 'category_id'], ['source', 'ref', 'Source', 'source_id'],
    ['supersededBy', 'ref', 'CrimeFigure', 'superseded_by'], ['supersedes', 'children', 'CrimeFigure', 'superseded_by']],
  Indicator: [['source', 'ref', 'Source', 'source_id'], ['targets', 'children', 'Target', 'indicator_id']],
  Target: [['area', 'ref', 'Area', 'area_code'], ['category', 'ref', 'OffenceCategory', 'category_id'],
    ['indicator', 'ref', 'Indicator', 'indicator_id'], ['source', 'ref', 'Source', 'source_id']],
  Priority: [['area', 'ref', 'Area', 'area_code'], ['parent', 'ref', 'Priority', 'parent_id'], ['children', 'children', 'Priority', 'parent_id'],
    ['category', 'ref', 'OffenceCategory', 'category_id'], ['actions', 'children', 'Action', 'priority_id'], ['source', 'ref', 'Source', 'source_id']],
  Action: [['area', 'ref', 'Area', 'area_code'], ['priority', 'ref', 'Priority', 'priority_id'], ['source', 'ref', 'Source', 'source_id']],
  AssessmentScore: [['source', 'ref', 'Source', 'source_id']],
  Risk: [['source', 'ref', 'Source', 'source_id']],
  Release: [['changedRows', 'children', 'ReleaseChange', 'release_id']],
  ReleaseChange: [],
};

const rootFields = {
  Source: ['sources', 'source'], Area: ['areas', 'area'], OffenceCategory: ['offenceCategories', 'offenceCategory'],
  CrimeFigure: ['crimeFigures', 'crimeFigure'], Indicator: ['indicators', 'indicator'], Target: ['targets', 'target'],
  Priority: ['priorities', 'priority'], Action: ['actions', 'action'], AssessmentScore: ['assessmentScores', 'assessmentScore'],
  Risk: ['risks', 'risk'], Release: ['releases', 'release'],
};

function plural(type) {
  const camel = type[0].toLowerCase() + type.slice(1);
  return camel.endsWith('y') ? camel.slice(0, -1) + 'ies' : camel + 's';
}

const typeOf = Symbol('type');

/** Every record of every dataset, read from the REST API's JSON collections (keyset pages of 1000). */
export async function loadRecords(origin) {
  const records = {};
  for (const dataset of datasets) {
    const rows = [];
    const paths = dataset.nestedIn
      ? records[dataset.nestedIn[0]].map((parent) => `${dataset.nestedIn[1]}/${parent.id}/${dataset.nestedIn[2]}`)
      : [dataset.rest];
    for (const path of paths) {
      let next = `/api/v1/${path}?limit=1000${dataset.query ? '&' + dataset.query : ''}`;
      while (next) {
        const response = await fetch(origin + next, { headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(`GET ${next}: ${response.status}`);
        const page = await response.json();
        for (const row of page.data) {
          delete row.links;
          row[typeOf] = dataset.type;
          rows.push(row);
        }
        next = page.links.next;
      }
    }
    records[dataset.type] = rows;
  }
  return records;
}

const snake = (name) => name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
const asciiLower = (text) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** The executable schema: schema/schema.graphql with resolvers over the records. */
export function buildOracleSchema(records) {
  const schema = withServerScalars(buildSchema(committedSdl()), GraphQLError, Kind);
  const meta = Object.fromEntries(datasets.map((d) => [d.type, d]));
  const byKey = Object.fromEntries(datasets.map((d) => [d.type, new Map(records[d.type].map((r) => [String(r[d.key]), r]))]));

  const column = (type, name) => (name === 'key' ? meta[type].key : name === 'supersededById' ? 'superseded_by' : snake(name));
  const globalId = (row) => Buffer.from(`${row[typeOf]}:${row[meta[row[typeOf]].key]}`).toString('base64');

  function holds(type, row, where) {
    for (const [name, value] of Object.entries(where)) {
      if (value == null) continue;
      if (name === 'and') { if (!value.every((w) => holds(type, row, w))) return false; continue; }
      if (name === 'or') { if (!value.some((w) => holds(type, row, w))) return false; continue; }
      if (!operations(row[column(type, name)] ?? null, value)) return false;
    }
    return true;
  }

  function operations(v, ops) {
    const eq = (a) => v !== null && compare(v, a) === 0;
    const ord = (test, a) => v !== null && test(compare(v, a));
    const text = (test, a) => v !== null && test(asciiLower(v), asciiLower(a));
    for (const [op, a] of Object.entries(ops)) {
      if (a === null && op !== 'eq' && op !== 'neq') throw new GraphQLError(`${op} does not accept null.`);
      const ok = {
        and: () => a.every((o) => operations(v, o)),
        or: () => a.some((o) => operations(v, o)),
        eq: () => (a === null ? v === null : eq(a)),
        neq: () => (a === null ? v !== null : !eq(a)),
        in: () => a.some((x) => (x === null ? v === null : eq(x))),
        nin: () => !a.some((x) => (x === null ? v === null : eq(x))),
        gt: () => ord((c) => c > 0, a), ngt: () => !ord((c) => c > 0, a),
        gte: () => ord((c) => c >= 0, a), ngte: () => !ord((c) => c >= 0, a),
        lt: () => ord((c) => c < 0, a), nlt: () => !ord((c) => c < 0, a),
        lte: () => ord((c) => c <= 0, a), nlte: () => !ord((c) => c <= 0, a),
        contains: () => text((x, y) => x.includes(y), a), ncontains: () => !text((x, y) => x.includes(y), a),
        startsWith: () => text((x, y) => x.startsWith(y), a), nstartsWith: () => !text((x, y) => x.startsWith(y), a),
        endsWith: () => text((x, y) => x.endsWith(y), a), nendsWith: () => !text((x, y) => x.endsWith(y), a),
      }[op]();
      if (!ok) return false;
    }
    return true;
  }

  const mentionsIsCurrent = (w) => w !== null && typeof w === 'object' &&
    (Array.isArray(w) ? w.some(mentionsIsCurrent) : Object.entries(w).some(([k, v]) => k === 'isCurrent' || mentionsIsCurrent(v)));

  function connection(type, rows, args) {
    if (args.where) rows = rows.filter((r) => holds(type, r, args.where));
    if (type === 'CrimeFigure' && !args.includeSuperseded && !mentionsIsCurrent(args.where ?? null)) rows = rows.filter((r) => r.is_current);
    if (type === 'ReleaseChange' && args.dataset != null) rows = rows.filter((r) => r.dataset === args.dataset);
    if (type === 'ReleaseChange' && args.change != null) rows = rows.filter((r) => r.change === args.change);
    const keys = [];
    for (const element of args.order ?? []) {
      for (const [name, direction] of Object.entries(element)) if (direction) keys.push([column(type, name), direction]);
    }
    if (keys.length === 0) keys.push(...(meta[type].sort ?? []));
    if (!keys.some(([c]) => c === meta[type].key)) keys.push([meta[type].key, 'ASC']);
    // Nulls first ascending, last descending (as the query layer on every provider).
    const sorted = [...rows].sort((a, b) => {
      for (const [c, direction] of keys) {
        const x = a[c] ?? null, y = b[c] ?? null;
        const order = x === null && y === null ? 0 : x === null ? -1 : y === null ? 1 : compare(x, y);
        if (order !== 0) return direction === 'DESC' ? -order : order;
      }
      return 0;
    });
    if (args.first != null && args.last != null) throw new GraphQLError('Give first or last, not both.');
    const backward = args.last != null || (args.before != null && args.first == null && args.after == null);
    const size = (backward ? args.last : args.first) ?? 100;
    if (size < 0 || size > 1000) throw new GraphQLError('first/last must be between 0 and 1000.');
    const position = (cursor) => sorted.findIndex((r) => globalId(r) === cursor);
    let start = 0, end = sorted.length;
    if (args.after != null) start = position(args.after) + 1;
    if (args.before != null) end = position(args.before);
    let window, more;
    if (backward) {
      more = end - start > size;
      window = sorted.slice(Math.max(start, end - size), end);
    } else {
      more = end - start > size;
      window = sorted.slice(start, start + size);
    }
    const cursor = globalId;
    return {
      totalCount: sorted.length,
      nodes: window,
      edges: window.map((node) => ({ cursor: cursor(node), node })),
      pageInfo: {
        hasNextPage: backward ? args.before != null : more,
        hasPreviousPage: backward ? more : args.after != null,
        startCursor: window.length ? cursor(window[0]) : null,
        endCursor: window.length ? cursor(window[window.length - 1]) : null,
      },
    };
  }

  const lookup = (id) => {
    const [type, ...rest] = Buffer.from(id, 'base64').toString('utf8').split(':');
    return byKey[type]?.get(rest.join(':')) ?? null;
  };

  for (const { type, key } of datasets) {
    const fields = schema.getType(type).getFields();
    for (const [name, field] of Object.entries(fields)) {
      field.resolve = name === 'id' ? globalId : (row) => row[column(type, name)] ?? null;
    }
    for (const [name, kind, target, fk] of relations[type]) {
      fields[name].resolve = kind === 'ref'
        ? (row) => (row[fk] == null ? null : byKey[target].get(String(row[fk])) ?? null)
        : (row, args) => connection(target, records[target].filter((r) => r[fk] === row[key]), args);
    }
    if (!rootFields[type]) continue;
    const [many, one] = rootFields[type];
    const query = schema.getQueryType().getFields();
    query[many].resolve = (_, args) => connection(type, records[type], args);
    query[one].resolve = (_, args) => byKey[type].get(String(Object.values(args)[0])) ?? null;
  }
  const query = schema.getQueryType().getFields();
  query.node.resolve = (_, { id }) => lookup(id);
  query.nodes.resolve = (_, { ids }) => ids.map(lookup);
  schema.getType('Node').resolveType = (row) => row[typeOf];
  return schema;
}
