// The raw better-sqlite3 handle the benchmark uses where Kysely would only get in the way: bulk
// inserts in the generator and the hand-written SQL of the raw ceiling. The app never sees it; the
// store stays the only way the server touches the database.
import SQLite from 'better-sqlite3';

export type RawDatabase = SQLite.Database;

/** Opens a SQLite file with the pragmas server/store/database.ts sets, so both sides run alike. */
export function openRawDatabase(filename: string, options: { readonly?: boolean } = {}): RawDatabase {
  const sqlite = new SQLite(filename, { readonly: options.readonly ?? false });
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}
