// Opens the store. The embedded default is a SQLite file (WAL, foreign keys on, busy timeout set);
// this is the only module that knows which dialect is in use. A Postgres dialect plugs in here.
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statfsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type PluginTransformResultArgs,
  type QueryResult,
  type SqliteDatabase,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  sql,
  type SqliteStatement,
  type TransactionSettings,
  type UnknownRow,
} from 'kysely';
import { beforeStatement } from './budget.js';
import { registerStorage, type StorageFaultKind, StorageMonitor, type StorageProbe } from './health.js';
import type { Database } from './tables.js';

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** Called with the SQL text of every statement the store runs (tests count them). */
  onQuery?: (sql: string) => void;
  /** Told what opening the store did that an operator should know (a directory created, say). */
  onNotice?: (message: string) => void;
}

/** How long a write waits for another writer (another process, say) before giving up as busy. */
export const BUSY_TIMEOUT_MS = 5000;
/**
 * How long SQLite itself waits for a lock inside one statement. Its wait blocks the thread, and so
 * the event loop (and /health); so it is kept short, and a transaction waits for the write lock in
 * the driver instead, BUSY_RETRY_MS at a time with the loop free in between, up to BUSY_TIMEOUT_MS.
 */
const STATEMENT_BUSY_TIMEOUT_MS = 50;
const BUSY_RETRY_MS = 25;

/** The store cannot be opened as it is (not a database, an empty file, …); the message names the file. */
export class StoreOpenError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
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
  const sqlite = openSqlite(location.filename, options.onNotice);
  const naming = new SnakeCaseIdentifiers();
  const monitor = new StorageMonitor(sqliteProbe(sqlite, location.filename));
  const onError = (error: unknown) => {
    const kind = storageFaultKind(error);
    if (kind) monitor.recordFault(kind, errorMessage(error));
  };
  const db = new Kysely<Database>({
    dialect: new StoreSqliteDialect(sqlite, withStatementCache(sqlite, (column) => naming.columnKey(column), onError), () => monitor.recordCommit()),
    plugins: [naming],
    log: options.onQuery
      ? (event) => {
          if (event.level === 'query') options.onQuery?.(event.query.sql);
        }
      : undefined,
  });
  registerStorage(db, monitor);
  return db;
}

/**
 * Kysely's SQLite dialect, corrected where SQLite differs from what Kysely assumes:
 * - SQLite has transactional DDL, but Kysely's adapter says it has not, so its Migrator would run
 *   migrations outside any transaction and a crash could leave one half-applied. With this it runs
 *   every pending migration in one transaction. (PostgreSQL's adapter already says yes: the Migrator
 *   code path is the same for both.)
 * - Transactions begin IMMEDIATE, and are not rolled back twice; statements are paced (see
 *   StoreSqliteDriver).
 */
class StoreSqliteDialect extends SqliteDialect {
  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly database: SqliteDatabase,
    private readonly onCommit: () => void,
  ) {
    super({ database });
  }

  override createDriver(): Driver {
    return new StoreSqliteDriver(this.sqlite, this.database, this.onCommit);
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlAdapter();
  }
}

class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * A deferred BEGIN starts as a reader; its first write then has to upgrade to the write lock, and
 * if another connection holds it SQLite fails at once with SQLITE_BUSY (waiting could deadlock), so
 * the busy timeout never applies. BEGIN IMMEDIATE takes the write lock up front and waits for it.
 * Transactions declared read-only stay deferred.
 *
 * Rolling back a transaction SQLite has already rolled back itself (after SQLITE_FULL, SQLITE_IOERR
 * or SQLITE_BUSY, say) fails with "cannot rollback - no transaction is active", and Kysely would throw
 * that instead of the error that caused it; so ROLLBACK is only sent while a transaction is open.
 * A commit tells the storage monitor that writing works (again).
 *
 * SQLite runs each statement on the event loop; before each one, the request's time budget is
 * checked and, after a long enough run of statements, the loop gets a turn for other requests' I/O
 * (server/store/budget.ts). That has to happen here, right before the statement: requests queued
 * behind the connection run their statements from microtasks, never letting the loop in between.
 */
class StoreSqliteDriver extends SqliteDriver {
  readonly #paced = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(
    private readonly sqlite: SQLite.Database,
    database: SqliteDatabase,
    private readonly onCommit: () => void,
  ) {
    super({ database });
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    let paced = this.#paced.get(connection);
    if (!paced) {
      paced = {
        executeQuery: async (query) => {
          const wait = beforeStatement();
          if (wait) await wait;
          return connection.executeQuery(query);
        },
        streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
      };
      this.#paced.set(connection, paced);
    }
    return paced;
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection);
    this.onCommit();
  }

  // Kysely's SqliteDriver declares beginTransaction without settings; the runtime passes them.
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    const begin = CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin deferred' : 'begin immediate');
    const giveUpAt = performance.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      try {
        await connection.executeQuery(begin);
        return;
      } catch (error) {
        if (!isStoreBusy(error) || performance.now() >= giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
      }
    }
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.sqlite.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
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
function withStatementCache(sqlite: SQLite.Database, columnKey: (column: string) => string, onError: (error: unknown) => void): SqliteDatabase {
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
      const statement = new RowStatement(observed(() => sqlite.prepare(text), onError), columnKey, onError);
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

/**
 * A prepared statement whose rows come back as objects keyed by camelCase column names. better-sqlite3
 * reads them as arrays (raw mode, about half the cost of its own objects) and the keys are worked out
 * once per statement rather than once per row. Every failure is shown to `onError` on its way out,
 * so the storage monitor sees a full disk or a damaged page whichever query meets it.
 */
class RowStatement implements SqliteStatement {
  readonly reader: boolean;
  readonly #statement: SQLite.Statement;
  readonly #keys: readonly string[];
  readonly #onError: (error: unknown) => void;

  constructor(statement: SQLite.Statement, columnKey: (column: string) => string, onError: (error: unknown) => void) {
    this.#statement = statement;
    this.#onError = onError;
    this.reader = statement.reader;
    this.#keys = statement.reader ? statement.columns().map((column) => columnKey(column.name)) : [];
    if (statement.reader) statement.raw(true);
  }

  get busy(): boolean {
    return this.#statement.busy;
  }

  all(parameters: readonly unknown[]): unknown[] {
    let rows: unknown[][];
    try {
      rows = this.#statement.all(parameters) as unknown[][];
    } catch (error) {
      this.#onError(error);
      throw error;
    }
    const objects = new Array<UnknownRow>(rows.length);
    for (let index = 0; index < rows.length; index++) objects[index] = this.#row(rows[index] as unknown[]);
    return objects;
  }

  run(parameters: readonly unknown[]) {
    try {
      return this.#statement.run(parameters);
    } catch (error) {
      this.#onError(error);
      throw error;
    }
  }

  *iterate(parameters: readonly unknown[]): IterableIterator<UnknownRow> {
    try {
      for (const values of this.#statement.iterate(parameters)) yield this.#row(values as unknown[]);
    } catch (error) {
      this.#onError(error);
      throw error;
    }
  }

  #row(values: unknown[]): UnknownRow {
    const keys = this.#keys;
    const row: UnknownRow = {};
    // Later columns win, as in better-sqlite3's own objects (`select a.*, b.id`).
    for (let index = 0; index < keys.length; index++) row[keys[index] as string] = values[index];
    return row;
  }
}

/** Runs `run`, telling `onError` about anything it throws (and throwing it on). */
function observed<T>(run: () => T, onError: (error: unknown) => void): T {
  try {
    return run();
  } catch (error) {
    onError(error);
    throw error;
  }
}

function openSqlite(filename: string, onNotice: (message: string) => void = () => {}): SQLite.Database {
  if (filename !== ':memory:') checkStoreFile(filename, onNotice);
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(filename);
    // SQLite-only tuning: WAL lets readers run beside the writer; NORMAL sync is safe under WAL.
    if (filename !== ':memory:') sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${STATEMENT_BUSY_TIMEOUT_MS}`);
    return sqlite;
  } catch (error) {
    sqlite?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreOpenError(`cannot open the store ${resolve(filename)}: ${reason}`, { cause: error });
  }
}

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Refuses a file SQLite would otherwise quietly take over: it treats an empty file as a new database
 * (and writes a fresh schema into it), and only finds out at the first query that some other file is
 * not a database at all. A missing file is a first start; its directory is created, and said so.
 */
function checkStoreFile(filename: string, onNotice: (message: string) => void): void {
  const path = resolve(filename);
  if (!existsSync(path)) {
    const created = mkdirSync(dirname(path), { recursive: true });
    if (created) onNotice(`created the directory ${created} for the store`);
    onNotice(`creating a new store at ${path}`);
    return;
  }
  const stat = statSync(path);
  if (!stat.isFile()) throw new StoreOpenError(`the store ${path} is not a file`);
  if (stat.size === 0) {
    throw new StoreOpenError(`the store ${path} is an empty file (0 bytes), not a database; restore it from a backup, or remove it to start afresh`);
  }
  if (readHeader(path) !== SQLITE_HEADER) {
    throw new StoreOpenError(`the store ${path} is not a SQLite database (its header is wrong); check DATABASE_URL, or restore the file from a backup`);
  }
}

function readHeader(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    return header.subarray(0, read).toString('latin1');
  } finally {
    closeSync(fd);
  }
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

function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = sqliteCode(error);
  return code ? `${message} (${code})` : message;
}

/**
 * True when a statement failed because another connection held the lock past the busy timeout: a
 * retryable condition, not a fault. A Postgres port maps SQLSTATE 55P03 (lock_not_available) and
 * 40001 (serialization_failure) here.
 */
export function isStoreBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== null && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Which storage fault an error is, if it is one (the extended codes, SQLITE_IOERR_WRITE say, included). */
export function storageFaultKind(error: unknown): StorageFaultKind | null {
  const code = sqliteCode(error);
  if (code === null) return null;
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read_only';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'damaged';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'io';
  return null;
}

/** Writes need this much free space on the volume to be sure of room for the WAL and new pages. */
const MIN_FREE_BYTES = 1024 * 1024;
/** Pages still allowed under max_page_count below which the store counts as full. */
const MIN_FREE_PAGES = 16;

/** The SQLite checks /health and start-up run: none writes, all but `damage` are cheap. */
function sqliteProbe(sqlite: SQLite.Database, filename: string): StorageProbe {
  const path = filename === ':memory:' ? null : resolve(filename);
  const pragma = (name: string) => Number(sqlite.pragma(name, { simple: true }));
  return {
    async ping() {
      sqlite.prepare('select 1').get();
    },
    problems() {
      const problems: string[] = [];
      if (pragma('query_only') === 1) problems.push('read-only: the connection is query-only');
      if (path && !writable(path)) problems.push('read-only: the store file cannot be written');
      const pagesLeft = pragma('max_page_count') - pragma('page_count') + pragma('freelist_count');
      if (pagesLeft < MIN_FREE_PAGES) problems.push(`disk full: the store is at its page limit (${pagesLeft} page(s) left)`);
      const free = path ? freeBytes(dirname(path)) : null;
      if (free !== null && free < MIN_FREE_BYTES) problems.push(`disk full: ${free} bytes free on the store's volume`);
      return problems;
    },
    damage() {
      // quick_check reads every page but skips the index-versus-table comparison integrity_check
      // makes; (1) stops at the first problem.
      const result = String(sqlite.pragma('quick_check(1)', { simple: true }));
      return result === 'ok' ? null : result;
    },
  };
}

/** access(2) sees a read-only mount and file modes (though root may write a file whatever its mode). */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function freeBytes(directory: string): number | null {
  try {
    const stats = statfsSync(directory);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

/** A column that references another table: where a merge has to move references from. */
export interface ForeignKeyReference {
  /** The referencing table and column, as SQL names them (snake_case). */
  table: string;
  column: string;
  /**
   * The other columns of every unique constraint (primary key included) the column is part of: two
   * rows equal on these and on the column cannot both exist.
   */
  uniqueWith: string[][];
}

/**
 * Every single-column foreign key to `table`, read from the live schema, so a table added later is
 * included without anyone listing it. Dialect-specific: SQLite's pragmas here; a Postgres port reads
 * information_schema (referential_constraints, key_column_usage, table_constraints) instead.
 */
export async function findForeignKeysTo(db: Kysely<Database>, table: string): Promise<ForeignKeyReference[]> {
  const raw = db.withoutPlugins();
  const { rows: keys } = await sql<{ table: string; column: string }>`
    select t.name as "table", f."from" as "column"
    from pragma_table_list as t, pragma_foreign_key_list(t.name) as f
    where t.schema = 'main' and t.type = 'table' and f."table" = ${table}
      and not exists (select 1 from pragma_foreign_key_list(t.name) as g where g.id = f.id and g.seq > 0)
    order by t.name, f."from"
  `.execute(raw);
  const references: ForeignKeyReference[] = [];
  for (const key of keys) references.push({ ...key, uniqueWith: await uniqueKeysWith(raw, key.table, key.column) });
  return references;
}

/** The other columns of each full (not partial, not expression) unique index on `table` that has `column`. */
async function uniqueKeysWith(raw: Kysely<Database>, table: string, column: string): Promise<string[][]> {
  const { rows } = await sql<{ index: string; column: string | null }>`
    select l.name as "index", i.name as "column"
    from pragma_index_list(${table}) as l, pragma_index_info(l.name) as i
    where l."unique" = 1 and l.partial = 0
    order by l.name, i.seqno
  `.execute(raw);
  const indexes = new Map<string, (string | null)[]>();
  for (const row of rows) indexes.set(row.index, [...(indexes.get(row.index) ?? []), row.column]);
  return [...indexes.values()]
    .filter((columns) => columns.includes(column) && !columns.includes(null))
    .map((columns) => columns.filter((other): other is string => other !== null && other !== column));
}
