// The errors a client can see. Every one carries a stable `extensions.code` from this short list;
// anything unexpected is masked by the server (see server/app.ts) and never reaches a client.
import type { ComplexityErrorFn } from '@pothos/plugin-complexity';
import type { AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../server/auth/viewer.js';

export const ErrorCode = {
  /** An argument or variable is wrong: a bad ID, cursor, date, page size or filter. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The HTTP request itself is wrong: no query, a body that is not JSON, a mutation over GET. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The query text is not valid GraphQL. */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The query does not fit the schema (an unknown field, a missing argument, …). */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** No API key was sent, or the key sent is unknown, revoked or malformed. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The API key is valid but its role does not allow this operation. */
  FORBIDDEN: 'FORBIDDEN',
  /** An ID or name given to a mutation does not exist (reads return null instead). */
  NOT_FOUND: 'NOT_FOUND',
  /** The write would break a rule the data keeps: a taken slug, a row still referenced, a duplicate. */
  CONFLICT: 'CONFLICT',
  /** The saved query no longer fits the schema; its `brokenReason` says why. Save a corrected version. */
  SAVED_QUERY_BROKEN: 'SAVED_QUERY_BROKEN',
  /** Persisted-only mode: the document is neither a saved query nor one of the SDK's operations. */
  PERSISTED_QUERY_REQUIRED: 'PERSISTED_QUERY_REQUIRED',
  /** The query is deeper, broader or costlier than the server's limits, or has too many aliases. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The request body is larger than the server accepts (HTTP 413). */
  REQUEST_ENTITY_TOO_LARGE: 'REQUEST_ENTITY_TOO_LARGE',
  /** The request ran out of its time budget (`REQUEST_TIMEOUT_MS`); ask for less, or page through it. */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** Too many requests from this address or key (HTTP 429); `Retry-After` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The request names no operation the document has, or several without `operationName` (HTTP 400). */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /**
   * The store stayed locked by another writer (a bulk import, say) for longer than the server waits
   * (5 s): nothing was written. Retryable: HTTP 503 with a `Retry-After` header saying when.
   */
  STORE_BUSY: 'STORE_BUSY',
  /** Something failed on the server; details are logged, not returned. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface InputProblem {
  /** Where the problem is, as a path into the arguments (`filter.saidOn.from`). */
  path: string;
  message: string;
}

export function badUserInput(message: string, problems?: InputProblem[]): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(problems ? { problems } : {}) },
  });
}

/** Turns a failed argument validation into one BAD_USER_INPUT error listing every problem. */
export function validationFailed(failure: { issues: readonly { message: string; path?: readonly unknown[] }[] }): GraphQLError {
  const problems = failure.issues.map((issue) => ({
    path: (issue.path ?? [])
      .map((part) => (typeof part === 'object' && part !== null && 'key' in part ? String(part.key) : String(part)))
      .join('.'),
    message: issue.message,
  }));
  const summary = problems.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join('; ');
  return badUserInput(`Invalid arguments: ${summary}`, problems);
}

export const queryTooComplex: ComplexityErrorFn = (kind, result) => {
  const measures = {
    Depth: ['depth', result.depth, result.maxDepth],
    Breadth: ['breadth', result.breadth, result.maxBreadth],
    Complexity: ['complexity', result.complexity, result.maxComplexity],
  } as const;
  const [name, measured, limit] = measures[kind];
  return new GraphQLError(`Query ${name} ${measured} exceeds the limit of ${limit}; select less, or page through it.`, {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: name, measured, max: limit },
  });
};

/** The role a failed scope check asked for, when the failure says (it does for `role` scopes). */
function requiredRole(failure: AuthFailure): string | null {
  if (failure.kind === 'AuthScope' && failure.scope === 'role') return String(failure.parameter);
  if ('failures' in failure) {
    for (const inner of failure.failures) {
      const role = requiredRole(inner);
      if (role) return role;
    }
  }
  return null;
}

function needsKey(role: string | null): string {
  return role ? `an API key with role ${role} or above` : 'an API key with a stronger role';
}

/** UNAUTHENTICATED for an anonymous viewer: the message and extensions every door answers with. */
export function notSignedIn(role: string | null): GraphQLError {
  return new GraphQLError(`Not signed in: this needs ${needsKey(role)}, sent as "Authorization: Bearer <key>".`, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, ...(role ? { requiredRole: role } : {}) },
  });
}

/** UNAUTHENTICATED for anonymous viewers (send a key), FORBIDDEN for keys whose role is too weak. */
export function notAuthorized(viewer: Viewer, failure: AuthFailure): GraphQLError {
  const role = requiredRole(failure);
  const needs = needsKey(role);
  if (viewer.kind === 'anonymous') return notSignedIn(role);
  const held = viewer.kind === 'key' ? `the API key "${viewer.name}" has role ${viewer.role}` : `${viewer.name} lacks it`;
  return new GraphQLError(`Forbidden: ${held}; this needs ${needs}.`, {
    extensions: { code: ErrorCode.FORBIDDEN, ...(role ? { requiredRole: role } : {}) },
  });
}
