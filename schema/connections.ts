// Relay connections over the store's keyset pagination: argument checks, opaque cursors, ordering
// inputs, and the two ways a connection is resolved (one list at the root, many lists at once when
// the connection is nested under a list of parents).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isIsoDate } from '../server/store/dates.js';
import type { Role } from '../server/store/enums.js';
import type { Keyset, Page, PageRequest, SortDirection, SortKey, SortValue } from '../server/store/pagination.js';
import type { InputObjectRef, ObjectRef } from '@pothos/core';
import { builder, type ConnectionExtras, type Context, type Types } from './builder.js';
import { badUserInput } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Longest text sort value a cursor may carry (headlines and names are far shorter). */
const MAX_CURSOR_TEXT = 2000;

export const OrderDirection = builder.enumType('OrderDirection', {
  description: 'The direction of an ordering.',
  values: {
    ASC: { value: 'asc', description: 'Ascending: oldest, smallest or A first.' },
    DESC: { value: 'desc', description: 'Descending: newest, largest or Z first.' },
  } as const,
});

export const DateRangeInput = builder
  .inputType('DateRange', {
    description: 'An inclusive range of calendar days; leave out `from` or `to` for an open end.',
    fields: (t) => ({
      from: t.field({ type: 'Date', description: 'The first day in the range (inclusive).' }),
      to: t.field({ type: 'Date', description: 'The last day in the range (inclusive).' }),
    }),
  })
  .validate(
    z
      .object({ from: z.string().nullish(), to: z.string().nullish() })
      .refine((range) => !range.from || !range.to || range.from <= range.to, {
        message: '`from` must not be after `to`',
      }),
  );

/** An "any of these" list in a filter: 1 to 100 entries (an empty list would silently match nothing). */
export function anyOfList<T>(item: z.ZodType<T>) {
  return z.array(item).min(1, 'must not be empty; leave the field out to match everything').max(MAX_PAGE_SIZE);
}

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** A resolved `orderBy`: the GraphQL field name (kept in cursors), the sort key and direction. */
export interface ResolvedOrder {
  field: string;
  sort: SortKey;
  direction: SortDirection;
}

/**
 * Defines `<Type>OrderField` and `<Type>Order { field, direction }` for one type, GitHub-style.
 * `fields` maps each enum value to the store's sort key and a description.
 */
export function defineOrder<F extends string>(
  typeName: string,
  plural: string,
  fields: Record<F, { sort: SortKey; description: string }>,
  defaultValue: { field: NoInfer<F>; direction: SortDirection },
) {
  const names = Object.keys(fields) as F[];
  const fieldEnum = builder.enumType(`${typeName}OrderField`, {
    description: `Properties by which ${plural} can be ordered (ties are broken by ID).`,
    values: Object.fromEntries(names.map((name) => [name, { value: name, description: fields[name].description }])),
  });
  const input = builder.inputType(`${typeName}Order`, {
    description: `How to order ${plural}. Items without a value for the field come last.`,
    fields: (t) => ({
      field: t.field({ type: fieldEnum, required: true, description: 'The property to order by.' }),
      direction: t.field({ type: OrderDirection, required: true, description: 'The direction to order in.' }),
    }),
  });
  return {
    input,
    defaultValue,
    resolve(order: { field: string; direction: SortDirection } | null | undefined): ResolvedOrder {
      const { field, direction } = order ?? defaultValue;
      const known = fields[field as F];
      if (!known) throw badUserInput(`Unknown order field ${field}.`);
      return { field, sort: known.sort, direction };
    },
  };
}

/** Cost of a connection field: its own 1 plus its selection times the page size asked for. */
export function connectionComplexity(args: ConnectionArgs) {
  const size = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
  return { field: 1, multiplier: Math.min(Math.max(size, 1), MAX_PAGE_SIZE) };
}

// Cursors: base64url of `v1:<check>:<JSON [orderField, sortValue, id]>`, where <check> is a short
// hash of the JSON. Opaque to clients; checked on the way back in, so a cursor from another
// ordering, or one that was edited or truncated, is a clear BAD_USER_INPUT rather than a wrong page.
// The check is not a secret: a forged cursor can only name a position in a list anyone may read.
const CURSOR_VERSION = 'v1';

function cursorCheck(payload: string): string {
  return createHash('sha256').update(`stancegraph-cursor:${payload}`).digest('base64url').slice(0, 8);
}

export function encodeCursor(field: string, value: SortValue, id: number): string {
  const payload = JSON.stringify([field, value, id]);
  return Buffer.from(`${CURSOR_VERSION}:${cursorCheck(payload)}:${payload}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, order: ResolvedOrder, argName: string): Keyset {
  const invalid = (why: string) => badUserInput(`\`${argName}\` is not a valid cursor for this list (${why}). Use a cursor this list returned.`);
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(cursor)) throw invalid('malformed');
  const bytes = Buffer.from(cursor, 'base64url');
  // Only the canonical encoding is accepted, so no two strings name the same cursor.
  if (bytes.toString('base64url') !== cursor) throw invalid('malformed');
  const match = /^v1:([A-Za-z0-9_-]{8}):(.*)$/s.exec(bytes.toString('utf8'));
  if (!match || cursorCheck(match[2] as string) !== match[1]) throw invalid('malformed or edited');
  let parsed: unknown;
  try {
    parsed = JSON.parse(match[2] as string);
  } catch {
    throw invalid('malformed');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid('malformed');
  const [field, value, id] = parsed as [unknown, unknown, unknown];
  if (field !== order.field) throw invalid(`it was issued for ordering by ${String(field)}, not ${order.field}`);
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw invalid('malformed');
  if (!sortValueFits(value, order.sort)) throw invalid('malformed');
  return { value: value as SortValue, id };
}

function sortValueFits(value: unknown, sort: SortKey): boolean {
  if (value === null) return sort.nullable;
  switch (sort.type) {
    case 'date':
      return typeof value === 'string' && isIsoDate(value);
    case 'text':
      return typeof value === 'string' && value.length <= MAX_CURSOR_TEXT;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
  }
}

/** Checks `first`/`last`/`after`/`before` and turns them into a store page request. */
export function toPageRequest(args: ConnectionArgs, order: ResolvedOrder, idColumn: string): PageRequest {
  const { first, last, after, before } = args;
  if (first != null && last != null) {
    throw badUserInput('Pass either `first` or `last`, not both.');
  }
  for (const [name, value] of [['first', first], ['last', last]] as const) {
    if (value != null && (value < 1 || value > MAX_PAGE_SIZE)) {
      throw badUserInput(`\`${name}\` must be between 1 and ${MAX_PAGE_SIZE}, got ${value}.`);
    }
  }
  return {
    sort: order.sort,
    idColumn,
    direction: order.direction,
    after: after != null ? decodeCursor(after, order, 'after') : null,
    before: before != null ? decodeCursor(before, order, 'before') : null,
    size: first ?? last ?? DEFAULT_PAGE_SIZE,
    fromEnd: last != null,
  };
}

export interface Connection<R> extends ConnectionExtras {
  edges: { cursor: string; node: R }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export function toConnection<R extends { id: number }>(
  page: Page<R>,
  request: PageRequest,
  order: ResolvedOrder,
  totalCount: () => Promise<number>,
): Connection<R> {
  const edges = page.rows.map((row) => new Edge(row, order));
  return {
    edges,
    pageInfo: {
      hasNextPage: request.fromEnd ? request.before !== null : page.hasMore,
      hasPreviousPage: request.fromEnd ? page.hasMore : request.after !== null,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
    totalCount,
  };
}

/**
 * An edge whose cursor is signed only if someone reads it: most queries select `nodes`, or only
 * `pageInfo.endCursor`, and a cursor costs a SHA-256.
 */
class Edge<R extends { id: number }> {
  #cursor: string | undefined;

  constructor(
    readonly node: R,
    private readonly order: ResolvedOrder,
  ) {}

  get cursor(): string {
    this.#cursor ??= encodeCursor(this.order.field, sortValueOf(this.node, this.order.sort), this.node.id);
    return this.#cursor;
  }
}

function sortValueOf(row: object, sort: SortKey): SortValue {
  const value = (row as Record<string, unknown>)[sort.property];
  return value === undefined ? null : (value as SortValue);
}

/** Resolves a root connection: one page of one list, its count run only when asked for. */
export async function resolveConnection<R extends { id: number }>(
  args: ConnectionArgs,
  order: ResolvedOrder,
  idColumn: string,
  fetch: (request: PageRequest) => Promise<Page<R>>,
  count: () => Promise<number>,
): Promise<Connection<R>> {
  const request = toPageRequest(args, order, idColumn);
  return toConnection(await fetch(request), request, order, count);
}

/**
 * Resolves a nested connection for every parent in `parentIds` at once (one SQL statement for the
 * pages, and one for all the counts if any is asked for), in the order of `parentIds`.
 */
export async function resolveConnections<R extends { id: number }>(
  parentIds: readonly number[],
  args: ConnectionArgs,
  order: ResolvedOrder,
  idColumn: string,
  fetch: (request: PageRequest) => Promise<Map<number, Page<R>>>,
  count: () => Promise<Map<number, number>>,
): Promise<Connection<R>[]> {
  const request = toPageRequest(args, order, idColumn);
  const pages = await fetch(request);
  let counts: Promise<Map<number, number>> | undefined;
  const countOf = (id: number) => async () => ((await (counts ??= count())).get(id) ?? 0);
  return parentIds.map((id) => toConnection(pages.get(id) ?? { rows: [], hasMore: false }, request, order, countOf(id)));
}

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list holds, across all pages (counted only when asked for).',
    complexity: 5,
    resolve: (connection) => connection.totalCount(),
  }),
);

/** Everything that defines how one type is listed: its connection type, filter and ordering. */
export interface ListDefinition<FilterInput, Filter> {
  /** The `<Type>Connection` object (from `builder.connectionObject`). */
  connection: ObjectRef<Types, unknown>;
  filterInput: InputObjectRef<Types, FilterInput>;
  toFilter: (input: FilterInput | null | undefined) => Filter;
  order: ReturnType<typeof defineOrder>;
  /** The qualified id column that breaks ties in the ordering (`statement.id`). */
  idColumn: string;
  plural: string;
}

/**
 * Adds a connection named `field` to `parent`, resolved for every parent in a response at once:
 * `fetch` returns a page per parent ID, `count` a total per parent ID.
 */
export function nestedConnection<P extends { id: number }, Row extends { id: number }, FilterInput, Filter>(
  parent: ObjectRef<Types, unknown, P>,
  field: string,
  list: ListDefinition<FilterInput, Filter>,
  options: {
    description: string;
    defaultOrder?: { field: string; direction: SortDirection };
    fetch: (context: Context, ids: readonly number[], filter: Filter, request: PageRequest) => Promise<Map<number, Page<Row>>>;
    count: (context: Context, ids: readonly number[], filter: Filter) => Promise<Map<number, number>>;
  },
): void {
  builder.objectField(parent, field, (t) =>
    t.loadable({
      type: list.connection,
      description: options.description,
      byPath: true,
      args: {
        ...t.arg.connectionArgs(),
        filter: t.arg({ type: list.filterInput, description: `Only ${list.plural} matching this filter.` }),
        orderBy: t.arg({
          type: list.order.input,
          description: 'How to order the list.',
          defaultValue: options.defaultOrder ?? list.order.defaultValue,
        }),
      },
      complexity: connectionComplexity,
      load: (ids: number[], context, rawArgs) => {
        // The generic argument types are beyond TypeScript's inference here; these are their shapes.
        const args = rawArgs as ConnectionArgs & {
          filter?: FilterInput | null;
          orderBy?: { field: string; direction: SortDirection } | null;
        };
        const filter = list.toFilter(args.filter);
        return resolveConnections(
          ids,
          args,
          list.order.resolve(args.orderBy),
          list.idColumn,
          (request) => options.fetch(context, ids, filter, request),
          () => options.count(context, ids, filter),
        ) as never;
      },
      resolve: (row) => row.id,
    }),
  );
}

/** Adds the root connection `Query.<field>` over one type, with its filter and ordering. */
export function rootConnection<Row extends { id: number }, FilterInput, Filter>(
  field: string,
  list: ListDefinition<FilterInput, Filter>,
  options: {
    description: string;
    fetch: (context: Context, filter: Filter, request: PageRequest) => Promise<Page<Row>>;
    count: (context: Context, filter: Filter) => Promise<number>;
    /** Who may list it, beyond the readers every query field admits. */
    authScopes?: { role: Role };
  },
): void {
  builder.queryField(field, (t) =>
    t.field({
      type: list.connection,
      description: options.description,
      ...(options.authScopes ? { authScopes: options.authScopes } : {}),
      args: {
        ...t.arg.connectionArgs(),
        filter: t.arg({ type: list.filterInput, description: `Only ${list.plural} matching this filter.` }),
        orderBy: t.arg({ type: list.order.input, description: 'How to order the list.', defaultValue: list.order.defaultValue }),
      },
      complexity: connectionComplexity,
      resolve: (_root, rawArgs, context) => {
        const args = rawArgs as ConnectionArgs & {
          filter?: FilterInput | null;
          orderBy?: { field: string; direction: SortDirection } | null;
        };
        const filter = list.toFilter(args.filter);
        return resolveConnection(
          args,
          list.order.resolve(args.orderBy),
          list.idColumn,
          (request) => options.fetch(context, filter, request),
          () => options.count(context, filter),
        );
      },
    }),
  );
}
