// Topic: a policy or situation that stances can be toward ("unilateral sanctions", "tensions on the
// Korean Peninsula"), and the root `topic`/`topics` fields.
import { z } from 'zod';
import { type TopicFilter, topicSorts } from '../server/store/topics.js';
import { builder } from './builder.js';
import { defineOrder, type ListDefinition, rootConnection } from './connections.js';
import { TopicRef } from './refs.js';
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
