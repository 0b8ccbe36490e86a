// paginate: every node of a connection, page after page, following `pageInfo.endCursor`.
import type { CallOptions } from './client.js';

/** The part of a connection `paginate` reads. */
export interface PageOf<TNode> {
  nodes: readonly TNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

type NodesOf<T> = NonNullable<T> extends { nodes: readonly (infer N)[]; pageInfo: unknown } ? N : never;
type TopLevelNodes<D> = { [K in keyof D]-?: NodesOf<D[K]> }[keyof D];
/**
 * The node type of the connection in an operation's result: a root field (`statements`), or a field
 * one level down (`actor.statements`). Operations with several paged connections need `select`.
 */
export type ConnectionNodes<D> = [TopLevelNodes<D>] extends [never]
  ? { [K in keyof D]-?: TopLevelNodes<NonNullable<D[K]>> }[keyof D]
  : TopLevelNodes<D>;

/** Variables of a paged operation: `first` and `after` are paginate's to set. */
type PagingVariables = { first?: number | null | undefined; after?: string | null | undefined };

export interface PaginateOptions<TData, TNode> {
  /** Items per request (1–100; default 50). */
  pageSize?: number | undefined;
  /** Picks the connection out of the result, when the operation has more than one (or to be explicit). */
  select?: ((data: TData) => PageOf<TNode> | null | undefined) | undefined;
  /** Stop after this many pages (default: no limit). */
  maxPages?: number | undefined;
  /** Cancels the current request; the iteration then throws a StancegraphError of kind `aborted`. */
  signal?: AbortSignal | undefined;
}

/**
 * Iterates over every node of a connection: calls `method` with `first: pageSize` and, from the
 * second page on, `after` the previous page's `endCursor`, until `hasNextPage` is false.
 *
 * ```ts
 * for await (const statement of paginate(client.statements, { filter: { speakers: [luKangId] } }, { pageSize: 50 })) {
 *   console.log(statement.text);
 * }
 * ```
 */
export async function* paginate<TVariables extends PagingVariables | undefined, TData, TNode = ConnectionNodes<TData>>(
  method: (variables: TVariables, options?: CallOptions) => Promise<TData>,
  variables: Omit<NonNullable<TVariables>, 'first' | 'after'>,
  options: PaginateOptions<TData, TNode> = {},
): AsyncGenerator<TNode, void, undefined> {
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new RangeError(`paginate: pageSize must be a whole number from 1 to 100, got ${pageSize}`);
  }
  let after: string | null = null;
  for (let page = 0; options.maxPages === undefined || page < options.maxPages; page++) {
    const call: CallOptions = options.signal ? { signal: options.signal } : {};
    const data = await method({ ...variables, first: pageSize, ...(after ? { after } : {}) } as TVariables, call);
    const connection = options.select ? options.select(data) : (findConnection(data) as PageOf<TNode> | undefined);
    if (!connection) return;
    yield* connection.nodes;
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) return;
    after = connection.pageInfo.endCursor;
  }
}

/** The one connection with `nodes` and `pageInfo` at the top of `data` or one level down. */
function findConnection(data: unknown): PageOf<unknown> | undefined {
  const found: PageOf<unknown>[] = [];
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object') return;
    for (const child of Object.values(value)) {
      if (isConnection(child)) found.push(child);
      else if (depth > 0) visit(child, depth - 1);
    }
  };
  visit(data, 1);
  if (found.length > 1) {
    throw new Error('paginate: the result has more than one paged connection; pass `select` to choose one');
  }
  return found[0];
}

function isConnection(value: unknown): value is PageOf<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { nodes?: unknown }).nodes) &&
    typeof (value as { pageInfo?: unknown }).pageInfo === 'object'
  );
}
