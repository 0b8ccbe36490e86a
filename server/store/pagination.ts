// Keyset pagination, for one list and for many lists at once.
//
// Every list is ordered by one sort column and then by id, both in the requested direction, with
// NULLs last; a position in that order (a keyset) is the pair (sort value, id). A page is "the next
// `size` rows after a keyset" (or, reading from the end, "the `size` rows before it"), found with a
// WHERE on the pair rather than an OFFSET, so page 1,000 costs what page 1 costs. Nested lists (the
// statements of 50 speakers) are fetched for all parents in one statement: a LIMITed subquery per
// parent under UNION ALL, or for very many parents one scan ranked with ROW_NUMBER() OVER
// (PARTITION BY parent ...). Everything here is portable SQL (row values, NULLS LAST, window
// functions), valid in SQLite and PostgreSQL alike.
import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';

export type SortDirection = 'asc' | 'desc';
export type SortValue = string | number | null;

export interface SortKey {
  /** The qualified column, as the app names it (`statement.saidOn`). */
  column: string;
  /** The row property holding the column's value (`saidOn`). */
  property: string;
  /** What the column holds; cursors are checked against it. */
  type: 'text' | 'date' | 'integer';
  nullable: boolean;
}

export function sortKey(column: string, type: SortKey['type'], nullable = false): SortKey {
  const property = column.slice(column.lastIndexOf('.') + 1);
  return { column, property, type, nullable };
}

/** A position in an ordered list: the sort value and the id of a row. */
export interface Keyset {
  value: SortValue;
  id: number;
}

export interface PageRequest {
  sort: SortKey;
  /** The id column that breaks ties (`statement.id`). */
  idColumn: string;
  direction: SortDirection;
  after: Keyset | null;
  before: Keyset | null;
  size: number;
  /** Take the last `size` rows (Relay's `last`) instead of the first. */
  fromEnd: boolean;
}

export interface Page<R> {
  rows: R[];
  /** Whether rows exist beyond this page in the direction of reading. */
  hasMore: boolean;
}

/** Fetches one page of `query` (already filtered; selecting the rows it returns). */
export async function fetchPage<DB, TB extends keyof DB, R>(
  query: SelectQueryBuilder<DB, TB, R>,
  request: PageRequest,
): Promise<Page<R>> {
  let paged = query;
  for (const condition of keysetConditions(request)) paged = paged.where(condition);
  for (const term of orderTerms(request)) paged = paged.orderBy(orderTermSql(term));
  const rows = await paged.limit(request.size + 1).execute();
  return toPage(rows as R[], request);
}

const PAGE_RANK = 'pageRank';
const PAGE_GROUP = 'pageGroup';

/** Above this many groups, one windowed scan is cheaper than a compound of that many parts. */
const MAX_UNION_GROUPS = 200;

/**
 * Fetches the page of every group (the statements of each speaker in `groupIds`, say) in one SQL
 * statement. `groupColumn` is the qualified column that names the group (`statement.speakerId`).
 * Every requested group is in the result, with an empty page when it has no rows.
 *
 * Each group's page is its own `ORDER BY … LIMIT` subquery, joined with UNION ALL: every part walks
 * its index and stops after `size + 1` rows, so a page costs the same however many rows the group
 * has (ranking every row of a group with a window function grew with the group: 70 ms for a speaker
 * with 14,000 statements, against 0.15 ms). A compound keeps each part's order in SQLite, as an
 * Append does in PostgreSQL (where LATERAL would be the idiomatic form).
 */
export async function fetchGroupedPages<DB, TB extends keyof DB, R>(
  db: Parameters<RawBuilder<unknown>['execute']>[0],
  query: SelectQueryBuilder<DB, TB, R>,
  groupColumn: string,
  groupIds: readonly number[],
  request: PageRequest,
): Promise<Map<number, Page<R>>> {
  const pages = new Map<number, Page<R>>();
  if (groupIds.length === 0) return pages;
  const ids = [...new Set(groupIds)];
  const rows = ids.length > MAX_UNION_GROUPS ? await rankedGroups(db, query, groupColumn, ids, request) : await unionOfGroups(db, query, groupColumn, ids, request);

  const rowsByGroup = new Map<number, R[]>();
  for (const { pageGroup, ...row } of rows) {
    const groupRows = rowsByGroup.get(Number(pageGroup)) ?? [];
    groupRows.push(row as R);
    rowsByGroup.set(Number(pageGroup), groupRows);
  }
  for (const id of groupIds) pages.set(id, toPage(rowsByGroup.get(id) ?? [], request));
  return pages;
}

type GroupedRow<R> = R & { pageGroup: number };

async function unionOfGroups<DB, TB extends keyof DB, R>(
  db: Parameters<RawBuilder<unknown>['execute']>[0],
  query: SelectQueryBuilder<DB, TB, R>,
  groupColumn: string,
  groupIds: readonly number[],
  request: PageRequest,
): Promise<GroupedRow<R>[]> {
  const group = sql.ref(groupColumn);
  let paged = query;
  for (const condition of keysetConditions(request)) paged = paged.where(condition);
  for (const term of orderTerms(request)) paged = paged.orderBy(orderTermSql(term));
  const parts = groupIds.map((id) => {
    const part = paged
      .where(sql<SqlBool>`${group} = ${id}`)
      .select(sql<number>`${group}`.as(PAGE_GROUP))
      .limit(request.size + 1);
    return sql`select * from (${part})`;
  });
  return (await sql<GroupedRow<R>>`${sql.join(parts, sql` union all `)}`.execute(db)).rows;
}

/** Every group in one scan, ranked with ROW_NUMBER: for requests with very many parents. */
async function rankedGroups<DB, TB extends keyof DB, R>(
  db: Parameters<RawBuilder<unknown>['execute']>[0],
  query: SelectQueryBuilder<DB, TB, R>,
  groupColumn: string,
  groupIds: readonly number[],
  request: PageRequest,
): Promise<GroupedRow<R>[]> {
  const group = sql.ref(groupColumn);
  let ranked = query.where(sql<SqlBool>`${group} in (${sql.join([...groupIds])})`);
  for (const condition of keysetConditions(request)) ranked = ranked.where(condition);
  const window = sql.join(orderTerms(request).map(orderTermSql));
  const withRank = ranked.select([
    sql<number>`row_number() over (partition by ${group} order by ${window})`.as(PAGE_RANK),
    sql<number>`${group}`.as(PAGE_GROUP),
  ]);
  const result = await sql<GroupedRow<R> & { pageRank: number }>`
    select * from (${withRank}) as ${sql.ref('ranked')}
    where ${sql.ref(PAGE_RANK)} <= ${request.size + 1}
    order by ${sql.ref(PAGE_GROUP)}, ${sql.ref(PAGE_RANK)}`.execute(db);
  return result.rows.map(({ pageRank: _rank, ...row }) => row as GroupedRow<R>);
}

/** Counts the rows of `query` (already filtered). */
export async function countRows<DB, TB extends keyof DB, R>(query: SelectQueryBuilder<DB, TB, R>): Promise<number> {
  const rows = (await query.clearSelect().select(sql<number>`count(*)`.as('count')).execute()) as unknown as {
    count: number;
  }[];
  return Number(rows[0]?.count ?? 0);
}

/** Counts the rows of `query` per group, for every group in `groupIds` (0 when it has none). */
export async function countGroupedRows<DB, TB extends keyof DB, R>(
  query: SelectQueryBuilder<DB, TB, R>,
  groupColumn: string,
  groupIds: readonly number[],
): Promise<Map<number, number>> {
  const counts = new Map<number, number>(groupIds.map((id) => [id, 0]));
  if (groupIds.length === 0) return counts;
  const group = sql.ref(groupColumn);
  const rows = (await query
    .clearSelect()
    .select([sql<number>`${group}`.as(PAGE_GROUP), sql<number>`count(*)`.as('count')])
    .where(sql<SqlBool>`${group} in (${sql.join([...groupIds])})`)
    .groupBy(group)
    .execute()) as unknown as { pageGroup: number; count: number }[];
  for (const row of rows) counts.set(Number(row.pageGroup), Number(row.count));
  return counts;
}

/**
 * The page out of `size + 1` fetched rows: the extra row only says there are more. Reading from the
 * end fetched the rows in reverse; a page is always in list order.
 */
export function toPage<R>(rows: R[], request: Pick<PageRequest, 'size' | 'fromEnd'>): Page<R> {
  const hasMore = rows.length > request.size;
  const page = hasMore ? rows.slice(0, request.size) : rows;
  return { rows: request.fromEnd ? page.reverse() : page, hasMore };
}

interface OrderTerm {
  expression: RawBuilder<unknown>;
  direction: SortDirection;
  nulls: 'first' | 'last' | null;
}

/** ORDER BY terms in the direction of reading (reversed, NULLs first, when reading from the end). */
function orderTerms({ sort, idColumn, direction, fromEnd }: PageRequest): OrderTerm[] {
  const reading: SortDirection = fromEnd ? flip(direction) : direction;
  const terms: OrderTerm[] = [];
  if (sort.column !== idColumn) {
    const nulls = sort.nullable ? (fromEnd ? 'first' : 'last') : null;
    terms.push({ expression: sql`${sql.ref(sort.column)}`, direction: reading, nulls });
  }
  terms.push({ expression: sql`${sql.ref(idColumn)}`, direction: reading, nulls: null });
  return terms;
}

function orderTermSql({ expression, direction, nulls }: OrderTerm): RawBuilder<unknown> {
  return sql`${expression} ${sql.raw(direction)}${sql.raw(nulls ? ` nulls ${nulls}` : '')}`;
}

function flip(direction: SortDirection): SortDirection {
  return direction === 'asc' ? 'desc' : 'asc';
}

function keysetConditions(request: PageRequest): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [];
  if (request.after) conditions.push(beyond(request, request.after, 'after'));
  if (request.before) conditions.push(beyond(request, request.before, 'before'));
  return conditions;
}

/** Rows strictly after (or before) `keyset` in list order: (sort, id) direction-aware, NULLs last. */
function beyond({ sort, idColumn, direction }: PageRequest, keyset: Keyset, side: 'after' | 'before'): RawBuilder<SqlBool> {
  const greater = (direction === 'asc') === (side === 'after');
  const op = sql.raw(greater ? '>' : '<');
  const column = sql.ref(sort.column);
  const id = sql.ref(idColumn);
  if (sort.column === idColumn) return sql<SqlBool>`${id} ${op} ${keyset.id}`;
  if (!sort.nullable) return sql<SqlBool>`(${column}, ${id}) ${op} (${keyset.value}, ${keyset.id})`;
  // NULLs sort after every value, in both directions.
  if (keyset.value === null) {
    return side === 'after'
      ? sql<SqlBool>`(${column} is null and ${id} ${op} ${keyset.id})`
      : sql<SqlBool>`(${column} is not null or ${id} ${op} ${keyset.id})`;
  }
  const tiesOrBeyond = sql<SqlBool>`(${column} ${op} ${keyset.value} or (${column} = ${keyset.value} and ${id} ${op} ${keyset.id}))`;
  return side === 'after' ? sql<SqlBool>`(${tiesOrBeyond} or ${column} is null)` : tiesOrBeyond;
}
