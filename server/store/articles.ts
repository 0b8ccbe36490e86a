// Articles: lookups, the filtered list, and the lists of what an article mentions.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from './database.js';
import { anyOf, type DateRange, linkedToAnyOf, withinDates } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { ActorRow, ArticleRow, EventRow, SanctionMeasureRow } from './tables.js';

export const articleSorts = {
  publishedOn: sortKey('article.publishedOn', 'date'),
  headline: sortKey('article.headline', 'text'),
};

export interface ArticleFilter {
  publishedOn?: DateRange | null;
  publications?: string[] | null;
  mentionsActorIds?: number[] | null;
  mentionsMeasureIds?: number[] | null;
  mentionsEventIds?: number[] | null;
}

/** The mention tables, by what an article can be found through. */
const MENTIONS = {
  actor: { table: 'articleActorMention', column: 'actorId' },
  measure: { table: 'articleMeasureMention', column: 'measureId' },
  event: { table: 'articleEventMention', column: 'eventId' },
} as const;
export type MentionKind = keyof typeof MENTIONS;

function mentions(kind: MentionKind, ids: number[] | null | undefined): Expression<SqlBool>[] {
  const { table, column } = MENTIONS[kind];
  return linkedToAnyOf(table, 'articleId', 'article.id', column, ids);
}

export function articleQueries(db: Db) {
  const listing = (filter: ArticleFilter) =>
    db
      .selectFrom('article')
      .selectAll('article')
      .where((eb) =>
        eb.and([
          ...withinDates('article.publishedOn', filter.publishedOn),
          ...anyOf('article.publication', filter.publications),
          ...mentions('actor', filter.mentionsActorIds),
          ...mentions('measure', filter.mentionsMeasureIds),
          ...mentions('event', filter.mentionsEventIds),
        ]),
      );
  /** Articles joined to one mention table, grouped by the mentioned thing. */
  const mentioning = (kind: MentionKind, filter: ArticleFilter) => {
    const { table } = MENTIONS[kind];
    return listing(filter).innerJoin(sql.table(table).as('mention'), (join) =>
      join.onRef(sql.ref('mention.articleId'), '=', 'article.id'),
    );
  };

  return {
    findByIds: (ids: readonly number[]): Promise<ArticleRow[]> =>
      db.selectFrom('article').selectAll().where('id', 'in', ids).execute(),

    findBySlugs: (slugs: readonly string[]): Promise<ArticleRow[]> =>
      db.selectFrom('article').selectAll().where('slug', 'in', slugs).execute(),

    findPage: (filter: ArticleFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: ArticleFilter) => countRows(listing(filter)),

    /** The articles that mention each of `ids` (actors, measures or events). */
    findPagesMentioning: (kind: MentionKind, ids: readonly number[], filter: ArticleFilter, request: PageRequest) =>
      fetchGroupedPages(db, mentioning(kind, filter), `mention.${MENTIONS[kind].column}`, ids, request),

    countMentioning: (kind: MentionKind, ids: readonly number[], filter: ArticleFilter) =>
      countGroupedRows(mentioning(kind, filter), `mention.${MENTIONS[kind].column}`, ids),

    findAuthors: (articleIds: readonly number[]) =>
      db
        .selectFrom('articleAuthor')
        .select(['articleId', 'name'])
        .where('articleId', 'in', articleIds)
        .orderBy('articleId')
        .orderBy('position')
        .execute(),

    findMentionedActors: (articleIds: readonly number[]): Promise<(ActorRow & { articleId: number })[]> =>
      db
        .selectFrom('articleActorMention')
        .innerJoin('actor', 'actor.id', 'articleActorMention.actorId')
        .selectAll('actor')
        .select('articleActorMention.articleId')
        .where('articleActorMention.articleId', 'in', articleIds)
        .orderBy('actor.name')
        .execute(),

    findMentionedMeasures: (articleIds: readonly number[]): Promise<(SanctionMeasureRow & { articleId: number })[]> =>
      db
        .selectFrom('articleMeasureMention')
        .innerJoin('sanctionMeasure', 'sanctionMeasure.id', 'articleMeasureMention.measureId')
        .selectAll('sanctionMeasure')
        .select('articleMeasureMention.articleId')
        .where('articleMeasureMention.articleId', 'in', articleIds)
        .orderBy('sanctionMeasure.name')
        .execute(),

    findMentionedEvents: (articleIds: readonly number[]): Promise<(EventRow & { articleId: number })[]> =>
      db
        .selectFrom('articleEventMention')
        .innerJoin('event', 'event.id', 'articleEventMention.eventId')
        .selectAll('event')
        .select('articleEventMention.articleId')
        .where('articleEventMention.articleId', 'in', articleIds)
        .orderBy('event.occurredOn')
        .execute(),
  };
}
