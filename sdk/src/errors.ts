// Typed errors: every failure of a Stancegraph call is a StancegraphError with a `kind` that says
// what went wrong, so callers branch on data, not on message text.
import type { ErrorCode } from './error-codes.js';

/**
 * - `graphql`: the server answered with GraphQL errors (a bad ID, a bad cursor, a query too complex);
 *   `errors` holds them, each with its `extensions.code`.
 * - `http`: the server answered with an HTTP error and no GraphQL errors (a proxy's 502, say).
 * - `network`: no answer at all (the server is down, DNS failed, the connection was refused).
 * - `timeout`: no answer within `timeoutMs`.
 * - `aborted`: the caller's own AbortSignal cancelled the request.
 */
export type StancegraphErrorKind = 'graphql' | 'http' | 'network' | 'timeout' | 'aborted';

/** One GraphQL error as the server reported it. */
export interface StancegraphGraphQLError {
  message: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  extensions?: { code?: ErrorCode | (string & {}); [key: string]: unknown };
}

export interface StancegraphErrorDetails {
  kind: StancegraphErrorKind;
  operationName: string | undefined;
  status?: number | undefined;
  errors?: readonly StancegraphGraphQLError[];
  /** Whatever data came back beside the errors (GraphQL may answer partly). */
  data?: unknown;
  cause?: unknown;
}

export class StancegraphError extends Error {
  readonly kind: StancegraphErrorKind;
  /** The operation that failed (`SanctionMeasure`), when the document names one. */
  readonly operationName: string | undefined;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The GraphQL errors, for `kind: 'graphql'` (empty otherwise). */
  readonly errors: readonly StancegraphGraphQLError[];
  readonly data: unknown;

  constructor(message: string, details: StancegraphErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StancegraphError';
    this.kind = details.kind;
    this.operationName = details.operationName;
    this.status = details.status;
    this.errors = details.errors ?? [];
    this.data = details.data;
  }

  /** The distinct `extensions.code` values of the GraphQL errors. */
  get codes(): (ErrorCode | (string & {}))[] {
    return [...new Set(this.errors.map((error) => error.extensions?.code).filter((code): code is string => typeof code === 'string'))];
  }

  /** Whether any GraphQL error carries this code (`error.hasCode('BAD_USER_INPUT')`). */
  hasCode(code: ErrorCode): boolean {
    return this.errors.some((error) => error.extensions?.code === code);
  }
}

export function isStancegraphError(error: unknown): error is StancegraphError {
  return error instanceof StancegraphError;
}
