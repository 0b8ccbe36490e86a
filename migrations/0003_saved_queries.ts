// Saved queries: named, parameterised GraphQL documents that analysts run over HTTP as JSON or CSV.
// Every change to a document keeps the previous one as a version.
// Frozen history: the enum lists below are copied here on purpose, not imported from the app.
import type { Kysely } from 'kysely';
import { checkOneOf, withIdColumn, withTimestamps } from './portable.js';

const STATUSES = ['OK', 'BROKEN'];

export async function up(db: Kysely<any>): Promise<void> {
  await withTimestamps(
    withIdColumn(db, db.schema.createTable('saved_query'))
      .addColumn('name', 'text', (col) => col.notNull().unique())
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('description', 'text')
      .addColumn('owner_key_id', 'integer', (col) => col.references('api_key.id').onDelete('set null'))
      .addColumn('owner_name', 'text', (col) => col.notNull())
      .addColumn('current_version', 'integer', (col) => col.notNull())
      // Whether the current schema still accepts the current version, checked on save, at start-up
      // and after migrations.
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('broken_reason', 'text')
      .addColumn('checked_at', 'text', (col) => col.notNull())
      .addCheckConstraint('saved_query_status_check', checkOneOf('status', STATUSES)),
  ).execute();
  await db.schema.createIndex('saved_query_status_idx').on('saved_query').columns(['status', 'id']).execute();
  await db.schema.createIndex('saved_query_owner_key_id_idx').on('saved_query').column('owner_key_id').execute();
  await db.schema.createIndex('saved_query_updated_at_idx').on('saved_query').columns(['updated_at', 'id']).execute();

  await withIdColumn(db, db.schema.createTable('saved_query_version'))
    .addColumn('saved_query_id', 'integer', (col) => col.notNull().references('saved_query.id').onDelete('cascade'))
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('document', 'text', (col) => col.notNull())
    .addColumn('operation_name', 'text', (col) => col.notNull())
    // SHA-256 of the normalised document: the persisted-operation allow-list looks documents up by it.
    .addColumn('document_hash', 'text', (col) => col.notNull())
    .addColumn('default_variables', 'text', (col) => col.notNull())
    .addColumn('author_name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('saved_query_version_key', ['saved_query_id', 'version'])
    .execute();
  await db.schema.createIndex('saved_query_version_document_hash_idx').on('saved_query_version').column('document_hash').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_query_version').execute();
  await db.schema.dropTable('saved_query').execute();
}
