// Actor: people, organizations, government bodies, states, parties; their aliases, country and
// affiliations. Also the root `actor`/`actors` fields and an organization's `members` connection.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { actorSorts, affiliationSorts } from '../server/store/actors.js';
import type { ActorFilter, ActorPatch, AffiliationPatch } from '../server/store/actors.js';
import type { ActorKind } from '../server/store/enums.js';
import type { ActorRow, AffiliationRow } from '../server/store/tables.js';
import { builder, describedValues, type PayloadFieldBuilder, type Types } from './builder.js';
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
import { DESCRIPTIONS, EDITOR, longTextInput, nameInput, rejectNulls, shortTextInput, slugInput, write } from './mutations.js';
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

const aliasesInput = z.array(nameInput).max(100, 'at most 100 aliases');

builder.relayMutationField(
  'createActor',
  {
    description: 'Who the new actor is.',
    inputFields: (t) => ({
      name: t.string({ required: true, description: 'The name in full ("Lu Kang").', validate: nameInput }),
      kind: t.field({ type: ActorKindEnum, required: true, description: 'What sort of actor this is.' }),
      slug: t.string({ description: DESCRIPTIONS.slug, validate: slugInput }),
      country: t.globalID({ for: ActorRef, description: 'The STATE this actor belongs to or is based in (not for states).' }),
      description: t.string({ description: 'A short description.', validate: longTextInput }),
      aliases: t.stringList({ description: 'Other names the reporting uses ("Lu", "Beijing").', validate: aliasesInput }),
    }),
  },
  {
    description: 'Adds an actor. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input: { country, clientMutationId: _, ...input } }, context) =>
      write(context, (author) => context.store.writes.actors.create(author, { ...input, countryId: country?.id })),
  },
  { description: 'The result of `createActor`.', outputFields: actorOutput('new') },
);

builder.relayMutationField(
  'updateActor',
  {
    description: 'The actor to change and the fields to change; fields left out stay as they are, null clears an optional one.',
    inputFields: (t) => ({
      id: t.globalID({ for: ActorRef, required: true, description: DESCRIPTIONS.id }),
      name: t.string({ description: 'A new name.', validate: nameInput }),
      kind: t.field({ type: ActorKindEnum, description: 'A new kind.' }),
      slug: t.string({ description: DESCRIPTIONS.newSlug, validate: slugInput }),
      country: t.globalID({ for: ActorRef, description: 'A new country (a STATE); null clears it.' }),
      description: t.string({ description: 'A new description; null clears it.', validate: longTextInput }),
      aliases: t.stringList({ description: 'Replaces every alias (an empty list removes them all).', validate: aliasesInput }),
    }),
  },
  {
    description: 'Changes an actor. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input: { id, country, clientMutationId: _, ...patch } }, context) => {
      rejectNulls(patch, ['name', 'kind', 'slug', 'aliases']);
      const countryId = country === undefined ? undefined : (country?.id ?? null);
      return write(context, (author) =>
        context.store.writes.actors.update(author, id.id, { ...(patch as ActorPatch), ...(countryId === undefined ? {} : { countryId }) }),
      );
    },
  },
  { description: 'The result of `updateActor`.', outputFields: actorOutput('changed') },
);

builder.relayMutationField(
  'deleteActor',
  {
    description: 'The actor to delete.',
    inputFields: (t) => ({ id: t.globalID({ for: ActorRef, required: true, description: DESCRIPTIONS.deleteId }) }),
  },
  {
    description:
      'Deletes an actor that no statement, held stance or issued measure depends on (CONFLICT otherwise: merge duplicates with `mergeActors`). Its aliases, affiliations, members, mentions, targetings, event roles and the stances toward it go with it; measures it signed lose their signatory, and actors naming it as their country lose that link. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => write(context, (author) => context.store.writes.actors.delete(author, input.id.id)),
  },
  {
    description: 'The result of `deleteActor`.',
    outputFields: (t) => ({
      deletedActorId: t.id({ description: DESCRIPTIONS.deletedId, resolve: (row) => encodeGlobalID('Actor', row.id) }),
    }),
  },
);

builder.relayMutationField(
  'mergeActors',
  {
    description: 'The actor to keep and its duplicate.',
    inputFields: (t) => ({
      keep: t.globalID({ for: ActorRef, required: true, description: 'The actor that stays.' }),
      remove: t.globalID({ for: ActorRef, required: true, description: 'The duplicate, folded into `keep` and then deleted.' }),
    }),
  },
  {
    description:
      'Folds a duplicate actor into another: its statements, stances (held and toward it), measures, targetings, event roles, mentions, affiliations, members, citizens and aliases move to `keep`, its name becomes an alias, and `keep` takes its country and description if it has none. Links `keep` already has are not doubled, and affiliations between the two are dropped. Both must be of the same kind; if either holds a stance toward the other (it would become a stance toward itself) the merge stops with CONFLICT naming those stances. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) =>
      write(context, (author) => context.store.writes.actors.merge(author, input.keep.id, input.remove.id)),
  },
  {
    description: 'The result of `mergeActors`.',
    outputFields: (t) => ({
      actor: t.field({ type: ActorRef, description: 'The kept actor, with everything moved to it.', resolve: (merge) => merge.kept }),
      removedActorId: t.id({ description: 'The global ID of the removed duplicate (it no longer resolves).', resolve: (merge) => encodeGlobalID('Actor', merge.removed.id) }),
      movedCount: t.int({
        description: 'How many references moved from the duplicate to the kept actor.',
        resolve: (merge) => Object.values(merge.moved).reduce((sum, n) => sum + n, 0),
      }),
    }),
  },
);

function actorOutput(verb: string) {
  return (t: PayloadFieldBuilder<ActorRow>) => ({
    actor: t.field({ type: ActorRef, description: `The ${verb} actor.`, resolve: (row: ActorRow) => row }),
  });
}

const datesInput = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>, clears: boolean) => ({
  startedOn: t.field({ type: 'Date', description: clears ? 'When the role began; null clears it.' : 'When the role began, if known.' }),
  endedOn: t.field({ type: 'Date', description: clears ? 'When the role ended; null clears it.' : 'When the role ended, if it has.' }),
});

builder.relayMutationField(
  'createAffiliation',
  {
    description: 'Who holds which role where.',
    inputFields: (t) => ({
      member: t.globalID({ for: ActorRef, required: true, description: 'The person (or body) holding the role.' }),
      organization: t.globalID({ for: ActorRef, required: true, description: 'Where the role is held.' }),
      role: t.string({ required: true, description: 'The role or title ("Deputy spokesman").', validate: shortTextInput }),
      ...datesInput(t, false),
    }),
  },
  {
    description: 'Records an actor’s role in an organization. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) =>
      write(context, (author) =>
        context.store.writes.actors.createAffiliation(author, {
          memberId: input.member.id,
          organizationId: input.organization.id,
          role: input.role,
          startedOn: input.startedOn,
          endedOn: input.endedOn,
        }),
      ),
  },
  { description: 'The result of `createAffiliation`.', outputFields: affiliationOutput('new') },
);

builder.relayMutationField(
  'updateAffiliation',
  {
    description: 'The affiliation to change; fields left out stay as they are.',
    inputFields: (t) => ({
      id: t.globalID({ for: AffiliationRef, required: true, description: DESCRIPTIONS.id }),
      role: t.string({ description: 'A new role or title.', validate: shortTextInput }),
      ...datesInput(t, true),
    }),
  },
  {
    description: 'Changes an affiliation’s role or dates. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input: { id, clientMutationId: _, ...patch } }, context) => {
      rejectNulls(patch, ['role']);
      return write(context, (author) => context.store.writes.actors.updateAffiliation(author, id.id, patch as AffiliationPatch));
    },
  },
  { description: 'The result of `updateAffiliation`.', outputFields: affiliationOutput('changed') },
);

builder.relayMutationField(
  'deleteAffiliation',
  {
    description: 'The affiliation to delete.',
    inputFields: (t) => ({ id: t.globalID({ for: AffiliationRef, required: true, description: DESCRIPTIONS.deleteId }) }),
  },
  {
    description: 'Deletes an affiliation. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => write(context, (author) => context.store.writes.actors.deleteAffiliation(author, input.id.id)),
  },
  {
    description: 'The result of `deleteAffiliation`.',
    outputFields: (t) => ({
      deletedAffiliationId: t.id({ description: DESCRIPTIONS.deletedId, resolve: (row) => encodeGlobalID('Affiliation', row.id) }),
    }),
  },
);

function affiliationOutput(verb: string) {
  return (t: PayloadFieldBuilder<AffiliationRow>) => ({
    affiliation: t.field({ type: AffiliationRef, description: `The ${verb} affiliation.`, resolve: (row: AffiliationRow) => row }),
  });
}
