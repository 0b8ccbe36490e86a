// Events: lookups, the filtered list, participants, and the events that triggered measures.
import type { Db } from './database.js';
import type { EventKind } from './enums.js';
import { anyOf, type DateRange, linkedToAnyOf, withinDates } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { EventParticipantRow, EventRow } from './tables.js';

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
