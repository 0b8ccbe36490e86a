// Bulk NDJSON export and import: the whole graph out and back in, exactly; idempotent re-imports;
// bad lines reported by number and never half-applied; streaming over a larger corpus; the progress
// bar and the CLI commands built on them.
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSeeds } from '../seeds/load.js';
import { parseImportArgs, runExport, runImport } from '../server/ingest/bulk-cli.js';
import {
  BulkImportError,
  exportGraph,
  formatImportSummary,
  type ImportOptions,
  type ImportSummary,
  importNdjson,
} from '../server/ingest/bulk.js';
import { createProgressBar, formatProgressLine } from '../server/ingest/progress.js';
import { type Db, openDatabase } from '../server/store/database.js';
import { migrateToLatest } from '../server/store/migrate.js';
import { addSyntheticCorpus } from './helpers/fixtures.js';

const openStores: Db[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(openStores.splice(0).map((db) => db.destroy()));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openMigrated(onQuery?: (sql: string) => void): Promise<Db> {
  const db = openDatabase(':memory:', { onQuery });
  openStores.push(db);
  await migrateToLatest(db);
  return db;
}

async function openSeeded(): Promise<Db> {
  const db = await openMigrated();
  await loadSeeds(db);
  return db;
}

function tempFile(name: string, content?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stancegraph-bulk-'));
  tempDirs.push(dir);
  const file = join(dir, name);
  if (content !== undefined) writeFileSync(file, content);
  return file;
}

/** Exports `db` to a temp file through a file stream; returns the file and its text. */
async function exportToFile(db: Db): Promise<{ file: string; text: string }> {
  const file = tempFile('graph.ndjson');
  const output = createWriteStream(file);
  await exportGraph(db, output);
  output.end();
  await once(output, 'close');
  return { file, text: readFileSync(file, 'utf8') };
}

/** Who these tests' imports are recorded as in the audit log. */
const AUTHOR = { apiKeyId: null, name: 'cli:test' };

function importFile(db: Db, file: string, options: Omit<ImportOptions, 'author'> = {}): Promise<ImportSummary> {
  return importNdjson(db, createReadStream(file), { author: AUTHOR, ...options });
}

function importText(db: Db, text: string, options: Omit<ImportOptions, 'author'> = {}): Promise<ImportSummary> {
  return importNdjson(db, Readable.from([text]), { author: AUTHOR, ...options });
}

const ndjson = (...records: unknown[]) => `${records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n')}\n`;

/** The tables of the graph: the audit log is the store's own history, which the export leaves out. */
async function graphTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from pragma_table_list
    where schema = 'main' and type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like 'kysely\\_%' escape '\\'
      and name <> 'audit_log'
    order by name
  `.execute(db.withoutPlugins());
  return rows.map((row) => row.name);
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await graphTables(db)) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db.withoutPlugins());
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}

/** Every row of every table, in rowid order: two equal snapshots mean nothing was touched. */
async function snapshot(db: Db): Promise<Record<string, Record<string, unknown>[]>> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const table of await graphTables(db)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by rowid`.execute(
      db.withoutPlugins(),
    );
    tables[table] = rows;
  }
  return tables;
}

async function importErrorFrom(promise: Promise<unknown>): Promise<BulkImportError> {
  const error = await promise.then(
    () => new Error('expected the import to reject'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof BulkImportError)) throw error;
  return error;
}

function changeTotals(summary: ImportSummary) {
  const totals = { inserted: 0, updated: 0, unchanged: 0 };
  for (const counts of Object.values(summary.changes)) {
    totals.inserted += counts.inserted;
    totals.updated += counts.updated;
    totals.unchanged += counts.unchanged;
  }
  return totals;
}

type JsonRecord = Record<string, unknown> & { type: string };

/** Rewrites the records of an export with `edit` (return the record, changed or not). */
function editRecords(text: string, edit: (record: JsonRecord) => JsonRecord): string {
  return ndjson(
    ...text
      .trimEnd()
      .split('\n')
      .map((line) => edit(JSON.parse(line) as JsonRecord)),
  );
}

const ARTICLE_BODY = 'Alpha said the sanctions will fail. Others disagreed.';
const SAID = 'the sanctions will fail';
const SAID_AT: [number, number] = [ARTICLE_BODY.indexOf(SAID), ARTICLE_BODY.indexOf(SAID) + SAID.length];

const alpha = { type: 'actor', slug: 'alpha', name: 'Alpha', kind: 'STATE' };
const topic = { type: 'topic', slug: 'sanctions', name: 'Sanctions' };
const article = {
  type: 'article',
  slug: 'alpha-speaks',
  publication: 'The Daily',
  headline: 'Alpha speaks',
  body: ARTICLE_BODY,
  publishedOn: '2024-05-01',
  language: 'en',
  mentions: { actors: ['alpha'] },
  statements: [{ span: SAID_AT, text: SAID, speaker: 'alpha', kind: 'PARAPHRASE' }],
};
const stance = {
  type: 'stance',
  slug: 'alpha-doubts-sanctions',
  holder: 'alpha',
  position: 'CRITICIZES',
  target: { topic: 'sanctions' },
  summary: 'Alpha expects the sanctions to fail.',
  asOf: '2024-05-01',
  article: 'alpha-speaks',
  evidence: [{ article: 'alpha-speaks', span: SAID_AT }],
};

describe('exportGraph', () => {
  it('round-trips the seeded store exactly: export, import into an empty store, export again', async () => {
    const source = await openSeeded();
    const first = await exportToFile(source);

    const target = await openMigrated();
    const summary = await importFile(target, first.file);
    const second = await exportToFile(target);

    expect(second.text).toBe(first.text);
    expect(await rowCounts(target)).toEqual(await rowCounts(source));
    expect(summary.skipped).toEqual([]);
    // The seeds' one forward relation (us-eo-13722 → us-eo-13687) arrives after both measures.
    expect(summary.changes['measure-relations']).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(summary.changes.actor).toEqual({ inserted: 22, updated: 0, unchanged: 0 });
    expect(summary.changes.article).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(summary.changes.stance).toEqual({ inserted: 13, updated: 0, unchanged: 0 });
  });

  it('starts with the header, writes dependencies first and never writes API keys or the audit log', async () => {
    const db = await openSeeded();
    await sql`insert into api_key (name, role, prefix, key_hash, created_at) values ('ci', 'ADMIN', 'sg_x', 'hash', '2024-01-01T00:00:00.000Z')`.execute(
      db.withoutPlugins(),
    );

    const { text } = await exportToFile(db);
    const records = text.trimEnd().split('\n').map((line) => JSON.parse(line) as JsonRecord);

    expect(records[0]).toEqual({ type: 'stancegraph-export', version: 1 });
    const order = ['actor', 'affiliation', 'topic', 'event', 'measure', 'measure-relations', 'article', 'stance'];
    const types = records.slice(1).map((record) => record.type);
    expect(types).toEqual([...types].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(text).not.toContain('sg_x');
    expect(text).not.toContain('api_key');
    // Every statement's text is the body slice its span names.
    for (const record of records.filter((r) => r.type === 'article')) {
      const body = record.body as string;
      for (const statement of record.statements as { span: [number, number]; text: string }[]) {
        expect(body.slice(...statement.span)).toBe(statement.text);
      }
    }
  });

  it('streams a larger corpus page by page through a slow writer, and it round-trips', async () => {
    const queries: string[] = [];
    const source = await openMigrated((text) => queries.push(text));
    await loadSeeds(source);
    await addSyntheticCorpus(source, { articles: 150, statementsPerArticle: 3, speakers: 7 });
    queries.length = 0;

    const chunks: string[] = [];
    let waitedForDrain = false;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        setImmediate(done);
      },
    });
    slow.on('drain', () => {
      waitedForDrain = true;
    });
    const exported = await exportGraph(source, slow, { pageSize: 40 });
    const text = chunks.join('');

    expect(waitedForDrain).toBe(true);
    expect(exported.records.article).toBe(151);
    expect(exported.records.stance).toBe(13 + 450);
    expect(exported.lines).toBe(text.split('\n').length - 1);
    expect(exported.bytes).toBe(Buffer.byteLength(text));
    // 151 articles at 40 a page: four keyset queries, none of them reading the whole table.
    const articlePages = queries.filter((q) => /^select .* from "article" where "id" > \? order by "id" limit \?$/.test(q));
    expect(articlePages).toHaveLength(4);

    const target = await openMigrated();
    const progress: [number, number, number | undefined][] = [];
    const file = tempFile('corpus.ndjson', text);
    const summary = await importFile(target, file, {
      batchSize: 100,
      totalBytes: Buffer.byteLength(text),
      onProgress: (lines, bytes, total) => progress.push([lines, bytes, total]),
    });

    expect(summary.batchesCommitted).toBe(Math.ceil((exported.lines - 1) / 100));
    expect(progress.at(-1)).toEqual([exported.lines, Buffer.byteLength(text), Buffer.byteLength(text)]);
    expect((await exportToFile(target)).text).toBe(text);
    expect(await rowCounts(target)).toEqual(await rowCounts(source));
  });
});

describe('importNdjson', () => {
  it('imports the same file again without duplicating anything, and says every record is unchanged', async () => {
    const db = await openSeeded();
    const { file, text } = await exportToFile(db);
    const before = await snapshot(db);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'));
    const summary = await importFile(db, file);

    expect(changeTotals(summary)).toEqual({ inserted: 0, updated: 0, unchanged: text.trimEnd().split('\n').length - 1 });
    expect(await snapshot(db)).toEqual(before);
    expect(formatImportSummary(summary)).toMatch(/^imported 59 of 59 record\(s\) from 60 line\(s\) in 1 batch\(es\)/);
    expect(formatImportSummary(summary)).toContain('  actor: 0 inserted, 0 updated, 22 unchanged');
  });

  it('imports hand-written records without timestamps (stamped now) and is idempotent on them too', async () => {
    const db = await openMigrated();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'));
    const text = ndjson(alpha, topic, article, stance);

    const first = await importText(db, text);
    vi.setSystemTime(new Date('2031-01-01T00:00:00.000Z'));
    const second = await importText(db, text);

    expect(changeTotals(first)).toEqual({ inserted: 4, updated: 0, unchanged: 0 });
    expect(changeTotals(second)).toEqual({ inserted: 0, updated: 0, unchanged: 4 });
    const statement = await db.selectFrom('statement').selectAll().executeTakeFirstOrThrow();
    expect(statement).toMatchObject({
      text: SAID,
      spanStart: SAID_AT[0],
      saidOn: '2024-05-01',
      saidOnInferred: 1,
      reviewStatus: 'CONFIRMED',
      confidence: null,
      createdAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-01-01T00:00:00.000Z',
    });
    const evidence = await db.selectFrom('stanceEvidence').selectAll().execute();
    expect(evidence).toEqual([{ stanceId: 1, statementId: statement.id }]);
  });

  it('updates only the rows and children a modified record changes', async () => {
    const db = await openSeeded();
    const { text } = await exportToFile(db);
    const before = await snapshot(db);
    const statementUpdatedAt = '2029-06-01T12:00:00.000Z';
    const edited = editRecords(text, (record) => {
      if (record.type === 'actor' && record.slug === 'lu-kang') {
        // No updatedAt: the import stamps the change with its own time.
        const { updatedAt: _dropped, ...rest } = record;
        return { ...rest, name: 'Lu Kang (spokesman)' } as JsonRecord;
      }
      if (record.type === 'actor' && record.slug === 'china') {
        return { ...record, aliases: (record.aliases as string[]).filter((alias) => alias !== 'PRC') };
      }
      if (record.type === 'article') {
        const statements = (record.statements as Record<string, unknown>[]).map((statement) =>
          statement.text === 'Beijing has stressed this point many times'
            ? { ...statement, reviewStatus: 'PENDING', confidence: 0.42, updatedAt: statementUpdatedAt }
            : statement,
        );
        return { ...record, statements };
      }
      return record;
    });

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'));
    const summary = await importText(db, edited);
    const after = await snapshot(db);

    expect(summary.changes.actor).toEqual({ inserted: 0, updated: 2, unchanged: 20 });
    expect(summary.changes.article).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(changeTotals(summary).updated).toBe(3);

    for (const table of Object.keys(before)) {
      if (['actor', 'actor_alias', 'statement'].includes(table)) continue;
      expect(after[table], table).toEqual(before[table]);
    }
    expect(after.actor).toEqual(
      before.actor?.map((row) =>
        row.slug === 'lu-kang' ? { ...row, name: 'Lu Kang (spokesman)', updatedAt: '2030-01-01T00:00:00.000Z' } : row,
      ),
    );
    const china = before.actor?.find((row) => row.slug === 'china');
    expect(after.actor_alias).toEqual(before.actor_alias?.filter((row) => !(row.actorId === china?.id && row.alias === 'PRC')));
    expect(after.statement).toEqual(
      before.statement?.map((row) =>
        row.text === 'Beijing has stressed this point many times'
          ? { ...row, reviewStatus: 'PENDING', confidence: 0.42, updatedAt: statementUpdatedAt }
          : row,
      ),
    );
    // One audit entry per record that changed something, naming its row and line.
    const audit = await db.selectFrom('auditLog').select(['actorName', 'operation', 'entityType', 'entityId', 'details', 'at']).orderBy('id').execute();
    expect(audit.map((entry) => ({ ...entry, details: JSON.parse(entry.details) as unknown }))).toEqual([
      expect.objectContaining({ entityType: 'Actor', entityId: china?.id, details: expect.objectContaining({ record: 'actor', change: 'updated' }) }),
      expect.objectContaining({ entityType: 'Actor', details: expect.objectContaining({ record: 'actor', change: 'updated' }) }),
      expect.objectContaining({ entityType: 'Article', details: expect.objectContaining({ record: 'article', change: 'updated' }) }),
    ]);
    expect(new Set(audit.map((entry) => `${entry.actorName} ${entry.operation} ${entry.at}`))).toEqual(new Set(['cli:test importNdjson 2030-01-01T00:00:00.000Z']));
  });

  it('writes one audit entry per inserted record, none for a record skipped or imported again unchanged', async () => {
    const db = await openMigrated();
    const text = ndjson(alpha, '{"type":"actor","slug":"beta",', topic, article, stance);

    await importText(db, text, { onError: 'skip' });
    await importText(db, text, { onError: 'skip' });

    const audit = await db.selectFrom('auditLog').select(['operation', 'entityType', 'entityId', 'details']).orderBy('id').execute();
    const ids = async (table: 'actor' | 'topic' | 'article' | 'stance', slug: string) =>
      (await db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    expect(audit).toEqual([
      { operation: 'importNdjson', entityType: 'Actor', entityId: await ids('actor', 'alpha'), details: JSON.stringify({ line: 1, record: 'actor', change: 'inserted' }) },
      { operation: 'importNdjson', entityType: 'Topic', entityId: await ids('topic', topic.slug), details: JSON.stringify({ line: 3, record: 'topic', change: 'inserted' }) },
      { operation: 'importNdjson', entityType: 'Article', entityId: await ids('article', article.slug), details: JSON.stringify({ line: 4, record: 'article', change: 'inserted' }) },
      { operation: 'importNdjson', entityType: 'Stance', entityId: await ids('stance', stance.slug), details: JSON.stringify({ line: 5, record: 'stance', change: 'inserted' }) },
    ]);
  });

  const GOOD_AND_BAD = ndjson(
    { type: 'stancegraph-export', version: 1 },
    alpha,
    '{"type":"actor","slug":"beta",',
    { type: 'widget', slug: 'gizmo' },
    { type: 'topic', slug: 'no-name' },
    { ...article, slug: 'misaligned', statements: [{ ...article.statements[0], span: [SAID_AT[0] + 1, SAID_AT[1] + 1] }] },
    { type: 'actor', slug: 'gamma', name: 'Gamma', kind: 'PERSON', country: 'atlantis' },
    topic,
    article,
    { type: 'actor', slug: 'delta', nmae: 'Delta', name: 'Delta', kind: 'PERSON' },
    stance,
    { ...stance, slug: 'wrong-evidence', evidence: [{ article: 'alpha-speaks', span: [0, 5] }] },
    { type: 'actor', slug: 'omega', name: 'Omega', kind: 'ORGANIZATION' },
    { type: 'actor', slug: 'psi', name: 'Psi', kind: 'PERSON', country: 'omega' },
    { type: 'actor', slug: 'kappa', name: 'Kappa', kind: 'STATE', country: 'alpha' },
    { type: 'stancegraph-export', version: 1 },
  );

  it('skips every bad line with its line number and message, and applies every good one', async () => {
    const db = await openMigrated();

    const summary = await importText(db, GOOD_AND_BAD, { onError: 'skip', batchSize: 3 });

    expect(summary.skipped).toEqual([
      { line: 3, message: expect.stringMatching(/^not valid JSON: /) },
      { line: 4, message: expect.stringMatching(/^type: unknown record type "widget" \(expected one of actor, .*\)$/) },
      { line: 5, message: expect.stringMatching(/^name: Invalid input: expected string, received undefined$/) },
      {
        line: 6,
        message: expect.stringMatching(
          new RegExp(`^statements\\[0\\]\\.span: body\\.slice\\(${SAID_AT[0] + 1}, ${SAID_AT[1] + 1}\\) is ".*", not the statement text; the text occurs at \\[${SAID_AT[0]}, ${SAID_AT[1]}\\]$`),
        ),
      },
      { line: 7, message: 'country: no actor "atlantis" in the store or earlier in the file' },
      { line: 10, message: '(root): Unrecognized key: "nmae"' },
      { line: 12, message: 'evidence[0]: no statement at [0, 5] in article "alpha-speaks" in the store or earlier in the file' },
      { line: 14, message: 'country: "omega" is not a STATE (it is ORGANIZATION)' },
      { line: 15, message: 'country: a STATE has no country of its own' },
      { line: 16, message: 'type: the "stancegraph-export" header must be the first line' },
    ]);
    expect(summary.linesRead).toBe(16);
    expect(summary.recordsRead).toBe(15);
    expect(changeTotals(summary)).toEqual({ inserted: 5, updated: 0, unchanged: 0 });
    expect(await db.selectFrom('actor').select('slug').orderBy('id').execute()).toEqual([{ slug: 'alpha' }, { slug: 'omega' }]);
    expect(await db.selectFrom('article').select('slug').execute()).toEqual([{ slug: 'alpha-speaks' }]);
    expect(await db.selectFrom('stance').select('slug').execute()).toEqual([{ slug: 'alpha-doubts-sanctions' }]);
    expect(await db.selectFrom('statement').select('text').execute()).toEqual([{ text: SAID }]);
    expect(formatImportSummary(summary)).toContain('skipped 10 line(s):\n  line 3: not valid JSON');
  });

  it('leaves nothing of a record the store refuses half-way (a savepoint per record)', async () => {
    const db = await openMigrated();
    // The measure's issuer resolves, then its target does not: the measure row must not stay behind.
    const text = ndjson(alpha, {
      type: 'measure',
      slug: 'half',
      name: 'Half',
      instrument: 'DESIGNATION',
      issuer: 'alpha',
      scope: 'UNILATERAL',
      targets: [{ actor: 'alpha' }, { actor: 'nobody' }],
    });

    const summary = await importText(db, text, { onError: 'skip' });

    expect(summary.skipped).toEqual([
      { line: 2, message: 'targets[1].actor: no actor "nobody" in the store or earlier in the file' },
    ]);
    expect(await db.selectFrom('sanctionMeasure').select('slug').execute()).toEqual([]);
    expect(await db.selectFrom('measureTarget').select('id').execute()).toEqual([]);
  });

  const ABORTING: { name: string; bad: unknown; problem: RegExp }[] = [
    { name: 'a JSON syntax error', bad: '{"type": "actor"', problem: /^line 5: not valid JSON: / },
    {
      name: 'a reference to an unknown actor',
      bad: { type: 'actor', slug: 'epsilon', name: 'Epsilon', kind: 'PERSON', country: 'atlantis' },
      problem: /^line 5: country: no actor "atlantis" in the store or earlier in the file$/,
    },
  ];

  it.each(ABORTING)('on $name in abort mode rolls back that batch, keeps the earlier ones and names the line', async ({ bad, problem }) => {
    const db = await openMigrated();
    const actor = (slug: string) => ({ type: 'actor', slug, name: slug, kind: 'STATE' });
    const text = ndjson({ type: 'stancegraph-export', version: 1 }, actor('a'), actor('b'), actor('c'), bad, actor('d'));

    const error = await importErrorFrom(importText(db, text, { batchSize: 2, onError: 'abort' }));

    expect(error.line).toBe(5);
    expect(error.message).toMatch(problem);
    expect(error.summary.batchesCommitted).toBe(1);
    expect(error.summary.changes.actor).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(await db.selectFrom('actor').select('slug').orderBy('id').execute()).toEqual([{ slug: 'a' }, { slug: 'b' }]);
  });

  it('stops at a header of another version, whatever onError says', async () => {
    const db = await openMigrated();
    const text = ndjson({ type: 'stancegraph-export', version: 2 }, alpha);

    const error = await importErrorFrom(importText(db, text, { onError: 'skip' }));

    expect(error.message).toBe('line 1: version: this build reads version 1 of the format, not 2');
    expect(await rowCounts(db)).toMatchObject({ actor: 0 });
  });

  it('accepts a measure whose relations come later, in a measure-relations record', async () => {
    const db = await openMigrated();
    const measure = (slug: string, extra: Record<string, unknown> = {}) => ({
      type: 'measure', slug, name: slug, instrument: 'DESIGNATION', issuer: 'alpha', scope: 'UNILATERAL', ...extra,
    });
    const text = ndjson(
      alpha,
      measure('first'),
      measure('second', { relations: [{ kind: 'BUILDS_ON', measure: 'first' }] }),
      { type: 'measure-relations', measure: 'first', relations: [{ kind: 'AMENDS', measure: 'second', note: 'later' }] },
    );

    await importText(db, text);
    const again = await importText(db, text);
    const relations = await db
      .selectFrom('measureRelation')
      .innerJoin('sanctionMeasure as from', 'from.id', 'measureRelation.fromMeasureId')
      .innerJoin('sanctionMeasure as to', 'to.id', 'measureRelation.toMeasureId')
      .select(['from.slug as from', 'to.slug as to', 'measureRelation.kind'])
      .orderBy('measureRelation.id')
      .execute();

    expect(relations).toEqual([
      { from: 'second', to: 'first', kind: 'BUILDS_ON' },
      { from: 'first', to: 'second', kind: 'AMENDS' },
    ]);
    expect(changeTotals(again)).toEqual({ inserted: 0, updated: 0, unchanged: 4 });
  });
});

describe('progress bar', () => {
  const fakeStream = (isTTY: boolean) => {
    const written: string[] = [];
    return { stream: { isTTY, columns: 100, write: (chunk: string) => written.push(chunk) }, written };
  };

  it('draws nothing when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const bar = createProgressBar({ label: 'importing', stream });
    bar.update(10, 100, 1000);
    bar.finish();
    expect(written).toEqual([]);
  });

  it('redraws one line on a terminal, at most once per interval, and ends it on finish', () => {
    const { stream, written } = fakeStream(true);
    let clock = 0;
    const bar = createProgressBar({ label: 'importing', stream, intervalMs: 100, now: () => clock });
    bar.update(1, 10, 1000);
    clock = 50;
    bar.update(2, 20, 1000);
    clock = 200;
    bar.update(50, 500, 1000);
    bar.finish();
    expect(written).toEqual([
      `\r${formatProgressLine('importing', 1, 10, 1000)}\x1b[K`,
      `\r${formatProgressLine('importing', 50, 500, 1000)}\x1b[K`,
      `\r${formatProgressLine('importing', 50, 500, 1000)}\x1b[K`,
      '\n',
    ]);
  });

  it('shows a bar and a percentage when the total is known', () => {
    expect(formatProgressLine('importing', 12000, 512 * 1024, 2048 * 1024)).toBe(
      'importing [######------------------]  25%  12,000 lines  512.0 KiB / 2.0 MiB',
    );
    expect(formatProgressLine('exporting', 3, 300)).toBe('exporting  3 lines  300 B');
  });
});

describe('import and export commands', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        stdin: Readable.from([]),
        stdout: new Writable({ write: (chunk: Buffer, _e, done) => (out.push(chunk.toString()), done()) }),
        stderr: new Writable({ write: (chunk: Buffer, _e, done) => (err.push(chunk.toString()), done()) }),
      },
    };
  };

  it('exports to a file and imports it, printing summaries (and no progress bar off a terminal)', async () => {
    const source = await openSeeded();
    const file = tempFile('cli.ndjson');
    const exporting = io();
    await runExport(source, ['--format', 'ndjson', '--output', file], exporting.io);
    expect(exporting.err.join('')).toMatch(/^exported 60 line\(s\)/);

    const target = await openMigrated();
    const importing = io();
    await runImport(target, ['--format', 'ndjson', '--on-error', 'skip', '--batch-size', '10', file], importing.io);

    expect(importing.out.join('')).toMatch(/^imported 59 of 59 record\(s\) from 60 line\(s\) in 6 batch\(es\)/);
    expect(importing.err).toEqual([]);
    expect(await rowCounts(target)).toEqual(await rowCounts(source));
  });

  it('refuses a bad command line with a message', () => {
    expect(parseImportArgs(['--format', 'ndjson', 'x.ndjson'])).toEqual({ format: 'ndjson', file: 'x.ndjson', batchSize: 500, onError: 'abort' });
    expect(() => parseImportArgs(['--format', 'csv', 'x'])).toThrow('unknown --format "csv"');
    expect(() => parseImportArgs(['--on-error', 'ignore', 'x'])).toThrow('--on-error must be abort or skip');
    expect(() => parseImportArgs(['--batch-size', '0', 'x'])).toThrow('--batch-size must be a positive integer');
    expect(() => parseImportArgs([])).toThrow('import takes one file');
  });
});
