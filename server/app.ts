// The HTTP application: GraphQL (with GraphiQL) at /graphql, a health check at /health. It knows
// HTTP and error policy; everything about data is in the schema and the store.
import { initContextCache } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { createYoga, type GraphiQLOptions, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { schema } from '../schema/index.js';
import { ErrorCode } from '../schema/errors.js';
import type { Context } from '../schema/index.js';
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
  config: Pick<Config, 'graphiql' | 'limits' | 'logLevel' | 'publicRead' | 'persistedOnly' | 'savedQueryMaxRows'>;
}): App {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    // Yoga's own probe (200, no body, no database check) moves to /live; /health is ours.
    healthCheckEndpoint: '/live',
    landingPage: false,
    logging: config.logLevel,
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
      useRequestLimits(),
      useRoutes(store),
      useSavedQueryRoutes(store, config),
      ...(config.persistedOnly ? [usePersistedOnly(store)] : []),
      useErrorCodes(),
    ],
  });
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

/**
 * Cheap guards before any GraphQL work: an oversized body is refused with 413, and the parser
 * stops at MAX_QUERY_TOKENS so a huge document costs little (depth, breadth and cost are limited
 * later, by the schema, before execution).
 */
function useRequestLimits(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > MAX_BODY_BYTES) {
        const error = { message: `Request body of ${length} bytes exceeds the limit of ${MAX_BODY_BYTES}.`, extensions: { code: ErrorCode.BAD_REQUEST } };
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [error] }), { status: 413, headers: { 'content-type': 'application/json; charset=utf-8' } }),
        );
      }
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
  };
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

