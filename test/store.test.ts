// The store underneath the API: migrations, how a database is opened, and the promises the schema
// itself keeps (CHECK constraints, foreign keys, unique slugs, an index for every foreign key).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { type Db, openDatabase, parseDatabaseUrl } from '../server/store/database.js';
import {
  ACTOR_KINDS,
  type ActorKind,
  EVENT_KINDS,
  MEASURE_RELATION_KINDS,
  PROVISION_KINDS,
  SANCTION_INSTRUMENTS,
  SANCTION_SCOPES,
  SANCTION_SECTORS,
  STANCE_POSITIONS,
  STATEMENT_KINDS,
} from '../server/store/enums.js';
import { listMigrations, migrateDown, migrateToLatest, migrateToNothing } from '../server/store/migrate.js';
import type { Database } from '../server/store/tables.js';

const NOW = '2026-01-01T00:00:00.000Z';

/**
 * Every table the application's `Database` interface declares. The type makes the compiler fail when
 * a table is added to tables.ts and not here, so the migration test always checks the full list.
 */
const APP_TABLES: Record<keyof Database, true> = {
  article: true,
  articleAuthor: true,
  actor: true,
  actorAlias: true,
  affiliation: true,
  topic: true,
  event: true,
  eventParticipant: true,
  sanctionMeasure: true,
  measureTarget: true,
  measureSector: true,
  measureProvision: true,
  measureTrigger: true,
  measureRelation: true,
  statement: true,
  stance: true,
  stanceEvidence: true,
  articleActorMention: true,
  articleMeasureMention: true,
  articleEventMention: true,
  apiKey: true,
  auditLog: true,
  savedQuery: true,
  savedQueryVersion: true,
};
const EXPECTED_TABLES = Object.keys(APP_TABLES)
  .map((name) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`))
  .sort();
const KYSELY_TABLES = ['kysely_migration', 'kysely_migration_lock'];
const MIGRATION_NAMES = Object.keys(migrations);
const APPLIED_ALL = MIGRATION_NAMES.map((name) => `applied ${name}`);
const REVERTED_ALL = [...MIGRATION_NAMES].reverse().map((name) => `reverted ${name}`);

// Every store a test opens is closed, and every temp dir removed, after the test.
const openStores: Db[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(openStores.splice(0).map((db) => db.destroy()));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(url = ':memory:'): Db {
  const db = openDatabase(url);
  openStores.push(db);
  return db;
}

async function openMigrated(url = ':memory:'): Promise<Db> {
  const db = open(url);
  await migrateToLatest(db);
  return db;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stancegraph-store-'));
  tempDirs.push(dir);
  return dir;
}

/** Tables in the database, SQLite's internal ones (sqlite_sequence, …) left out. */
async function tableNames(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name
  `.execute(db.withoutPlugins());
  return rows.map((row) => row.name);
}

async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db.withoutPlugins());
  return rows[0]?.n ?? -1;
}

interface Parents {
  articleId: number;
  stateId: number;
  personId: number;
  eventId: number;
  topicId: number;
  measureId: number;
  otherMeasureId: number;
  statementId: number;
}

/** One row of each kind that other rows point at, written through the app's typed tables. */
async function addParents(db: Kysely<Database>): Promise<Parents> {
  const article = await db
    .insertInto('article')
    .values({
      slug: 'an-article',
      publication: 'The Test Times',
      headline: 'A headline',
      body: 'Someone said something about sanctions.',
      publishedOn: '2016-03-17',
      language: 'en',
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const state = await db
    .insertInto('actor')
    .values({ slug: 'testland', name: 'Testland', kind: 'STATE', createdAt: NOW, updatedAt: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto('actor')
    .values({ slug: 'a-person', name: 'A Person', kind: 'PERSON', countryId: state.id, createdAt: NOW, updatedAt: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  const event = await db
    .insertInto('event')
    .values({ slug: 'an-event', kind: 'OTHER', title: 'An event', createdAt: NOW, updatedAt: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  const topic = await db
    .insertInto('topic')
    .values({ slug: 'a-topic', name: 'A topic', createdAt: NOW, updatedAt: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  const measure = (slug: string) =>
    db
      .insertInto('sanctionMeasure')
      .values({
        slug,
        name: slug,
        instrument: 'EXECUTIVE_ORDER',
        issuerId: state.id,
        scope: 'UNILATERAL',
        createdAt: NOW,
        updatedAt: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const first = await measure('a-measure');
  const other = await measure('another-measure');
  const statement = await db
    .insertInto('statement')
    .values({
      articleId: article.id,
      speakerId: person.id,
      kind: 'PARAPHRASE',
      text: 'Someone',
      spanStart: 0,
      spanEnd: 7,
      saidOn: '2016-03-17',
      saidOnInferred: 1,
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    articleId: article.id,
    stateId: state.id,
    personId: person.id,
    eventId: event.id,
    topicId: topic.id,
    measureId: first.id,
    otherMeasureId: other.id,
    statementId: statement.id,
  };
}

/** Reverts migrations until `name` is the last one applied. */
async function migrateDownTo(db: Db, name: string): Promise<void> {
  for (;;) {
    const applied = (await listMigrations(db)).filter((migration) => migration.executedAt);
    if (applied.at(-1)?.name === name) return;
    if ((await migrateDown(db)).length === 0) throw new Error(`${name} is not applied`);
  }
}

describe('migrations', () => {
  it('migrateToLatest creates every table the app declares, once', async () => {
    const db = open();

    expect(await migrateToLatest(db)).toEqual(APPLIED_ALL);
    expect(await tableNames(db)).toEqual([...EXPECTED_TABLES, ...KYSELY_TABLES].sort());
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('migrateToNothing drops every table and index, even with rows in them, and migrating up again works', async () => {
    const db = await openMigrated();
    const parents = await addParents(db);
    const stance = await db
      .insertInto('stance')
      .values({
        slug: 'a-stance',
        holderId: parents.personId,
        position: 'OPPOSES',
        targetMeasureId: parents.measureId,
        summary: 'Against it.',
        asOf: '2016-03-17',
        createdAt: NOW,
        updatedAt: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('stanceEvidence').values({ stanceId: stance.id, statementId: parents.statementId }).execute();

    expect(await migrateToNothing(db)).toEqual(REVERTED_ALL);
    expect(await tableNames(db)).toEqual(KYSELY_TABLES);
    const { rows: indexes } = await sql<{ name: string }>`
      select name from sqlite_master where type = 'index' and tbl_name not like 'kysely\\_%' escape '\\'
    `.execute(db.withoutPlugins());
    expect(indexes).toEqual([]);

    expect(await migrateToLatest(db)).toEqual(APPLIED_ALL);
    expect(await tableNames(db)).toEqual([...EXPECTED_TABLES, ...KYSELY_TABLES].sort());
    expect(await countRows(db, 'actor')).toBe(0);
    await addParents(db);
    expect(await countRows(db, 'statement')).toBe(1);
  });

  it('migrateDown reverts the last migration only, and does nothing when none is applied', async () => {
    const db = await openMigrated();

    for (const name of [...MIGRATION_NAMES].reverse()) {
      expect(await migrateDown(db)).toEqual([`reverted ${name}`]);
    }
    expect(await tableNames(db)).toEqual(KYSELY_TABLES);
    expect(await migrateDown(db)).toEqual([]);
  });

  it('0002_writes keeps existing statements: they come back confirmed, and reverting it keeps them too', async () => {
    const db = open();
    await migrateToLatest(db);
    await migrateDownTo(db, '0001_core');
    const parents = await addParents(db as unknown as Db);
    await migrateToLatest(db);

    const row = await db.selectFrom('statement').select(['reviewStatus', 'confidence']).where('id', '=', parents.statementId).executeTakeFirstOrThrow();
    expect(row).toEqual({ reviewStatus: 'CONFIRMED', confidence: null });

    await migrateDownTo(db, '0001_core');
    expect(await countRows(db, 'statement')).toBe(1);
    expect(await tableNames(db)).not.toContain('api_key');
  });

  it('0005_saved_query_deletion: reverting it removes deleted saved queries for good, as a delete did before it', async () => {
    const db = await openMigrated();
    for (const [name, deletedAt] of [
      ['kept', null],
      ['deleted', NOW],
    ] as const) {
      const query = await db
        .insertInto('savedQuery')
        .values({
          name,
          title: name,
          ownerName: 'seed',
          currentVersion: 1,
          status: 'OK',
          checkedAt: NOW,
          createdAt: NOW,
          updatedAt: NOW,
          deletedAt,
          deletedByName: deletedAt && 'ops',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('savedQueryVersion')
        .values({
          savedQueryId: query.id,
          version: 1,
          document: 'query Q { topics { nodes { name } } }',
          operationName: 'Q',
          documentHash: name,
          defaultVariables: '{}',
          authorName: 'seed',
          createdAt: NOW,
        })
        .execute();
    }

    await migrateDownTo(db, '0004_search');
    const { rows } = await sql<{ name: string }>`select name from saved_query`.execute(db.withoutPlugins());
    expect(rows).toEqual([{ name: 'kept' }]);
    expect(await countRows(db, 'saved_query_version')).toBe(1);

    await migrateToLatest(db);
    expect(await db.selectFrom('savedQuery').select(['name', 'deletedAt', 'deletedByKeyId', 'deletedByName']).execute()).toEqual([
      { name: 'kept', deletedAt: null, deletedByKeyId: null, deletedByName: null },
    ]);
  });

  it('listMigrations reports every migration as pending, then as applied with its time', async () => {
    const db = open();
    const names = Object.keys(migrations);

    expect(await listMigrations(db)).toEqual(names.map((name) => ({ name, executedAt: null })));

    const before = Date.now();
    await migrateToLatest(db);
    const after = Date.now();
    const applied = await listMigrations(db);
    expect(applied.map((migration) => migration.name)).toEqual(names);
    for (const migration of applied) {
      expect(migration.executedAt).toBeInstanceOf(Date);
      // SQLite keeps the time to the millisecond.
      expect(migration.executedAt?.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(migration.executedAt?.getTime()).toBeLessThanOrEqual(after + 1);
    }

    await migrateDown(db);
    expect((await listMigrations(db)).at(-1)).toEqual({ name: names.at(-1), executedAt: null });
  });
});

describe('openDatabase', () => {
  it('opens a file store in WAL mode with foreign keys on and a busy timeout, creating its directory', async () => {
    const filename = join(tempDir(), 'not', 'yet', 'there', 'store.db');
    const db = open(filename);

    // The driver keys every row by camelCase column name, whatever plugins a query runs with.
    const journal = await sql<{ journalMode: string }>`pragma journal_mode`.execute(db);
    const foreignKeys = await sql<{ foreignKeys: number }>`pragma foreign_keys`.execute(db);
    const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db);

    expect(journal.rows).toEqual([{ journalMode: 'wal' }]);
    expect(foreignKeys.rows).toEqual([{ foreignKeys: 1 }]);
    expect(busy.rows[0]?.timeout).toBeGreaterThan(0);
    expect(existsSync(filename)).toBe(true);
  });

  it('keeps the data in the file: a store reopened through a file: URL sees it', async () => {
    const filename = join(tempDir(), 'store.db');
    const first = await openMigrated(filename);
    await addParents(first);
    await first.destroy();
    openStores.splice(openStores.indexOf(first), 1);

    const again = open(`file:${filename}`);
    const actors = await again.selectFrom('actor').select('slug').orderBy('slug').execute();
    expect(actors.map((actor) => actor.slug)).toEqual(['a-person', 'testland']);
  });

  it('turns foreign keys on for an in-memory store too', async () => {
    const db = open(':memory:');
    const foreignKeys = await sql<{ foreignKeys: number }>`pragma foreign_keys`.execute(db);
    expect(foreignKeys.rows).toEqual([{ foreignKeys: 1 }]);
  });
});

describe('parseDatabaseUrl', () => {
  it('reads :memory:, plain paths and file: / sqlite: URLs as SQLite files', () => {
    expect(parseDatabaseUrl(':memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
    expect(parseDatabaseUrl('  :memory:  ')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
    expect(parseDatabaseUrl('./data/stancegraph.db')).toEqual({ dialect: 'sqlite', filename: './data/stancegraph.db' });
    expect(parseDatabaseUrl('/var/lib/stancegraph.db')).toEqual({ dialect: 'sqlite', filename: '/var/lib/stancegraph.db' });
    expect(parseDatabaseUrl('file:./data/stancegraph.db')).toEqual({ dialect: 'sqlite', filename: './data/stancegraph.db' });
    expect(parseDatabaseUrl('file:///var/lib/stancegraph.db')).toEqual({ dialect: 'sqlite', filename: '/var/lib/stancegraph.db' });
    expect(parseDatabaseUrl('sqlite:data/stancegraph.db')).toEqual({ dialect: 'sqlite', filename: 'data/stancegraph.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/stancegraph.db')).toEqual({ dialect: 'sqlite', filename: '/var/lib/stancegraph.db' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
  });

  it('rejects a URL for a store this build does not support, saying so without echoing credentials', () => {
    const attempt = () => parseDatabaseUrl('postgres://stancegraph:s3cret@db.example/stancegraph');
    expect(attempt).toThrow(/"postgres:".*not support.*only SQLite/);
    expect(attempt).not.toThrow(/s3cret/);
    expect(() => parseDatabaseUrl('mysql://db.example/stancegraph')).toThrow(/only SQLite/);
  });

  it('rejects an empty URL', () => {
    expect(() => parseDatabaseUrl('')).toThrow('DATABASE_URL is empty');
    expect(() => parseDatabaseUrl('   ')).toThrow('DATABASE_URL is empty');
  });
});

describe('schema constraints', () => {
  async function stanceWithTargets(db: Db, parents: Parents, targets: { targetMeasureId?: number; targetTopicId?: number }) {
    return db
      .insertInto('stance')
      .values({
        slug: 'a-stance',
        holderId: parents.personId,
        position: 'OPPOSES',
        summary: 'Against it.',
        asOf: '2016-03-17',
        createdAt: NOW,
        updatedAt: NOW,
        ...targets,
      })
      .execute();
  }

  it('rejects a stance without a target, or with two, and accepts one with exactly one', async () => {
    const db = await openMigrated();
    const parents = await addParents(db);

    await expect(stanceWithTargets(db, parents, {})).rejects.toThrow(
      /CHECK constraint failed: stance_exactly_one_target_check/,
    );
    await expect(
      stanceWithTargets(db, parents, { targetMeasureId: parents.measureId, targetTopicId: parents.topicId }),
    ).rejects.toThrow(/CHECK constraint failed: stance_exactly_one_target_check/);
    expect(await countRows(db, 'stance')).toBe(0);

    await stanceWithTargets(db, parents, { targetTopicId: parents.topicId });
    expect(await countRows(db, 'stance')).toBe(1);
  });

  it('rejects a statement whose span ends at or before it starts', async () => {
    const db = await openMigrated();
    const parents = await addParents(db);
    const statement = (spanStart: number, spanEnd: number) =>
      db
        .insertInto('statement')
        .values({
          articleId: parents.articleId,
          speakerId: parents.personId,
          kind: 'PARAPHRASE',
          text: 'said',
          spanStart,
          spanEnd,
          saidOn: '2016-03-17',
          saidOnInferred: 0,
          createdAt: NOW,
          updatedAt: NOW,
        })
        .execute();

    await expect(statement(10, 10)).rejects.toThrow(/CHECK constraint failed: statement_span_check/);
    await expect(statement(10, 5)).rejects.toThrow(/CHECK constraint failed: statement_span_check/);
    await expect(statement(-1, 5)).rejects.toThrow(/CHECK constraint failed: statement_span_check/);
    await statement(10, 14);
    expect(await countRows(db, 'statement')).toBe(2);
  });

  it('rejects an enum value the app does not know', async () => {
    const db = await openMigrated();

    await expect(
      db
        .insertInto('actor')
        .values({ slug: 'et', name: 'E.T.', kind: 'ALIEN' as ActorKind, createdAt: NOW, updatedAt: NOW })
        .execute(),
    ).rejects.toThrow(/CHECK constraint failed: actor_kind_check/);
    expect(await countRows(db, 'actor')).toBe(0);
  });

  it('rejects a statement that points at a missing article (foreign keys are enforced)', async () => {
    const db = await openMigrated();
    const parents = await addParents(db);

    await expect(
      db
        .insertInto('statement')
        .values({
          articleId: parents.articleId + 1000,
          speakerId: parents.personId,
          kind: 'PARAPHRASE',
          text: 'said',
          spanStart: 0,
          spanEnd: 4,
          saidOn: '2016-03-17',
          saidOnInferred: 0,
          createdAt: NOW,
          updatedAt: NOW,
        })
        .execute(),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    expect(await countRows(db, 'statement')).toBe(1);
  });

  it('rejects a second row with a slug already in use', async () => {
    const db = await openMigrated();
    await addParents(db);

    await expect(
      db
        .insertInto('actor')
        .values({ slug: 'testland', name: 'Another Testland', kind: 'STATE', createdAt: NOW, updatedAt: NOW })
        .execute(),
    ).rejects.toThrow(/UNIQUE constraint failed: actor\.slug/);
    await expect(
      db
        .insertInto('article')
        .values({
          slug: 'an-article',
          publication: 'Elsewhere',
          headline: 'Same slug',
          body: 'Body.',
          publishedOn: '2016-03-18',
          language: 'en',
          createdAt: NOW,
          updatedAt: NOW,
        })
        .execute(),
    ).rejects.toThrow(/UNIQUE constraint failed: article\.slug/);
    expect(await countRows(db, 'actor')).toBe(2);
    expect(await countRows(db, 'article')).toBe(1);
  });
});

type Trx = Kysely<Database>;

interface EnumColumn {
  column: string;
  values: readonly string[];
  /** Inserts one row holding `value`; `i` keeps slugs and keys distinct. */
  insert(trx: Trx, parents: Parents, value: string, i: number): Promise<unknown>;
}

/** Ties a column to its enum list; `insert` is typed by the list, the table stays loosely typed. */
function enumColumn<T extends string>(
  column: string,
  values: readonly T[],
  insert: (trx: Trx, parents: Parents, value: T, i: number) => Promise<unknown>,
): EnumColumn {
  return { column, values, insert: (trx, parents, value, i) => insert(trx, parents, value as T, i) };
}

const ENUM_COLUMNS: EnumColumn[] = [
  enumColumn('actor.kind', ACTOR_KINDS, (trx, _parents, kind, i) =>
    trx.insertInto('actor').values({ slug: `actor-${i}`, name: `Actor ${i}`, kind, createdAt: NOW, updatedAt: NOW }).execute(),
  ),
  enumColumn('statement.kind', STATEMENT_KINDS, (trx, parents, kind, i) =>
    trx
      .insertInto('statement')
      .values({
        articleId: parents.articleId,
        speakerId: parents.personId,
        kind,
        text: 'x',
        spanStart: 100 + i,
        spanEnd: 101 + i,
        saidOn: '2016-03-17',
        saidOnInferred: 0,
        createdAt: NOW,
        updatedAt: NOW,
      })
      .execute(),
  ),
  enumColumn('stance.position', STANCE_POSITIONS, (trx, parents, position, i) =>
    trx
      .insertInto('stance')
      .values({
        slug: `stance-${i}`,
        holderId: parents.personId,
        position,
        targetTopicId: parents.topicId,
        summary: 'A view.',
        asOf: '2016-03-17',
        createdAt: NOW,
        updatedAt: NOW,
      })
      .execute(),
  ),
  enumColumn('event.kind', EVENT_KINDS, (trx, _parents, kind, i) =>
    trx.insertInto('event').values({ slug: `event-${i}`, kind, title: `Event ${i}`, createdAt: NOW, updatedAt: NOW }).execute(),
  ),
  enumColumn('sanction_measure.instrument', SANCTION_INSTRUMENTS, (trx, parents, instrument, i) =>
    trx
      .insertInto('sanctionMeasure')
      .values({
        slug: `measure-i-${i}`,
        name: `Measure ${i}`,
        instrument,
        issuerId: parents.stateId,
        scope: 'UNILATERAL',
        createdAt: NOW,
        updatedAt: NOW,
      })
      .execute(),
  ),
  enumColumn('sanction_measure.scope', SANCTION_SCOPES, (trx, parents, scope, i) =>
    trx
      .insertInto('sanctionMeasure')
      .values({
        slug: `measure-s-${i}`,
        name: `Measure ${i}`,
        instrument: 'DESIGNATION',
        issuerId: parents.stateId,
        scope,
        createdAt: NOW,
        updatedAt: NOW,
      })
      .execute(),
  ),
  enumColumn('measure_sector.sector', SANCTION_SECTORS, (trx, parents, sector) =>
    trx.insertInto('measureSector').values({ measureId: parents.measureId, sector }).execute(),
  ),
  enumColumn('measure_provision.kind', PROVISION_KINDS, (trx, parents, kind, i) =>
    trx
      .insertInto('measureProvision')
      .values({ measureId: parents.measureId, position: i, kind, description: `Provision ${i}` })
      .execute(),
  ),
  enumColumn('measure_relation.kind', MEASURE_RELATION_KINDS, (trx, parents, kind) =>
    trx
      .insertInto('measureRelation')
      .values({ fromMeasureId: parents.measureId, toMeasureId: parents.otherMeasureId, kind })
      .execute(),
  ),
];

describe('enum CHECK constraints', () => {
  it.each(ENUM_COLUMNS.map((entry) => [entry.column, entry] as const))(
    '%s accepts every value in server/store/enums.ts and nothing else',
    async (_column, { values, insert }) => {
      const db = await openMigrated();
      const trx = await db.startTransaction().execute();
      try {
        const parents = await addParents(trx);
        for (const [i, value] of values.entries()) await insert(trx, parents, value, i);
        await expect(insert(trx, parents, 'NOT_A_VALUE', values.length)).rejects.toThrow(/CHECK constraint failed/);
        await expect(insert(trx, parents, values[0]?.toLowerCase() ?? '', values.length + 1)).rejects.toThrow(
          /CHECK constraint failed/,
        );
      } finally {
        await trx.rollback().execute();
      }
      // Rolled back: the next test (and this store) start from nothing.
      expect(await countRows(db, 'actor')).toBe(0);
    },
  );
});

/**
 * Foreign key columns (`table.column`) with no index whose first column is that column. A composite
 * primary key or unique constraint counts: SQLite backs each with an index. Partial indexes do not,
 * since they leave rows out.
 */
async function unindexedForeignKeys(db: Db): Promise<{ checked: number; missing: string[] }> {
  const raw = db.withoutPlugins();
  const missing: string[] = [];
  let checked = 0;
  for (const table of await tableNames(db)) {
    const { rows: keys } = await sql<{ id: number; seq: number; from: string }>`
      select id, seq, "from" from pragma_foreign_key_list(${table})
    `.execute(raw);
    const { rows: indexes } = await sql<{ name: string; partial: number }>`
      select name, partial from pragma_index_list(${table})
    `.execute(raw);
    const leadingColumns = new Set<string>();
    for (const index of indexes) {
      if (index.partial) continue;
      const { rows: columns } = await sql<{ seqno: number; name: string | null }>`
        select seqno, name from pragma_index_info(${index.name}) order by seqno
      `.execute(raw);
      const first = columns[0]?.name;
      if (first) leadingColumns.add(first);
    }
    for (const key of keys.filter((row) => row.seq === 0)) {
      checked += 1;
      if (!leadingColumns.has(key.from)) missing.push(`${table}.${key.from}`);
    }
  }
  return { checked, missing };
}

describe('foreign key indexes', () => {
  it('every foreign key column in every table leads an index', async () => {
    const db = await openMigrated();

    const { checked, missing } = await unindexedForeignKeys(db);

    expect(missing).toEqual([]);
    // Guards against a check that silently looked at nothing: the core schema alone has 34 foreign keys.
    expect(checked).toBeGreaterThanOrEqual(34);
  });

  it('the check notices a foreign key that has lost its index', async () => {
    const db = await openMigrated();
    await db.schema.dropIndex('statement_event_id_idx').execute();

    expect((await unindexedForeignKeys(db)).missing).toEqual(['statement.event_id']);
  });
});
