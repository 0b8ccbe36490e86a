// The rules one row keeps by itself, kept the same way by every writer: a GraphQL mutation, an NDJSON
// import line and a seed annotation are refused with the same problem (each reporting where it is as
// it reports any problem: the input path, the line number, the annotation path), and a raw SQL write
// that goes around them all is refused by the database's CHECK (migration 0007).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSeeds, SEEDS_DIR, SeedError } from '../seeds/load.js';
import { BulkImportError, type ImportOptions, importNdjson } from '../server/ingest/bulk.js';
import { constraintViolation, type Db, openDatabase } from '../server/store/database.js';
import { migrateTo, migrateToLatest } from '../server/store/migrate.js';
import { createTestApp, idOf, type TestApp } from './helpers/test-app.js';

const SELF_STANCE = 'an actor cannot hold a stance toward itself';
const DOCUMENT = 'beijing-blasts-new-us-sanctions-on-north-korea';

const openStores: Db[] = [];
const openApps: TestApp[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(openApps.splice(0).map((test) => test.close()));
  await Promise.all(openStores.splice(0).map((db) => db.destroy()));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openSeeded(): Promise<Db> {
  const db = openDatabase(':memory:');
  openStores.push(db);
  await migrateToLatest(db);
  await loadSeeds(db);
  return db;
}

function importText(db: Db, text: string, options: Omit<ImportOptions, 'author'> = {}) {
  return importNdjson(db, Readable.from([text]), { author: { apiKeyId: null, name: 'cli:test' }, ...options });
}

/** A seeds directory holding a copy of the seed document with its annotations.yaml passed through `edit`. */
function copySeeds(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stancegraph-write-rules-'));
  tempDirs.push(dir);
  cpSync(join(SEEDS_DIR, DOCUMENT), join(dir, DOCUMENT), { recursive: true });
  const file = join(dir, DOCUMENT, 'annotations.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n);
}

async function actorId(db: Db, slug: string): Promise<number> {
  return (await db.selectFrom('actor').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

/** The error a raw SQL write throws (the test fails if it does not throw). */
async function refusal(write: Promise<unknown>): Promise<Error> {
  const error = await write.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof Error)) throw new Error('expected the write to be refused');
  return error;
}

const SELF_STANCE_LINE = {
  type: 'stance',
  slug: 'china-supports-china',
  holder: 'china',
  position: 'SUPPORTS',
  target: { actor: 'china' },
  summary: 'China supports itself.',
  asOf: '2016-03-17',
};

describe('a stance of an actor toward itself', () => {
  it('is refused by createStance as BAD_USER_INPUT at input.target.actor', async () => {
    const test = await createTestApp();
    openApps.push(test);
    const editor = await test.createKey('EDITOR');
    const china = await idOf(test, 'actor', 'china');
    const before = await countRows(test.db, 'stance');

    const result = await test.graphql(
      `mutation($input: CreateStanceInput!) { createStance(input: $input) { stance { id } } }`,
      { input: { holder: china, position: 'SUPPORTS', target: { actor: china }, summary: 'China supports itself.' } },
      { apiKey: editor },
    );

    expect(result.errors).toHaveLength(1);
    const [error] = result.errors ?? [];
    expect(error?.message).toBe(`Invalid input: target.actor: ${SELF_STANCE}`);
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.problems).toEqual([{ path: 'input.target.actor', message: SELF_STANCE }]);
    expect(await countRows(test.db, 'stance')).toBe(before);
  });

  it('is refused in an NDJSON import at its line, at target.actor, and nothing of it is written', async () => {
    const db = await openSeeded();
    const before = await countRows(db, 'stance');
    const topic = { type: 'topic', slug: 'self-regard', name: 'Self-regard' };
    const text = `${JSON.stringify(topic)}\n${JSON.stringify(SELF_STANCE_LINE)}\n`;

    const summary = await importText(db, text, { onError: 'skip' });
    expect(summary.skipped).toEqual([{ line: 2, message: `target.actor: ${SELF_STANCE}` }]);
    expect(summary.changes.topic.inserted).toBe(1);
    expect(await countRows(db, 'stance')).toBe(before);

    const error = await refusal(importText(db, text));
    expect(error).toBeInstanceOf(BulkImportError);
    expect(error.message).toBe(`line 2: target.actor: ${SELF_STANCE}`);
    expect(await countRows(db, 'stance')).toBe(before);
  });

  it('is refused in a seed annotation at stances[i].target.actor, and the load writes nothing', async () => {
    const dir = copySeeds((yaml) => yaml.replace('target: { topic: unilateral-sanctions }', 'target: { actor: china }'));
    const db = openDatabase(':memory:');
    openStores.push(db);
    await migrateToLatest(db);

    const error = await refusal(loadSeeds(db, dir));
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).file).toBe(join(dir, DOCUMENT, 'annotations.yaml'));
    expect((error as SeedError).problems).toEqual([`stances[0].target.actor: ${SELF_STANCE}`]);
    expect(await countRows(db, 'stance')).toBe(0);
  });

  it('is refused by the database when inserted or updated with raw SQL (a CHECK)', async () => {
    const db = await openSeeded();
    const china = await actorId(db, 'china');
    const now = '2016-03-17T00:00:00.000Z';

    const insert = await refusal(
      sql`insert into stance (slug, holder_id, position, target_actor_id, summary, as_of, created_at, updated_at)
          values ('china-supports-china', ${china}, 'SUPPORTS', ${china}, 'China supports itself.', '2016-03-17', ${now}, ${now})`.execute(db),
    );
    expect(constraintViolation(insert)).toBe('check');
    expect(insert.message).toContain('stance_not_toward_holder_check');

    const towardActor = await db.selectFrom('stance').select(['id', 'targetActorId']).where('targetActorId', 'is not', null).executeTakeFirstOrThrow();
    const update = await refusal(sql`update stance set holder_id = target_actor_id where id = ${towardActor.id}`.execute(db));
    expect(constraintViolation(update)).toBe('check');
  });
});

describe('migration 0007_single_row_checks', () => {
  async function seededAt0006(): Promise<Db> {
    const db = openDatabase(':memory:');
    openStores.push(db);
    await migrateTo(db, '0006_search_prefixes');
    await loadSeeds(db);
    return db;
  }

  async function snapshot(db: Db) {
    return {
      stances: await sql`select * from stance order by id`.execute(db).then((result) => result.rows),
      evidence: await sql`select * from stance_evidence order by stance_id, statement_id`.execute(db).then((result) => result.rows),
      sequence: await sql`select seq from sqlite_sequence where name = 'stance'`.execute(db).then((result) => result.rows),
      indexes: await sql`select name, sql from sqlite_master where type = 'index' and tbl_name = 'stance' order by name`.execute(db).then((result) => result.rows),
    };
  }

  it('rebuilds the stance table keeping every row, its evidence, its indexes and its ID high-water mark', async () => {
    const db = await seededAt0006();
    // The highest stance goes: its ID must not be handed out again after the rebuild.
    const highest = await db.selectFrom('stance').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await db.deleteFrom('stance').where('id', '=', highest.id).execute();
    const before = await snapshot(db);
    expect(before.evidence.length).toBeGreaterThan(0);

    await migrateToLatest(db);

    expect(await snapshot(db)).toEqual(before);
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    const inserted = await sql<{ id: number }>`
      insert into stance (slug, holder_id, position, target_topic_id, summary, as_of, created_at, updated_at)
      select 'after-the-rebuild', holder_id, position, target_topic_id, summary, as_of, created_at, updated_at
      from stance where target_topic_id is not null limit 1 returning id`.execute(db);
    expect(inserted.rows[0]?.id).toBe(highest.id + 1);
  });

  it('leaves foreign keys pointing at the new table: deletes still cascade both ways', async () => {
    const db = await seededAt0006();
    await migrateToLatest(db);
    const withEvidence = await db.selectFrom('stanceEvidence').select('stanceId').executeTakeFirstOrThrow();

    await db.deleteFrom('stance').where('id', '=', withEvidence.stanceId).execute();
    expect(await db.selectFrom('stanceEvidence').select('stanceId').where('stanceId', '=', withEvidence.stanceId).execute()).toEqual([]);

    const topic = await db.selectFrom('stance').select('targetTopicId').where('targetTopicId', 'is not', null).executeTakeFirstOrThrow();
    await db.deleteFrom('topic').where('id', '=', topic.targetTopicId as number).execute();
    expect(await db.selectFrom('stance').select('id').where('targetTopicId', '=', topic.targetTopicId).execute()).toEqual([]);
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
  });

  it('fails, changing nothing, on a store that already holds a stance toward its holder', async () => {
    const db = await seededAt0006();
    const china = await actorId(db, 'china');
    await sql`update stance set target_measure_id = null, target_topic_id = null, target_event_id = null, target_actor_id = ${china}
              where slug = 'china-opposes-unilateral-sanctions'`.execute(db);
    const before = await snapshot(db);

    await expect(migrateToLatest(db)).rejects.toThrow(/0007_single_row_checks.*CHECK constraint failed: stance_not_toward_holder_check/);
    expect(await snapshot(db)).toEqual(before);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(applied.rows.map((row) => row.name).at(-1)).toBe('0006_search_prefixes');
  });
});
