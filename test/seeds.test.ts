// The seed documents: the article text parser, and the loader that turns seeds/<slug>/ into rows,
// idempotently, converging on the document, and refusing a broken document without writing anything.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSeeds, SEEDS_DIR, SeedError } from '../seeds/load.js';
import { schema } from '../schema/index.js';
import { parseArticleText } from '../server/ingest/article-text.js';
import { loadConfig } from '../server/config.js';
import { loadSavedQuerySeeds } from '../server/saved-queries/seed.js';
import { saveQuery } from '../server/saved-queries/service.js';
import { type Db, openDatabase } from '../server/store/database.js';
import { migrateToLatest } from '../server/store/migrate.js';
import { createTestApp, idOf, type TestApp } from './helpers/test-app.js';

const DOCUMENT = 'beijing-blasts-new-us-sanctions-on-north-korea';
const ARTICLE_TEXT = readFileSync(join(SEEDS_DIR, DOCUMENT, 'article.txt'), 'utf8');

/** Row counts after loading the seed document, counted by hand from its annotations.yaml. */
const SEEDED_COUNTS: Record<string, number> = {
  article: 1,
  article_author: 0,
  actor: 22,
  actor_alias: 32,
  affiliation: 9,
  topic: 4,
  event: 5,
  event_participant: 8,
  sanction_measure: 4,
  measure_target: 5,
  measure_sector: 11,
  measure_provision: 13,
  measure_trigger: 5,
  measure_relation: 2,
  statement: 20,
  stance: 13,
  stance_evidence: 21,
  article_actor_mention: 22,
  article_measure_mention: 4,
  article_event_mention: 5,
  api_key: 0,
  audit_log: 0,
  saved_query: 0,
  saved_query_version: 0,
};
const LIMITS = loadConfig({}).limits;
const EMPTY_COUNTS = Object.fromEntries(Object.keys(SEEDED_COUNTS).map((table) => [table, 0]));

const openStores: Db[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(openStores.splice(0).map((db) => db.destroy()));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openMigrated(): Promise<Db> {
  const db = openDatabase(':memory:');
  openStores.push(db);
  await migrateToLatest(db);
  return db;
}

/**
 * A seeds directory in a temp dir holding a copy of the seed document, its annotations.yaml passed
 * through `edit`. Returns the seeds directory (what loadSeeds takes).
 */
function copySeeds(edit: (yaml: string) => string = (yaml) => yaml): string {
  const dir = mkdtempSync(join(tmpdir(), 'stancegraph-seeds-'));
  tempDirs.push(dir);
  cpSync(join(SEEDS_DIR, DOCUMENT), join(dir, DOCUMENT), { recursive: true });
  const file = join(dir, DOCUMENT, 'annotations.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

/** Replaces `from`, which must occur exactly once, so an edit never silently misses. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`expected exactly one ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Cuts the text from `start` (inclusive) up to `end` (exclusive); each must occur exactly once. */
function cutBetween(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to <= from || text.indexOf(start, from + 1) !== -1 || text.indexOf(end, to + 1) !== -1) {
    throw new Error(`expected one ${JSON.stringify(start)} before one ${JSON.stringify(end)}`);
  }
  return text.slice(0, from) + text.slice(to);
}

async function appTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from pragma_table_list
    where schema = 'main' and type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\'
    order by name
  `.execute(db.withoutPlugins());
  return rows.map((row) => row.name);
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await appTables(db)) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db.withoutPlugins());
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}

/** Every row of every table, in rowid order: two equal snapshots mean nothing was touched. */
async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of await appTables(db)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by rowid`.execute(
      db.withoutPlugins(),
    );
    tables[table] = rows;
  }
  return tables;
}

async function seedErrorFrom(promise: Promise<unknown>): Promise<SeedError> {
  const error = await promise.then(
    () => new Error('expected loadSeeds to reject'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof SeedError)) throw error;
  return error;
}

describe('loadSeeds', () => {
  it('loads the seed document into an empty store', async () => {
    const db = await openMigrated();

    const summary = await loadSeeds(db);

    expect(summary.documents).toEqual([DOCUMENT]);
    expect(await rowCounts(db)).toEqual(SEEDED_COUNTS);
    expect(summary.changes.actor).toEqual({ inserted: 22, updated: 0, deleted: 0 });
    expect(summary.changes.statement).toEqual({ inserted: 20, updated: 0, deleted: 0 });
    expect(summary.kept).toEqual([]);
    const article = await db.selectFrom('article').selectAll().executeTakeFirstOrThrow();
    expect(article).toMatchObject({
      slug: DOCUMENT,
      publication: 'Foreign Policy',
      section: 'The Cable',
      headline: 'Beijing Blasts New U.S. Sanctions on North Korea',
      publishedOn: '2016-03-17',
      photoCredit: 'Ed Jones/Getty Images',
      language: 'en',
    });
  });

  it('is idempotent: a second load changes no row, id or updatedAt, and says so', async () => {
    const db = await openMigrated();
    const first = await loadSeeds(db);
    const before = await snapshot(db);

    // A later clock, so any row the second load rewrote would show a new updatedAt.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'));
    const second = await loadSeeds(db);

    expect(second.documents).toEqual(first.documents);
    expect(second.changes).toEqual({});
    expect(second.kept).toEqual([]);
    expect(await rowCounts(db)).toEqual(SEEDED_COUNTS);
    expect(await snapshot(db)).toEqual(before);
  });

  it('stores every statement as the exact slice of the article body its span points at', async () => {
    const db = await openMigrated();
    await loadSeeds(db);

    const article = await db.selectFrom('article').select(['id', 'body']).executeTakeFirstOrThrow();
    const statements = await db
      .selectFrom('statement')
      .select(['text', 'spanStart', 'spanEnd', 'articleId'])
      .orderBy('spanStart')
      .execute();

    expect(statements).toHaveLength(20);
    for (const statement of statements) {
      expect(statement.articleId).toBe(article.id);
      expect(article.body.slice(statement.spanStart, statement.spanEnd)).toBe(statement.text);
    }
  });

  it('converges on an edited document: updates what changed, deletes what went, keeps the ids of the rest', async () => {
    const db = await openMigrated();
    await loadSeeds(db);
    const actorsBefore = await db.selectFrom('actor').select(['slug', 'id', 'updatedAt']).orderBy('slug').execute();
    const statementsBefore = await db.selectFrom('statement').select(['id', 'text', 'spanStart', 'updatedAt']).execute();
    const stancesBefore = await db.selectFrom('stance').select(['slug', 'id', 'updatedAt']).orderBy('slug').execute();
    const dropped = statementsBefore.find((row) => row.text === 'Beijing has stressed this point many times');
    if (!dropped) throw new Error('the seed statement to drop is missing');
    const stance = await db
      .selectFrom('stance')
      .select('id')
      .where('slug', '=', 'china-opposes-unilateral-sanctions')
      .executeTakeFirstOrThrow();
    const evidenceBefore = await db
      .selectFrom('stanceEvidence')
      .select('statementId')
      .where('stanceId', '=', stance.id)
      .orderBy('statementId')
      .execute();
    expect(evidenceBefore.map((row) => row.statementId)).toContain(dropped.id);

    // Lu Kang's description changes; the statement lu-stressed-many-times, evidence for
    // china-opposes-unilateral-sanctions, goes (and with it its place in that stance's evidence).
    const edited = copySeeds((yaml) =>
      cutBetween(
        replaceOnce(
          replaceOnce(yaml, 'description: Spokesman of the Chinese Foreign Ministry.', "description: Spokesman of China's foreign ministry."),
          '      - lu-stressed-many-times\n',
          '',
        ),
        '  - key: lu-stressed-many-times\n',
        '  - key: rosenberg-up-the-ante\n',
      ),
    );
    const later = '2030-01-01T00:00:00.000Z';
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(later));
    const summary = await loadSeeds(db, edited);

    expect(summary.changes.actor).toEqual({ inserted: 0, updated: 1, deleted: 0 });
    expect(summary.changes.statement).toEqual({ inserted: 0, updated: 0, deleted: 1 });
    expect(summary.kept).toEqual([]);
    // The update is the seed's, in the audit log (so it never passes for an editor's change).
    expect(await rowCounts(db)).toEqual({ ...SEEDED_COUNTS, statement: 19, stance_evidence: 20, audit_log: 1 });
    expect(await db.selectFrom('auditLog').select(['actorName', 'apiKeyId', 'operation', 'entityType', 'details']).execute()).toEqual([
      { actorName: 'seed', apiKeyId: null, operation: 'loadSeeds', entityType: 'Actor', details: '{"slug":"lu-kang"}' },
    ]);

    const actorsAfter = await db.selectFrom('actor').select(['slug', 'id', 'updatedAt', 'description']).orderBy('slug').execute();
    expect(actorsAfter.map(({ slug, id }) => ({ slug, id }))).toEqual(actorsBefore.map(({ slug, id }) => ({ slug, id })));
    for (const actor of actorsAfter) {
      const before = actorsBefore.find((row) => row.slug === actor.slug);
      if (actor.slug === 'lu-kang') {
        expect(actor.description).toBe("Spokesman of China's foreign ministry.");
        expect(actor.updatedAt).toBe(later);
      } else {
        expect(actor.updatedAt).toBe(before?.updatedAt);
      }
    }

    const statementsAfter = await db.selectFrom('statement').select(['id', 'text', 'spanStart', 'updatedAt']).execute();
    expect(statementsAfter).toEqual(statementsBefore.filter((row) => row.id !== dropped.id));
    expect(await db.selectFrom('stance').select(['slug', 'id', 'updatedAt']).orderBy('slug').execute()).toEqual(stancesBefore);
    const evidenceAfter = await db
      .selectFrom('stanceEvidence')
      .select('statementId')
      .where('stanceId', '=', stance.id)
      .orderBy('statementId')
      .execute();
    expect(evidenceAfter).toEqual(evidenceBefore.filter((row) => row.statementId !== dropped.id));
    expect(
      await db.selectFrom('stanceEvidence').select('stanceId').where('statementId', '=', dropped.id).execute(),
    ).toEqual([]);

    // Loading the original again brings the statement back (as a new row) and relinks it.
    const restored = await loadSeeds(db);
    expect(restored.changes.statement).toEqual({ inserted: 1, updated: 0, deleted: 0 });
    expect(restored.changes.stanceEvidence).toEqual({ inserted: 1, updated: 0, deleted: 0 });
    expect(await rowCounts(db)).toEqual({ ...SEEDED_COUNTS, audit_log: 2 });
  });

  it('counts the stance evidence a dropped statement takes with it in the summary', async () => {
    const db = await openMigrated();
    await loadSeeds(db);
    const edited = copySeeds((yaml) =>
      cutBetween(
        replaceOnce(yaml, '      - lu-stressed-many-times\n', ''),
        '  - key: lu-stressed-many-times\n',
        '  - key: rosenberg-up-the-ante\n',
      ),
    );

    const summary = await loadSeeds(db, edited);

    expect(await rowCounts(db)).toEqual({ ...SEEDED_COUNTS, statement: 19, stance_evidence: 20 });
    // The summary promises every table that changed; stance_evidence lost a row, as the reverse
    // load (which reports stanceEvidence inserted: 1) shows.
    expect(summary.changes).toEqual({
      statement: { inserted: 0, updated: 0, deleted: 1 },
      stanceEvidence: { inserted: 0, updated: 0, deleted: 1 },
    });
  });

  const BROKEN: { name: string; edit: (yaml: string) => string; problem: RegExp }[] = [
    {
      name: 'invalid YAML',
      edit: (yaml) => replaceOnce(yaml, 'target: { topic: unilateral-sanctions }', 'target: { topic: unilateral-sanctions'),
      problem: /at line \d+, column \d+/,
    },
    {
      name: 'an unknown key (a typo in a field name)',
      edit: (yaml) =>
        replaceOnce(yaml, 'description: Spokesman of the Chinese Foreign Ministry.', 'descripton: Spokesman of the Chinese Foreign Ministry.'),
      problem: /^actors\[4\]: .*"descripton"/,
    },
    {
      name: 'a statement whose span does not match its text',
      edit: (yaml) => replaceOnce(yaml, 'span: [3619, 3641]', 'span: [3620, 3642]'),
      problem: /^statements\[19\]\.span: body\.slice\(3620, 3642\) is ".*", not the statement text; the text occurs at \[3619, 3641\]$/,
    },
    {
      name: 'a reference to an undefined actor',
      edit: (yaml) => replaceOnce(yaml, 'speaker: mark-toner', 'speaker: mark-tonner'),
      problem: /^statements\[19\]\.speaker: no actor "mark-tonner" is defined in this file$/,
    },
    {
      name: 'a date that does not exist',
      edit: (yaml) => replaceOnce(yaml, 'publishedOn: 2016-03-17', 'publishedOn: 2016-02-30'),
      problem: /^article\.publishedOn: must be a real date written YYYY-MM-DD$/,
    },
    {
      name: 'an actor affiliated with itself',
      edit: (yaml) =>
        replaceOnce(
          yaml,
          '  - member: lu-kang\n    organization: chinese-foreign-ministry\n',
          '  - member: lu-kang\n    organization: lu-kang\n',
        ),
      problem: /^affiliations\[0\]: an actor cannot be affiliated with itself$/,
    },
    {
      name: 'a value listed twice (an alias)',
      edit: (yaml) => replaceOnce(yaml, 'aliases: [Beijing, ', 'aliases: [Beijing, Beijing, '),
      problem: /^actors\[0\]\.aliases\[1\]: "Beijing" is listed twice$/,
    },
    {
      name: 'a country that is not a STATE',
      edit: (yaml) => replaceOnce(yaml, '    aliases: [Lu]\n    country: china\n', '    aliases: [Lu]\n    country: chinese-foreign-ministry\n'),
      problem: /^actors\[4\]\.country: "chinese-foreign-ministry" is not a STATE$/,
    },
  ];

  it.each(BROKEN)('rejects $name with a SeedError and writes nothing', async ({ edit, problem }) => {
    const db = await openMigrated();
    const dir = copySeeds(edit);

    const error = await seedErrorFrom(loadSeeds(db, dir));

    expect(error.file).toBe(join(dir, DOCUMENT, 'annotations.yaml'));
    expect(error.problems).toContainEqual(expect.stringMatching(problem));
    expect(error.message).toContain(error.file);
    expect(await rowCounts(db)).toEqual(EMPTY_COUNTS);
  });

  it('lists every problem in a document, not just the first', async () => {
    const db = await openMigrated();
    const dir = copySeeds((yaml) =>
      replaceOnce(replaceOnce(yaml, 'span: [3619, 3641]', 'span: [3620, 3642]'), 'speaker: mark-toner', 'speaker: mark-tonner'),
    );

    const error = await seedErrorFrom(loadSeeds(db, dir));

    expect(error.problems).toEqual([
      'statements[19].speaker: no actor "mark-tonner" is defined in this file',
      expect.stringMatching(/^statements\[19\]\.span: .*the text occurs at \[3619, 3641\]$/),
    ]);
  });

  it('loads nothing, not even the good documents, when one document is broken', async () => {
    const db = await openMigrated();
    const dir = copySeeds();
    cpSync(join(dir, DOCUMENT), join(dir, 'zz-broken'), { recursive: true });
    const brokenFile = join(dir, 'zz-broken', 'annotations.yaml');
    writeFileSync(brokenFile, replaceOnce(readFileSync(brokenFile, 'utf8'), 'publishedOn: 2016-03-17', 'publishedOn: 2016-02-30'));

    const error = await seedErrorFrom(loadSeeds(db, dir));

    expect(error.file).toBe(brokenFile);
    expect(await rowCounts(db)).toEqual(EMPTY_COUNTS);
  });
});

describe('loadSeeds after editors', () => {
  const UPDATE_ACTOR = /* GraphQL */ `
    mutation($input: UpdateActorInput!) { updateActor(input: $input) { actor { description aliases } } }
  `;
  const UPDATE_STATEMENT = /* GraphQL */ `
    mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { speakerRole } } }
  `;
  const CHA = 'Senior fellow on North Korea at the Bush Institute and director of Asian studies at Georgetown University.';
  const apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  /** A seeded store with an EDITOR key named "desk". */
  async function seededApp(options: { savedQueries?: boolean } = {}): Promise<{ t: TestApp; desk: string }> {
    const t = await createTestApp(options);
    apps.push(t);
    return { t, desk: await t.createKey('EDITOR', 'desk') };
  }

  async function editCha(t: TestApp, desk: string): Promise<void> {
    const id = await idOf(t, 'actor', 'victor-cha');
    await t.data(UPDATE_ACTOR, { input: { id, description: 'Korea Chair at CSIS.', aliases: ['Cha', 'Victor D. Cha'] } }, { apiKey: desk });
  }

  async function auditCount(db: Db): Promise<number> {
    return Number((await db.selectFrom('auditLog').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }

  it('keeps an actor an editor changed, with its aliases, and says who changed it', async () => {
    const { t, desk } = await seededApp();
    await editCha(t, desk);
    const audited = await auditCount(t.db);
    const before = await snapshot(t.db);

    const summary = await loadSeeds(t.db);

    expect(summary.kept).toEqual([
      { table: 'actor', key: 'victor-cha', edit: expect.objectContaining({ by: 'desk', operation: 'updateActor' }) },
    ]);
    expect(summary.changes).toEqual({});
    expect(await snapshot(t.db)).toEqual(before);
    expect(await auditCount(t.db)).toBe(audited);
    const actor = await t.data(`{ actor(slug: "victor-cha") { description aliases } }`);
    expect(actor).toEqual({ actor: { description: 'Korea Chair at CSIS.', aliases: ['Cha', 'Victor D. Cha'] } });
  });

  it('still fills in, from a new release of the seed, what nobody but the seed has touched', async () => {
    const { t, desk } = await seededApp();
    await editCha(t, desk);
    const release = copySeeds((yaml) =>
      replaceOnce(
        replaceOnce(yaml, 'description: Spokesman of the Chinese Foreign Ministry.', "description: Spokesman of China's foreign ministry."),
        `description: ${CHA}`,
        'description: A new description from the seed.',
      ),
    );

    const summary = await loadSeeds(t.db, release);

    expect(summary.changes).toEqual({ actor: { inserted: 0, updated: 1, deleted: 0 } });
    expect(summary.kept.map(({ table, key }) => `${table} ${key}`)).toEqual(['actor victor-cha']);
    const actors = await t.db.selectFrom('actor').select(['slug', 'description']).where('slug', 'in', ['lu-kang', 'victor-cha']).orderBy('slug').execute();
    expect(actors).toEqual([
      { slug: 'lu-kang', description: "Spokesman of China's foreign ministry." },
      { slug: 'victor-cha', description: 'Korea Chair at CSIS.' },
    ]);
    // The seed's update is in the audit log as the seed's, after the editor's.
    const log = await t.db.selectFrom('auditLog').select(['actorName', 'operation', 'entityType']).orderBy('id').execute();
    expect(log).toEqual([
      { actorName: 'desk', operation: 'updateActor', entityType: 'Actor' },
      { actorName: 'seed', operation: 'loadSeeds', entityType: 'Actor' },
    ]);
    // And the seed, having written it last, may update it again in a later release.
    const next = await loadSeeds(t.db, copySeeds((yaml) => replaceOnce(yaml, 'description: Spokesman of the Chinese Foreign Ministry.', 'description: Spokesman.')));
    expect(next.changes).toEqual({ actor: { inserted: 0, updated: 1, deleted: 0 } });
  });

  it('keeps a statement an editor corrected, and its evidence, when a release of the seed drops it', async () => {
    const { t, desk } = await seededApp();
    const statement = await t.db
      .selectFrom('statement')
      .select(['id', 'spanStart', 'spanEnd'])
      .where('text', '=', 'Beijing has stressed this point many times')
      .executeTakeFirstOrThrow();
    await t.data(UPDATE_STATEMENT, { input: { id: encodeGlobalID('Statement', String(statement.id)), speakerRole: 'spokesman' } }, { apiKey: desk });
    const release = copySeeds((yaml) =>
      cutBetween(
        replaceOnce(yaml, '      - lu-stressed-many-times\n', ''),
        '  - key: lu-stressed-many-times\n',
        '  - key: rosenberg-up-the-ante\n',
      ),
    );

    const summary = await loadSeeds(t.db, release);

    expect(summary.kept).toEqual([
      {
        table: 'statement',
        key: `${DOCUMENT} [${statement.spanStart}, ${statement.spanEnd})`,
        edit: expect.objectContaining({ by: 'desk', operation: 'updateStatement' }),
      },
    ]);
    // Only the evidence link the release dropped goes; the statement stays as the editor left it.
    expect(summary.changes).toEqual({ stanceEvidence: { inserted: 0, updated: 0, deleted: 1 } });
    expect(await t.db.selectFrom('statement').select('speakerRole').where('id', '=', statement.id).executeTakeFirst()).toEqual({ speakerRole: 'spokesman' });
    expect((await rowCounts(t.db)).statement).toBe(SEEDED_COUNTS.statement);
  });

  it('writes nothing on a second run over an unchanged store: no row, no audit entry, saved queries included', async () => {
    const { t } = await seededApp({ savedQueries: true });
    const audited = await auditCount(t.db);
    const before = await snapshot(t.db);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'));

    const graph = await loadSeeds(t.db);
    const queries = await loadSavedQuerySeeds(t.store, schema, LIMITS);

    expect(graph.changes).toEqual({});
    expect(queries).toEqual({ saved: [], deleted: [], kept: [] });
    expect(await auditCount(t.db)).toBe(audited);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('keeps a seeded saved query someone saved a new version of', async () => {
    const { t } = await seededApp({ savedQueries: true });
    const current = await t.store.savedQueries.findByName('measures-by-sector');
    if (!current) throw new Error('the seeded query measures-by-sector is missing');
    const version = await t.store.savedQueries.findVersion(current);
    await saveQuery(t.store, schema, LIMITS, { apiKeyId: null, name: 'cli:ops' }, {
      name: 'measures-by-sector',
      title: 'Measures by sector (ours)',
      document: `${version?.document ?? ''}\n`,
    });

    const seeded = await loadSavedQuerySeeds(t.store, schema, LIMITS);

    expect(seeded.kept).toEqual([{ name: 'measures-by-sector', edit: expect.objectContaining({ by: 'cli:ops', operation: 'saveQuery' }) }]);
    expect(seeded.saved).toEqual([]);
    expect(await t.store.savedQueries.findByName('measures-by-sector')).toMatchObject({ title: 'Measures by sector (ours)', currentVersion: 2 });
  });
});

describe('parseArticleText', () => {
  it('splits the seed article into section, headline, dek, photo credit and body', () => {
    const parsed = parseArticleText(ARTICLE_TEXT);

    expect(parsed.section).toBe('The Cable');
    expect(parsed.headline).toBe('Beijing Blasts New U.S. Sanctions on North Korea');
    expect(parsed.dek).toBe("China's foreign ministry says new U.S. sanctions on North Korea raise tensions in the region.");
    expect(parsed.photoCredit).toBe('Ed Jones/Getty Images');
    expect(parsed.body.startsWith('China is not happy')).toBe(true);
    expect(parsed.body.endsWith('has called for his release.')).toBe(true);
  });

  it('leaves the site furniture out of the body', () => {
    const { body, boilerplate } = parseArticleText(ARTICLE_TEXT);

    for (const furniture of ['Trending Now', 'Taboola', 'More from Foreign Policy', 'Photo Credit']) {
      expect(body).not.toContain(furniture);
    }
    expect(boilerplate[0]).toMatch(/^Trending Now/);
    // Paragraphs are separated by exactly one blank line, none ending in spaces.
    expect(body).not.toMatch(/\n\n\n|[ \t\u00a0]\n/);
  });

  it('keeps the text as published, its errors included', () => {
    const { body } = parseArticleText(ARTICLE_TEXT);

    expect(body).toContain(
      'The new sanctions “up the ante quite significantly,” said Elizabeth Rosenberg, a sanctions expert at the ' +
        'Center for a New American Security, the new sanctions “up the ante quite significantly.”',
    );
    expect(body.split('up the ante quite significantly')).toHaveLength(3);
    expect(body).toContain('China’s disapproves of North Korea’s nuclear program');
  });

  it('gives the same parts for CRLF line endings (and a byte-order mark)', () => {
    const unix = parseArticleText(ARTICLE_TEXT);
    const windows = parseArticleText(`\uFEFF${ARTICLE_TEXT.replace(/\r?\n/g, '\r\n')}`);

    expect(windows).toEqual(unix);
    expect(windows.body).not.toContain('\r');
  });
});
