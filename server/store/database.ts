// Opens the store. The embedded default is a SQLite file (WAL, foreign keys on, busy timeout set);
// this is the only module that knows which dialect is in use. A Postgres dialect plugs in here.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, type PluginTransformResultArgs, type QueryResult, type SqliteDatabase, type SqliteStatement, SqliteDialect, type UnknownRow } from 'kysely';
import { BudgetPlugin } from './budget.js';
import type { Database } from './tables.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** Called with the SQL text of every statement the store runs (tests count them). */
  onQuery?: (sql: string) => void;
}

export type DatabaseLocation = { dialect: 'sqlite'; filename: string };

/**
 * Reads `DATABASE_URL`: `:memory:`, a file path, `file:<path>` or `sqlite:<path>`. Anything else
 * (a `postgres://` URL, say) is rejected with a message rather than misread as a file name.
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const trimmed = url.trim();
  if (trimmed === '') throw new Error('DATABASE_URL is empty');
  if (trimmed === ':memory:') return { dialect: 'sqlite', filename: ':memory:' };
  const match = /^(file|sqlite):(?:\/\/)?(.+)$/.exec(trimmed);
  if (match?.[2]) return { dialect: 'sqlite', filename: match[2] };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1];
  if (scheme) {
    // Name the scheme only: the rest of a URL may hold a password.
    throw new Error(`DATABASE_URL uses "${scheme}:", a store this build does not support yet (only SQLite)`);
  }
  return { dialect: 'sqlite', filename: trimmed };
}

export function openDatabase(url: string, options: DatabaseOptions = {}): Db {
  const location = parseDatabaseUrl(url);
  const sqlite = openSqlite(location.filename);
  const naming = new SnakeCaseIdentifiers();
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite, (column) => naming.columnKey(column)) }),
    // The budget plugin goes first: it checks the request's deadline before any other work.
    plugins: [new BudgetPlugin(), naming],
    log: options.onQuery
      ? (event) => {
          if (event.level === 'query') options.onQuery?.(event.query.sql);
        }
      : undefined,
  });
}

/**
 * Kysely's CamelCasePlugin, writing snake_case identifiers into SQL as before, but leaving result rows
 * alone: the driver below already builds them with camelCase keys. (The plugin would copy every row,
 * key by key, a second time; on a page of statements that cost as much as the query.)
 */
class SnakeCaseIdentifiers extends CamelCasePlugin {
  override transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }

  /** The result key for a column name, as the plugin would map it. */
  columnKey(column: string): string {
    return this.camelCase(column);
  }
}

/** How many prepared statements to keep per connection (the app issues a few hundred distinct ones). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs about as much as running a
 * small indexed query. This keeps the most recently used statements per SQL text (least recently
 * used go first). A statement still being iterated is busy and is not handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database, columnKey: (column: string) => string): SqliteDatabase {
  const cache = new Map<string, RowStatement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = new RowStatement(sqlite.prepare(text), columnKey);
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

/**
 * A prepared statement whose rows come back as objects keyed by camelCase column names. better-sqlite3
 * reads them as arrays (raw mode, about half the cost of its own objects) and the keys are worked out
 * once per statement rather than once per row.
 */
class RowStatement implements SqliteStatement {
  readonly reader: boolean;
  readonly #statement: SQLite.Statement;
  readonly #keys: readonly string[];

  constructor(statement: SQLite.Statement, columnKey: (column: string) => string) {
    this.#statement = statement;
    this.reader = statement.reader;
    this.#keys = statement.reader ? statement.columns().map((column) => columnKey(column.name)) : [];
    if (statement.reader) statement.raw(true);
  }

  get busy(): boolean {
    return this.#statement.busy;
  }

  all(parameters: readonly unknown[]): unknown[] {
    const rows = this.#statement.all(parameters) as unknown[][];
    const objects = new Array<UnknownRow>(rows.length);
    for (let index = 0; index < rows.length; index++) objects[index] = this.#row(rows[index] as unknown[]);
    return objects;
  }

  run(parameters: readonly unknown[]) {
    return this.#statement.run(parameters);
  }

  *iterate(parameters: readonly unknown[]): IterableIterator<UnknownRow> {
    for (const values of this.#statement.iterate(parameters)) yield this.#row(values as unknown[]);
  }

  #row(values: unknown[]): UnknownRow {
    const keys = this.#keys;
    const row: UnknownRow = {};
    // Later columns win, as in better-sqlite3's own objects (`select a.*, b.id`).
    for (let index = 0; index < keys.length; index++) row[keys[index] as string] = values[index];
    return row;
  }
}

function openSqlite(filename: string): SQLite.Database {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const sqlite = new SQLite(filename);
  // SQLite-only tuning: WAL lets readers run beside the writer; NORMAL sync is safe under WAL.
  if (filename !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export type ConstraintKind = 'unique' | 'foreign_key' | 'check' | 'not_null';

/**
 * Which kind of constraint a failed write broke, if that is what failed. Dialect-specific: SQLite
 * reports it in the error code; a Postgres port maps SQLSTATE 23505/23503/23514/23502 here.
 */
export function constraintViolation(error: unknown): ConstraintKind | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const kinds: Record<string, ConstraintKind> = {
    SQLITE_CONSTRAINT_UNIQUE: 'unique',
    SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
    SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
    SQLITE_CONSTRAINT_CHECK: 'check',
    SQLITE_CONSTRAINT_NOTNULL: 'not_null',
  };
  return kinds[code] ?? null;
}
