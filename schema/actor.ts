// Actor: people, organizations, government bodies, states, parties; their aliases, country and
// affiliations. Also the root `actor`/`actors` fields and an organization's `members` connection.
import { z } from 'zod';
import { actorSorts, affiliationSorts } from '../server/store/actors.js';
import type { ActorFilter } from '../server/store/actors.js';
import type { ActorKind } from '../server/store/enums.js';
import { builder, describedValues } from './builder.js';
import {
  anyOfList,
  type ConnectionArgs,
  connectionComplexity,
  defineOrder,
  type ListDefinition,
  resolveConnections,
  rootConnection,
} from './connections.js';
import { ActorRef, AffiliationRef, ArticleRef } from './refs.js';
import { groupRows } from './group-rows.js';
import { slugArgOptions } from './slugs.js';

export const ActorKindEnum = builder.enumType('ActorKind', {
  description: 'What sort of actor this is.',
  values: describedValues<ActorKind>({
    PERSON: 'An individual (a spokesman, an analyst, a head of state).',
    ORGANIZATION: 'A non-governmental organization: a think tank, a university, a party department.',
    GOVERNMENT_BODY: 'A ministry, department or other organ of a government.',
    STATE: 'A country acting as a whole ("Beijing" for China).',
    POLITICAL_PARTY: 'A political party.',
    INTERNATIONAL_ORGANIZATION: 'An intergovernmental body such as the UN Security Council.',
    COMPANY: 'A business.',
    MEDIA_OUTLET: 'A newspaper, magazine, broadcaster or news site.',
    COALITION: 'An informal group of actors reported as speaking or acting together ("the United States and its allies").',
  }),
});

ActorRef.implement({
  description: 'Anyone who says something, holds a stance, issues or is targeted by a measure, or takes part in an event.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'A stable, URL-safe name (`lu-kang`).' }),
    name: t.exposeString('name', { description: 'The name in full ("Lu Kang").' }),
    kind: t.expose('kind', { type: ActorKindEnum, description: 'What sort of actor this is.' }),
    aliases: t.loadableList({
      type: 'String',
      description: 'Other names the reporting uses ("Beijing" for China, "Lu" for Lu Kang).',
      load: async (ids: number[], context) =>
        groupRows(ids, await context.store.actors.findAliases(ids), (row) => row.actorId, (row) => row.alias),
      resolve: (actor) => actor.id,
    }),
    country: t.field({
      type: ActorRef,
      nullable: true,
      description: 'The state this actor belongs to or is based in; null for states themselves.',
      resolve: (actor) => actor.countryId,
    }),
    description: t.exposeString('description', { nullable: true, description: 'A short description.' }),
    affiliations: t.loadableList({
      type: AffiliationRef,
      description: 'The organizations this actor belongs to, with its role in each.',
      load: async (ids: number[], context) =>
        groupRows(ids, await context.store.actors.findAffiliationsOfMembers(ids), (row) => row.memberId),
      resolve: (actor) => actor.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the actor was added to Stancegraph.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the actor last changed in Stancegraph.' }),
  }),
});

AffiliationRef.implement({
  description: 'An actor’s membership of or role in an organization (Lu Kang, spokesman of the Chinese Foreign Ministry).',
  fields: (t) => ({
    member: t.field({ type: ActorRef, description: 'The person (or body) holding the role.', resolve: (a) => a.memberId }),
    organization: t.field({ type: ActorRef, description: 'Where the role is held.', resolve: (a) => a.organizationId }),
    role: t.exposeString('role', { description: 'The role or title ("Deputy spokesman").' }),
    startedOn: t.expose('startedOn', { type: 'Date', nullable: true, description: 'When the role began, if known.' }),
    endedOn: t.expose('endedOn', { type: 'Date', nullable: true, description: 'When the role ended; null while it lasts or if unknown.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the affiliation was added to Stancegraph.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the affiliation last changed in Stancegraph.' }),
  }),
});

export const ActorConnection = builder.connectionObject(
  { type: ActorRef, name: 'ActorConnection', description: 'A page of actors.' },
  { name: 'ActorEdge', description: 'An actor in a page of actors.' },
);

const AffiliationConnection = builder.connectionObject(
  { type: AffiliationRef, name: 'AffiliationConnection', description: 'A page of affiliations.' },
  { name: 'AffiliationEdge', description: 'An affiliation in a page of affiliations.' },
);

const ActorFilterInput = builder.inputType('ActorFilter', {
  description: 'Narrows a list of actors; every field given must match.',
  fields: (t) => ({
    kinds: t.field({ type: [ActorKindEnum], description: 'Of any of these kinds.', validate: anyOfList(z.string()) }),
    name: t.string({
      description: 'Part of the name or of an alias, case-insensitive ("pyong" finds North Korea).',
      validate: z.string().trim().min(1, 'must not be blank').max(200),
    }),
    countries: t.globalIDList({ for: ActorRef, description: 'Belonging to any of these states.', validate: anyOfList(z.unknown()) }),
  }),
});

function toActorFilter(filter: typeof ActorFilterInput.$inferInput | null | undefined): ActorFilter {
  return {
    kinds: filter?.kinds,
    name: filter?.name?.trim(),
    countryIds: filter?.countries?.map((id) => id.id),
  };
}

const ActorOrder = defineOrder(
  'Actor',
  'actors',
  { NAME: { sort: actorSorts.name, description: 'The actor’s name.' } },
  { field: 'NAME', direction: 'asc' },
);

builder.queryFields((t) => ({
  actor: t.field({
    type: ActorRef,
    nullable: true,
    description: 'Looks an actor up by slug; null when there is none.',
    args: { slug: t.arg.string(slugArgOptions) },
    resolve: async (_root, { slug }, context) => (await context.store.actors.findBySlugs([slug]))[0] ?? null,
  }),
}));

const actors: ListDefinition<typeof ActorFilterInput.$inferInput, ActorFilter> = {
  connection: ActorConnection,
  filterInput: ActorFilterInput,
  toFilter: toActorFilter,
  order: ActorOrder,
  idColumn: 'actor.id',
  plural: 'actors',
};

rootConnection('actors', actors, {
  description: 'All actors, by name unless ordered otherwise.',
  fetch: (context, filter, request) => context.store.actors.findPage(filter, request),
  count: (context, filter) => context.store.actors.count(filter),
});

const memberOrder = { field: 'ID', sort: affiliationSorts.id, direction: 'asc' } as const;

builder.objectField(ActorRef, 'members', (t) =>
  t.loadable({
    type: AffiliationConnection,
    description: 'The actors affiliated with this organization, with their roles, in the order they were recorded.',
    byPath: true,
    args: { ...t.arg.connectionArgs() },
    complexity: connectionComplexity,
    load: (ids: number[], context, args) =>
      resolveConnections(
        ids,
        args as ConnectionArgs,
        memberOrder,
        'affiliation.id',
        (request) => context.store.actors.findMemberPages(ids, request),
        () => context.store.actors.countMembers(ids),
      ),
    resolve: (actor) => actor.id,
  }),
);

builder.objectField(ArticleRef, 'mentionedActors', (t) =>
  t.loadableList({
    type: ActorRef,
    description: 'The actors the article mentions, by name.',
    load: async (ids: number[], context) =>
      groupRows(ids, await context.store.articles.findMentionedActors(ids), (row) => row.articleId),
    resolve: (article) => article.id,
  }),
);
