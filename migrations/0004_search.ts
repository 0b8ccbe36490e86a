// Full-text search over the graph's texts: article headlines and bodies, statement texts, actor names
// and aliases, measure names, identifiers and descriptions, event titles and descriptions.
//
// SQLite: one FTS5 table, `search_index`, holding one row per searchable text (so a hit knows which
// field matched), filled from the existing rows and kept in step by triggers on the source tables.
// Each text's rowid is `<source row id> * 16 + <source code>` (the codes below), so a trigger finds
// the row to replace by rowid instead of scanning the index. PostgreSQL would use tsvector columns
// and GIN indexes instead; that port substitutes its own DDL where `isSqlite` is checked.
// Frozen history: the source list below is copied here on purpose, not imported from the app.
import { type Kysely, sql } from 'kysely';
import { isSqlite } from './portable.js';

interface Source {
  /** Distinct per (table, column), 1–15: the low bits of the index rowid. */
  code: number;
  table: string;
  /** The column holding the id of the entity a hit points at (`actor_id` for an alias). */
  entityColumn: string;
  entityType: string;
  field: string;
  column: string;
}

const SOURCES: Source[] = [
  { code: 1, table: 'article', entityColumn: 'id', entityType: 'ARTICLE', field: 'headline', column: 'headline' },
  { code: 2, table: 'article', entityColumn: 'id', entityType: 'ARTICLE', field: 'body', column: 'body' },
  { code: 3, table: 'statement', entityColumn: 'id', entityType: 'STATEMENT', field: 'text', column: 'text' },
  { code: 4, table: 'actor', entityColumn: 'id', entityType: 'ACTOR', field: 'name', column: 'name' },
  { code: 5, table: 'actor_alias', entityColumn: 'actor_id', entityType: 'ACTOR', field: 'alias', column: 'alias' },
  { code: 6, table: 'sanction_measure', entityColumn: 'id', entityType: 'SANCTION_MEASURE', field: 'name', column: 'name' },
  { code: 7, table: 'sanction_measure', entityColumn: 'id', entityType: 'SANCTION_MEASURE', field: 'identifier', column: 'identifier' },
  { code: 8, table: 'sanction_measure', entityColumn: 'id', entityType: 'SANCTION_MEASURE', field: 'description', column: 'description' },
  { code: 9, table: 'event', entityColumn: 'id', entityType: 'EVENT', field: 'title', column: 'title' },
  { code: 10, table: 'event', entityColumn: 'id', entityType: 'EVENT', field: 'description', column: 'description' },
];

const TABLES = [...new Set(SOURCES.map((source) => source.table))];
const TRIGGER_KINDS = ['insert', 'update', 'delete'] as const;

function triggerName(table: string, kind: (typeof TRIGGER_KINDS)[number]): string {
  return `search_index_${table}_${kind}`;
}

function notSupported(): Error {
  return new Error(
    '0004_search: full-text search is not supported yet on this database (only SQLite FTS5); a PostgreSQL port needs its own tsvector version of this migration',
  );
}

/** `<row>.id * 16 + code`, the index rowid of one source text of a row (`row` is `new` or `old`). */
function rowid(row: 'new' | 'old', source: Source): string {
  return `${row}.id * 16 + ${source.code}`;
}

/** Indexes the source text of `new`, unless it is null (`changed` limits it to an update that touched it). */
function insertText(source: Source, changed = ''): string {
  return `insert into search_index (rowid, entity_type, entity_id, field, text)
    select ${rowid('new', source)}, '${source.entityType}', new.${source.entityColumn}, '${source.field}', new.${source.column}
    where new.${source.column} is not null${changed};`;
}

/** The condition under which an update has to re-index a source text. */
function changedCondition(source: Source): string {
  const columns = [...new Set([source.column, source.entityColumn])];
  return columns.map((column) => `old.${column} is not new.${column}`).join(' or ');
}

function triggerSql(table: string, kind: (typeof TRIGGER_KINDS)[number]): string {
  const sources = SOURCES.filter((source) => source.table === table);
  const name = triggerName(table, kind);
  if (kind === 'insert') {
    return `create trigger ${name} after insert on ${table} begin
      ${sources.map((source) => insertText(source)).join('\n      ')}
    end`;
  }
  if (kind === 'delete') {
    return `create trigger ${name} after delete on ${table} begin
      delete from search_index where rowid in (${sources.map((source) => rowid('old', source)).join(', ')});
    end`;
  }
  const columns = [...new Set(sources.flatMap((source) => [source.column, source.entityColumn]))].filter((column) => column !== 'id');
  const statements = sources.flatMap((source) => [
    `delete from search_index where rowid = ${rowid('old', source)} and (${changedCondition(source)});`,
    insertText(source, ` and (${changedCondition(source)})`),
  ]);
  return `create trigger ${name} after update of ${columns.join(', ')} on ${table} begin
      ${statements.join('\n      ')}
    end`;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) throw notSupported();
  // porter: "sanction" finds "sanctions" and "sanctioned"; unicode61 with remove_diacritics 2 folds
  // case and accents, so "Nicolas" finds "Nicolás".
  await sql`
    create virtual table search_index using fts5(
      entity_type unindexed,
      entity_id unindexed,
      field unindexed,
      text,
      tokenize = 'porter unicode61 remove_diacritics 2'
    )
  `.execute(db);
  for (const source of SOURCES) {
    await sql`
      insert into search_index (rowid, entity_type, entity_id, field, text)
      select id * 16 + ${sql.lit(source.code)}, ${sql.lit(source.entityType)}, ${sql.ref(source.entityColumn)},
        ${sql.lit(source.field)}, ${sql.ref(source.column)}
      from ${sql.table(source.table)}
      where ${sql.ref(source.column)} is not null
    `.execute(db);
  }
  for (const table of TABLES) {
    for (const kind of TRIGGER_KINDS) await sql.raw(triggerSql(table, kind)).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) throw notSupported();
  for (const table of TABLES) {
    for (const kind of TRIGGER_KINDS) await sql`drop trigger if exists ${sql.raw(triggerName(table, kind))}`.execute(db);
  }
  await sql`drop table if exists search_index`.execute(db);
}
