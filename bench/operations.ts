// The canonical operations of issue 6, as real clients send them: GraphQL documents over POST
// /graphql, and a saved query as CSV over GET /queries/<name>. Each may carry a small-page variant
// (the SQL-count check: a bigger page must not cost more statements) and, for ops 1–4,
// the equivalent request to the raw ceiling (bench/raw-server.ts).
import type { Picks } from './generate.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Operation {
  /** Its number in the issue ("1" … "5", "6a", "6b"). */
  id: string;
  /** What `--only` matches, besides the id. */
  key: string;
  title: string;
  request: HttpRequest;
  /**
   * The same operation with a page of 5 and with a double page (at most 100): with dataloaders the
   * full and double pages run the same SQL statements; a page of 5 may run fewer (a loader for a
   * type none of its items has, say), never more.
   */
  pages?: { small: HttpRequest; large: HttpRequest };
  /** The same answer from the raw ceiling. */
  raw?: HttpRequest;
  format: 'json' | 'csv';
  /**
   * How many of its SQL statements run only when the page holds items of a given type: one loader
   * per member of a union (`StanceTarget` has four). Its count may move by this much between pages
   * or data sets without any N+1.
   */
  sqlSlack: number;
  /** The SQL count grows with the data by design (a CSV export pages through the whole list). */
  growsWithData?: boolean;
  /** A line about the response for the report, if the numbers alone would mislead. */
  describe?: (body: string) => string;
  /** Checks a successful response carries real data (not an empty page); returns a problem or null. */
  check: (body: string) => string | null;
}

export interface OperationContext {
  picks: Picks;
  /** An `after` cursor about 90% into the statements, newest first. */
  deepCursor: string;
  /** Whether the server has `Query.search` (the analysts issue). */
  hasSearch: boolean;
  /** Whether /queries/<name>?format=csv answers (saved queries). */
  hasSavedQueryCsv: boolean;
}

export const PAGE = 50;
export const SMALL_PAGE = 5;
/** Statements in the actor's latest statements (operation 3). */
export const ACTOR_PAGE = 20;
export const SAVED_QUERY = 'stances-toward-measure';

/** Op 0: a request that reads no data, so what it costs is Yoga's (HTTP, parsing, validation, JSON). */
export const NO_DATA = /* GraphQL */ `
  query NoData {
    __typename
  }
`;

/** Op 1 and 4. `Statement.stances` are the stances the statement is evidence for. */
export const STATEMENTS_PAGE = /* GraphQL */ `
  query StatementsPage($first: Int!, $after: String) {
    statements(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        text
        kind
        saidOn
        speaker { name affiliations { role organization { name } } }
        article { headline }
        stances {
          position
          summary
          target {
            __typename
            ... on SanctionMeasure { name }
            ... on Actor { name }
            ... on Event { title }
            ... on Topic { name }
          }
        }
      }
    }
  }
`;

export const MEASURE = /* GraphQL */ `
  query Measure($slug: String!, $first: Int!) {
    sanctionMeasure(slug: $slug) {
      name
      identifier
      instrument
      signedOn
      sectors
      issuer { name }
      targets(first: 50) { totalCount nodes { note actor { name kind } } }
      provisions { kind description }
      triggeredBy { title occurredOn }
      stances(first: $first) {
        totalCount
        nodes { position summary asOf holder { name } evidence { text kind saidOn speaker { name } } }
      }
    }
  }
`;

/** Depth 4: actor → statements → article → mentioned measures. */
export const ACTOR_STATEMENTS = /* GraphQL */ `
  query ActorStatements($slug: String!, $first: Int!) {
    actor(slug: $slug) {
      name
      kind
      country { name }
      statements(first: $first) {
        nodes { text saidOn article { headline publishedOn mentionedMeasures { name identifier } } }
      }
    }
  }
`;

export const MEASURES_FILTERED = /* GraphQL */ `
  query MeasuresBySector($sector: SanctionSector!, $from: Date, $to: Date, $first: Int!) {
    sanctionMeasures(
      first: $first
      filter: { sectors: [$sector], signedOn: { from: $from, to: $to } }
      orderBy: { field: SIGNED_ON, direction: DESC }
    ) {
      totalCount
      nodes { name identifier instrument signedOn issuer { name } sectors }
    }
  }
`;

export const SEARCH = /* GraphQL */ `
  query Search($query: String!, $first: Int!) {
    search(query: $query, first: $first) {
      totalCount
      edges {
        score
        field
        snippet
        node {
          __typename
          ... on Statement { text speaker { name } }
          ... on Article { headline }
          ... on Actor { name }
          ... on SanctionMeasure { name }
          ... on Event { title }
        }
      }
    }
  }
`;

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export function graphqlRequest(query: string, variables: Record<string, unknown>): HttpRequest {
  return { method: 'POST', path: '/graphql', headers: JSON_HEADERS, body: JSON.stringify({ query, variables }) };
}

function rawRequest(path: string, variables: Record<string, unknown>): HttpRequest {
  return { method: 'POST', path, headers: JSON_HEADERS, body: JSON.stringify({ variables }) };
}

/** The list at a dotted path of a value (`statements.nodes`), if there is one. */
function listAt(value: unknown, path: string): unknown[] | undefined {
  let at = value;
  for (const key of path.split('.')) at = (at as Record<string, unknown> | null | undefined)?.[key];
  return Array.isArray(at) ? at : undefined;
}

/**
 * A check that the response has data and no errors, and that the list at `path` holds exactly
 * `size` items (or, without a size, at least one).
 */
function expectList(path: string, size?: number) {
  return (body: string): string | null => {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: { message: string }[] };
    if (parsed.errors?.length) return `GraphQL errors: ${parsed.errors.map((e) => e.message).join('; ')}`;
    const list = listAt(parsed.data, path);
    if (size === undefined) return list && list.length > 0 ? null : `no items at ${path}`;
    return list?.length === size ? null : `expected ${size} items at ${path}, got ${list?.length ?? 'none'}`;
  };
}

export function buildOperations(context: OperationContext): { operations: Operation[]; skipped: { id: string; key: string; reason: string }[] } {
  const { picks } = context;
  const measuresFiltered = (first: number) =>
    graphqlRequest(MEASURES_FILTERED, { sector: picks.sector, from: picks.signedOnFrom, to: picks.signedOnTo, first });
  const operations: Operation[] = [
    {
      id: '0',
      key: 'no-data',
      title: '`{ __typename }`: the cost of a GraphQL request that reads no data',
      request: graphqlRequest(NO_DATA, {}),
      format: 'json',
      sqlSlack: 0,
      check: (body) => ((JSON.parse(body) as { data?: { __typename?: string } }).data?.__typename === 'Query' ? null : `unexpected answer ${body.slice(0, 200)}`),
    },
    {
      id: '1',
      key: 'statements-page',
      title: 'page of 50 statements + speaker, affiliations, article, stances',
      request: graphqlRequest(STATEMENTS_PAGE, { first: PAGE }),
      pages: { small: graphqlRequest(STATEMENTS_PAGE, { first: SMALL_PAGE }), large: graphqlRequest(STATEMENTS_PAGE, { first: 2 * PAGE }) },
      raw: rawRequest('/statements-page', { first: PAGE }),
      format: 'json',
      sqlSlack: 4,
      check: expectList('statements.nodes', PAGE),
    },
    {
      id: '2',
      key: 'measure',
      title: 'measure + targets, provisions, triggers, 50 stances with evidence',
      request: graphqlRequest(MEASURE, { slug: picks.topMeasureSlug, first: PAGE }),
      pages: {
        small: graphqlRequest(MEASURE, { slug: picks.topMeasureSlug, first: SMALL_PAGE }),
        large: graphqlRequest(MEASURE, { slug: picks.topMeasureSlug, first: 2 * PAGE }),
      },
      raw: rawRequest('/measure', { slug: picks.topMeasureSlug, first: PAGE }),
      format: 'json',
      sqlSlack: 0,
      check: expectList('sanctionMeasure.stances.nodes', Math.min(PAGE, picks.topMeasureStances)),
    },
    {
      id: '3',
      key: 'actor-statements',
      title: 'actor + 20 latest statements + article mentioned measures (depth 4)',
      request: graphqlRequest(ACTOR_STATEMENTS, { slug: picks.topSpeakerSlug, first: ACTOR_PAGE }),
      pages: {
        small: graphqlRequest(ACTOR_STATEMENTS, { slug: picks.topSpeakerSlug, first: SMALL_PAGE }),
        large: graphqlRequest(ACTOR_STATEMENTS, { slug: picks.topSpeakerSlug, first: 2 * ACTOR_PAGE }),
      },
      raw: rawRequest('/actor-statements', { slug: picks.topSpeakerSlug, first: ACTOR_PAGE }),
      format: 'json',
      sqlSlack: 0,
      check: expectList('actor.statements.nodes', ACTOR_PAGE),
    },
    {
      id: '4',
      key: 'deep-page',
      title: '50 statements after a cursor 90% into the list (op 1 shape)',
      request: graphqlRequest(STATEMENTS_PAGE, { first: PAGE, after: context.deepCursor }),
      pages: {
        small: graphqlRequest(STATEMENTS_PAGE, { first: SMALL_PAGE, after: context.deepCursor }),
        large: graphqlRequest(STATEMENTS_PAGE, { first: 2 * PAGE, after: context.deepCursor }),
      },
      raw: rawRequest('/statements-page', { first: PAGE, after: context.deepCursor }),
      format: 'json',
      sqlSlack: 4,
      check: expectList('statements.nodes', PAGE),
    },
    {
      id: '5',
      key: 'measures-filtered',
      title: `measures by sector (${picks.sector}) and signedOn range`,
      request: measuresFiltered(PAGE),
      pages: { small: measuresFiltered(SMALL_PAGE), large: measuresFiltered(2 * PAGE) },
      format: 'json',
      sqlSlack: 0,
      check: expectList('sanctionMeasures.nodes'),
    },
  ];
  const skipped: { id: string; key: string; reason: string }[] = [];
  if (context.hasSearch) {
    operations.push({
      id: '6a',
      key: 'search',
      title: `search "${picks.searchTerm}", first 20`,
      request: graphqlRequest(SEARCH, { query: picks.searchTerm, first: 20 }),
      pages: { small: graphqlRequest(SEARCH, { query: picks.searchTerm, first: SMALL_PAGE }), large: graphqlRequest(SEARCH, { query: picks.searchTerm, first: 40 }) },
      format: 'json',
      // One loader per kind of item found (five), and the speakers of statements found.
      sqlSlack: 6,
      check: expectList('search.edges'),
    });
  } else {
    skipped.push({ id: '6a', key: 'search', reason: 'the schema has no Query.search yet' });
  }
  if (context.hasSavedQueryCsv) {
    operations.push({
      id: '6b',
      key: 'saved-query-csv',
      title: `saved query ${SAVED_QUERY} as CSV (100 stances)`,
      request: savedQueryCsvRequest(picks),
      format: 'csv',
      sqlSlack: 0,
      growsWithData: true,
      describe: (body) => `${(body.split('\n').filter(Boolean).length - 1).toLocaleString('en-US')} CSV rows: the whole list, fetched 100 at a time`,
      check: (body) => (body.split('\n').filter(Boolean).length > 1 ? null : 'the CSV has no rows'),
    });
  } else {
    skipped.push({ id: '6b', key: 'saved-query-csv', reason: `GET /queries/${SAVED_QUERY}?format=csv does not answer with CSV` });
  }
  return { operations, skipped };
}

export function savedQueryCsvRequest(picks: Picks): HttpRequest {
  const params = new URLSearchParams({ measure: picks.topMeasureSlug, format: 'csv' });
  return { method: 'GET', path: `/queries/${SAVED_QUERY}?${params}`, headers: { accept: 'text/csv' } };
}

/** Whether `--only` (ids or keys, comma-separated) selects an operation. */
export function selects(only: string | undefined, operation: { id: string; key: string }): boolean {
  if (!only) return true;
  return only
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .some((part) => part === operation.id || part === operation.key || (part === '6' && operation.id.startsWith('6')));
}
