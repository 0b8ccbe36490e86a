// Writes bulk records (server/ingest/records.ts) into the store, one record at a time, inside a
// transaction the caller owns. Rows are matched by natural key (slugs; an affiliation by member,
// organization and role; a statement by article and span), unchanged rows are left alone, changed
// rows are updated, and the children a record owns (aliases, participants, a measure's targets,
// sectors, provisions, triggers and relations, an article's authors, mentions and statements, a
// stance's evidence) are made to match the record exactly.
import type { Transaction } from 'kysely';
import type { Database } from '../store/tables.js';
import { anyChange, type Row, type RowChange, syncChildren, upsertRow } from '../store/sync.js';
import { selfStanceProblems } from '../store/stances.js';
import { describeProblem, type Trx } from '../store/writes.js';
import {
  type ActorRecord,
  type AffiliationRecord,
  type ArticleRecord,
  type BulkRecord,
  type EventRecord,
  type MeasureRecord,
  type MeasureRelationsRecord,
  RecordProblem,
  type StanceRecord,
  type TopicRecord,
} from './records.js';

/** What writing one record did to the store. */
export type RecordChange = RowChange;

/** What writing one record did, and to which row (the audit log names it). */
export interface RecordWrite {
  change: RecordChange;
  /** The GraphQL type of the row the record is about (`Actor`, `SanctionMeasure`, …). */
  entityType: string;
  entityId: number;
}

type Referable = 'actor' | 'topic' | 'event' | 'sanctionMeasure' | 'article';

const NOUN: Record<Referable, string> = {
  actor: 'actor',
  topic: 'topic',
  event: 'event',
  sanctionMeasure: 'measure',
  article: 'article',
};

export class GraphWriter {
  /** slug → id of rows looked up or written in this transaction; forget() after a rollback. */
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly trx: Trx,
    private readonly now: string,
  ) {}

  /** Drops every cached id: after a rollback some of them may name rows that no longer exist. */
  forget(): void {
    this.ids.clear();
  }

  write(record: BulkRecord): Promise<RecordWrite> {
    switch (record.type) {
      case 'actor':
        return this.writeActor(record);
      case 'affiliation':
        return this.writeAffiliation(record);
      case 'topic':
        return this.writeTopic(record);
      case 'event':
        return this.writeEvent(record);
      case 'measure':
        return this.writeMeasure(record);
      case 'measure-relations':
        return this.writeMeasureRelations(record);
      case 'article':
        return this.writeArticle(record);
      case 'stance':
        return this.writeStance(record);
    }
  }

  private async writeActor(record: ActorRecord): Promise<RecordWrite> {
    // The rules the API keeps too: a country is a STATE, and a STATE stays one while actors name it.
    const countryId = await this.optionalId('actor', record.country, 'country');
    if (countryId !== null) {
      const country = await this.trx.selectFrom('actor').select('kind').where('id', '=', countryId).executeTakeFirstOrThrow();
      if (country.kind !== 'STATE') throw new RecordProblem([`country: "${record.country}" is not a STATE (it is ${country.kind})`]);
    }
    if (record.kind !== 'STATE') {
      const citizen = await this.trx
        .selectFrom('actor as citizen')
        .innerJoin('actor as state', 'state.id', 'citizen.countryId')
        .select('citizen.slug')
        .where('state.slug', '=', record.slug)
        .limit(1)
        .executeTakeFirst();
      if (citizen) throw new RecordProblem([`kind: actors name "${record.slug}" as their country ("${citizen.slug}"), so it must stay a STATE`]);
    }
    const { id, change } = await this.upsert('actor', { slug: record.slug }, record, {
      name: record.name,
      kind: record.kind,
      countryId,
      description: record.description ?? null,
    });
    const aliases = await this.syncChildren('actorAlias', { actorId: id }, ['alias'],
      record.aliases.map((alias) => ({ alias })));
    return { change: combine(change, aliases), entityType: 'Actor', entityId: id };
  }

  private async writeAffiliation(record: AffiliationRecord): Promise<RecordWrite> {
    const key = {
      memberId: await this.id('actor', record.member, 'member'),
      organizationId: await this.id('actor', record.organization, 'organization'),
      role: record.role,
    };
    const { id, change } = await this.upsert('affiliation', key, record, {
      startedOn: record.startedOn ?? null,
      endedOn: record.endedOn ?? null,
    });
    return { change, entityType: 'Affiliation', entityId: id };
  }

  private async writeTopic(record: TopicRecord): Promise<RecordWrite> {
    const { id, change } = await this.upsert('topic', { slug: record.slug }, record, {
      name: record.name,
      description: record.description ?? null,
    });
    return { change, entityType: 'Topic', entityId: id };
  }

  private async writeEvent(record: EventRecord): Promise<RecordWrite> {
    const participants: Row[] = [];
    for (const [index, participant] of record.participants.entries()) {
      participants.push({
        actorId: await this.id('actor', participant.actor, `participants[${index}].actor`),
        role: participant.role ?? null,
      });
    }
    const { id, change } = await this.upsert('event', { slug: record.slug }, record, {
      kind: record.kind,
      title: record.title,
      occurredOn: record.occurredOn ?? null,
      description: record.description ?? null,
    });
    const participantsChanged = await this.syncChildren('eventParticipant', { eventId: id }, ['actorId'], participants);
    return { change: combine(change, participantsChanged), entityType: 'Event', entityId: id };
  }

  private async writeMeasure(record: MeasureRecord): Promise<RecordWrite> {
    const values = {
      name: record.name,
      instrument: record.instrument,
      identifier: record.identifier ?? null,
      issuerId: await this.id('actor', record.issuer, 'issuer'),
      signatoryId: await this.optionalId('actor', record.signatory, 'signatory'),
      scope: record.scope,
      signedOn: record.signedOn ?? null,
      announcedOn: record.announcedOn ?? null,
      effectiveOn: record.effectiveOn ?? null,
      description: record.description ?? null,
    };
    const targets: Row[] = [];
    for (const [index, target] of record.targets.entries()) {
      targets.push({ actorId: await this.id('actor', target.actor, `targets[${index}].actor`), note: target.note ?? null });
    }
    const triggers: Row[] = [];
    for (const [index, slug] of record.triggeredBy.entries()) {
      triggers.push({ eventId: await this.id('event', slug, `triggeredBy[${index}]`) });
    }
    const { id, change } = await this.upsert('sanctionMeasure', { slug: record.slug }, record, values);
    const measureId = { measureId: id };
    const children = [
      await this.syncChildren('measureTarget', measureId, ['actorId'], targets),
      await this.syncChildren('measureSector', measureId, ['sector'], record.sectors.map((sector) => ({ sector }))),
      await this.syncChildren('measureProvision', measureId, ['position'],
        record.provisions.map((provision, position) => ({ position, kind: provision.kind, description: provision.description }))),
      await this.syncChildren('measureTrigger', measureId, ['eventId'], triggers),
      record.relations ? await this.syncRelations(id, record.relations) : false,
    ];
    return { change: combine(change, ...children), entityType: 'SanctionMeasure', entityId: id };
  }

  private async writeMeasureRelations(record: MeasureRelationsRecord): Promise<RecordWrite> {
    const id = await this.id('sanctionMeasure', record.measure, 'measure');
    const change = (await this.syncRelations(id, record.relations)) ? 'updated' : 'unchanged';
    return { change, entityType: 'SanctionMeasure', entityId: id };
  }

  private async syncRelations(fromMeasureId: number, relations: MeasureRecord['relations'] & {}): Promise<boolean> {
    const rows: Row[] = [];
    for (const [index, relation] of relations.entries()) {
      rows.push({
        toMeasureId: await this.id('sanctionMeasure', relation.measure, `relations[${index}].measure`),
        kind: relation.kind,
        note: relation.note ?? null,
      });
    }
    return this.syncChildren('measureRelation', { fromMeasureId }, ['toMeasureId', 'kind'], rows);
  }

  private async writeArticle(record: ArticleRecord): Promise<RecordWrite> {
    const mentions = { actors: [] as Row[], measures: [] as Row[], events: [] as Row[] };
    for (const [index, slug] of record.mentions.actors.entries()) {
      mentions.actors.push({ actorId: await this.id('actor', slug, `mentions.actors[${index}]`) });
    }
    for (const [index, slug] of record.mentions.measures.entries()) {
      mentions.measures.push({ measureId: await this.id('sanctionMeasure', slug, `mentions.measures[${index}]`) });
    }
    for (const [index, slug] of record.mentions.events.entries()) {
      mentions.events.push({ eventId: await this.id('event', slug, `mentions.events[${index}]`) });
    }
    const statements: Row[] = [];
    for (const [index, statement] of record.statements.entries()) {
      const path = `statements[${index}]`;
      statements.push({
        speakerId: await this.id('actor', statement.speaker, `${path}.speaker`),
        speakerRole: statement.speakerRole ?? null,
        kind: statement.kind,
        text: statement.text,
        spanStart: statement.span[0],
        spanEnd: statement.span[1],
        saidOn: statement.saidOn ?? record.publishedOn,
        saidOnInferred: (statement.saidOnInferred ?? !statement.saidOn) ? 1 : 0,
        venue: statement.venue ?? null,
        eventId: await this.optionalId('event', statement.event, `${path}.event`),
        reviewStatus: statement.reviewStatus,
        confidence: statement.confidence ?? null,
        ...givenTimestamps(statement),
      });
    }

    const { id, change } = await this.upsert('article', { slug: record.slug }, record, {
      publication: record.publication,
      section: record.section ?? null,
      headline: record.headline,
      dek: record.dek ?? null,
      body: record.body,
      url: record.url ?? null,
      publishedOn: record.publishedOn,
      photoCredit: record.photoCredit ?? null,
      language: record.language,
    });
    const articleId = { articleId: id };
    const children = [
      await this.syncChildren('articleAuthor', articleId, ['position'], record.authors.map((name, position) => ({ position, name }))),
      await this.syncChildren('articleActorMention', articleId, ['actorId'], mentions.actors),
      await this.syncChildren('articleMeasureMention', articleId, ['measureId'], mentions.measures),
      await this.syncChildren('articleEventMention', articleId, ['eventId'], mentions.events),
      await this.syncChildren('statement', articleId, ['spanStart', 'spanEnd'], statements, { timestamps: true }),
    ];
    return { change: combine(change, ...children), entityType: 'Article', entityId: id };
  }

  private async writeStance(record: StanceRecord): Promise<RecordWrite> {
    const { measure, actor, event, topic } = record.target;
    const values = {
      holderId: await this.id('actor', record.holder, 'holder'),
      position: record.position,
      targetMeasureId: await this.optionalId('sanctionMeasure', measure, 'target.measure'),
      targetActorId: await this.optionalId('actor', actor, 'target.actor'),
      targetEventId: await this.optionalId('event', event, 'target.event'),
      targetTopicId: await this.optionalId('topic', topic, 'target.topic'),
      summary: record.summary,
      asOf: record.asOf,
      articleId: await this.optionalId('article', record.article, 'article'),
    };
    const problems = selfStanceProblems({ holder: values.holderId, targetActor: values.targetActorId }, 'target.actor');
    if (problems.length > 0) throw new RecordProblem(problems.map(describeProblem));
    const evidence: Row[] = [];
    for (const [index, ref] of record.evidence.entries()) {
      evidence.push({ statementId: await this.statementId(ref.article, ref.span, `evidence[${index}]`) });
    }
    const { id, change } = await this.upsert('stance', { slug: record.slug }, record, values);
    const evidenceChanged = await this.syncChildren('stanceEvidence', { stanceId: id }, ['statementId'], evidence);
    return { change: combine(change, evidenceChanged), entityType: 'Stance', entityId: id };
  }

  private async id(table: Referable, slug: string, path: string): Promise<number> {
    const cacheKey = `${table}:${slug}`;
    const cached = this.ids.get(cacheKey);
    if (cached !== undefined) return cached;
    const referable = this.trx as unknown as Transaction<Record<Referable, { id: number; slug: string }>>;
    const row = await referable.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirst();
    if (!row) throw new RecordProblem([`${path}: no ${NOUN[table]} "${slug}" in the store or earlier in the file`]);
    const id = Number(row.id);
    this.ids.set(cacheKey, id);
    return id;
  }

  private async optionalId(table: Referable, slug: string | null | undefined, path: string): Promise<number | null> {
    return slug ? this.id(table, slug, path) : null;
  }

  private async statementId(article: string, [start, end]: [number, number], path: string): Promise<number> {
    const row = await this.trx
      .selectFrom('statement')
      .innerJoin('article', 'article.id', 'statement.articleId')
      .select('statement.id')
      .where('article.slug', '=', article)
      .where('statement.spanStart', '=', start)
      .where('statement.spanEnd', '=', end)
      .executeTakeFirst();
    if (!row) {
      throw new RecordProblem([
        `${path}: no statement at [${start}, ${end}] in article "${article}" in the store or earlier in the file`,
      ]);
    }
    return row.id;
  }

  /**
   * Inserts the row matched by `key`, or updates it where a value differs. Timestamps the record
   * gives are kept (and compared); those it leaves out are the import time (and not compared).
   */
  private async upsert(
    table: keyof Database,
    key: Row,
    record: { createdAt?: string | undefined; updatedAt?: string | undefined },
    values: Row,
  ): Promise<{ id: number; change: RecordChange }> {
    const written = await upsertRow(this.trx, table, key, { ...values, ...givenTimestamps(record) }, this.now);
    if (written.change === 'inserted' && typeof key.slug === 'string') this.ids.set(`${table}:${key.slug}`, written.id);
    return written;
  }

  /** Makes the children of `parent` match `rows` (see syncChildren); true when anything changed. */
  private async syncChildren(table: keyof Database, parent: Row, keys: string[], rows: Row[], options: { timestamps?: boolean } = {}): Promise<boolean> {
    return anyChange(await syncChildren(this.trx, table, parent, keys, rows, { now: this.now, ...options }));
  }
}

function givenTimestamps(record: { createdAt?: string | undefined; updatedAt?: string | undefined }): Row {
  return {
    ...(record.createdAt === undefined ? {} : { createdAt: record.createdAt }),
    ...(record.updatedAt === undefined ? {} : { updatedAt: record.updatedAt }),
  };
}

/** A record changed the store if its row or any of the children it owns did. */
function combine(change: RecordChange, ...childrenChanged: boolean[]): RecordChange {
  if (change !== 'unchanged') return change;
  return childrenChanged.some(Boolean) ? 'updated' : 'unchanged';
}
