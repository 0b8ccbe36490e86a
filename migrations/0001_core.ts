// The core graph: articles, actors, statements, stances, sanction measures, events and topics.
// Frozen history: the enum lists below are copied here on purpose, not imported from the app.
import { type Kysely, sql } from 'kysely';
import { checkExactlyOneOf, checkOneOf, withIdColumn, withTimestamps } from './portable.js';

const ACTOR_KINDS = [
  'PERSON',
  'ORGANIZATION',
  'GOVERNMENT_BODY',
  'STATE',
  'POLITICAL_PARTY',
  'INTERNATIONAL_ORGANIZATION',
  'COMPANY',
  'MEDIA_OUTLET',
  'COALITION',
];
const STATEMENT_KINDS = ['DIRECT_QUOTE', 'PARTIAL_QUOTE', 'PARAPHRASE'];
const STANCE_POSITIONS = ['SUPPORTS', 'OPPOSES', 'CRITICIZES', 'CONCERNED', 'NEUTRAL', 'ASSESSES'];
const EVENT_KINDS = [
  'NUCLEAR_TEST',
  'MISSILE_LAUNCH',
  'CYBER_ATTACK',
  'SENTENCING',
  'PRESS_BRIEFING',
  'DIPLOMATIC_TALKS',
  'SUMMIT',
  'VOTE',
  'MILITARY_ACTION',
  'ARREST',
  'OTHER',
];
const INSTRUMENTS = [
  'EXECUTIVE_ORDER',
  'UN_SECURITY_COUNCIL_RESOLUTION',
  'DESIGNATION',
  'LEGISLATION',
  'REGULATION',
];
const SCOPES = ['UNILATERAL', 'MULTILATERAL'];
const SECTORS = [
  'FINANCIAL',
  'MINING',
  'TRANSPORT',
  'ENERGY',
  'DEFENSE',
  'TECHNOLOGY',
  'LABOR',
  'TRADE',
  'MEDIA',
  'GOVERNMENT',
];
const PROVISION_KINDS = [
  'ASSET_FREEZE',
  'EXPORT_BAN',
  'IMPORT_BAN',
  'INVESTMENT_BAN',
  'SECONDARY_SANCTIONS',
  'SECTORAL_SANCTIONS',
  'LABOR_EXPORT_BAN',
  'TRAVEL_BAN',
  'ARMS_EMBARGO',
  'FINANCIAL_RESTRICTION',
  'CARGO_INSPECTION',
  'OTHER',
];
const RELATION_KINDS = ['IN_VIEW_OF', 'BUILDS_ON', 'AMENDS', 'SUPERSEDES'];

export async function up(db: Kysely<any>): Promise<void> {
  await withTimestamps(
    withIdColumn(db, db.schema.createTable('article'))
      .addColumn('slug', 'text', (col) => col.notNull().unique())
      .addColumn('publication', 'text', (col) => col.notNull())
      .addColumn('section', 'text')
      .addColumn('headline', 'text', (col) => col.notNull())
      .addColumn('dek', 'text')
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('url', 'text')
      .addColumn('published_on', 'text', (col) => col.notNull())
      .addColumn('photo_credit', 'text')
      .addColumn('language', 'text', (col) => col.notNull()),
  ).execute();
  await db.schema.createIndex('article_published_on_idx').on('article').columns(['published_on', 'id']).execute();
  await db.schema.createIndex('article_headline_idx').on('article').columns(['headline', 'id']).execute();
  await db.schema.createIndex('article_publication_idx').on('article').column('publication').execute();

  await withIdColumn(db, db.schema.createTable('article_author'))
    .addColumn('article_id', 'integer', (col) => col.notNull().references('article.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addUniqueConstraint('article_author_position_key', ['article_id', 'position'])
    .execute();

  await withTimestamps(
    withIdColumn(db, db.schema.createTable('actor'))
      .addColumn('slug', 'text', (col) => col.notNull().unique())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('country_id', 'integer', (col) => col.references('actor.id').onDelete('set null'))
      .addColumn('description', 'text')
      .addCheckConstraint('actor_kind_check', checkOneOf('kind', ACTOR_KINDS))
      .addCheckConstraint('actor_country_not_self_check', sql`country_id <> id`),
  ).execute();
  await db.schema.createIndex('actor_name_idx').on('actor').columns(['name', 'id']).execute();
  await db.schema.createIndex('actor_kind_idx').on('actor').column('kind').execute();
  await db.schema.createIndex('actor_country_id_idx').on('actor').column('country_id').execute();

  await withIdColumn(db, db.schema.createTable('actor_alias'))
    .addColumn('actor_id', 'integer', (col) => col.notNull().references('actor.id').onDelete('cascade'))
    .addColumn('alias', 'text', (col) => col.notNull())
    .addUniqueConstraint('actor_alias_key', ['actor_id', 'alias'])
    .execute();
  await db.schema.createIndex('actor_alias_alias_idx').on('actor_alias').column('alias').execute();

  await withTimestamps(
    withIdColumn(db, db.schema.createTable('affiliation'))
      .addColumn('member_id', 'integer', (col) => col.notNull().references('actor.id').onDelete('cascade'))
      .addColumn('organization_id', 'integer', (col) => col.notNull().references('actor.id').onDelete('cascade'))
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('started_on', 'text')
      .addColumn('ended_on', 'text')
      .addUniqueConstraint('affiliation_key', ['member_id', 'organization_id', 'role'])
      .addCheckConstraint('affiliation_not_self_check', sql`member_id <> organization_id`)
      .addCheckConstraint(
        'affiliation_dates_check',
        sql`started_on is null or ended_on is null or started_on <= ended_on`,
      ),
  ).execute();
  await db.schema.createIndex('affiliation_organization_id_idx').on('affiliation').column('organization_id').execute();

  await withTimestamps(
    withIdColumn(db, db.schema.createTable('topic'))
      .addColumn('slug', 'text', (col) => col.notNull().unique())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('description', 'text'),
  ).execute();
  await db.schema.createIndex('topic_name_idx').on('topic').columns(['name', 'id']).execute();

  await withTimestamps(
    withIdColumn(db, db.schema.createTable('event'))
      .addColumn('slug', 'text', (col) => col.notNull().unique())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('occurred_on', 'text')
      .addColumn('description', 'text')
      .addCheckConstraint('event_kind_check', checkOneOf('kind', EVENT_KINDS)),
  ).execute();
  await db.schema.createIndex('event_occurred_on_idx').on('event').columns(['occurred_on', 'id']).execute();
  await db.schema.createIndex('event_title_idx').on('event').columns(['title', 'id']).execute();
  await db.schema.createIndex('event_kind_idx').on('event').column('kind').execute();

  await withIdColumn(db, db.schema.createTable('event_participant'))
    .addColumn('event_id', 'integer', (col) => col.notNull().references('event.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (col) => col.notNull().references('actor.id').onDelete('cascade'))
    .addColumn('role', 'text')
    .addUniqueConstraint('event_participant_key', ['event_id', 'actor_id'])
    .execute();
  await db.schema.createIndex('event_participant_actor_id_idx').on('event_participant').column('actor_id').execute();

  await withTimestamps(
    withIdColumn(db, db.schema.createTable('sanction_measure'))
      .addColumn('slug', 'text', (col) => col.notNull().unique())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('instrument', 'text', (col) => col.notNull())
      .addColumn('identifier', 'text')
      .addColumn('issuer_id', 'integer', (col) => col.notNull().references('actor.id').onDelete('restrict'))
      .addColumn('signatory_id', 'integer', (col) => col.references('actor.id').onDelete('set null'))
      .addColumn('scope', 'text', (col) => col.notNull())
      .addColumn('signed_on', 'text')
      .addColumn('announced_on', 'text')
      .addColumn('effective_on', 'text')
      .addColumn('description', 'text')
      .addCheckConstraint('sanction_measure_instrument_check', checkOneOf('instrument', INSTRUMENTS))
      .addCheckConstraint('sanction_measure_scope_check', checkOneOf('scope', SCOPES)),
  ).execute();
  await db.schema.createIndex('sanction_measure_issuer_id_idx').on('sanction_measure').column('issuer_id').execute();
  await db.schema
    .createIndex('sanction_measure_signatory_id_idx')
    .on('sanction_measure')
    .column('signatory_id')
    .execute();
  await db.schema.createIndex('sanction_measure_instrument_idx').on('sanction_measure').column('instrument').execute();
  await db.schema.createIndex('sanction_measure_scope_idx').on('sanction_measure').column('scope').execute();
  await db.schema.createIndex('sanction_measure_identifier_idx').on('sanction_measure').column('identifier').execute();
  await db.schema
    .createIndex('sanction_measure_signed_on_idx')
    .on('sanction_measure')
    .columns(['signed_on', 'id'])
    .execute();
  await db.schema
    .createIndex('sanction_measure_announced_on_idx')
    .on('sanction_measure')
    .columns(['announced_on', 'id'])
    .execute();
  await db.schema.createIndex('sanction_measure_name_idx').on('sanction_measure').columns(['name', 'id']).execute();

  await withIdColumn(db, db.schema.createTable('measure_target'))
    .addColumn('measure_id', 'integer', (col) => col.notNull().references('sanction_measure.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (col) => col.notNull().references('actor.id').onDelete('cascade'))
    .addColumn('note', 'text')
    .addUniqueConstraint('measure_target_key', ['measure_id', 'actor_id'])
    .execute();
  await db.schema.createIndex('measure_target_actor_id_idx').on('measure_target').columns(['actor_id', 'id']).execute();

  await db.schema
    .createTable('measure_sector')
    .addColumn('measure_id', 'integer', (col) => col.notNull().references('sanction_measure.id').onDelete('cascade'))
    .addColumn('sector', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('measure_sector_pkey', ['measure_id', 'sector'])
    .addCheckConstraint('measure_sector_sector_check', checkOneOf('sector', SECTORS))
    .execute();
  await db.schema.createIndex('measure_sector_sector_idx').on('measure_sector').column('sector').execute();

  await withIdColumn(db, db.schema.createTable('measure_provision'))
    .addColumn('measure_id', 'integer', (col) => col.notNull().references('sanction_measure.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addUniqueConstraint('measure_provision_position_key', ['measure_id', 'position'])
    .addCheckConstraint('measure_provision_kind_check', checkOneOf('kind', PROVISION_KINDS))
    .execute();
  await db.schema.createIndex('measure_provision_kind_idx').on('measure_provision').column('kind').execute();

  await db.schema
    .createTable('measure_trigger')
    .addColumn('measure_id', 'integer', (col) => col.notNull().references('sanction_measure.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (col) => col.notNull().references('event.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('measure_trigger_pkey', ['measure_id', 'event_id'])
    .execute();
  await db.schema.createIndex('measure_trigger_event_id_idx').on('measure_trigger').column('event_id').execute();

  await withIdColumn(db, db.schema.createTable('measure_relation'))
    .addColumn('from_measure_id', 'integer', (col) =>
      col.notNull().references('sanction_measure.id').onDelete('cascade'),
    )
    .addColumn('to_measure_id', 'integer', (col) => col.notNull().references('sanction_measure.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    .addUniqueConstraint('measure_relation_key', ['from_measure_id', 'to_measure_id', 'kind'])
    .addCheckConstraint('measure_relation_kind_check', checkOneOf('kind', RELATION_KINDS))
    .addCheckConstraint('measure_relation_not_self_check', sql`from_measure_id <> to_measure_id`)
    .execute();
  await db.schema
    .createIndex('measure_relation_to_measure_id_idx')
    .on('measure_relation')
    .column('to_measure_id')
    .execute();

  await withTimestamps(
    withIdColumn(db, db.schema.createTable('statement'))
      .addColumn('article_id', 'integer', (col) => col.notNull().references('article.id').onDelete('cascade'))
      .addColumn('speaker_id', 'integer', (col) => col.notNull().references('actor.id').onDelete('restrict'))
      .addColumn('speaker_role', 'text')
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('text', 'text', (col) => col.notNull())
      .addColumn('span_start', 'integer', (col) => col.notNull())
      .addColumn('span_end', 'integer', (col) => col.notNull())
      .addColumn('said_on', 'text', (col) => col.notNull())
      .addColumn('said_on_inferred', 'integer', (col) => col.notNull())
      .addColumn('venue', 'text')
      .addColumn('event_id', 'integer', (col) => col.references('event.id').onDelete('set null'))
      .addUniqueConstraint('statement_span_key', ['article_id', 'span_start', 'span_end'])
      .addCheckConstraint('statement_kind_check', checkOneOf('kind', STATEMENT_KINDS))
      .addCheckConstraint('statement_span_check', sql`span_start >= 0 and span_end > span_start`)
      .addCheckConstraint('statement_said_on_inferred_check', sql`said_on_inferred in (0, 1)`),
  ).execute();
  await db.schema.createIndex('statement_said_on_idx').on('statement').columns(['said_on', 'id']).execute();
  await db.schema
    .createIndex('statement_speaker_said_on_idx')
    .on('statement')
    .columns(['speaker_id', 'said_on', 'id'])
    .execute();
  await db.schema.createIndex('statement_span_start_idx').on('statement').columns(['span_start', 'id']).execute();
  await db.schema.createIndex('statement_kind_idx').on('statement').column('kind').execute();
  await db.schema.createIndex('statement_event_id_idx').on('statement').column('event_id').execute();

  await withTimestamps(
    withIdColumn(db, db.schema.createTable('stance'))
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
  ).execute();
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

  await db.schema
    .createTable('stance_evidence')
    .addColumn('stance_id', 'integer', (col) => col.notNull().references('stance.id').onDelete('cascade'))
    .addColumn('statement_id', 'integer', (col) => col.notNull().references('statement.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('stance_evidence_pkey', ['stance_id', 'statement_id'])
    .execute();
  await db.schema.createIndex('stance_evidence_statement_id_idx').on('stance_evidence').column('statement_id').execute();

  for (const [table, column, parent] of MENTION_TABLES) {
    await db.schema
      .createTable(table)
      .addColumn('article_id', 'integer', (col) => col.notNull().references('article.id').onDelete('cascade'))
      .addColumn(column, 'integer', (col) => col.notNull().references(`${parent}.id`).onDelete('cascade'))
      .addPrimaryKeyConstraint(`${table}_pkey`, ['article_id', column])
      .execute();
    await db.schema.createIndex(`${table}_${column}_idx`).on(table).columns([column, 'article_id']).execute();
  }
}

const MENTION_TABLES = [
  ['article_actor_mention', 'actor_id', 'actor'],
  ['article_measure_mention', 'measure_id', 'sanction_measure'],
  ['article_event_mention', 'event_id', 'event'],
] as const;

const TABLES_IN_CREATION_ORDER = [
  'article',
  'article_author',
  'actor',
  'actor_alias',
  'affiliation',
  'topic',
  'event',
  'event_participant',
  'sanction_measure',
  'measure_target',
  'measure_sector',
  'measure_provision',
  'measure_trigger',
  'measure_relation',
  'statement',
  'stance',
  'stance_evidence',
  ...MENTION_TABLES.map(([table]) => table),
];

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...TABLES_IN_CREATION_ORDER].reverse()) {
    await db.schema.dropTable(table).execute();
  }
}
