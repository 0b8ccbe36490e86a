// Runs the migrations in migrations/ through Kysely's Migrator, from the static index.
import { type MigrationResultSet, Migrator, NO_MIGRATIONS } from 'kysely';
import { migrations } from '../../migrations/index.js';
import type { Db } from './database.js';

function migratorFor(db: Db): Migrator {
  // Migrations speak snake_case SQL themselves, so they run without the app's plugins.
  return new Migrator({
    db: db.withoutPlugins(),
    provider: { getMigrations: async () => migrations },
  });
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    const where = failed ? ` (in ${failed.migrationName})` : '';
    throw new Error(`migration failed${where}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).map((result) => `${result.direction === 'Up' ? 'applied' : 'reverted'} ${result.migrationName}`);
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateToLatest());
}

export async function migrateDown(db: Db): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateDown());
}

export async function migrateToNothing(db: Db): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateTo(NO_MIGRATIONS));
}

export interface MigrationState {
  name: string;
  executedAt: Date | null;
}

export async function listMigrations(db: Db): Promise<MigrationState[]> {
  const all = await migratorFor(db).getMigrations();
  return all.map((migration) => ({ name: migration.name, executedAt: migration.executedAt ?? null }));
}

/** Applies (or reverts) migrations until `name` is the last one applied. */
export async function migrateTo(db: Db, name: string): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateTo(name));
}
