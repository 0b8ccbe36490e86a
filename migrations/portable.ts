// Helpers that keep migrations portable between SQLite (the embedded default) and PostgreSQL (the
// scale-out path). What dialect-specific DDL many migrations need lives here, named for what it does;
// search (0004, 0006) is the exception, with its own FTS5 branches under `isSqlite`, which a Postgres
// port replaces with its own. Migrations are frozen history: change what these helpers emit only
// together with a new migration.
import { type CreateTableBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** A surrogate key that is never reused after a delete, so a global ID never points at a new row. */
export function withIdColumn<T extends string>(
  db: Kysely<any>,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  if (isSqlite(db)) {
    return table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement());
  }
  return table.addColumn('id', 'integer', (col) => col.primaryKey().generatedByDefaultAsIdentity());
}

/** `created_at` / `updated_at` as ISO-8601 text written by the application (UTC, milliseconds). */
export function withTimestamps<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C | 'created_at' | 'updated_at'> {
  return table
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull());
}

/** A CHECK that a text column holds one of a fixed list of enum values. */
export function checkOneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

/** A CHECK that exactly one of several nullable columns is set (portable: no boolean arithmetic). */
export function checkExactlyOneOf(columns: readonly string[]) {
  const flags = columns.map((column) => sql`(case when ${sql.ref(column)} is null then 0 else 1 end)`);
  return sql`${sql.join(flags, sql` + `)} = 1`;
}
