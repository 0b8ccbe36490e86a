// Deleting a saved query keeps it: a deleted query (deleted_at set) leaves the lists, runs and
// /queries/<name>, but the row and every version stay, so it can be restored. Who deleted it is kept
// as on the audit log: the key (if any) and its name at the time.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('saved_query').addColumn('deleted_at', 'text').execute();
  await db.schema
    .alterTable('saved_query')
    .addColumn('deleted_by_key_id', 'integer', (col) => col.references('api_key.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('saved_query').addColumn('deleted_by_name', 'text').execute();
  // Every list and lookup filters on deleted_at.
  await db.schema.createIndex('saved_query_deleted_at_idx').on('saved_query').columns(['deleted_at', 'id']).execute();
  await db.schema.createIndex('saved_query_deleted_by_key_id_idx').on('saved_query').column('deleted_by_key_id').execute();
}

/**
 * Before this migration a deleted query was gone: the code that goes with the schema below would
 * list, serve and run a soft-deleted query again. So the deleted ones (and their versions) are
 * removed for good on the way down, as a delete did then.
 */
export async function down(db: Kysely<any>): Promise<void> {
  const deleted = db.selectFrom('saved_query').select('id').where('deleted_at', 'is not', null);
  await db.deleteFrom('saved_query_version').where('saved_query_id', 'in', deleted).execute();
  await db.deleteFrom('saved_query').where('deleted_at', 'is not', null).execute();
  await db.schema.dropIndex('saved_query_deleted_by_key_id_idx').execute();
  await db.schema.dropIndex('saved_query_deleted_at_idx').execute();
  await db.schema.alterTable('saved_query').dropColumn('deleted_by_name').execute();
  await db.schema.alterTable('saved_query').dropColumn('deleted_by_key_id').execute();
  await db.schema.alterTable('saved_query').dropColumn('deleted_at').execute();
}
