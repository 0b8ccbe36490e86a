// A fresh store and app per test file: migrations and seeds applied to an in-memory (or temp-file)
// SQLite database, the Yoga app called in-process, and every SQL statement recorded.
import type { ExecutionResult } from 'graphql';
import { loadSeeds } from '../../seeds/load.js';
import { schema } from '../../schema/index.js';
import { type App, createApp } from '../../server/app.js';
import { loadSavedQuerySeeds } from '../../server/saved-queries/seed.js';
import { type Config, loadConfig } from '../../server/config.js';
import { type Db, openDatabase } from '../../server/store/database.js';
import type { Role } from '../../server/store/enums.js';
import { createStore, type Store } from '../../server/store/index.js';
import { migrateToLatest } from '../../server/store/migrate.js';

export interface TestApp {
  app: App;
  store: Store;
  db: Db;
  /** Every SQL statement run since the app was created (or since `resetQueries`). */
  queries: string[];
  resetQueries(): void;
  /** Runs a GraphQL operation over the in-process HTTP handler and returns the JSON body. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphQLResponse<T>>;
  /** Like `graphql`, but fails the test on any error and returns `data`. */
  data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<T>;
  /** Creates an API key with this role (named after it) and returns the key. */
  createKey(role: Role, name?: string): Promise<string>;
  close(): Promise<void>;
}

export type GraphQLResponse<T> = ExecutionResult<T> & {
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
};

export interface RequestOptions {
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface TestAppOptions {
  /** Load the seed documents (default true). */
  seed?: boolean;
  /** Also save the seeded library of saved queries (seeds/saved-queries.yaml; default false). */
  savedQueries?: boolean;
  /** Database URL (default `:memory:`). */
  databaseUrl?: string;
  /** Overrides of the environment-derived configuration. */
  config?: Partial<Config>;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const queries: string[] = [];
  const db = openDatabase(options.databaseUrl ?? ':memory:', { onQuery: (sql) => queries.push(sql) });
  await migrateToLatest(db);
  if (options.seed ?? true) await loadSeeds(db);
  const store = createStore(db);
  const config = { ...loadConfig({ LOG_LEVEL: 'error' }), ...options.config };
  const app = createApp({ store, config });
  if (options.savedQueries) await loadSavedQuerySeeds(store, schema, config.limits);
  queries.length = 0;

  const graphql = async <T>(query: string, variables?: Record<string, unknown>, options: RequestOptions = {}) => {
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };

  return {
    app,
    store,
    db,
    queries,
    resetQueries: () => {
      queries.length = 0;
    },
    graphql,
    async createKey(role: Role, name = role.toLowerCase()) {
      return (await store.apiKeys.create(name, role)).key;
    },
    async data<T>(query: string, variables?: Record<string, unknown>, options?: RequestOptions) {
      const result = await graphql<T>(query, variables, options);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
    close: () => store.close(),
  };
}

/** The global ID of a node found by slug, for tests that need to pass IDs in filters. */
export async function idOf(test: TestApp, field: 'actor' | 'article' | 'sanctionMeasure' | 'event' | 'topic', slug: string): Promise<string> {
  const data = await test.data<Record<string, { id: string } | null>>(`query($slug: String!) { ${field}(slug: $slug) { id } }`, { slug });
  const node = data[field];
  if (!node) throw new Error(`no ${field} with slug ${slug}`);
  return node.id;
}
