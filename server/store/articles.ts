// Articles: lookups, the filtered list, and the lists of what an article mentions.
import { type Expression, type SqlBool, sql, type Transaction } from 'kysely';
import type { Author } from '../auth/viewer.js';
import type { Db } from './database.js';
import { anyOf, type DateRange, linkedToAnyOf, withinDates } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { ActorRow, ArticleRow, EventRow, SanctionMeasureRow } from './tables.js';
import {
  assertSlugFree,
  badInput,
  changes,
  definedOnly,
  inTransaction,
  notFound,
  rowToWrite,
  type Trx,
  uniqueSlug,
  type WriteContext,
} from './writes.js';

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

export interface ArticleInput {
  slug?: string | null;
  publication: string;
  section?: string | null;
  headline: string;
  dek?: string | null;
  body: string;
  url?: string | null;
  publishedOn: string;
  photoCredit?: string | null;
  language?: string | null;
  authors?: string[] | null;
}

export interface ArticleMentions {
  actorIds?: number[];
  measureIds?: number[];
  eventIds?: number[];
}

export interface ArticlePatch extends ArticleMentions {
  slug?: string;
  publication?: string;
  section?: string | null;
  headline?: string;
  dek?: string | null;
  body?: string;
  url?: string | null;
  publishedOn?: string;
  photoCredit?: string | null;
  language?: string;
  authors?: string[];
}

export function articleWrites(db: Db) {
  return {
    create: (author: Author, input: ArticleInput & ArticleMentions): Promise<ArticleRow> =>
      inTransaction(db, author, async (write) => {
        const row = await insertArticle(write, input);
        await write.audit({ operation: 'createArticle', entityType: 'Article', entityId: row.id, details: { after: row } });
        return row;
      }),

    update: (author: Author, id: number, patch: ArticlePatch): Promise<ArticleRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const before = await rowToWrite(trx, 'article', id, 'The article');
        if (patch.slug) await assertSlugFree(trx, 'article', patch.slug, id);
        const { authors, actorIds, measureIds, eventIds, ...columns } = patch;
        if (columns.body !== undefined && columns.body !== before.body) await checkSpansSurvive(trx, id, columns.body);
        const row = await trx
          .updateTable('article')
          .set({ ...definedOnly(columns), updatedAt: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (authors) await replaceAuthors(trx, id, authors);
        const mentionsBefore = await readMentions(trx, id);
        await replaceMentions(trx, id, { actorIds, measureIds, eventIds });
        // Statements the article does not date were said "on the publication date": they move with it.
        if (row.publishedOn !== before.publishedOn) {
          await trx
            .updateTable('statement')
            .set({ saidOn: row.publishedOn, updatedAt: now })
            .where('articleId', '=', id)
            .where('saidOnInferred', '=', 1)
            .where('saidOn', '=', before.publishedOn)
            .execute();
        }
        const { body: _before, ...beforeRest } = before;
        const { body: _after, ...afterRest } = row;
        const details: Record<string, unknown> = changes(beforeRest, afterRest);
        if (before.body !== row.body) details.bodyChanged = true;
        if (authors) details.authors = authors;
        const mentionsAfter = await readMentions(trx, id);
        for (const key of ['actorIds', 'measureIds', 'eventIds'] as const) {
          if (patch[key] && mentionsBefore[key].join() !== mentionsAfter[key].join()) {
            details[key.replace('Ids', 'Mentions')] = { before: mentionsBefore[key], after: mentionsAfter[key] };
          }
        }
        await audit({ operation: 'updateArticle', entityType: 'Article', entityId: id, details });
        return row;
      }),

    /** Deletes an article with its statements (and their use as evidence); stances drawn from it stay. */
    delete: (author: Author, id: number): Promise<ArticleRow> =>
      inTransaction(db, author, async ({ trx, audit }) => {
        const before = await rowToWrite(trx, 'article', id, 'The article');
        await trx.deleteFrom('article').where('id', '=', id).execute();
        const { body: _, ...summary } = before;
        await audit({ operation: 'deleteArticle', entityType: 'Article', entityId: id, details: { before: summary } });
        return before;
      }),
  };
}

/** Inserts an article with its authors and mentions, inside a write already under way. */
export async function insertArticle({ trx, now }: WriteContext, input: ArticleInput & ArticleMentions): Promise<ArticleRow> {
  if (input.slug) await assertSlugFree(trx, 'article', input.slug);
  const row = await trx
    .insertInto('article')
    .values({
      slug: input.slug ?? (await uniqueSlug(trx, 'article', input.headline)),
      publication: input.publication,
      section: input.section ?? null,
      headline: input.headline,
      dek: input.dek ?? null,
      body: input.body,
      url: input.url ?? null,
      publishedOn: input.publishedOn,
      photoCredit: input.photoCredit ?? null,
      language: input.language ?? 'en',
      createdAt: now,
      updatedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await replaceAuthors(trx, row.id, input.authors ?? []);
  await replaceMentions(trx, row.id, input);
  return row;
}

async function replaceAuthors(trx: Trx, articleId: number, authors: string[]): Promise<void> {
  await trx.deleteFrom('articleAuthor').where('articleId', '=', articleId).execute();
  const names = authors.map((name) => name.trim()).filter((name) => name !== '');
  if (names.length > 0) {
    await trx.insertInto('articleAuthor').values(names.map((name, position) => ({ articleId, position, name }))).execute();
  }
}

/** Replaces each list of mentions that is given; every ID must exist. */
async function replaceMentions(trx: Trx, articleId: number, mentions: ArticleMentions): Promise<void> {
  const lists = [
    ['articleActorMention', 'actorId', 'actor', mentions.actorIds, 'mentionedActors'],
    ['articleMeasureMention', 'measureId', 'sanctionMeasure', mentions.measureIds, 'mentionedMeasures'],
    ['articleEventMention', 'eventId', 'event', mentions.eventIds, 'mentionedEvents'],
  ] as const;
  for (const [table, column, parent, ids, path] of lists) {
    if (!ids) continue;
    const unique = [...new Set(ids)];
    if (unique.length > 0) {
      const found = new Set(
        (await trx.selectFrom(parent).select('id').where('id', 'in', unique).execute()).map((row) => row.id),
      );
      const missing = unique.findIndex((id) => !found.has(id));
      if (missing !== -1) {
        const at = `${path}.${ids.indexOf(unique[missing] as number)}`;
        throw notFound(`The ${parent === 'sanctionMeasure' ? 'sanction measure' : parent} at ${at}`, at);
      }
    }
    await (trx as unknown as Transaction<Record<string, Record<string, number>>>).deleteFrom(table).where('articleId', '=', articleId).execute();
    if (unique.length > 0) {
      await (trx as unknown as Transaction<Record<string, Record<string, number>>>)
        .insertInto(table)
        .values(unique.map((id) => ({ articleId, [column]: id })))
        .execute();
    }
  }
}

/** The IDs an article mentions, per kind, sorted (for the audit log). */
async function readMentions(trx: Trx, articleId: number): Promise<Required<ArticleMentions>> {
  const ids = async (table: 'articleActorMention' | 'articleMeasureMention' | 'articleEventMention', column: 'actorId' | 'measureId' | 'eventId') =>
    (
      await (trx as unknown as Transaction<Record<string, Record<string, number>>>)
        .selectFrom(table)
        .select(column)
        .where('articleId', '=', articleId)
        .orderBy(column)
        .execute()
    ).map((row) => row[column] as number);
  return {
    actorIds: await ids('articleActorMention', 'actorId'),
    measureIds: await ids('articleMeasureMention', 'measureId'),
    eventIds: await ids('articleEventMention', 'eventId'),
  };
}

/** A new body must keep every statement's text at its span; otherwise the spans would point at nonsense. */
async function checkSpansSurvive(trx: Trx, articleId: number, body: string): Promise<void> {
  const statements = await trx.selectFrom('statement').select(['id', 'text', 'spanStart', 'spanEnd']).where('articleId', '=', articleId).execute();
  const broken = statements.filter((statement) => body.slice(statement.spanStart, statement.spanEnd) !== statement.text);
  if (broken.length === 0) return;
  throw badInput([
    {
      path: 'body',
      message: `the new body moves or changes the text of ${broken.length} statement(s) (at ${broken
        .slice(0, 5)
        .map((s) => `[${s.spanStart}, ${s.spanEnd}]`)
        .join(', ')}${broken.length > 5 ? ', …' : ''}); update or delete those statements first`,
    },
  ]);
}
