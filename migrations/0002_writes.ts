// Writing to the graph: API keys (stored hashed, each with a role), the audit log every mutation
// appends to, and the review state of statements (imported ones wait for an editor).
// Frozen history: the enum lists below are copied here on purpose, not imported from the app.
import { type Kysely, sql } from 'kysely';
import { checkOneOf, withIdColumn } from './portable.js';

const ROLES = ['READER', 'ANALYST', 'EDITOR', 'ADMIN'];
const REVIEW_STATUSES = ['PENDING', 'CONFIRMED'];

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('api_key'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    // The first characters of the key, shown in listings so a key can be recognised without revealing it.
    .addColumn('prefix', 'text', (col) => col.notNull())
    // SHA-256 of the whole key: keys are 256 random bits, so a fast hash is enough to make a leaked
    // table useless, and lookups stay a single indexed equality.
    .addColumn('key_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .addCheckConstraint('api_key_role_check', checkOneOf('role', ROLES))
    .execute();
  await db.schema.createIndex('api_key_name_idx').on('api_key').column('name').execute();

  await withIdColumn(db, db.schema.createTable('audit_log'))
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('api_key_id', 'integer', (col) => col.references('api_key.id').onDelete('set null'))
    // Who, as they were called when they made the change (keys can be renamed or revoked later).
    .addColumn('actor_name', 'text', (col) => col.notNull())
    .addColumn('operation', 'text', (col) => col.notNull())
    .addColumn('entity_type', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'integer', (col) => col.notNull())
    // What changed, as JSON ({ before, after } or the input), for people reading the log.
    .addColumn('details', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id', 'id']).execute();
  await db.schema.createIndex('audit_log_api_key_id_idx').on('audit_log').columns(['api_key_id', 'id']).execute();

  // Statements already in the store were annotated by hand: they start out confirmed.
  await db.schema
    .alterTable('statement')
    .addColumn('review_status', 'text', (col) =>
      col.notNull().defaultTo('CONFIRMED').check(checkOneOf('review_status', REVIEW_STATUSES)),
    )
    .execute();
  await db.schema
    .alterTable('statement')
    .addColumn('confidence', 'real', (col) => col.check(sql`confidence is null or (confidence >= 0 and confidence <= 1)`))
    .execute();
  await db.schema.createIndex('statement_review_status_idx').on('statement').columns(['review_status', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('statement_review_status_idx').execute();
  await db.schema.alterTable('statement').dropColumn('confidence').execute();
  await db.schema.alterTable('statement').dropColumn('review_status').execute();
  await db.schema.dropTable('audit_log').execute();
  await db.schema.dropTable('api_key').execute();
}
