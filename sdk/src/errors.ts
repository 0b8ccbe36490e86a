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

/**
 * One thing wrong with a mutation's input, as a `BAD_USER_INPUT` (or `NOT_FOUND`, `CONFLICT`) error
 * lists it in `extensions.problems`.
 */
export interface StancegraphInputProblem {
  /** Where in the variables the problem is, dot-separated (`input.span`, `input.ids.1`); empty for the input as a whole. */
  path: string;
  /** What is wrong there (`must not be empty`). */
  message: string;
  /** The `extensions.code` of the GraphQL error that listed it, when it has one. */
  code: ErrorCode | (string & {}) | undefined;
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

  /**
   * The field-level problems of every GraphQL error (their `extensions.problems`), in order, each with
   * the code of its error: what a form shows next to its fields. Empty when no error lists any (a
   * malformed ID, an HTTP failure, a timeout).
   *
   * ```ts
   * for (const { path, message } of error.problems) console.log(`${path}: ${message}`); // 'input.text: must not be empty'
   * ```
   */
  get problems(): StancegraphInputProblem[] {
    return this.errors.flatMap((error) => {
      const listed = error.extensions?.problems;
      if (!Array.isArray(listed)) return [];
      return listed.flatMap((problem: unknown) => {
        if (typeof problem !== 'object' || problem === null) return [];
        const { path, message } = problem as { path?: unknown; message?: unknown };
        if (typeof message !== 'string') return [];
        return [{ path: typeof path === 'string' ? path : Array.isArray(path) ? path.join('.') : '', message, code: error.extensions?.code }];
      });
    });
  }

  /** Whether any GraphQL error carries this code (`error.hasCode('BAD_USER_INPUT')`). */
  hasCode(code: ErrorCode): boolean {
    return this.errors.some((error) => error.extensions?.code === code);
  }
}

export function isStancegraphError(error: unknown): error is StancegraphError {
  return error instanceof StancegraphError;
}
