// What a client may see of an error: the policy Yoga applies to every response, also used where a
// document is executed outside Yoga (saved queries). Every error gets a stable `extensions.code`;
// anything unexpected becomes INTERNAL_SERVER_ERROR with a generic message.
import { PothosError, PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../schema/errors.js';
import { BudgetExceeded } from './store/budget.js';
import { BUSY_TIMEOUT_MS, isStoreBusy } from './store/database.js';

export const UNEXPECTED = 'Unexpected error.';
export const VALIDATION_ABORTED = 'Validation aborted.';
export const TOO_MANY_FIELDS = 'The query selects too many fields to validate; select fewer, or split it up.';

/** What a client told STORE_BUSY should wait before trying again: as long as the server itself waited. */
export const STORE_BUSY_RETRY_AFTER_SECONDS = Math.ceil(BUSY_TIMEOUT_MS / 1000);

/**
 * Errors a resolver raised on purpose (a GraphQLError with a code) pass through; the Pothos
 * validation errors (a global ID of the wrong type or shape) become BAD_USER_INPUT; anything else is
 * logged by Yoga and replaced by a generic INTERNAL_SERVER_ERROR, so no SQL or stack reaches a client.
 */
export function maskError(error: unknown, message: string): Error {
  if (isStoreBusy(error instanceof GraphQLError ? error.originalError : error)) return storeBusy(error);
  if (!(error instanceof GraphQLError)) return new GraphQLError(message, { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
  // Pothos's own errors are GraphQLErrors too; its validation errors are about the client's input
  // (useErrorCodes gives them their code) and are not worth logging as server errors.
  if (isPothosValidationError(error)) return error;
  const original = error.originalError;
  if (original instanceof BudgetExceeded) {
    return withCode(error, ErrorCode.REQUEST_TIMEOUT, `The request used up its time budget of ${original.budgetMs} ms before this field was read; ask for less at once, or page through it.`);
  }
  if ((!original || original instanceof GraphQLError) && !(error instanceof PothosError)) return error;
  return withCode(error, ErrorCode.INTERNAL_SERVER_ERROR, message);
}

/**
 * Another writer held the store past the busy timeout: not a fault, and worth retrying. 503 with
 * Retry-After, so HTTP clients and proxies that know the convention back off on their own.
 */
function storeBusy(error: unknown): GraphQLError {
  const located = error instanceof GraphQLError ? error : null;
  return new GraphQLError('The store is busy with another write; nothing was changed. Try again shortly.', {
    nodes: located?.nodes,
    source: located?.source,
    positions: located?.positions,
    path: located?.path,
    originalError: located?.originalError ?? (error instanceof Error ? error : undefined),
    extensions: {
      code: ErrorCode.STORE_BUSY,
      retryAfterSeconds: STORE_BUSY_RETRY_AFTER_SECONDS,
      http: { status: 503, headers: { 'retry-after': String(STORE_BUSY_RETRY_AFTER_SECONDS) } },
    },
  });
}

function isPothosValidationError(error: GraphQLError): boolean {
  return error instanceof PothosValidationError || error.originalError instanceof PothosValidationError;
}

/** The error as a client sees it: masked if unexpected, with its code and a safe message. */
export function clientError(error: GraphQLError): GraphQLError {
  const masked = maskError(error, UNEXPECTED) as GraphQLError;
  const message = masked.message === VALIDATION_ABORTED ? TOO_MANY_FIELDS : masked.message;
  return withCode(masked, codeFor(masked), message);
}

export function codeFor(error: GraphQLError): string {
  // graphql-js gives up validating a query with too many overlapping fields.
  if (error.message === VALIDATION_ABORTED) return ErrorCode.QUERY_TOO_COMPLEX;
  const own = error.extensions?.code;
  if (typeof own === 'string') return own;
  const nested = error.originalError instanceof GraphQLError ? error.originalError.extensions?.code : undefined;
  if (typeof nested === 'string') return nested;
  if (isPothosValidationError(error)) return ErrorCode.BAD_USER_INPUT;
  // An execution error nobody gave a code to is a server fault (masking normally catches these).
  if (error.path) return ErrorCode.INTERNAL_SERVER_ERROR;
  if (error.message.startsWith('Syntax Error')) return ErrorCode.GRAPHQL_PARSE_FAILED;
  if (error.message.startsWith('Variable "$')) return ErrorCode.BAD_USER_INPUT;
  if (error.locations?.length) return ErrorCode.GRAPHQL_VALIDATION_FAILED;
  return ErrorCode.BAD_REQUEST;
}

export function withCode(error: GraphQLError, code: string, message = error.message): GraphQLError {
  if (error.extensions?.code === code && message === error.message) return error;
  return new GraphQLError(code === ErrorCode.INTERNAL_SERVER_ERROR ? UNEXPECTED : message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}
