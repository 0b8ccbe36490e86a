// CHECKs for what one row says by itself that 0001 left to the application: a stance's holder is not
// the actor it is toward. (0001 already checks the other single-row rules the writes keep: an actor is
// not its own country, an affiliation not with itself and not ending before it starts, a statement's
// span, a measure relation not to itself. A measure's dates are deliberately not ordered.)
//
// PostgreSQL adds the constraint in place. SQLite cannot, so the stance table is rebuilt: create it
// anew with the CHECK, copy the rows, drop the old one, rename the new one. Migrations run in one
// transaction, where `PRAGMA foreign_keys` cannot be switched off, so two things need care:
// - Dropping the old table is an implicit DELETE, which cascades to stance_evidence; its rows are set
//   aside in a plain table first and put back once the new stance table has the old name.
// - The rename leaves stance_evidence's `references stance` alone (it names the new table by then) and
//   carries the AUTOINCREMENT high-water mark over, which is copied from the old table so an ID freed
//   by a delete is still never reused.
// Frozen history: the table definition below is copied from 0001 on purpose.
import { type Kysely, sql } from 'kysely';
import { checkExactlyOneOf, checkOneOf, isSqlite, withIdColumn, withTimestamps } from './portable.js';

const STANCE_POSITIONS = ['SUPPORTS', 'OPPOSES', 'CRITICIZES', 'CONCERNED', 'NEUTRAL', 'ASSESSES'];
const NOT_SELF_CHECK = 'stance_not_toward_holder_check';
const NOT_SELF = sql`holder_id <> target_actor_id`;

export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return rebuildStanceTable(db, { notSelf: true });
  await sql`alter table stance add constraint ${sql.ref(NOT_SELF_CHECK)} check (${NOT_SELF})`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return rebuildStanceTable(db, { notSelf: false });
  await sql`alter table stance drop constraint ${sql.ref(NOT_SELF_CHECK)}`.execute(db);
}

const STANCE_COLUMNS = [
  'id',
  'slug',
  'holder_id',
  'position',
  'target_measure_id',
  'target_actor_id',
  'target_event_id',
  'target_topic_id',
  'summary',
  'as_of',
  'article_id',
  'created_at',
  'updated_at',
];

async function rebuildStanceTable(db: Kysely<any>, { notSelf }: { notSelf: boolean }): Promise<void> {
  let table = withTimestamps(
    withIdColumn(db, db.schema.createTable('stance_rebuilt'))
      .addColumn('slug', 'text', (col) => col.notNull().unique())
      .addColumn('holder_id', 'integer', (col) => col.notNull().references('actor.id').onDelete('restrict'))
      .addColumn('position', 'text', (col) => col.notNull())
      .addColumn('target_measure_id', 'integer', (col) => col.references('sanction_measure.id').onDelete('cascade'))
      .addColumn('target_actor_id', 'integer', (col) => col.references('actor.id').onDelete('cascade'))
      .addColumn('target_event_id', 'integer', (col) => col.references('event.id').onDelete('cascade'))
      .addColumn('target_topic_id', 'integer', (col) => col.references('topic.id').onDelete('cascade'))
      .addColumn('summary', 'text', (col) => col.notNull())
      .addColumn('as_of', 'text', (col) => col.notNull())
      .addColumn('article_id', 'integer', (col) => col.references('article.id').onDelete('set null'))
      .addCheckConstraint('stance_position_check', checkOneOf('position', STANCE_POSITIONS))
      .addCheckConstraint(
        'stance_exactly_one_target_check',
        checkExactlyOneOf(['target_measure_id', 'target_actor_id', 'target_event_id', 'target_topic_id']),
      ),
  );
  if (notSelf) table = table.addCheckConstraint(NOT_SELF_CHECK, NOT_SELF);
  await table.execute();

  const columns = sql.join(STANCE_COLUMNS.map((column) => sql.ref(column)));
  // A stance toward its own holder makes this insert fail, and with it the migration: such rows must
  // be fixed (retargeted or deleted) before upgrading, not silently dropped here.
  await sql`insert into stance_rebuilt (${columns}) select ${columns} from stance`.execute(db);
  await sql`delete from sqlite_sequence where name = 'stance_rebuilt'`.execute(db);
  await sql`insert into sqlite_sequence (name, seq) select 'stance_rebuilt', seq from sqlite_sequence where name = 'stance'`.execute(db);

  await sql`create table stance_evidence_kept as select stance_id, statement_id from stance_evidence`.execute(db);
  await db.schema.dropTable('stance').execute();
  await db.schema.alterTable('stance_rebuilt').renameTo('stance').execute();
  await sql`insert into stance_evidence (stance_id, statement_id) select stance_id, statement_id from stance_evidence_kept`.execute(db);
  await db.schema.dropTable('stance_evidence_kept').execute();

  // The indexes went with the old table; these are 0001's, under the same names.
  await db.schema.createIndex('stance_as_of_idx').on('stance').columns(['as_of', 'id']).execute();
  await db.schema.createIndex('stance_holder_as_of_idx').on('stance').columns(['holder_id', 'as_of', 'id']).execute();
  for (const target of ['measure', 'actor', 'event', 'topic']) {
    await db.schema
      .createIndex(`stance_target_${target}_as_of_idx`)
      .on('stance')
      .columns([`target_${target}_id`, 'as_of', 'id'])
      .execute();
  }
  await db.schema.createIndex('stance_position_idx').on('stance').column('position').execute();
  await db.schema.createIndex('stance_article_id_idx').on('stance').column('article_id').execute();
}
