// An independent, in-memory implementation of the domain schema for graphql-js: the same records (read from our
// REST API), resolved with plain JavaScript. Used as the oracle of execution agreement and by the benchmark.
import { buildSchema, GraphQLError, Kind } from 'graphql';
import { committedSdl, withServerScalars } from './lib.mjs';

/**
 * The datasets and their relations are the server's registry, as its catalogue (/api/v1/datasets) publishes it:
 * each dataset's REST name and key, and its foreign keys with the names of both directions. The GraphQL names
 * follow the schema's rules (a row is its dataset's noun in PascalCase; fields are camelCase). Filled by loadRecords.
 * @type {{ type: string, rest?: string, key: string, sort?: [string, string][], query?: string, nestedIn?: string[] }[]}
 */
export const datasets = [];
/** Relations per type: [field, kind ('ref' or 'children'), target type, foreign key]. */
const relations = {};
/** Root fields per type: [connection, lookup]. */
const rootFields = {};

/** What some datasets have besides the registry's: the REST collection's own defaults, revisions, a release's rows. */
const extras = {
  CrimeFigure: { sort: [['period_start', 'ASC']], query: 'include_superseded=true',
    relations: [['supersededBy', 'ref', 'CrimeFigure', 'superseded_by'], ['supersedes', 'children', 'CrimeFigure', 'superseded_by']] },
  Release: { sort: [['id', 'DESC']], relations: [['changedRows', 'children', 'ReleaseChange', 'release_id']] },
};

const camel = (snake) => snake.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const noun = (name) => name.replace(/ies$/, 'y').replace(/s$/, '');
const typeName = (name) => camel(noun(name)).replace(/^./, (c) => c.toUpperCase());

async function loadRegistry(origin) {
  const response = await fetch(`${origin}/api/v1/datasets`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /api/v1/datasets: ${response.status}`);
  const { data } = await response.json();
  datasets.length = 0;
  for (const entry of data) {
    const type = typeName(entry.name);
    datasets.push({ type, rest: entry.name.replace(/_/g, '-'), key: entry.key, ...extras[type] });
    relations[type] = [...(extras[type]?.relations ?? [])];
    rootFields[type] = [camel(entry.name), camel(noun(entry.name))];
  }
  for (const entry of data) {
    for (const fk of entry.foreign_keys) {
      relations[typeName(entry.name)].push([camel(fk.rel), 'ref', typeName(fk.dataset), fk.field]);
      relations[typeName(fk.dataset)].push([camel(fk.inverse_rel), 'children', typeName(entry.name), fk.field]);
    }
  }
  // Below each release (/api/v1/releases/{id}/changes); no root fields: reached through Release.changedRows.
  datasets.push({ type: 'ReleaseChange', nestedIn: ['Release', 'releases', 'changes'], key: 'id', sort: [['dataset', 'ASC'], ['change', 'ASC'], ['row_id', 'ASC']] });
  relations.ReleaseChange = [];
}

const typeOf = Symbol('type');

/** Every record of every dataset, read from the REST API's JSON collections (keyset pages of 1000). */
export async function loadRecords(origin) {
  await loadRegistry(origin);
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
