// createClient: one typed method per operation in operations/*.graphql, plus `request` for any typed
// document, over graphql-request with an API key, headers, a custom fetch and a timeout.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import { StancegraphError, type StancegraphGraphQLError } from './errors.js';
import { getSdk } from './generated/sdk.js';

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>` (replacing any Authorization header in `headers`). */
  apiKey?: string | undefined;
  /** Extra headers for every request. */
  headers?: Record<string, string> | undefined;
  /** A Fetch API implementation; defaults to the global `fetch` (Node 20+, browsers). */
  fetch?: typeof fetch | undefined;
  /** Give up on a request after this many milliseconds (default 30,000; 0 waits forever). */
  timeoutMs?: number | undefined;
}

/** Per-call options for any method. */
export interface CallOptions {
  /** Cancel the request. */
  signal?: AbortSignal | undefined;
  /** Headers for this call only; they replace the client's headers of the same name. */
  headers?: Record<string, string> | undefined;
}

type SdkWithCallOptions = ReturnType<typeof getSdk<CallOptions>>;

/** The generated operations as camelCase methods: `client.sanctionMeasure({ slug }, { signal })`. */
export type Operations = { [K in keyof SdkWithCallOptions as Uncapitalize<K & string>]: SdkWithCallOptions[K] };

export type StancegraphClient = Operations & {
  /** Runs any typed document (a `TypedDocumentNode`, e.g. from `graphql-tag` plus codegen). */
  request<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...variables: keyof TVariables extends never ? [variables?: TVariables, options?: CallOptions] : [variables: TVariables, options?: CallOptions]
  ): Promise<TResult>;
};

export const DEFAULT_TIMEOUT_MS = 30_000;

export function createClient(options: ClientOptions): StancegraphClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new RangeError(`createClient: timeoutMs must be 0 (no timeout) or a positive number of milliseconds, got ${timeoutMs}`);
  }
  // Header names are case-insensitive: normalise them so a per-call header replaces the client's,
  // and `apiKey` replaces any Authorization header given with it.
  const baseHeaders = lowerCaseKeys(options.headers);
  if (options.apiKey) baseHeaders.authorization = `Bearer ${options.apiKey}`;
  const fetchImpl = options.fetch ?? globalThis.fetch;

  async function run<TResult>(document: DocumentNode, variables: Record<string, unknown> | undefined, call: CallOptions = {}): Promise<TResult> {
    const operationName = operationNameOf(document);
    const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signals = [timeout, call.signal].filter((signal): signal is AbortSignal => signal !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    // Remember whether the server answered at all, to tell an HTTP problem from a network one.
    let status: number | undefined;
    const client = new GraphQLClient(options.url, {
      headers: { ...baseHeaders, ...lowerCaseKeys(call.headers) },
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const response = await fetchImpl(input, init);
        status = response.status;
        return response;
      },
    });
    try {
      return await client.request<TResult>({ document, variables: variables ?? {}, ...(signal ? { signal } : {}) });
    } catch (error) {
      throw toStancegraphError(error, operationName, {
        timedOut: timeout?.aborted === true,
        aborted: call.signal?.aborted === true,
        status,
        timeoutMs,
      });
    }
  }

  const sdk = getSdk<CallOptions>((document, variables, call) => run(document, variables as Record<string, unknown> | undefined, call));
  const methods = Object.fromEntries(
    Object.entries(sdk).map(([name, method]) => [name.charAt(0).toLowerCase() + name.slice(1), method]),
  ) as Operations;
  return {
    ...methods,
    request: (document, ...[variables, call]) => run(document, variables, call),
  } as StancegraphClient;
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

function operationNameOf(document: DocumentNode): string | undefined {
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition');
  return operation?.name?.value;
}

interface FailureContext {
  timedOut: boolean;
  aborted: boolean;
  /** The HTTP status, when the server answered at all. */
  status: number | undefined;
  timeoutMs: number;
}

function toStancegraphError(error: unknown, operationName: string | undefined, context: FailureContext): StancegraphError {
  const label = operationName ?? 'request';
  if (error instanceof ClientError) {
    const errors = (error.response.errors ?? []) as unknown as StancegraphGraphQLError[];
    const status = error.response.status;
    if (errors.length > 0) {
      const codes = [...new Set(errors.map((e) => e.extensions?.code).filter(Boolean))].join(', ');
      return new StancegraphError(`${label} failed: ${errors[0]?.message ?? 'GraphQL error'}${codes ? ` (${codes})` : ''}`, {
        kind: 'graphql',
        operationName,
        status,
        errors,
        data: error.response.data,
        cause: error,
      });
    }
    return new StancegraphError(`${label} failed: HTTP ${status}`, { kind: 'http', operationName, status, cause: error });
  }
  if (context.timedOut) {
    return new StancegraphError(`${label} timed out after ${context.timeoutMs} ms`, { kind: 'timeout', operationName, cause: error });
  }
  if (context.aborted) {
    return new StancegraphError(`${label} was aborted`, { kind: 'aborted', operationName, cause: error });
  }
  if (context.status !== undefined) {
    // The server answered, but not with GraphQL (a proxy's or portal's HTML page, say).
    return new StancegraphError(`${label} failed: HTTP ${context.status} with a body that is not a GraphQL response`, {
      kind: 'http',
      operationName,
      status: context.status,
      cause: error,
    });
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new StancegraphError(`${label} failed: could not reach the server (${reason})`, { kind: 'network', operationName, cause: error });
}
