// HTTP for tools that are not GraphQL clients:
//   GET  /queries/<name>?<variable>=<value>&format=json|csv[&version=N]
//   POST /queries/<name>[?format=csv]   with the variables as a JSON object
// JSON is the GraphQL result; CSV streams the rows of the query's first list or connection, page by
// page. Errors are JSON `{ errors: [{ message, extensions: { code } }] }` with a fitting status.
import { initContextCache } from '@pothos/core';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { notSignedIn } from '../../schema/errors.js';
import { AuthenticationError, authenticate } from '../auth/viewer.js';
import type { Store } from '../store/index.js';
import type { Limits } from './documents.js';
import { RunFailed, runCsv, runJson } from './run.js';
import { loadRunnable, SavedQueryError } from './service.js';
import { coerceVariables, VariableProblem, variablesFromParams } from './variables.js';

export const QUERIES_PATH = '/queries/';
const RESERVED_PARAMS = ['format', 'version'];
const JSON_TYPE = 'application/json; charset=utf-8';
const STATUS_BY_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SAVED_QUERY_BROKEN: 422,
  QUERY_TOO_COMPLEX: 400,
  STORE_BUSY: 503,
};

export interface SavedQueryHttp {
  store: Store;
  schema: GraphQLSchema;
  limits: Limits;
  publicRead: boolean;
  /** Most CSV rows one request writes (SAVED_QUERY_MAX_ROWS). */
  maxRows: number;
  log?: (error: GraphQLError) => void;
  /** Where notes go that are not errors (a CSV cut at the row limit). */
  warn?: (message: string) => void;
  fetchAPI: { Response: typeof Response; ReadableStream: typeof ReadableStream };
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function handleSavedQueryRequest(request: Request, url: URL, deps: SavedQueryHttp): Promise<Response> {
  try {
    return await respond(request, url, deps);
  } catch (error) {
    const problem = toProblem(error);
    const headers: Record<string, string> = { 'content-type': JSON_TYPE, 'cache-control': 'no-store' };
    if (problem.status === 401) headers['www-authenticate'] = 'Bearer realm="stancegraph"';
    if (problem.status === 405) headers.allow = 'GET, POST';
    const body = { errors: [{ message: problem.message, extensions: { code: problem.code, ...problem.extra } }] };
    return new deps.fetchAPI.Response(JSON.stringify(body), { status: problem.status, headers });
  }
}

async function respond(request: Request, url: URL, deps: SavedQueryHttp): Promise<Response> {
  // Who is asking comes first: while reads are closed, an anonymous request learns nothing (whether
  // the name exists, what variables it takes, which methods work) and every path answers the same 401.
  const viewer = await authenticate(request.headers.get('authorization'), deps.store);
  if (viewer.kind === 'anonymous' && !deps.publicRead) throw notSignedInProblem();
  const name = decodedName(url.pathname.slice(QUERIES_PATH.length));
  if (request.method !== 'GET' && request.method !== 'POST') throw new HttpProblem(405, 'BAD_REQUEST', `Use GET or POST, not ${request.method}.`);
  const format = formatOf(url, request);
  const versionParam = url.searchParams.get('version');
  const version = versionParam === null ? null : Number(versionParam);
  if (version !== null && (!Number.isInteger(version) || version < 1)) {
    throw new HttpProblem(400, 'BAD_USER_INPUT', `version must be a whole number from 1, not "${versionParam}".`);
  }

  const runnable = await loadRunnable(deps.store, deps.schema, deps.limits, name, version);
  const inputs =
    request.method === 'GET'
      ? variablesFromParams(deps.schema, runnable.checked.operation, url.searchParams, RESERVED_PARAMS)
      : await jsonBody(request);
  const variables = coerceVariables(deps.schema, runnable.checked.operation, inputs, runnable.defaults);
  const input = {
    schema: deps.schema,
    checked: runnable.checked,
    variables,
    context: () => ({ ...initContextCache(), store: deps.store, limits: deps.limits, publicRead: deps.publicRead, viewer }),
    log: deps.log,
  };
  const headers = { 'x-stancegraph-query-version': String(runnable.version.version), 'cache-control': 'no-store' };

  if (format === 'json') {
    const result = await runJson(input);
    // No data, or only the caller's mistakes (a malformed slug, no key, too weak a key): the status
    // says so, for tools that only read it, as the CSV download's does.
    const codes = (result.errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
    const callersFault = codes.length > 0 && codes.every((c) => (STATUS_BY_CODE[c] ?? 500) < 500);
    const code = !result.data || callersFault ? (codes[0] ?? 'INTERNAL_SERVER_ERROR') : null;
    const status = code ? (STATUS_BY_CODE[code] ?? 500) : 200;
    return new deps.fetchAPI.Response(JSON.stringify(result), { status, headers: { ...headers, 'content-type': JSON_TYPE } });
  }

  const csv = await runCsv(input, deps.maxRows);
  const encoder = new TextEncoder();
  const stream = new deps.fetchAPI.ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark so spreadsheets read the file as UTF-8 ("Nicolás", "Lu Kang’s").
      controller.enqueue(encoder.encode('\uFEFF'));
    },
    async pull(controller) {
      const next = await csv.lines.next();
      if (next.done) {
        const truncated = csv.truncated();
        if (truncated) (deps.warn ?? console.warn)(`CSV for saved query "${name}" ${truncated}`);
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await csv.lines.return(undefined);
    },
  });
  return new deps.fetchAPI.Response(stream, {
    status: 200,
    headers: {
      ...headers,
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${name}.csv"`,
      'x-stancegraph-row-limit': String(deps.maxRows),
    },
  });
}

/** The refusal GraphQL gives an anonymous read while PUBLIC_READ is off, with the same message and extensions. */
function notSignedInProblem(): HttpProblem {
  const error = notSignedIn('READER');
  const { code, ...extra } = error.extensions;
  return new HttpProblem(401, String(code), error.message, extra);
}

function decodedName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpProblem(404, 'NOT_FOUND', 'There is no saved query at this path.');
  }
}

function formatOf(url: URL, request: Request): 'json' | 'csv' {
  const format = url.searchParams.get('format') ?? (request.headers.get('accept')?.includes('text/csv') ? 'csv' : 'json');
  if (format !== 'json' && format !== 'csv') throw new HttpProblem(400, 'BAD_USER_INPUT', `format must be json or csv, not "${format}".`);
  return format;
}

async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  const text = await request.text();
  if (text.trim() === '') return {};
  if (!type.includes('json')) throw new HttpProblem(415, 'BAD_REQUEST', 'POST the variables as a JSON object (Content-Type: application/json).');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpProblem(400, 'BAD_USER_INPUT', 'The request body must be a JSON object of variables keyed by name.');
  }
  return body as Record<string, unknown>;
}

function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof AuthenticationError) return new HttpProblem(401, 'UNAUTHENTICATED', error.message);
  if (error instanceof SavedQueryError) {
    return new HttpProblem(STATUS_BY_CODE[error.code] ?? 400, error.code, error.message, error.problems.length > 0 ? { problems: error.problems } : {});
  }
  if (error instanceof VariableProblem) {
    return new HttpProblem(400, 'BAD_USER_INPUT', `Invalid variables: ${error.problems.join(' ')}`, { problems: error.problems.map((message) => ({ path: 'variables', message })) });
  }
  if (error instanceof RunFailed) {
    const first = error.result.errors?.[0];
    const code = String(first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    return new HttpProblem(STATUS_BY_CODE[code] ?? 500, code, first?.message ?? 'The query returned no data.');
  }
  console.error(error);
  return new HttpProblem(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
}
