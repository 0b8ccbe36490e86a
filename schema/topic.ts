// Topic: a policy or situation that stances can be toward ("unilateral sanctions", "tensions on the
// Korean Peninsula"), and the root `topic`/`topics` fields.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { TopicRow } from '../server/store/tables.js';
import { type TopicFilter, type TopicPatch, topicSorts } from '../server/store/topics.js';
import { builder, type PayloadFieldBuilder } from './builder.js';
import { defineOrder, type ListDefinition, rootConnection } from './connections.js';
import { TopicRef } from './refs.js';
import { DESCRIPTIONS, EDITOR, longTextInput, nameInput, rejectNulls, slugInput, write } from './mutations.js';
import { slugArgOptions } from './slugs.js';

TopicRef.implement({
  description: 'A policy or situation that actors take stances on, when the target is not a single measure, actor or event.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'A stable, URL-safe name (`unilateral-sanctions`).' }),
    name: t.exposeString('name', { description: 'The topic’s name ("Unilateral sanctions").' }),
    description: t.exposeString('description', { nullable: true, description: 'What the topic covers.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the topic was added to Stancegraph.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the topic last changed in Stancegraph.' }),
  }),
});

const TopicConnection = builder.connectionObject(
  { type: TopicRef, name: 'TopicConnection', description: 'A page of topics.' },
  { name: 'TopicEdge', description: 'A topic in a page of topics.' },
);

const TopicFilterInput = builder.inputType('TopicFilter', {
  description: 'Narrows a list of topics.',
  fields: (t) => ({
    name: t.string({
      description: 'Part of the name, case-insensitive.',
      validate: z.string().trim().min(1, 'must not be blank').max(200),
    }),
  }),
});

function toTopicFilter(filter: typeof TopicFilterInput.$inferInput | null | undefined): TopicFilter {
  return { name: filter?.name?.trim() };
}

const TopicOrder = defineOrder(
  'Topic',
  'topics',
  { NAME: { sort: topicSorts.name, description: 'The topic’s name.' } },
  { field: 'NAME', direction: 'asc' },
);

builder.queryFields((t) => ({
  topic: t.field({
    type: TopicRef,
    nullable: true,
    description: 'Looks a topic up by slug; null when there is none.',
    args: { slug: t.arg.string(slugArgOptions) },
    resolve: async (_root, { slug }, context) => (await context.store.topics.findBySlugs([slug]))[0] ?? null,
  }),
}));

const topics: ListDefinition<typeof TopicFilterInput.$inferInput, TopicFilter> = {
  connection: TopicConnection,
  filterInput: TopicFilterInput,
  toFilter: toTopicFilter,
  order: TopicOrder,
  idColumn: 'topic.id',
  plural: 'topics',
};

rootConnection('topics', topics, {
  description: 'All topics, by name unless ordered otherwise.',
  fetch: (context, filter, request) => context.store.topics.findPage(filter, request),
  count: (context, filter) => context.store.topics.count(filter),
});

const topicPayload = (verb: string) => ({
  outputFields: (t: PayloadFieldBuilder<TopicRow>) => ({
    topic: t.field({ type: TopicRef, description: `The ${verb} topic.`, resolve: (row) => row }),
  }),
});

builder.relayMutationField(
  'createTopic',
  {
    description: 'What a new topic is called and covers.',
    inputFields: (t) => ({
      name: t.string({ required: true, description: 'The topic’s name ("Unilateral sanctions").', validate: nameInput }),
      slug: t.string({ description: DESCRIPTIONS.slug, validate: slugInput }),
      description: t.string({ description: 'What the topic covers.', validate: longTextInput }),
    }),
  },
  {
    description: 'Adds a topic. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => write(context, (author) => context.store.writes.topics.create(author, input)),
  },
  { description: 'The result of `createTopic`.', ...topicPayload('new') },
);

builder.relayMutationField(
  'updateTopic',
  {
    description: 'The topic to change and the fields to change; fields left out stay as they are, null clears an optional one.',
    inputFields: (t) => ({
      id: t.globalID({ for: TopicRef, required: true, description: DESCRIPTIONS.id }),
      name: t.string({ description: 'A new name.', validate: nameInput }),
      slug: t.string({ description: DESCRIPTIONS.newSlug, validate: slugInput }),
      description: t.string({ description: 'A new description; null clears it.', validate: longTextInput }),
    }),
  },
  {
    description: 'Changes a topic. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input: { id, clientMutationId: _, ...patch } }, context) => {
      rejectNulls(patch, ['name', 'slug']);
      return write(context, (author) => context.store.writes.topics.update(author, id.id, patch as TopicPatch));
    },
  },
  { description: 'The result of `updateTopic`.', ...topicPayload('changed') },
);

builder.relayMutationField(
  'deleteTopic',
  {
    description: 'The topic to delete.',
    inputFields: (t) => ({ id: t.globalID({ for: TopicRef, required: true, description: DESCRIPTIONS.deleteId }) }),
  },
  {
    description: 'Deletes a topic, and the stances toward it. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => write(context, (author) => context.store.writes.topics.delete(author, input.id.id)),
  },
  {
    description: 'The result of `deleteTopic`.',
    outputFields: (t) => ({
      deletedTopicId: t.id({ description: DESCRIPTIONS.deletedId, resolve: (row) => encodeGlobalID('Topic', row.id) }),
    }),
  },
);
