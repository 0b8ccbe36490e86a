/**
 * The `extensions.code` values the Stancegraph server uses (see the server README's error table), in
 * the server's order. `test/sdk.test.ts` fails when this list and the server's differ.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'SAVED_QUERY_BROKEN'
  | 'PERSISTED_QUERY_REQUIRED'
  | 'QUERY_TOO_COMPLEX'
  | 'REQUEST_ENTITY_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'RATE_LIMITED'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'STORE_BUSY'
  | 'INTERNAL_SERVER_ERROR';
