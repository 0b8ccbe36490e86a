// Events: lookups, the filtered list, participants, and the events that triggered measures; and the
// writes that create, change and delete events.
import type { Author } from '../auth/viewer.js';
import type { Db } from './database.js';
import type { EventKind } from './enums.js';
import { anyOf, type DateRange, linkedToAnyOf, withinDates } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { EventParticipantRow, EventRow } from './tables.js';
import {
  assertReferencesExist,
  assertSlugFree,
  auditCascadedStances,
  badInput,
  changes,
  definedOnly,
  inTransaction,
  repeats,
  rowToWrite,
  type Trx,
  uniqueSlug,
} from './writes.js';

export const eventSorts = {
  occurredOn: sortKey('event.occurredOn', 'date', true),
  title: sortKey('event.title', 'text'),
};

export interface EventFilter {
  kinds?: EventKind[] | null;
  occurredOn?: DateRange | null;
  participantIds?: number[] | null;
}

export function eventQueries(db: Db) {
  const listing = (filter: EventFilter) =>
    db
      .selectFrom('event')
      .selectAll('event')
      .where((eb) =>
        eb.and([
          ...anyOf('event.kind', filter.kinds),
          ...withinDates('event.occurredOn', filter.occurredOn),
          ...linkedToAnyOf('eventParticipant', 'eventId', 'event.id', 'actorId', filter.participantIds),
        ]),
      );
  const withParticipants = (filter: EventFilter) =>
    listing(filter).innerJoin('eventParticipant', 'eventParticipant.eventId', 'event.id');

  return {
    findByIds: (ids: readonly number[]): Promise<EventRow[]> =>
      db.selectFrom('event').selectAll().where('id', 'in', ids).execute(),

    findBySlugs: (slugs: readonly string[]): Promise<EventRow[]> =>
      db.selectFrom('event').selectAll().where('slug', 'in', slugs).execute(),

    findPage: (filter: EventFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: EventFilter) => countRows(listing(filter)),

    /** The events each actor took part in, a page per actor. */
    findPagesWithParticipants: (actorIds: readonly number[], filter: EventFilter, request: PageRequest) =>
      fetchGroupedPages(db, withParticipants(filter), 'eventParticipant.actorId', actorIds, request),

    countWithParticipants: (actorIds: readonly number[], filter: EventFilter) =>
      countGroupedRows(withParticipants(filter), 'eventParticipant.actorId', actorIds),

    findParticipants: (eventIds: readonly number[]): Promise<EventParticipantRow[]> =>
      db
        .selectFrom('eventParticipant')
        .selectAll()
        .where('eventId', 'in', eventIds)
        .orderBy('eventId')
        .orderBy('id')
        .execute(),

    /** The events that triggered each measure, oldest first. */
    findTriggersOfMeasures: (measureIds: readonly number[]): Promise<(EventRow & { measureId: number })[]> =>
      db
        .selectFrom('measureTrigger')
        .innerJoin('event', 'event.id', 'measureTrigger.eventId')
        .selectAll('event')
        .select('measureTrigger.measureId')
        .where('measureTrigger.measureId', 'in', measureIds)
        .orderBy('event.occurredOn')
        .orderBy('event.id')
        .execute(),
  };
}

export interface EventParticipantInput {
  actorId: number;
  role?: string | null;
}

export interface EventInput {
  slug?: string | null;
  kind: EventKind;
  title: string;
  occurredOn?: string | null;
  description?: string | null;
  participants?: EventParticipantInput[] | null;
}

export interface EventPatch {
  slug?: string;
  kind?: EventKind;
  title?: string;
  occurredOn?: string | null;
  description?: string | null;
  /** Replaces every participant when given, in the order given. */
  participants?: EventParticipantInput[];
}

export function eventWrites(db: Db) {
  return {
    create: (author: Author, input: EventInput): Promise<EventRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const participants = input.participants ?? [];
        await checkParticipants(trx, participants);
        if (input.slug) await assertSlugFree(trx, 'event', input.slug);
        const row = await trx
          .insertInto('event')
          .values({
            slug: input.slug ?? (await uniqueSlug(trx, 'event', input.title)),
            kind: input.kind,
            title: input.title,
            occurredOn: input.occurredOn ?? null,
            description: input.description ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await replaceParticipants(trx, row.id, participants);
        const after = { ...row, participants: await readParticipants(trx, row.id) };
        await audit({ operation: 'createEvent', entityType: 'Event', entityId: row.id, details: { after } });
        return row;
      }),

    update: (author: Author, id: number, patch: EventPatch): Promise<EventRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const before = await rowToWrite(trx, 'event', id, 'The event');
        const { participants, ...columns } = patch;
        if (participants) await checkParticipants(trx, participants);
        if (patch.slug) await assertSlugFree(trx, 'event', patch.slug, id);
        const row = await trx
          .updateTable('event')
          .set({ ...definedOnly(columns), updatedAt: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const details: { before: Record<string, unknown>; after: Record<string, unknown> } = changes(before, row);
        if (participants) {
          const previous = await readParticipants(trx, id);
          await replaceParticipants(trx, id, participants);
          const current = await readParticipants(trx, id);
          if (JSON.stringify(previous) !== JSON.stringify(current)) {
            details.before.participants = previous;
            details.after.participants = current;
          }
        }
        await audit({ operation: 'updateEvent', entityType: 'Event', entityId: id, details });
        return row;
      }),

    /**
     * Deletes the event with its participants, its mentions in articles, its place among the
     * triggers of measures, and the stances toward it (each logged); statements made at it keep
     * their text and lose only the event.
     */
    delete: (author: Author, id: number): Promise<EventRow> =>
      inTransaction(db, author, async ({ trx, audit }) => {
        const before = await rowToWrite(trx, 'event', id, 'The event');
        const participants = await readParticipants(trx, id);
        const triggered = (await trx.selectFrom('measureTrigger').select('measureId').where('eventId', '=', id).orderBy('measureId').execute()).map(
          (row) => row.measureId,
        );
        const statements = (await trx.selectFrom('statement').select('id').where('eventId', '=', id).orderBy('id').execute()).map((row) => row.id);
        const stances = await trx.selectFrom('stance').selectAll().where('targetEventId', '=', id).orderBy('id').execute();
        await trx.deleteFrom('event').where('id', '=', id).execute();
        await audit({
          operation: 'deleteEvent',
          entityType: 'Event',
          entityId: id,
          details: { before: { ...before, participants, triggeredMeasureIds: triggered }, detachedStatementIds: statements },
        });
        await auditCascadedStances(audit, 'deleteEvent', stances);
        return before;
      }),
  };
}

async function checkParticipants(trx: Trx, participants: EventParticipantInput[]): Promise<void> {
  const problems = repeats(participants, (participant) => participant.actorId, (i) => `participants.${i}.actor`, 'the same actor');
  if (problems.length > 0) throw badInput(problems);
  await assertReferencesExist(
    trx,
    'actor',
    'The actor',
    participants.map((participant, i) => ({ id: participant.actorId, path: `participants.${i}.actor` })),
  );
}

async function replaceParticipants(trx: Trx, eventId: number, participants: EventParticipantInput[]): Promise<void> {
  await trx.deleteFrom('eventParticipant').where('eventId', '=', eventId).execute();
  if (participants.length === 0) return;
  await trx
    .insertInto('eventParticipant')
    .values(participants.map((participant) => ({ eventId, actorId: participant.actorId, role: participant.role ?? null })))
    .execute();
}

function readParticipants(trx: Trx, eventId: number): Promise<{ actorId: number; role: string | null }[]> {
  return trx.selectFrom('eventParticipant').select(['actorId', 'role']).where('eventId', '=', eventId).orderBy('id').execute();
}
