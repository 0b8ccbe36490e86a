/** The `extensions.code` values the Stancegraph server uses (see the server README's error table). */
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
  | 'STORE_BUSY'
  | 'INTERNAL_SERVER_ERROR';
