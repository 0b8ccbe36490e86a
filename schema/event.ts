// Event: nuclear tests, launches, cyber attacks, sentencings, briefings, and who took part. Also
// every list of events: the root connection, the events an actor took part in, the events that
// triggered a measure and the events an article mentions; and the mutations that create, change and
// delete events.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { EventKind } from '../server/store/enums.js';
import { type EventFilter, type EventParticipantInput as EventParticipantValues, eventSorts } from '../server/store/events.js';
import type { EventParticipantRow, EventRow } from '../server/store/tables.js';
import { builder, describedValues, type PayloadFieldBuilder } from './builder.js';
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
import { ActorRef, ArticleRef, EventRef, SanctionMeasureRef } from './refs.js';
import { slugArgOptions } from './slugs.js';

const EventKindEnum = builder.enumType('EventKind', {
  description: 'What sort of event this is.',
  values: describedValues<EventKind>({
    NUCLEAR_TEST: 'A nuclear weapons test.',
    MISSILE_LAUNCH: 'A missile or rocket launch.',
    CYBER_ATTACK: 'An attack on computer systems.',
    SENTENCING: 'A court sentencing someone.',
    PRESS_BRIEFING: 'A news briefing or press conference.',
    DIPLOMATIC_TALKS: 'Negotiations between governments.',
    SUMMIT: 'A meeting of leaders.',
    VOTE: 'A vote, in a legislature or the UN, say.',
    MILITARY_ACTION: 'A military exercise, strike or deployment.',
    ARREST: 'An arrest or detention.',
    OTHER: 'Any other event (see its description).',
  }),
});

const EventParticipant = builder.objectRef<EventParticipantRow>('EventParticipant').implement({
  description: 'An actor’s part in an event.',
  fields: (t) => ({
    actor: t.field({ type: ActorRef, description: 'Who took part.', resolve: (participant) => participant.actorId }),
    role: t.exposeString('role', { nullable: true, description: 'Their part in it ("Target", "Sentenced").' }),
  }),
});

EventRef.implement({
  description: 'Something that happened: a test, a launch, an attack, a sentencing, a briefing.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'A stable, URL-safe name (`north-korea-nuclear-test-2016-01-06`).' }),
    kind: t.expose('kind', { type: EventKindEnum, description: 'What sort of event it was.' }),
    title: t.exposeString('title', { description: 'A short title.' }),
    occurredOn: t.expose('occurredOn', { type: 'Date', nullable: true, description: 'The day it happened, when known.' }),
    description: t.exposeString('description', { nullable: true, description: 'What happened, in a sentence or two.' }),
    participants: t.loadableList({
      type: EventParticipant,
      description: 'The actors involved, with their parts.',
      load: async (ids: number[], context) =>
        groupRows(ids, await context.store.events.findParticipants(ids), (row) => row.eventId),
      resolve: (event) => event.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the event was added to Stancegraph.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the event last changed in Stancegraph.' }),
  }),
});

export const EventConnection = builder.connectionObject(
  { type: EventRef, name: 'EventConnection', description: 'A page of events.' },
  { name: 'EventEdge', description: 'An event in a page of events.' },
);

const EventFilterInput = builder.inputType('EventFilter', {
  description: 'Narrows a list of events; every field given must match.',
  fields: (t) => ({
    kinds: t.field({ type: [EventKindEnum], description: 'Of any of these kinds.', validate: anyOfList(z.string()) }),
    occurredOn: t.field({ type: DateRangeInput, description: 'Happened within this range of days.' }),
    participants: t.globalIDList({ for: ActorRef, description: 'Involving any of these actors.', validate: anyOfList(z.unknown()) }),
  }),
});

function toEventFilter(filter: typeof EventFilterInput.$inferInput | null | undefined): EventFilter {
  return {
    kinds: filter?.kinds,
    occurredOn: filter?.occurredOn,
    participantIds: filter?.participants?.map((id) => id.id),
  };
}

const EventOrder = defineOrder(
  'Event',
  'events',
  {
    OCCURRED_ON: { sort: eventSorts.occurredOn, description: 'The day the event happened.' },
    TITLE: { sort: eventSorts.title, description: 'The event’s title.' },
  },
  { field: 'OCCURRED_ON', direction: 'desc' },
);

builder.queryFields((t) => ({
  event: t.field({
    type: EventRef,
    nullable: true,
    description: 'Looks an event up by slug; null when there is none.',
    args: { slug: t.arg.string(slugArgOptions) },
    resolve: async (_root, { slug }, context) => (await context.store.events.findBySlugs([slug]))[0] ?? null,
  }),
}));

const events: ListDefinition<typeof EventFilterInput.$inferInput, EventFilter> = {
  connection: EventConnection,
  filterInput: EventFilterInput,
  toFilter: toEventFilter,
  order: EventOrder,
  idColumn: 'event.id',
  plural: 'events',
};

rootConnection('events', events, {
  description: 'All events, most recent first unless ordered otherwise.',
  fetch: (context, filter, request) => context.store.events.findPage(filter, request),
  count: (context, filter) => context.store.events.count(filter),
});

nestedConnection(ActorRef, 'events', events, {
  description: 'The events this actor took part in.',
  fetch: (context, ids, filter, request) => context.store.events.findPagesWithParticipants(ids, filter, request),
  count: (context, ids, filter) => context.store.events.countWithParticipants(ids, filter),
});

builder.objectField(SanctionMeasureRef, 'triggeredBy', (t) =>
  t.loadableList({
    type: EventRef,
    description: 'The events that triggered the measure, oldest first.',
    load: async (ids: number[], context) =>
      groupRows(ids, await context.store.events.findTriggersOfMeasures(ids), (row) => row.measureId),
    resolve: (measure) => measure.id,
  }),
);

builder.objectField(ArticleRef, 'mentionedEvents', (t) =>
  t.loadableList({
    type: EventRef,
    description: 'The events the article mentions, oldest first.',
    load: async (ids: number[], context) =>
      groupRows(ids, await context.store.articles.findMentionedEvents(ids), (row) => row.articleId),
    resolve: (article) => article.id,
  }),
);

const EventParticipantInput = builder.inputType('EventParticipantInput', {
  description: 'An actor’s part in an event.',
  fields: (t) => ({
    actor: t.globalID({ for: ActorRef, required: true, description: 'Who took part (each actor at most once per event).' }),
    role: t.string({ description: 'Their part in it ("Target", "Sentenced").', validate: shortTextInput }),
  }),
});

const participantsInput = z.array(z.unknown()).max(500, 'must have at most 500 participants');

function toParticipants(participants: { actor: { id: number }; role?: string | null }[]): EventParticipantValues[] {
  return participants.map((participant) => ({ actorId: participant.actor.id, role: participant.role }));
}

const eventPayload = (verb: string) => ({
  outputFields: (t: PayloadFieldBuilder<EventRow>) => ({
    event: t.field({ type: EventRef, description: `The ${verb} event.`, resolve: (row) => row }),
  }),
});

builder.relayMutationField(
  'createEvent',
  {
    description: 'What happened, when, and who took part.',
    inputFields: (t) => ({
      kind: t.field({ type: EventKindEnum, required: true, description: 'What sort of event it was.' }),
      title: t.string({ required: true, description: 'A short title ("North Korea’s nuclear test of January 6, 2016").', validate: nameInput }),
      slug: t.string({ description: 'A stable, URL-safe name (lowercase letters, digits and single hyphens); made from the title when left out.', validate: slugInput }),
      occurredOn: t.field({ type: 'Date', description: 'The day it happened, when known.' }),
      description: t.string({ description: 'What happened, in a sentence or two.', validate: longTextInput }),
      participants: t.field({
        type: [EventParticipantInput],
        description: 'The actors involved, with their parts, in the order listed.',
        validate: participantsInput,
      }),
    }),
  },
  {
    description: 'Adds an event with its participants. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input: { participants, clientMutationId: _, ...input } }, context) =>
      write(context, (author) =>
        context.store.writes.events.create(author, { ...input, participants: participants ? toParticipants(participants) : [] }),
      ),
  },
  { description: 'The result of `createEvent`.', ...eventPayload('new') },
);

builder.relayMutationField(
  'updateEvent',
  {
    description: 'The event to change and the fields to change; fields left out stay as they are, null clears an optional one.',
    inputFields: (t) => ({
      id: t.globalID({ for: EventRef, required: true, description: DESCRIPTIONS.id }),
      kind: t.field({ type: EventKindEnum, description: 'A new kind.' }),
      title: t.string({ description: 'A new title.', validate: nameInput }),
      slug: t.string({ description: DESCRIPTIONS.newSlug, validate: slugInput }),
      occurredOn: t.field({ type: 'Date', description: 'The day it happened; null clears it.' }),
      description: t.string({ description: 'A new description; null clears it.', validate: longTextInput }),
      participants: t.field({
        type: [EventParticipantInput],
        description: 'Replaces every participant (an empty list removes them all); left out, they stay as they are.',
        validate: participantsInput,
      }),
    }),
  },
  {
    description: 'Changes an event. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input: { id, participants, clientMutationId: _, ...columns } }, context) => {
      rejectNulls({ ...columns, participants }, ['kind', 'title', 'slug', 'participants']);
      return write(context, (author) =>
        context.store.writes.events.update(author, id.id, {
          kind: columns.kind ?? undefined,
          title: columns.title ?? undefined,
          slug: columns.slug ?? undefined,
          occurredOn: columns.occurredOn,
          description: columns.description,
          participants: participants ? toParticipants(participants) : undefined,
        }),
      );
    },
  },
  { description: 'The result of `updateEvent`.', ...eventPayload('changed') },
);

builder.relayMutationField(
  'deleteEvent',
  {
    description: 'The event to delete.',
    inputFields: (t) => ({ id: t.globalID({ for: EventRef, required: true, description: DESCRIPTIONS.deleteId }) }),
  },
  {
    description:
      'Deletes an event with its participants and its mentions in articles; measures it triggered no longer list it, the stances toward it are deleted, and statements made at it keep everything but the event. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => write(context, (author) => context.store.writes.events.delete(author, input.id.id)),
  },
  {
    description: 'The result of `deleteEvent`.',
    outputFields: (t) => ({
      deletedEventId: t.id({ description: DESCRIPTIONS.deletedId, resolve: (row) => encodeGlobalID('Event', row.id) }),
    }),
  },
);
