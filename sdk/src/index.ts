// @stancegraph/sdk: a typed client for the Stancegraph GraphQL API.
export { type CallOptions, type ClientOptions, createClient, DEFAULT_TIMEOUT_MS, type Operations, type StancegraphClient } from './client.js';
export type { ErrorCode } from './error-codes.js';
export {
  isStancegraphError,
  StancegraphError,
  type StancegraphErrorKind,
  type StancegraphGraphQLError,
  type StancegraphInputProblem,
} from './errors.js';
export { type ConnectionNodes, type PageOf, type PaginateOptions, paginate } from './paginate.js';
// Every generated type and typed document (ActorQuery, StatementFilter, SanctionMeasureDocument, …).
export * from './generated/graphql.js';
export { getSdk, type Requester, type Sdk } from './generated/sdk.js';
