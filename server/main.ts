// The command line: `serve` (the default), `migrate [latest|down|reset|status]`, `seed`, `keys`,
// `import` (plain-text articles, or NDJSON with --format ndjson) and `export`.
// Reads the configuration, opens the store and does one job; errors print a message, not a stack.
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadSeeds } from '../seeds/load.js';
import { createApp, GRAPHQL_PATH } from './app.js';
import { KEYS_USAGE, KeysUsageError, runKeys } from './auth/keys-cli.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { BulkUsageError, EXPORT_USAGE, IMPORT_USAGE, runExport, runImport } from './ingest/bulk-cli.js';
import { cliAuthor, ImportUsageError, runTextImport, TEXT_IMPORT_USAGE } from './ingest/import-cli.js';
import { QUERY_USAGE, QueryUsageError, runQueryCommand } from './saved-queries/cli.js';
import { loadSavedQuerySeeds } from './saved-queries/seed.js';
import { revalidateSavedQueries } from './saved-queries/service.js';
import { schema } from '../schema/index.js';
import { openDatabase, parseDatabaseUrl } from './store/database.js';
import { createStore, type Store } from './store/index.js';
import { listMigrations, migrateDown, migrateToLatest, migrateToNothing } from './store/migrate.js';

const USAGE = `Usage: node --import tsx server/main.ts <command>

Commands:
  serve                  Start the GraphQL server (default). Migrates and seeds an empty store first.
  migrate [latest]       Apply every pending migration.
  migrate down           Revert the most recent migration.
  migrate reset          Revert every migration (drops all data).
  migrate status         List migrations and whether each has run.
  seed                   Load the seed documents in seeds/ (idempotent; rows editors changed and deleted
                         saved queries are kept as they are).
  ${KEYS_USAGE.replace(/\n/g, '\n  ')}
                         Create (prints the key once), list or revoke API keys.
  ${TEXT_IMPORT_USAGE}
                         Import plain-text articles; their statements are extracted, PENDING review.
  ${IMPORT_USAGE}
                         Load NDJSON records (the export format) in batches; idempotent.
  ${EXPORT_USAGE}
                         Write the whole graph as NDJSON (stdout unless --output).
  ${QUERY_USAGE.replace(/\n/g, '\n  ')}
                         List, show, run (JSON or CSV), save, delete, restore or re-check saved queries.

Configuration is read from environment variables; see README.md.`;

async function main(args: string[]): Promise<void> {
  const [command = 'serve', ...rest] = args;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate':
      return withStore(config, (store) => migrate(store, rest[0] ?? 'latest', config));
    case 'seed':
      return withMigratedStore(config, (store) => seed(store, config));
    case 'keys':
      return withMigratedStore(config, (store) => runKeys(store, rest));
    case 'import':
      return withMigratedStore(config, (store) => (isNdjson(rest) ? runImport(store.db, rest) : runTextImport(store.db, rest)));
    case 'export':
      return withMigratedStore(config, (store) => runExport(store.db, rest));
    case 'query':
      return withMigratedStore(config, (store) =>
        runQueryCommand(
          { store, schema, limits: config.limits, maxRows: config.savedQueryMaxRows, viewer: { kind: 'system', name: cliAuthor().name } },
          rest,
        ),
      );
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

function isNdjson(args: string[]): boolean {
  const at = args.indexOf('--format');
  return args.includes('--format=ndjson') || (at !== -1 && args[at + 1] === 'ndjson');
}

/** Mistakes on the command line: print the message (and the usage), not a stack. */
const USAGE_ERRORS = [UsageError, KeysUsageError, ImportUsageError, BulkUsageError, QueryUsageError];

/** Opens the store named by DATABASE_URL, saying what an operator should know (a directory created). */
function openStore(config: Config): Store {
  return createStore(openDatabase(config.databaseUrl, { onNotice: (message) => console.warn(`stancegraph: ${message}`) }));
}

async function withStore(config: Config, job: (store: Store) => Promise<void>): Promise<void> {
  const store = openStore(config);
  try {
    await job(store);
  } finally {
    await store.close();
  }
}

/** Like withStore, but brings the schema up to date first (when AUTO_MIGRATE allows), quietly. */
async function withMigratedStore(config: Config, job: (store: Store) => Promise<void>): Promise<void> {
  return withStore(config, async (store) => {
    if (config.autoMigrate) await migrateToLatest(store.db);
    else if ((await listMigrations(store.db)).some((migration) => !migration.executedAt)) {
      throw new Error('the store has pending migrations and AUTO_MIGRATE is off: run `npm run migrate` first');
    }
    await job(store);
  });
}

async function migrate(store: Store, direction: string, config: Config): Promise<void> {
  const run = { latest: migrateToLatest, down: migrateDown, reset: migrateToNothing }[direction];
  if (direction === 'status') {
    for (const migration of await listMigrations(store.db)) {
      console.log(`${migration.executedAt ? 'applied' : 'pending'}  ${migration.name}`);
    }
    return;
  }
  if (!run) throw new UsageError(`unknown migrate direction "${direction}" (use latest, down, reset or status)`);
  const done = await run(store.db);
  console.log(done.length > 0 ? done.join('\n') : 'nothing to do: the store is already there');
  if (done.length > 0) await recheckSavedQueries(store, config);
}

const SAVED_QUERY_MIGRATIONS = ['0003_saved_queries', '0005_saved_query_deletion'];

/** After the schema or the store changed: mark the saved queries that no longer fit as BROKEN, and say so. */
async function recheckSavedQueries(store: Store, config: Config): Promise<void> {
  const applied = new Set((await listMigrations(store.db)).filter((migration) => migration.executedAt).map((migration) => migration.name));
  // The saved-query store reads the columns of both (after `migrate down` past 0005 it cannot).
  if (!SAVED_QUERY_MIGRATIONS.every((name) => applied.has(name))) return;
  const result = await revalidateSavedQueries(store, schema, config.limits);
  for (const broken of result.broken) console.warn(`saved query "${broken.name}" is BROKEN: ${broken.reason}`);
  for (const name of result.repaired) console.log(`saved query "${name}" works again`);
}

/**
 * Says at start-up, naming the file, when the store is damaged. The server still starts (what can be
 * read is served) but /health reports it degraded, so a load balancer or an operator sees it.
 */
function checkIntegrity(store: Store, config: Config): void {
  const started = performance.now();
  const damage = store.checkIntegrity();
  const ms = Math.round(performance.now() - started);
  if (damage) {
    console.error(
      `stancegraph: the store ${resolve(parseDatabaseUrl(config.databaseUrl).filename)} is damaged (${damage}); ` +
        'serving what can still be read, /health reports it degraded. Restore it from a backup or export what is readable.',
    );
  } else if (ms > 1000) {
    console.log(`checked the store's integrity in ${ms} ms`);
  }
}

async function seed(store: Store, config: Config): Promise<void> {
  const summary = await loadSeeds(store.db);
  const queries = await loadSavedQuerySeeds(store, schema, config.limits);
  const changes = Object.entries(summary.changes).map(
    ([table, { inserted, updated, deleted }]) => `  ${table}: ${inserted} inserted, ${updated} updated, ${deleted} deleted`,
  );
  console.log(`seeded ${summary.documents.length} document(s): ${summary.documents.join(', ')}`);
  console.log(changes.length > 0 ? changes.join('\n') : '  no changes: the store already matches the seeds');
  // Rows editors changed are theirs: say which the seed left alone, and whose they are.
  for (const { table, key, edit } of summary.kept) {
    console.log(`  ${table} ${key}: kept, edited by ${edit.by} on ${edit.at.slice(0, 10)} (${edit.operation})`);
  }
  console.log(queries.saved.length > 0 ? `  saved queries saved: ${queries.saved.join(', ')}` : '  saved queries: unchanged');
  for (const { name, edit } of queries.kept) {
    console.log(`  saved query "${name}": kept, saved by ${edit.by} on ${edit.at.slice(0, 10)}`);
  }
  for (const name of queries.deleted) {
    console.log(`  saved query "${name}" was deleted: left deleted (\`npm run query -- restore ${name}\` brings it back)`);
  }
}

async function serve(config: Config): Promise<void> {
  const store = openStore(config);
  checkIntegrity(store, config);
  if (config.autoMigrate) {
    for (const line of await migrateToLatest(store.db)) console.log(line);
  } else if ((await listMigrations(store.db)).some((migration) => !migration.executedAt)) {
    throw new Error('the store has pending migrations and AUTO_MIGRATE is off: run `npm run migrate` first');
  }
  if (config.autoSeed && (await store.isEmpty())) {
    console.log('the store is empty: loading the seed documents');
    await seed(store, config);
  }
  // The schema may have changed since the queries were saved (a new release, say).
  await recheckSavedQueries(store, config);

  const app = createApp({ store, config });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  console.log(`Stancegraph is listening on http://${config.host ?? 'localhost'}:${port}${GRAPHQL_PATH}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    server.closeAllConnections();
    server.close(() => {
      void store.close().then(() => process.exit(0));
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
  else if (USAGE_ERRORS.some((kind) => error instanceof kind)) console.error(`stancegraph: ${(error as Error).message}`);
  else if (error instanceof ConfigError) console.error(error.message);
  else console.error(`stancegraph: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) console.error(error.stack);
  process.exit(1);
});
