// createClient: one typed method per operation in operations/*.graphql, plus `request` for any typed
// document, over graphql-request with an API key, headers, a custom fetch and a timeout.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import { StancegraphError, type StancegraphGraphQLError } from './errors.js';
import { getSdk, type Sdk } from './generated/sdk.js';

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** A Fetch API implementation; defaults to the global `fetch` (Node 20+, browsers). */
  fetch?: typeof fetch;
  /** Give up on a request after this many milliseconds (default 30,000; 0 waits forever). */
  timeoutMs?: number;
}

/** Per-call options for any method. */
export interface CallOptions {
  /** Cancel the request. */
  signal?: AbortSignal;
  /** Headers for this call only. */
  headers?: Record<string, string>;
}

/** The generated operations as camelCase methods: `client.sanctionMeasure({ slug })`. */
export type Operations = { [K in keyof Sdk as Uncapitalize<K & string>]: Sdk[K] };

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
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const client = new GraphQLClient(options.url, {
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  async function run<TResult>(document: DocumentNode, variables: Record<string, unknown> | undefined, call: CallOptions = {}): Promise<TResult> {
    const operationName = operationNameOf(document);
    const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signals = [timeout, call.signal].filter((signal): signal is AbortSignal => signal !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    try {
      return await client.request<TResult>({
        document,
        variables: variables ?? {},
        ...(call.headers ? { requestHeaders: call.headers } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw toStancegraphError(error, operationName, { timedOut: timeout?.aborted === true, timeoutMs });
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

function operationNameOf(document: DocumentNode): string | undefined {
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition');
  return operation?.name?.value;
}

function toStancegraphError(error: unknown, operationName: string | undefined, { timedOut, timeoutMs }: { timedOut: boolean; timeoutMs: number }): StancegraphError {
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
  if (timedOut) {
    return new StancegraphError(`${label} timed out after ${timeoutMs} ms`, { kind: 'timeout', operationName, cause: error });
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new StancegraphError(`${label} was aborted`, { kind: 'aborted', operationName, cause: error });
  }
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new StancegraphError(`${label} failed: could not reach the server (${reason})`, { kind: 'network', operationName, cause: error });
}
