// Filter building blocks shared by the aggregates: date ranges, "any of" lists, name matching.
import { type Expression, type SqlBool, sql } from 'kysely';

/** An inclusive range of ISO dates; either end may be open. */
export interface DateRange {
  from?: string | null;
  to?: string | null;
}

/** Conditions for `column` within `range` (none when the range is absent or open at both ends). */
export function withinDates(column: string, range: DateRange | null | undefined): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (range?.from) conditions.push(sql<SqlBool>`${sql.ref(column)} >= ${range.from}`);
  if (range?.to) conditions.push(sql<SqlBool>`${sql.ref(column)} <= ${range.to}`);
  return conditions;
}

/** `column in (values)`, or no condition when `values` is absent. */
export function anyOf(column: string, values: readonly (string | number)[] | null | undefined): Expression<SqlBool>[] {
  if (!values) return [];
  if (values.length === 0) return [sql<SqlBool>`1 = 0`];
  return [sql<SqlBool>`${sql.ref(column)} in (${sql.join([...values])})`];
}

/** A LIKE pattern matching `text` anywhere, with the LIKE wildcards in it escaped. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Case-insensitive substring match, written the same way for SQLite and PostgreSQL. */
export function containsText(column: string, text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${containsPattern(text)} escape '\\'`;
}

/**
 * Rows that some row of the link table `table` ties, through `foreignKey` = `parentId`, to any of
 * `values` in `column` (an article mentioning any of these actors, a measure reaching any of these
 * sectors); no condition when `values` is absent.
 */
export function linkedToAnyOf(
  table: string,
  foreignKey: string,
  parentId: string,
  column: string,
  values: readonly (string | number)[] | null | undefined,
): Expression<SqlBool>[] {
  if (!values) return [];
  if (values.length === 0) return [sql<SqlBool>`1 = 0`];
  return [
    sql<SqlBool>`exists (select 1 from ${sql.table(table)} as link where link.${sql.ref(foreignKey)} = ${sql.ref(parentId)} and link.${sql.ref(column)} in (${sql.join([...values])}))`,
  ];
}
