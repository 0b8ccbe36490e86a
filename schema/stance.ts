// Stance: where an actor stands toward a sanction measure, another actor, an event or a topic, and
// the statements that show it. Also every list of stances: the root `stances` connection and the
// stances an actor holds, the stances toward an actor, measure, event or topic, those an article
// reports, and those a statement evidences; and the mutations that create, change and delete stances.
import type { ObjectRef } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { StancePosition } from '../server/store/enums.js';
import { type StanceFilter, type StanceGroup, type StanceTargetInput as StanceTargetIds, stanceSorts } from '../server/store/stances.js';
import type { StanceRow } from '../server/store/tables.js';
import { builder, describedValues, type PayloadFieldBuilder, type Types } from './builder.js';
import {
  anyOfList,
  DateRangeInput,
  defineOrder,
  type ListDefinition,
  nestedConnection,
  rootConnection,
} from './connections.js';
import { groupRows } from './group-rows.js';
import { DESCRIPTIONS, EDITOR, longTextInput, rejectNulls, slugInput, write } from './mutations.js';
import { ActorRef, ArticleRef, EventRef, SanctionMeasureRef, StanceRef, StatementRef, TopicRef } from './refs.js';

export const StancePositionEnum = builder.enumType('StancePosition', {
  description: 'Where the holder stands toward the target.',
  values: describedValues<StancePosition>({
    SUPPORTS: 'Backs it, joins it or calls for it.',
    OPPOSES: 'Is against it.',
    CRITICIZES: 'Faults it (as ineffective, unlawful, dangerous, …) without necessarily opposing it outright.',
    CONCERNED: 'Worries about it or its consequences.',
    NEUTRAL: 'Takes no side.',
    ASSESSES: 'Evaluates it as an observer or analyst ("a significant escalation").',
  }),
});

type TargetTypename = 'SanctionMeasure' | 'Actor' | 'Event' | 'Topic';

/** The GraphQL type of each target row `Stance.target` returned (rows carry no typename of their own). */
const targetTypes = new WeakMap<object, TargetTypename>();

async function loadTarget<T extends object>(typename: TargetTypename, row: Promise<T | null>): Promise<T> {
  const target = await row;
  // Foreign keys make a stance without its target impossible; if one appears, it is a server fault.
  if (!target) throw new Error(`stance target ${typename} is missing`);
  targetTypes.set(target, typename);
  return target;
}

export const StanceTarget = builder.unionType('StanceTarget', {
  description: 'What a stance is toward: a sanction measure, an actor, an event or a topic.',
  types: [SanctionMeasureRef, ActorRef, EventRef, TopicRef],
  resolveType: (target) => targetTypes.get(target as object) ?? null,
});

StanceRef.implement({
  description: 'An actor’s position toward a sanction measure, another actor, an event or a topic, with the statements that evidence it.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'A stable, URL-safe name (`china-opposes-us-eo-13722`).' }),
    holder: t.field({ type: ActorRef, description: 'Who holds the stance.', resolve: (stance) => stance.holderId }),
    position: t.expose('position', { type: StancePositionEnum, description: 'Where the holder stands.' }),
    target: t.field({
      type: StanceTarget,
      description: 'What the stance is toward.',
      resolve: (stance, _args, context) => {
        const { targetMeasureId, targetActorId, targetEventId, targetTopicId } = stance;
        if (targetMeasureId !== null) return loadTarget('SanctionMeasure', SanctionMeasureRef.getDataloader(context).load(targetMeasureId));
        if (targetActorId !== null) return loadTarget('Actor', ActorRef.getDataloader(context).load(targetActorId));
        if (targetEventId !== null) return loadTarget('Event', EventRef.getDataloader(context).load(targetEventId));
        if (targetTopicId !== null) return loadTarget('Topic', TopicRef.getDataloader(context).load(targetTopicId));
        throw new Error(`stance ${stance.id} has no target`);
      },
    }),
    summary: t.exposeString('summary', { description: 'The stance in a sentence.' }),
    asOf: t.expose('asOf', { type: 'Date', description: 'The day the stance is attested (usually the reporting date).' }),
    article: t.field({
      type: ArticleRef,
      nullable: true,
      description: 'The article that reports the stance.',
      resolve: (stance) => stance.articleId,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the stance was added to Stancegraph.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the stance last changed in Stancegraph.' }),
  }),
});

export const StanceConnection = builder.connectionObject(
  { type: StanceRef, name: 'StanceConnection', description: 'A page of stances.' },
  { name: 'StanceEdge', description: 'A stance in a page of stances.' },
);

const StanceFilterInput = builder.inputType('StanceFilter', {
  description: 'Narrows a list of stances; every field given must match.',
  fields: (t) => ({
    holders: t.globalIDList({ for: ActorRef, description: 'Held by any of these actors.', validate: anyOfList(z.unknown()) }),
    targets: t.globalIDList({
      for: [SanctionMeasureRef, ActorRef, EventRef, TopicRef],
      description: 'Toward any of these sanction measures, actors, events or topics.',
      validate: anyOfList(z.unknown()),
    }),
    positions: t.field({ type: [StancePositionEnum], description: 'With any of these positions.', validate: anyOfList(z.string()) }),
    asOf: t.field({ type: DateRangeInput, description: 'Attested within this range of days.' }),
  }),
});

function toStanceFilter(filter: typeof StanceFilterInput.$inferInput | null | undefined): StanceFilter {
  const targets = filter?.targets;
  const idsOf = (typename: string) => targets?.filter((id) => id.typename === typename).map((id) => Number(id.id)) ?? [];
  return {
    holderIds: filter?.holders?.map((id) => id.id),
    targets: targets
      ? { measureIds: idsOf('SanctionMeasure'), actorIds: idsOf('Actor'), eventIds: idsOf('Event'), topicIds: idsOf('Topic') }
      : null,
    positions: filter?.positions,
    asOf: filter?.asOf,
  };
}

const StanceOrder = defineOrder(
  'Stance',
  'stances',
  { AS_OF: { sort: stanceSorts.asOf, description: 'The day the stance is attested.' } },
  { field: 'AS_OF', direction: 'desc' },
);

const stances: ListDefinition<typeof StanceFilterInput.$inferInput, StanceFilter> = {
  connection: StanceConnection,
  filterInput: StanceFilterInput,
  toFilter: toStanceFilter,
  order: StanceOrder,
  idColumn: 'stance.id',
  plural: 'stances',
};

rootConnection('stances', stances, {
  description: 'All stances, most recent first unless ordered otherwise.',
  fetch: (context, filter, request) => context.store.stances.findPage(filter, request),
  count: (context, filter) => context.store.stances.count(filter),
});

/** Adds a stance connection named `field` to a parent type, grouped by the stance column that points at it. */
function stancesOf<P extends { id: number }>(parent: ObjectRef<Types, unknown, P>, field: string, group: StanceGroup, description: string) {
  nestedConnection(parent, field, stances, {
    description,
    fetch: (context, ids, filter, request) => context.store.stances.findPagesBy(group, ids, filter, request),
    count: (context, ids, filter) => context.store.stances.countBy(group, ids, filter),
  });
}

stancesOf(ActorRef, 'stances', 'holderId', 'The stances this actor holds, most recent first unless ordered otherwise.');
stancesOf(ActorRef, 'stancesToward', 'targetActorId', 'The stances others hold toward this actor.');
stancesOf(SanctionMeasureRef, 'stances', 'targetMeasureId', 'The stances actors hold toward this measure.');
stancesOf(EventRef, 'stances', 'targetEventId', 'The stances actors hold toward this event.');
stancesOf(TopicRef, 'stances', 'targetTopicId', 'The stances actors hold on this topic.');
stancesOf(ArticleRef, 'stances', 'articleId', 'The stances this article reports.');

builder.objectField(StatementRef, 'stances', (t) =>
  t.loadableList({
    type: StanceRef,
    description: 'The stances this statement is evidence for.',
    load: async (ids: number[], context) =>
      groupRows(ids, await context.store.stances.findEvidencedBy(ids), (stance) => stance.statementId),
    resolve: (statement) => statement.id,
  }),
);

const StanceTargetInput = builder.inputType('StanceTargetInput', {
  description: 'What a stance is toward: give exactly one of `measure`, `actor`, `event` or `topic`.',
  fields: (t) => ({
    measure: t.globalID({ for: SanctionMeasureRef, description: 'A sanction measure.' }),
    actor: t.globalID({ for: ActorRef, description: 'An actor (not the holder).' }),
    event: t.globalID({ for: EventRef, description: 'An event.' }),
    topic: t.globalID({ for: TopicRef, description: 'A topic.' }),
  }),
});

function toTargetIds(target: { measure?: { id: number } | null; actor?: { id: number } | null; event?: { id: number } | null; topic?: { id: number } | null }): StanceTargetIds {
  return { measureId: target.measure?.id, actorId: target.actor?.id, eventId: target.event?.id, topicId: target.topic?.id };
}

const evidenceInput = z.array(z.unknown()).max(100, 'must have at most 100 statements');

const stanceFields = {
  evidence:
    'The statements that show the stance (global IDs of statements, each at most once). They may come from any article, not only `article`.',
  summary: 'The stance in a sentence.',
  article: 'The article that reports the stance.',
} as const;

const stancePayload = (verb: string) => ({
  outputFields: (t: PayloadFieldBuilder<StanceRow>) => ({
    stance: t.field({ type: StanceRef, description: `The ${verb} stance.`, resolve: (row) => row }),
  }),
});

builder.relayMutationField(
  'createStance',
  {
    description: 'Who stands where toward what, as of when, and the statements that show it.',
    inputFields: (t) => ({
      holder: t.globalID({ for: ActorRef, required: true, description: 'Who holds the stance.' }),
      position: t.field({ type: StancePositionEnum, required: true, description: 'Where the holder stands.' }),
      target: t.field({ type: StanceTargetInput, required: true, description: 'What the stance is toward (exactly one of its fields).' }),
      summary: t.string({ required: true, description: stanceFields.summary, validate: longTextInput }),
      asOf: t.field({
        type: 'Date',
        description: 'The day the stance is attested; left out, the publication date of `article` if one is given, else today (UTC).',
      }),
      article: t.globalID({ for: ArticleRef, description: stanceFields.article }),
      evidence: t.globalIDList({ for: StatementRef, description: stanceFields.evidence, validate: evidenceInput }),
      slug: t.string({
        description:
          'A stable, URL-safe name (lowercase letters, digits and single hyphens); made from the holder’s name, the position and the target’s name when left out ("china-opposes-executive-order-13722").',
        validate: slugInput,
      }),
    }),
  },
  {
    description: 'Adds a stance with its evidence. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) =>
      write(context, (author) =>
        context.store.writes.stances.create(author, {
          holderId: input.holder.id,
          position: input.position,
          target: toTargetIds(input.target),
          summary: input.summary,
          asOf: input.asOf,
          articleId: input.article?.id,
          evidenceIds: input.evidence?.map((statement) => statement.id),
          slug: input.slug,
        }),
      ),
  },
  { description: 'The result of `createStance`.', ...stancePayload('new') },
);

builder.relayMutationField(
  'updateStance',
  {
    description: 'The stance to change and the fields to change; fields left out stay as they are, null clears an optional one.',
    inputFields: (t) => ({
      id: t.globalID({ for: StanceRef, required: true, description: DESCRIPTIONS.id }),
      holder: t.globalID({ for: ActorRef, description: 'A new holder.' }),
      position: t.field({ type: StancePositionEnum, description: 'A new position.' }),
      target: t.field({ type: StanceTargetInput, description: 'A new target (exactly one of its fields).' }),
      summary: t.string({ description: 'A new summary.', validate: longTextInput }),
      asOf: t.field({ type: 'Date', description: 'A new day the stance is attested.' }),
      article: t.globalID({ for: ArticleRef, description: `${stanceFields.article} Null clears it.` }),
      evidence: t.globalIDList({
        for: StatementRef,
        description: `${stanceFields.evidence} Replaces every piece of evidence (an empty list removes it all); left out, it stays as it is.`,
        validate: evidenceInput,
      }),
      slug: t.string({ description: DESCRIPTIONS.newSlug, validate: slugInput }),
    }),
  },
  {
    description: 'Changes a stance. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => {
      rejectNulls(input, ['holder', 'position', 'target', 'summary', 'asOf', 'evidence', 'slug']);
      return write(context, (author) =>
        context.store.writes.stances.update(author, input.id.id, {
          holderId: input.holder?.id,
          position: input.position ?? undefined,
          target: input.target ? toTargetIds(input.target) : undefined,
          summary: input.summary ?? undefined,
          asOf: input.asOf ?? undefined,
          articleId: input.article === undefined ? undefined : (input.article?.id ?? null),
          evidenceIds: input.evidence?.map((statement) => statement.id),
          slug: input.slug ?? undefined,
        }),
      );
    },
  },
  { description: 'The result of `updateStance`.', ...stancePayload('changed') },
);

builder.relayMutationField(
  'deleteStance',
  {
    description: 'The stance to delete.',
    inputFields: (t) => ({ id: t.globalID({ for: StanceRef, required: true, description: DESCRIPTIONS.deleteId }) }),
  },
  {
    description: 'Deletes a stance; the statements that evidenced it stay. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => write(context, (author) => context.store.writes.stances.delete(author, input.id.id)),
  },
  {
    description: 'The result of `deleteStance`.',
    outputFields: (t) => ({
      deletedStanceId: t.id({ description: DESCRIPTIONS.deletedId, resolve: (row) => encodeGlobalID('Stance', row.id) }),
    }),
  },
);
