// Article: a piece of reporting, its clean body text and credits. Also every list of articles: the
// root connection and the articles that mention an actor, a measure or an event.
import type { ObjectRef } from '@pothos/core';
import { z } from 'zod';
import { type ArticleFilter, articleSorts, type MentionKind } from '../server/store/articles.js';
import { builder, type Types } from './builder.js';
import {
  anyOfList,
  DateRangeInput,
  defineOrder,
  type ListDefinition,
  nestedConnection,
  rootConnection,
} from './connections.js';
import { groupRows } from './group-rows.js';
import { ActorRef, ArticleRef, EventRef, SanctionMeasureRef } from './refs.js';
import { slugArgOptions } from './slugs.js';

ArticleRef.implement({
  description: 'A news article: where and when it ran, its text, and the statements, stances, actors, measures and events drawn from it.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'A stable, URL-safe name (`beijing-blasts-new-us-sanctions-on-north-korea`).' }),
    publication: t.exposeString('publication', { description: 'Where it ran ("Foreign Policy").' }),
    section: t.exposeString('section', { nullable: true, description: 'The section or column ("The Cable").' }),
    headline: t.exposeString('headline', { description: 'The headline as published.' }),
    dek: t.exposeString('dek', { nullable: true, description: 'The standfirst under the headline.' }),
    body: t.exposeString('body', {
      description:
        'The article text as published, paragraphs separated by a blank line, with site furniture (trending links, sponsored blocks, photo credit) removed. Statement spans index into it.',
    }),
    url: t.exposeString('url', { nullable: true, description: 'Where the article can be read, when known.' }),
    publishedOn: t.expose('publishedOn', { type: 'Date', description: 'The day it was published.' }),
    authors: t.loadableList({
      type: 'String',
      description: 'The bylines, in order; empty when the article carries none.',
      load: async (ids: number[], context) =>
        groupRows(ids, await context.store.articles.findAuthors(ids), (row) => row.articleId, (row) => row.name),
      resolve: (article) => article.id,
    }),
    photoCredit: t.exposeString('photoCredit', { nullable: true, description: 'The credit of the lead photo ("Ed Jones/Getty Images").' }),
    language: t.exposeString('language', { description: 'The language of the text, as a BCP 47 tag (`en`).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the article was added to Stancegraph.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the article last changed in Stancegraph.' }),
  }),
});

const ArticleConnection = builder.connectionObject(
  { type: ArticleRef, name: 'ArticleConnection', description: 'A page of articles.' },
  { name: 'ArticleEdge', description: 'An article in a page of articles.' },
);

const ArticleFilterInput = builder.inputType('ArticleFilter', {
  description: 'Narrows a list of articles; every field given must match.',
  fields: (t) => ({
    publishedOn: t.field({ type: DateRangeInput, description: 'Published within this range of days.' }),
    publications: t.stringList({
      description: 'Published in any of these publications (exact names, "Foreign Policy").',
      validate: anyOfList(z.string()),
    }),
    mentionsActors: t.globalIDList({ for: ActorRef, description: 'Mentioning any of these actors.', validate: anyOfList(z.unknown()) }),
    mentionsMeasures: t.globalIDList({
      for: SanctionMeasureRef,
      description: 'Mentioning any of these sanction measures.',
      validate: anyOfList(z.unknown()),
    }),
    mentionsEvents: t.globalIDList({ for: EventRef, description: 'Mentioning any of these events.', validate: anyOfList(z.unknown()) }),
  }),
});

function toArticleFilter(filter: typeof ArticleFilterInput.$inferInput | null | undefined): ArticleFilter {
  return {
    publishedOn: filter?.publishedOn,
    publications: filter?.publications,
    mentionsActorIds: filter?.mentionsActors?.map((id) => id.id),
    mentionsMeasureIds: filter?.mentionsMeasures?.map((id) => id.id),
    mentionsEventIds: filter?.mentionsEvents?.map((id) => id.id),
  };
}

const ArticleOrder = defineOrder(
  'Article',
  'articles',
  {
    PUBLISHED_ON: { sort: articleSorts.publishedOn, description: 'The day the article was published.' },
    HEADLINE: { sort: articleSorts.headline, description: 'The headline.' },
  },
  { field: 'PUBLISHED_ON', direction: 'desc' },
);

builder.queryFields((t) => ({
  article: t.field({
    type: ArticleRef,
    nullable: true,
    description: 'Looks an article up by slug; null when there is none.',
    args: { slug: t.arg.string(slugArgOptions) },
    resolve: async (_root, { slug }, context) => (await context.store.articles.findBySlugs([slug]))[0] ?? null,
  }),
}));

const articles: ListDefinition<typeof ArticleFilterInput.$inferInput, ArticleFilter> = {
  connection: ArticleConnection,
  filterInput: ArticleFilterInput,
  toFilter: toArticleFilter,
  order: ArticleOrder,
  idColumn: 'article.id',
  plural: 'articles',
};

rootConnection('articles', articles, {
  description: 'All articles, newest first unless ordered otherwise.',
  fetch: (context, filter, request) => context.store.articles.findPage(filter, request),
  count: (context, filter) => context.store.articles.count(filter),
});

/** Adds an `articles` connection (the articles that mention the parent), batched across parents. */
function articlesMentioning<P extends { id: number }>(parent: ObjectRef<Types, unknown, P>, kind: MentionKind, description: string) {
  nestedConnection(parent, 'articles', articles, {
    description,
    fetch: (context, ids, filter, request) => context.store.articles.findPagesMentioning(kind, ids, filter, request),
    count: (context, ids, filter) => context.store.articles.countMentioning(kind, ids, filter),
  });
}

articlesMentioning(ActorRef, 'actor', 'The articles that mention this actor, newest first unless ordered otherwise.');
articlesMentioning(SanctionMeasureRef, 'measure', 'The articles that mention this measure, newest first unless ordered otherwise.');
articlesMentioning(EventRef, 'event', 'The articles that mention this event, newest first unless ordered otherwise.');
