// Bulk export: the whole graph as NDJSON records (server/ingest/records.ts), streamed to a Writable.
// Tables are read a page at a time by id (keyset pagination), so memory stays flat however large
// the store is. Records come in dependency order, so every slug a line names was defined on an
// earlier line and the file imports into an empty store:
//   header, actors without a country, actors with one, affiliations, topics, events, measures
//   (with their relations when these point back), measure-relations (for those that point forward),
//   articles with their statements, stances.
// Children are written in a stable order (their own id or position, or else a natural key), so an
// export imported into an empty store exports again byte for byte. api_key and audit_log are not
// part of the graph and are never exported.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Db } from '../store/database.js';
import type { MeasureRelationKind } from '../store/enums.js';
import type { ProgressCallback } from './progress.js';
import {
  type ActorRecord,
  type AffiliationRecord,
  type ArticleRecord,
  type EventRecord,
  FORMAT_VERSION,
  HEADER_TYPE,
  type MeasureRecord,
  type MeasureRelationsRecord,
  RECORD_TYPES,
  type RecordType,
  type StanceRecord,
  type TopicRecord,
} from './records.js';

export interface ExportOptions {
  /** Rows read per query (default 500). */
  pageSize?: number;
  /** Called after every line written (totalBytes is never known). */
  onProgress?: ProgressCallback;
}

export interface ExportSummary {
  /** Records written per type (the header not counted). */
  records: Record<RecordType, number>;
  /** Lines written, the header included. */
  lines: number;
  bytes: number;
  elapsedMs: number;
}

/**
 * Writes every record of the graph to `output`, waiting for it to drain when it asks to. The stream
 * is left open: the caller ends it (and must not end process.stdout).
 */
export async function exportGraph(db: Db, output: Writable, options: ExportOptions = {}): Promise<ExportSummary> {
  const started = performance.now();
  const pageSize = options.pageSize ?? 500;
  const summary: ExportSummary = {
    records: Object.fromEntries(RECORD_TYPES.map((type) => [type, 0])) as Record<RecordType, number>,
    lines: 0,
    bytes: 0,
    elapsedMs: 0,
  };
  const write = async (record: { type: string; [field: string]: unknown }): Promise<void> => {
    const line = `${JSON.stringify(record)}\n`;
    summary.lines += 1;
    summary.bytes += Buffer.byteLength(line, 'utf8');
    if (record.type !== HEADER_TYPE) summary.records[record.type as RecordType] += 1;
    if (!output.write(line)) await once(output, 'drain');
    options.onProgress?.(summary.lines, summary.bytes);
  };

  await write({ type: HEADER_TYPE, version: FORMAT_VERSION });
  const reader = new GraphReader(db, pageSize);
  for (const source of [
    reader.actors(false),
    reader.actors(true),
    reader.affiliations(),
    reader.topics(),
    reader.events(),
    reader.measures(),
    reader.forwardMeasureRelations(),
    reader.articles(),
    reader.stances(),
  ]) {
    for await (const record of source) await write(record);
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}

export function formatExportSummary(summary: ExportSummary): string {
  const counts = RECORD_TYPES.filter((type) => summary.records[type] > 0).map((type) => `  ${type}: ${summary.records[type]}`);
  return [`exported ${summary.lines} line(s), ${summary.bytes} bytes in ${(summary.elapsedMs / 1000).toFixed(1)} s`, ...counts].join('\n');
}

/** Rows with ids above `afterId`, `limit` of them, in id order. */
type PageQuery<T> = (afterId: number, limit: number) => Promise<T[]>;

/** Groups rows by a parent id, keeping their order. */
function groupBy<T>(rows: T[], parentId: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(parentId(row));
    if (group) group.push(row);
    else groups.set(parentId(row), [row]);
  }
  return groups;
}

/** Reads the graph as records, a page of rows (and their children) at a time. */
class GraphReader {
  constructor(
    private readonly db: Db,
    private readonly pageSize: number,
  ) {}

  private async *pages<T extends { id: number }>(query: PageQuery<T>): AsyncGenerator<T[]> {
    let afterId = 0;
    for (;;) {
      const rows = await query(afterId, this.pageSize);
      if (rows.length === 0) return;
      yield rows;
      afterId = (rows.at(-1) as T).id;
      if (rows.length < this.pageSize) return;
    }
  }

  /** Actors without a country first (states are among them), so a country is defined before it is named. */
  async *actors(withCountry: boolean): AsyncGenerator<ActorRecord> {
    const pages = this.pages((afterId, limit) =>
      this.db
        .selectFrom('actor')
        .leftJoin('actor as country', 'country.id', 'actor.countryId')
        .selectAll('actor')
        .select('country.slug as countrySlug')
        .where('actor.countryId', withCountry ? 'is not' : 'is', null)
        .where('actor.id', '>', afterId)
        .orderBy('actor.id')
        .limit(limit)
        .execute(),
    );
    for await (const actors of pages) {
      const aliases = groupBy(
        await this.db
          .selectFrom('actorAlias')
          .select(['actorId', 'alias'])
          .where('actorId', 'in', actors.map((actor) => actor.id))
          .orderBy('id')
          .execute(),
        (row) => row.actorId,
      );
      for (const actor of actors) {
        yield {
          type: 'actor',
          slug: actor.slug,
          name: actor.name,
          kind: actor.kind,
          aliases: (aliases.get(actor.id) ?? []).map((row) => row.alias),
          country: actor.countrySlug,
          description: actor.description,
          createdAt: actor.createdAt,
          updatedAt: actor.updatedAt,
        };
      }
    }
  }

  async *affiliations(): AsyncGenerator<AffiliationRecord> {
    const pages = this.pages((afterId, limit) =>
      this.db
        .selectFrom('affiliation')
        .innerJoin('actor as member', 'member.id', 'affiliation.memberId')
        .innerJoin('actor as organization', 'organization.id', 'affiliation.organizationId')
        .selectAll('affiliation')
        .select(['member.slug as memberSlug', 'organization.slug as organizationSlug'])
        .where('affiliation.id', '>', afterId)
        .orderBy('affiliation.id')
        .limit(limit)
        .execute(),
    );
    for await (const affiliations of pages) {
      for (const affiliation of affiliations) {
        yield {
          type: 'affiliation',
          member: affiliation.memberSlug,
          organization: affiliation.organizationSlug,
          role: affiliation.role,
          startedOn: affiliation.startedOn,
          endedOn: affiliation.endedOn,
          createdAt: affiliation.createdAt,
          updatedAt: affiliation.updatedAt,
        };
      }
    }
  }

  async *topics(): AsyncGenerator<TopicRecord> {
    const pages = this.pages((afterId, limit) =>
      this.db.selectFrom('topic').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute(),
    );
    for await (const topics of pages) {
      for (const topic of topics) {
        yield {
          type: 'topic',
          slug: topic.slug,
          name: topic.name,
          description: topic.description,
          createdAt: topic.createdAt,
          updatedAt: topic.updatedAt,
        };
      }
    }
  }

  async *events(): AsyncGenerator<EventRecord> {
    const pages = this.pages((afterId, limit) =>
      this.db.selectFrom('event').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute(),
    );
    for await (const events of pages) {
      const participants = groupBy(
        await this.db
          .selectFrom('eventParticipant')
          .innerJoin('actor', 'actor.id', 'eventParticipant.actorId')
          .select(['eventParticipant.eventId', 'actor.slug', 'eventParticipant.role'])
          .where('eventParticipant.eventId', 'in', events.map((event) => event.id))
          .orderBy('eventParticipant.id')
          .execute(),
        (row) => row.eventId,
      );
      for (const event of events) {
        yield {
          type: 'event',
          slug: event.slug,
          kind: event.kind,
          title: event.title,
          occurredOn: event.occurredOn,
          description: event.description,
          participants: (participants.get(event.id) ?? []).map((row) => ({ actor: row.slug, role: row.role })),
          createdAt: event.createdAt,
          updatedAt: event.updatedAt,
        };
      }
    }
  }

  /**
   * Measures in id order. A measure's relations are nested when they all point at measures written
   * before it; otherwise the record leaves them out and forwardMeasureRelations() writes them later.
   */
  async *measures(): AsyncGenerator<MeasureRecord> {
    const pages = this.pages((afterId, limit) =>
      this.db
        .selectFrom('sanctionMeasure')
        .innerJoin('actor as issuer', 'issuer.id', 'sanctionMeasure.issuerId')
        .leftJoin('actor as signatory', 'signatory.id', 'sanctionMeasure.signatoryId')
        .selectAll('sanctionMeasure')
        .select(['issuer.slug as issuerSlug', 'signatory.slug as signatorySlug'])
        .where('sanctionMeasure.id', '>', afterId)
        .orderBy('sanctionMeasure.id')
        .limit(limit)
        .execute(),
    );
    for await (const measures of pages) {
      const ids = measures.map((measure) => measure.id);
      const [targets, sectors, provisions, triggers, relations] = await Promise.all([
        this.db
          .selectFrom('measureTarget')
          .innerJoin('actor', 'actor.id', 'measureTarget.actorId')
          .select(['measureTarget.measureId', 'actor.slug', 'measureTarget.note'])
          .where('measureTarget.measureId', 'in', ids)
          .orderBy('measureTarget.id')
          .execute(),
        this.db.selectFrom('measureSector').selectAll().where('measureId', 'in', ids).orderBy('sector').execute(),
        this.db.selectFrom('measureProvision').selectAll().where('measureId', 'in', ids).orderBy('position').execute(),
        this.db
          .selectFrom('measureTrigger')
          .innerJoin('event', 'event.id', 'measureTrigger.eventId')
          .select(['measureTrigger.measureId', 'event.slug'])
          .where('measureTrigger.measureId', 'in', ids)
          .orderBy('event.slug')
          .execute(),
        this.relationsFrom(ids),
      ]);
      const byMeasure = {
        targets: groupBy(targets, (row) => row.measureId),
        sectors: groupBy(sectors, (row) => row.measureId),
        provisions: groupBy(provisions, (row) => row.measureId),
        triggers: groupBy(triggers, (row) => row.measureId),
        relations: groupBy(relations, (row) => row.fromMeasureId),
      };
      for (const measure of measures) {
        const measureRelations = byMeasure.relations.get(measure.id) ?? [];
        const pointsBack = measureRelations.every((relation) => relation.toMeasureId < measure.id);
        yield {
          type: 'measure',
          slug: measure.slug,
          name: measure.name,
          instrument: measure.instrument,
          identifier: measure.identifier,
          issuer: measure.issuerSlug,
          signatory: measure.signatorySlug,
          scope: measure.scope,
          signedOn: measure.signedOn,
          announcedOn: measure.announcedOn,
          effectiveOn: measure.effectiveOn,
          description: measure.description,
          targets: (byMeasure.targets.get(measure.id) ?? []).map((row) => ({ actor: row.slug, note: row.note })),
          sectors: (byMeasure.sectors.get(measure.id) ?? []).map((row) => row.sector),
          provisions: (byMeasure.provisions.get(measure.id) ?? []).map((row) => ({ kind: row.kind, description: row.description })),
          triggeredBy: (byMeasure.triggers.get(measure.id) ?? []).map((row) => row.slug),
          ...(pointsBack ? { relations: measureRelations.map(toRelationRecord) } : {}),
          createdAt: measure.createdAt,
          updatedAt: measure.updatedAt,
        };
      }
    }
  }

  /** The relations of every measure with a relation to a measure written after it. */
  async *forwardMeasureRelations(): AsyncGenerator<MeasureRelationsRecord> {
    const pages = this.pages((afterId, limit) =>
      this.db
        .selectFrom('sanctionMeasure')
        .select(['sanctionMeasure.id', 'sanctionMeasure.slug'])
        .where('sanctionMeasure.id', '>', afterId)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('measureRelation')
              .select('measureRelation.id')
              .whereRef('measureRelation.fromMeasureId', '=', 'sanctionMeasure.id')
              .whereRef('measureRelation.toMeasureId', '>', 'sanctionMeasure.id'),
          ),
        )
        .orderBy('sanctionMeasure.id')
        .limit(limit)
        .execute(),
    );
    for await (const measures of pages) {
      const relations = groupBy(await this.relationsFrom(measures.map((measure) => measure.id)), (row) => row.fromMeasureId);
      for (const measure of measures) {
        yield {
          type: 'measure-relations',
          measure: measure.slug,
          relations: (relations.get(measure.id) ?? []).map(toRelationRecord),
        };
      }
    }
  }

  private relationsFrom(measureIds: number[]) {
    return this.db
      .selectFrom('measureRelation')
      .innerJoin('sanctionMeasure as to', 'to.id', 'measureRelation.toMeasureId')
      .select(['measureRelation.fromMeasureId', 'measureRelation.toMeasureId', 'measureRelation.kind', 'measureRelation.note', 'to.slug'])
      .where('measureRelation.fromMeasureId', 'in', measureIds)
      .orderBy('measureRelation.id')
      .execute();
  }

  async *articles(): AsyncGenerator<ArticleRecord> {
    const pages = this.pages((afterId, limit) =>
      this.db.selectFrom('article').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute(),
    );
    for await (const articles of pages) {
      const ids = articles.map((article) => article.id);
      const [authors, actorMentions, measureMentions, eventMentions, statements] = await Promise.all([
        this.db.selectFrom('articleAuthor').selectAll().where('articleId', 'in', ids).orderBy('position').execute(),
        this.db
          .selectFrom('articleActorMention')
          .innerJoin('actor', 'actor.id', 'articleActorMention.actorId')
          .select(['articleActorMention.articleId', 'actor.slug'])
          .where('articleActorMention.articleId', 'in', ids)
          .orderBy('actor.slug')
          .execute(),
        this.db
          .selectFrom('articleMeasureMention')
          .innerJoin('sanctionMeasure', 'sanctionMeasure.id', 'articleMeasureMention.measureId')
          .select(['articleMeasureMention.articleId', 'sanctionMeasure.slug'])
          .where('articleMeasureMention.articleId', 'in', ids)
          .orderBy('sanctionMeasure.slug')
          .execute(),
        this.db
          .selectFrom('articleEventMention')
          .innerJoin('event', 'event.id', 'articleEventMention.eventId')
          .select(['articleEventMention.articleId', 'event.slug'])
          .where('articleEventMention.articleId', 'in', ids)
          .orderBy('event.slug')
          .execute(),
        this.db
          .selectFrom('statement')
          .innerJoin('actor as speaker', 'speaker.id', 'statement.speakerId')
          .leftJoin('event', 'event.id', 'statement.eventId')
          .selectAll('statement')
          .select(['speaker.slug as speakerSlug', 'event.slug as eventSlug'])
          .where('statement.articleId', 'in', ids)
          .orderBy('statement.id')
          .execute(),
      ]);
      const byArticle = {
        authors: groupBy(authors, (row) => row.articleId),
        actors: groupBy(actorMentions, (row) => row.articleId),
        measures: groupBy(measureMentions, (row) => row.articleId),
        events: groupBy(eventMentions, (row) => row.articleId),
        statements: groupBy(statements, (row) => row.articleId),
      };
      const slugs = (rows: { slug: string }[] | undefined) => (rows ?? []).map((row) => row.slug);
      for (const article of articles) {
        yield {
          type: 'article',
          slug: article.slug,
          publication: article.publication,
          section: article.section,
          headline: article.headline,
          dek: article.dek,
          body: article.body,
          url: article.url,
          publishedOn: article.publishedOn,
          photoCredit: article.photoCredit,
          language: article.language,
          authors: (byArticle.authors.get(article.id) ?? []).map((row) => row.name),
          mentions: {
            actors: slugs(byArticle.actors.get(article.id)),
            measures: slugs(byArticle.measures.get(article.id)),
            events: slugs(byArticle.events.get(article.id)),
          },
          statements: (byArticle.statements.get(article.id) ?? []).map((statement) => ({
            span: [statement.spanStart, statement.spanEnd],
            text: statement.text,
            speaker: statement.speakerSlug,
            speakerRole: statement.speakerRole,
            kind: statement.kind,
            saidOn: statement.saidOn,
            saidOnInferred: statement.saidOnInferred === 1,
            venue: statement.venue,
            event: statement.eventSlug,
            reviewStatus: statement.reviewStatus,
            confidence: statement.confidence,
            createdAt: statement.createdAt,
            updatedAt: statement.updatedAt,
          })),
          createdAt: article.createdAt,
          updatedAt: article.updatedAt,
        };
      }
    }
  }

  async *stances(): AsyncGenerator<StanceRecord> {
    const pages = this.pages((afterId, limit) =>
      this.db
        .selectFrom('stance')
        .innerJoin('actor as holder', 'holder.id', 'stance.holderId')
        .leftJoin('sanctionMeasure as targetMeasure', 'targetMeasure.id', 'stance.targetMeasureId')
        .leftJoin('actor as targetActor', 'targetActor.id', 'stance.targetActorId')
        .leftJoin('event as targetEvent', 'targetEvent.id', 'stance.targetEventId')
        .leftJoin('topic as targetTopic', 'targetTopic.id', 'stance.targetTopicId')
        .leftJoin('article', 'article.id', 'stance.articleId')
        .selectAll('stance')
        .select([
          'holder.slug as holderSlug',
          'targetMeasure.slug as targetMeasureSlug',
          'targetActor.slug as targetActorSlug',
          'targetEvent.slug as targetEventSlug',
          'targetTopic.slug as targetTopicSlug',
          'article.slug as articleSlug',
        ])
        .where('stance.id', '>', afterId)
        .orderBy('stance.id')
        .limit(limit)
        .execute(),
    );
    for await (const stances of pages) {
      const evidence = groupBy(
        await this.db
          .selectFrom('stanceEvidence')
          .innerJoin('statement', 'statement.id', 'stanceEvidence.statementId')
          .innerJoin('article', 'article.id', 'statement.articleId')
          .select(['stanceEvidence.stanceId', 'article.slug', 'statement.spanStart', 'statement.spanEnd'])
          .where('stanceEvidence.stanceId', 'in', stances.map((stance) => stance.id))
          .orderBy('article.slug')
          .orderBy('statement.spanStart')
          .orderBy('statement.spanEnd')
          .execute(),
        (row) => row.stanceId,
      );
      for (const stance of stances) {
        yield {
          type: 'stance',
          slug: stance.slug,
          holder: stance.holderSlug,
          position: stance.position,
          target: stanceTarget(stance),
          summary: stance.summary,
          asOf: stance.asOf,
          article: stance.articleSlug,
          evidence: (evidence.get(stance.id) ?? []).map((row) => ({ article: row.slug, span: [row.spanStart, row.spanEnd] })),
          createdAt: stance.createdAt,
          updatedAt: stance.updatedAt,
        };
      }
    }
  }
}

function toRelationRecord(row: { kind: MeasureRelationKind; slug: string; note: string | null }) {
  return { kind: row.kind, measure: row.slug, note: row.note };
}

function stanceTarget(stance: {
  targetMeasureSlug: string | null;
  targetActorSlug: string | null;
  targetEventSlug: string | null;
  targetTopicSlug: string | null;
}): StanceRecord['target'] {
  if (stance.targetMeasureSlug) return { measure: stance.targetMeasureSlug };
  if (stance.targetActorSlug) return { actor: stance.targetActorSlug };
  if (stance.targetEventSlug) return { event: stance.targetEventSlug };
  // The store's CHECK guarantees exactly one target, so this one is set.
  return { topic: stance.targetTopicSlug as string };
}
