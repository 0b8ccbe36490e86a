// Prefix indexes for search: FTS5 answers `sa*` from an index of every two-, three- and
// four-letter prefix instead of merging the lists of every word that starts with them. Without one,
// a short prefix on a large store cost seconds per page (every word starting with "t" is merged
// again for each hit's snippet: 27 s for a page of 100 at scale L); with it, milliseconds. The index
// grows by about a third. Queries refuse one-letter prefixes (server/store/search.ts), which no
// index length here serves.
//
// FTS5 cannot add a prefix index to an existing table, so the table is rebuilt: its texts are kept
// aside, the table is dropped and created anew under the same name (the triggers of 0004 name it,
// and stay), and the texts go back with their rowids.
import { type Kysely, sql } from 'kysely';
import { isSqlite } from './portable.js';

const TOKENIZE = 'porter unicode61 remove_diacritics 2';

async function rebuild(db: Kysely<any>, options: string): Promise<void> {
  await sql`create temp table search_index_copy as select rowid as id, entity_type, entity_id, field, text from search_index`.execute(db);
  await sql`drop table search_index`.execute(db);
  await sql
    .raw(
      `create virtual table search_index using fts5(entity_type unindexed, entity_id unindexed, field unindexed, text, tokenize = '${TOKENIZE}'${options})`,
    )
    .execute(db);
  await sql`
    insert into search_index (rowid, entity_type, entity_id, field, text)
    select id, entity_type, entity_id, field, text from search_index_copy order by id
  `.execute(db);
  await sql`drop table search_index_copy`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // 0004 refuses other databases; their search is built with their own migrations.
  if (!isSqlite(db)) return;
  await rebuild(db, `, prefix = '2 3 4'`);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await rebuild(db, '');
}
