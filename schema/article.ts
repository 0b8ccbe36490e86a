// Article: a piece of reporting, its clean body text and credits. Also every list of articles: the
// root connection and the articles that mention an actor, a measure or an event.
import type { ObjectRef } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import {
  type ArticleFilter,
  type ArticleMentions,
  type ArticlePatch,
  articleSorts,
  type MentionKind,
} from '../server/store/articles.js';
import {
  type ImportedArticle,
  importArticle,
  MAX_IMPORT_STATEMENTS,
  MAX_IMPORT_TEXT_LENGTH,
  UNKNOWN_PUBLICATION,
} from '../server/ingest/import-article.js';
import type { ArticleRow } from '../server/store/tables.js';
import { builder, type PayloadFieldBuilder, type Types } from './builder.js';
import {
  anyOfList,
  DateRangeInput,
  defineOrder,
  type ListDefinition,
  nestedConnection,
  rootConnection,
} from './connections.js';
import { groupRows } from './group-rows.js';
import { DESCRIPTIONS, EDITOR, longTextInput, nameInput, rejectNulls, shortTextInput, slugInput, write } from './mutations.js';
import { ActorRef, ArticleRef, EventRef, SanctionMeasureRef, StatementRef } from './refs.js';
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

const languageInput = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language tag such as en or en-GB');
const authorsInput = z.array(nameInput).max(50, 'at most 50 authors');
const urlInput = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);
const bodyInput = z.string().min(1, 'must not be empty').max(500_000, 'must be at most 500,000 characters');
const importTextInput = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_IMPORT_TEXT_LENGTH, `must be at most ${MAX_IMPORT_TEXT_LENGTH.toLocaleString('en-US')} characters`);
const mentionsInput = z.array(z.unknown()).max(500, 'at most 500');

builder.relayMutationField(
  'createArticle',
  {
    description: 'A new article, its text already split into parts (use `importArticle` for raw text).',
    inputFields: (t) => ({
      publication: t.string({ required: true, description: 'Where it ran ("Foreign Policy").', validate: nameInput }),
      headline: t.string({ required: true, description: 'The headline as published.', validate: shortTextInput }),
      body: t.string({
        required: true,
        description: 'The article text, paragraphs separated by a blank line. Statement spans index into it.',
        validate: bodyInput,
      }),
      publishedOn: t.field({ type: 'Date', required: true, description: 'The day it was published.' }),
      slug: t.string({ description: DESCRIPTIONS.slug.replace('the name', 'the headline'), validate: slugInput }),
      section: t.string({ description: 'The section or column ("The Cable").', validate: nameInput }),
      dek: t.string({ description: 'The standfirst under the headline.', validate: longTextInput }),
      url: t.string({ description: 'Where the article can be read.', validate: urlInput }),
      photoCredit: t.string({ description: 'The credit of the lead photo.', validate: shortTextInput }),
      language: t.string({ description: 'The language of the text as a BCP 47 tag; `en` when left out.', validate: languageInput }),
      authors: t.stringList({ description: 'The bylines, in order.', validate: authorsInput }),
      ...mentionInputs(t, 'The'),
    }),
  },
  {
    description: 'Adds an article. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => {
      const { mentionedActors, mentionedMeasures, mentionedEvents, clientMutationId: _, ...fields } = input;
      return write(context, (author) =>
        context.store.writes.articles.create(author, { ...fields, ...mentionIds(input) }),
      );
    },
  },
  { description: 'The result of `createArticle`.', outputFields: articleOutput('new') },
);

builder.relayMutationField(
  'updateArticle',
  {
    description: 'The article to change; fields left out stay as they are, null clears an optional one, lists given replace the current ones.',
    inputFields: (t) => ({
      id: t.globalID({ for: ArticleRef, required: true, description: DESCRIPTIONS.id }),
      publication: t.string({ description: 'A new publication name.', validate: nameInput }),
      headline: t.string({ description: 'A new headline.', validate: shortTextInput }),
      body: t.string({
        description: 'A new body; refused when it would move or change the text of any of the article’s statements.',
        validate: bodyInput,
      }),
      publishedOn: t.field({ type: 'Date', description: 'A new publication date.' }),
      slug: t.string({ description: DESCRIPTIONS.newSlug, validate: slugInput }),
      section: t.string({ description: 'A new section; null clears it.', validate: nameInput }),
      dek: t.string({ description: 'A new dek; null clears it.', validate: longTextInput }),
      url: t.string({ description: 'A new URL; null clears it.', validate: urlInput }),
      photoCredit: t.string({ description: 'A new photo credit; null clears it.', validate: shortTextInput }),
      language: t.string({ description: 'A new language tag.', validate: languageInput }),
      authors: t.stringList({ description: 'Replaces the bylines.', validate: authorsInput }),
      ...mentionInputs(t, 'Replaces the'),
    }),
  },
  {
    description: 'Changes an article, including what it mentions. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => {
      const { id, mentionedActors, mentionedMeasures, mentionedEvents, clientMutationId: _, ...fields } = input;
      rejectNulls(fields, ['publication', 'headline', 'body', 'publishedOn', 'slug', 'language', 'authors']);
      rejectNulls(input, ['mentionedActors', 'mentionedMeasures', 'mentionedEvents']);
      return write(context, (author) =>
        context.store.writes.articles.update(author, id.id, { ...(fields as ArticlePatch), ...mentionIds(input) }),
      );
    },
  },
  { description: 'The result of `updateArticle`.', outputFields: articleOutput('changed') },
);

builder.relayMutationField(
  'deleteArticle',
  {
    description: 'The article to delete.',
    inputFields: (t) => ({ id: t.globalID({ for: ArticleRef, required: true, description: DESCRIPTIONS.deleteId }) }),
  },
  {
    description:
      'Deletes an article with its statements (which stop evidencing stances); stances drawn from it stay, without the link. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => write(context, (author) => context.store.writes.articles.delete(author, input.id.id)),
  },
  {
    description: 'The result of `deleteArticle`.',
    outputFields: (t) => ({
      deletedArticleId: t.id({ description: DESCRIPTIONS.deletedId, resolve: (row) => encodeGlobalID('Article', row.id) }),
    }),
  },
);

function mentionInputs(t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>, verb: string) {
  return {
    mentionedActors: t.globalIDList({ for: ActorRef, description: `${verb} actors the article mentions.`, validate: mentionsInput }),
    mentionedMeasures: t.globalIDList({
      for: SanctionMeasureRef,
      description: `${verb} sanction measures the article mentions.`,
      validate: mentionsInput,
    }),
    mentionedEvents: t.globalIDList({ for: EventRef, description: `${verb} events the article mentions.`, validate: mentionsInput }),
  };
}

function mentionIds(input: {
  mentionedActors?: { id: number }[] | null;
  mentionedMeasures?: { id: number }[] | null;
  mentionedEvents?: { id: number }[] | null;
}): ArticleMentions {
  return {
    actorIds: input.mentionedActors?.map((id) => id.id),
    measureIds: input.mentionedMeasures?.map((id) => id.id),
    eventIds: input.mentionedEvents?.map((id) => id.id),
  };
}

function articleOutput(verb: string) {
  return (t: PayloadFieldBuilder<ArticleRow>) => ({
    article: t.field({ type: ArticleRef, description: `The ${verb} article.`, resolve: (row: ArticleRow) => row }),
  });
}

builder.relayMutationField(
  'importArticle',
  {
    description: 'An article as plain text, with what the text itself does not say.',
    inputFields: (t) => ({
      text: t.string({
        required: true,
        description:
          `The article as plain text: an optional section label, the headline, an optional dek, body paragraphs separated by blank lines, and optionally a photo credit line and site furniture (trending links, sponsored blocks), which are cut. At most ${MAX_IMPORT_TEXT_LENGTH.toLocaleString('en-US')} characters.`,
        validate: importTextInput,
      }),
      publishedOn: t.field({ type: 'Date', required: true, description: 'The day it was published.' }),
      publication: t.string({ description: `Where it ran; "${UNKNOWN_PUBLICATION}" when left out.`, validate: nameInput }),
      section: t.string({ description: 'The section or column, overriding a label found above the headline.', validate: nameInput }),
      url: t.string({ description: 'Where the article can be read.', validate: urlInput }),
      slug: t.string({ description: DESCRIPTIONS.slug.replace('the name', 'the headline'), validate: slugInput }),
      language: t.string({ description: 'The language of the text as a BCP 47 tag; `en` when left out.', validate: languageInput }),
    }),
  },
  {
    description:
      `Imports an article from plain text and extracts its statements: direct and partial quotes and paraphrases, each attributed to a speaker (matched to an existing actor by full name or alias, or created along with the organization its descriptor names) and anchored by its span in the body. The statements are PENDING, with a confidence each, until an editor confirms or corrects them. The same headline, day and publication cannot be imported twice (CONFLICT); a text holding more than ${MAX_IMPORT_STATEMENTS.toLocaleString('en-US')} statements is refused (BAD_USER_INPUT). Needs role EDITOR.`,
    authScopes: EDITOR,
    resolve: (_root, { input: { clientMutationId: _, ...input } }, context) =>
      write(context, (author) => importArticle(context.store.db, author, input)),
  },
  {
    description: 'The result of `importArticle`.',
    outputFields: (t: PayloadFieldBuilder<ImportedArticle>) => ({
      article: t.field({ type: ArticleRef, description: 'The new article.', resolve: (result) => result.article }),
      statements: t.field({
        type: [StatementRef],
        description: 'The statements found, in reading order, all PENDING review.',
        resolve: (result) => result.statements,
      }),
      createdActors: t.field({
        type: [ActorRef],
        description: 'Actors created for speakers (and their organizations) Stancegraph did not know; check them for duplicates.',
        resolve: (result) => result.createdActors,
      }),
      matchedActors: t.field({
        type: [ActorRef],
        description: 'Existing actors the speakers were matched to.',
        resolve: (result) => result.matchedActors,
      }),
      boilerplate: t.stringList({ description: 'Site furniture cut from the end of the text.', resolve: (result) => result.boilerplate }),
    }),
  },
);
