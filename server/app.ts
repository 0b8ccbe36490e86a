// The HTTP application: GraphQL (with GraphiQL) at /graphql, a health check at /health. It knows
// HTTP and error policy; everything about data is in the schema and the store.
import { initContextCache } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createLogger, createYoga, type GraphiQLOptions, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { QueryLimits } from '../schema/builder.js';
import { schema } from '../schema/index.js';
import { ErrorCode, notSignedIn } from '../schema/errors.js';
import type { Context } from '../schema/index.js';
import { queryGuardRules } from '../schema/query-guards.js';
import { RateLimiter } from './rate-limit.js';
import { runWithBudget } from './store/budget.js';
import { AuthenticationError, authenticate } from './auth/viewer.js';
import type { Config } from './config.js';
import { usePersistedOnly } from './saved-queries/persisted.js';
import { handleSavedQueryRequest, QUERIES_PATH } from './saved-queries/http.js';
import { codeFor, maskError, TOO_MANY_FIELDS, UNEXPECTED, VALIDATION_ABORTED, withCode } from './error-policy.js';
import type { Store } from './store/index.js';

export const GRAPHQL_PATH = '/graphql';

/** What GraphiQL shows on first open: how China responded to E.O. 13722, with the quotes behind it. */
export const DEFAULT_GRAPHIQL_QUERY = `# Welcome to Stancegraph: who said what about
# which sanction, and where they stand.
#
# How did China, and others, respond to U.S.
# Executive Order 13722? Each stance comes with
# the statements that evidence it. Press the run
# button (or Ctrl-Enter), then open the Docs pane
# to explore the rest of the graph.

query HowDidChinaRespondToEO13722 {
  sanctionMeasure(slug: "us-eo-13722") {
    name
    identifier
    signedOn
    stances(first: 20) {
      totalCount
      nodes {
        holder { name }
        position
        summary
        evidence {
          kind
          text
          speaker { name }
          speakerRole
        }
      }
    }
  }
}
`;

/**
 * GraphiQL with its assets inlined (no CDN: it works offline and behind strict firewalls). The page
 * is several megabytes, and the same for every request, so it is rendered once; the renderer (some
 * 45 MB of memory) is only loaded when a browser first asks for it.
 */
let graphiqlPage: Promise<string> | undefined;
function renderGraphiQLOnce(options?: GraphiQLOptions): Promise<string> {
  graphiqlPage ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => renderGraphiQL(options));
  return graphiqlPage;
}

export type App = YogaServerInstance<Record<string, unknown>, Context>;

/**
 * The Yoga instance, which is both a Node request listener (`http.createServer(app)`) and a Fetch API
 * handler (`app.fetch('http://yoga/graphql', …)`, which the tests use without opening a port).
 */
export function createApp({
  store,
  config,
}: {
  store: Store;
  config: Pick<
    Config,
    'graphiql' | 'limits' | 'logLevel' | 'publicRead' | 'persistedOnly' | 'savedQueryMaxRows' | 'requestTimeoutMs' | 'rateLimits' | 'corsOrigins'
  >;
}): App {
  const logger = createLogger(config.logLevel);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    // Yoga's own probe (200, no body, no database check) moves to /live; /health is ours.
    healthCheckEndpoint: '/live',
    landingPage: false,
    logging: logger,
    // Also counted as the body streams in (a chunked body has no Content-Length); see useRequestLimits.
    maxRequestBodySize: MAX_BODY_BYTES,
    cors: corsOptions(config.corsOrigins),
    // Yoga copies the context it is given, so the Pothos cache (which keys the per-request
    // dataloaders) is initialised into the object itself.
    context: async ({ request }) => ({
      ...initContextCache(),
      store,
      limits: config.limits,
      publicRead: config.publicRead,
      viewer: await authenticateRequest(request, store),
    }),
    graphiql: config.graphiql ? { title: 'Stancegraph', defaultQuery: DEFAULT_GRAPHIQL_QUERY } : false,
    renderGraphiQL: renderGraphiQLOnce,
    maskedErrors: { maskError, errorMessage: UNEXPECTED },
    plugins: [
      useRequestBudget(config.requestTimeoutMs),
      useRateLimits(new RateLimiter(config.rateLimits), logger),
      useRequestLimits(config.limits),
      useOperationContentTypes(),
      ...(config.publicRead ? [] : [useKeyRequired()]),
      ...(config.persistedOnly ? [useNoFieldSuggestions()] : []),
      useRoutes(store),
      useSavedQueryRoutes(store, config),
      ...(config.persistedOnly ? [usePersistedOnly(store)] : []),
      useErrorCodes(),
    ],
  });
}

/** CORS_ORIGINS as Yoga's option. Keys travel in the Authorization header, never in cookies, so no origin gets credentials. */
function corsOptions(origins: Config['corsOrigins']) {
  if (origins === '*') return { origin: '*', credentials: false };
  return origins.length === 0 ? false : { origin: origins, credentials: false };
}

/** A request with credentials we cannot accept fails as a whole, with 401 and a WWW-Authenticate challenge. */
async function authenticateRequest(request: Request, store: Store) {
  try {
    return await authenticate(request.headers.get('authorization'), store);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    throw new GraphQLError(error.message, {
      extensions: {
        code: ErrorCode.UNAUTHENTICATED,
        http: { status: 401, headers: { 'www-authenticate': 'Bearer realm="stancegraph"' } },
      },
    });
  }
}

/** The largest request body accepted, and the most tokens a query document may have. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_QUERY_TOKENS = 10_000;

type FetchAPI = { Response: typeof Response };

/** A JSON error response in the shape GraphQL clients read: `{ errors: [{ message, extensions: { code } }] }`. */
function errorResponse(
  fetchAPI: FetchAPI,
  status: number,
  code: string,
  message: string,
  { headers = {}, extensions = {} }: { headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/**
 * Every request runs with a time budget (REQUEST_TIMEOUT_MS): no SQL statement starts after it, and
 * a long request gives way to others between statements (server/store/budget.ts).
 */
function useRequestBudget(budgetMs: number): Plugin {
  return { instrumentation: { request: (_payload, wrapped) => runWithBudget(budgetMs, wrapped) } };
}

const PROBE_PATHS = new Set(['/health', '/live']);

/** Per-address and per-key request rates; refusals and failed authentication are logged. */
function useRateLimits(limiter: RateLimiter, logger: YogaLogger): Plugin {
  return {
    onRequest({ request, serverContext, url, endResponse, fetchAPI }) {
      // Probes from a load balancer or monitor are cheap and must not be refused for coming often.
      if (PROBE_PATHS.has(url.pathname)) return;
      const decision = limiter.take(clientAddress(serverContext), request.headers.get('authorization'));
      if (decision.allowed) return;
      logger.warn(`rate limited: ${decision.scope} over ${decision.limit} requests a minute (${clientAddress(serverContext) ?? 'unknown address'} ${request.method} ${url.pathname})`);
      endResponse(
        errorResponse(fetchAPI, 429, ErrorCode.RATE_LIMITED, `Too many requests: at most ${decision.limit} a minute per ${decision.scope === 'key' ? 'API key' : 'client address without a key'}; retry in ${decision.retryAfterSeconds} s.`, {
          headers: { 'retry-after': String(decision.retryAfterSeconds) },
        }),
      );
    },
    onResponse({ request, response, serverContext }) {
      if (response.status !== 401 || !request.headers.get('authorization')) return;
      const address = clientAddress(serverContext);
      limiter.penalize(address);
      // The key itself is never logged: a mistyped key is one character away from a real one.
      logger.warn(`authentication failed: ${address ?? 'unknown address'} ${request.method} ${new URL(request.url).pathname}`);
    },
  };
}

/** The peer's address, when the request came over a socket (not for in-process `app.fetch`). */
function clientAddress(serverContext: unknown): string | null {
  const req = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req;
  return req?.socket?.remoteAddress ?? null;
}

/**
 * Cheap guards before any GraphQL work: a body over MAX_BODY_BYTES is refused with 413, counted as
 * it streams in when no Content-Length says its size (on every route, /queries included); the parser
 * stops at MAX_QUERY_TOKENS; and validation adds the alias and introspection limits
 * (schema/query-guards.ts). Depth, breadth and cost are limited later, by the schema.
 */
function useRequestLimits(limits: QueryLimits): Plugin {
  const rules = queryGuardRules(limits);
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      const declared = request.headers.get('content-length');
      const tooLarge = (size: string) =>
        errorResponse(fetchAPI, 413, ErrorCode.REQUEST_ENTITY_TOO_LARGE, `Request body ${size}exceeds the limit of ${MAX_BODY_BYTES} bytes.`, {
          // The connection is not reused: what is left of the body is dropped (readAtMost).
          headers: { connection: 'close' },
        });
      if (declared !== null) {
        if (Number(declared) > MAX_BODY_BYTES) endResponse(tooLarge(`of ${declared} bytes `));
        return;
      }
      if (!request.body) return;
      const body = await readAtMost(request.body, MAX_BODY_BYTES);
      if (!body) {
        endResponse(tooLarge(''));
        return;
      }
      setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body }));
    },
    onParse({ setParseFn, parseFn }) {
      setParseFn((source, options) => {
        try {
          return parseFn(source, { ...options, maxTokens: MAX_QUERY_TOKENS });
        } catch (error) {
          // graphql-js parses recursively: thousands of nested selections exhaust the stack.
          if (error instanceof RangeError) {
            throw new GraphQLError('The query is nested too deeply to parse; flatten it or split it up.', {
              extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, http: { status: 400 } },
            });
          }
          throw error;
        }
      });
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}

/** After refusing a body, how much more of it is read and dropped before the connection is cut. */
const DISCARD_BYTES = 8 * MAX_BODY_BYTES;

/**
 * The body, or null as soon as it grows past `limit` bytes. The rest is then read and dropped (up
 * to DISCARD_BYTES more, kept in no buffer) while the refusal goes out: a connection closed on a
 * client still sending makes its system discard the answer it was sent (a reset), so the client
 * would see a broken pipe instead of the 413. Past that, the stream is cancelled.
 */
async function readAtMost(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void discard(reader, DISCARD_BYTES);
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks, size));
}

async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, most: number): Promise<void> {
  let dropped = 0;
  try {
    while (dropped <= most) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to drop.
  }
}

/**
 * Operations come as JSON. A browser sends a form (urlencoded, multipart) or text/plain from any
 * page without asking the server first, so accepting those would let another site post mutations
 * with a visitor's ambient credentials (cross-site request forgery); `application/graphql` is refused
 * with them, as the GraphQL-over-HTTP spec only requires JSON. GET stays open for queries.
 */
function useOperationContentTypes(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      // /queries/<name> refuses anything but JSON itself (server/saved-queries/http.ts).
      if (request.method !== 'POST' || url.pathname !== GRAPHQL_PATH) return;
      const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (type === 'application/json') return;
      endResponse(
        errorResponse(fetchAPI, 415, ErrorCode.BAD_REQUEST, `Send the request body as application/json${type ? `, not ${type}` : ' (no Content-Type was sent)'}.`, {
          headers: { accept: 'application/json' },
        }),
      );
    },
  };
}

/**
 * PUBLIC_READ=false: a request without a key is refused before its document is even parsed, so an
 * anonymous client learns nothing of the schema (no introspection, no "Did you mean …"). The GraphiQL
 * page itself is static and still served; its requests carry the key the user enters.
 */
function useKeyRequired(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== GRAPHQL_PATH || request.headers.get('authorization')) return;
      if (request.method === 'GET' && request.headers.get('accept')?.includes('text/html')) return;
      // The same refusal as an anonymous read gets from the schema, and from /queries.
      const refusal = notSignedIn('READER');
      endResponse(
        errorResponse(fetchAPI, 401, ErrorCode.UNAUTHENTICATED, refusal.message, {
          headers: { 'www-authenticate': 'Bearer realm="stancegraph"' },
          extensions: refusal.extensions,
        }),
      );
    },
  };
}

/** Where introspection is refused (persisted-only mode), "Did you mean …" would give the schema away. */
function useNoFieldSuggestions(): Plugin {
  return {
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length === 0) return;
        setResult(result.map((error) => (/ Did you mean /.test(error.message) ? withoutSuggestion(error) : error)));
      };
    },
  };
}

function withoutSuggestion(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message.replace(/ Did you mean .*$/, ''), { nodes: error.nodes, source: error.source, positions: error.positions, extensions: error.extensions });
}

/**
 * /health (does the database answer, and can it write?) and / (a redirect to GraphiQL). Yoga
 * answers /live. 200 `{"status":"ok"}`; 503 `{"status":"degraded","database":"<reason>"}` after a
 * storage fault (disk full, read-only, damaged) or when the store has no room left; 503
 * `{"status":"unavailable"}` when it does not answer at all.
 */
function useRoutes(store: Store): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname === '/health') {
        const body = await store.health();
        endResponse(
          new fetchAPI.Response(JSON.stringify(body), {
            status: body.status === 'ok' ? 200 : 503,
            headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
          }),
        );
        return;
      }
      if (url.pathname === '/') {
        endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: GRAPHQL_PATH } }));
      }
    },
  };
}

/** /queries/<name>: saved queries as JSON or CSV (server/saved-queries/http.ts). */
function useSavedQueryRoutes(store: Store, config: Pick<Config, 'limits' | 'publicRead' | 'savedQueryMaxRows'>): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(QUERIES_PATH)) return;
      endResponse(
        await handleSavedQueryRequest(request, url, {
          store,
          schema,
          limits: config.limits,
          publicRead: config.publicRead,
          maxRows: config.savedQueryMaxRows,
          log: (error) => console.error(error.originalError ?? error),
          fetchAPI,
        }),
      );
    },
  };
}

/** Gives every error in every response a stable `extensions.code`, whatever stage raised it. */
function useErrorCodes(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
      setResult({
        ...result,
        errors: result.errors.map((error) => {
          const graphQLError = error as GraphQLError;
          const message = graphQLError.message === VALIDATION_ABORTED ? TOO_MANY_FIELDS : graphQLError.message;
          return withCode(graphQLError, codeFor(graphQLError), message);
        }),
      });
    },
  };
}

