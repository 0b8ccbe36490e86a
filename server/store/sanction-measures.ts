// Sanction measures: lookups, the filtered list, and a measure's targets, sectors, provisions,
// triggers and relations to other measures.
import type { Expression, SqlBool } from 'kysely';
import type { Db } from './database.js';
import type { ProvisionKind, SanctionInstrument, SanctionScope, SanctionSector } from './enums.js';
import { anyOf, type DateRange, linkedToAnyOf, withinDates } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { MeasureProvisionRow, MeasureRelationRow, SanctionMeasureRow } from './tables.js';

export const sanctionMeasureSorts = {
  signedOn: sortKey('sanctionMeasure.signedOn', 'date', true),
  announcedOn: sortKey('sanctionMeasure.announcedOn', 'date', true),
  name: sortKey('sanctionMeasure.name', 'text'),
};

export const measureTargetSorts = {
  id: sortKey('measureTarget.id', 'integer'),
};

export interface SanctionMeasureFilter {
  issuerIds?: number[] | null;
  targetIds?: number[] | null;
  scopes?: SanctionScope[] | null;
  instruments?: SanctionInstrument[] | null;
  sectors?: SanctionSector[] | null;
  provisionKinds?: ProvisionKind[] | null;
  triggeredByIds?: number[] | null;
  signedOn?: DateRange | null;
  announcedOn?: DateRange | null;
}

/** Measures with a row in `table` whose `column` is any of `values`. */
function hasChild(table: string, column: string, values: readonly (string | number)[] | null | undefined): Expression<SqlBool>[] {
  return linkedToAnyOf(table, 'measureId', 'sanctionMeasure.id', column, values);
}

/** The columns a measure list can be grouped by. */
export type SanctionMeasureGroup = 'issuerId' | 'signatoryId';

export function sanctionMeasureQueries(db: Db) {
  const listing = (filter: SanctionMeasureFilter) =>
    db
      .selectFrom('sanctionMeasure')
      .selectAll('sanctionMeasure')
      .where((eb) =>
        eb.and([
          ...anyOf('sanctionMeasure.issuerId', filter.issuerIds),
          ...anyOf('sanctionMeasure.scope', filter.scopes),
          ...anyOf('sanctionMeasure.instrument', filter.instruments),
          ...hasChild('measureTarget', 'actorId', filter.targetIds),
          ...hasChild('measureSector', 'sector', filter.sectors),
          ...hasChild('measureProvision', 'kind', filter.provisionKinds),
          ...hasChild('measureTrigger', 'eventId', filter.triggeredByIds),
          ...withinDates('sanctionMeasure.signedOn', filter.signedOn),
          ...withinDates('sanctionMeasure.announcedOn', filter.announcedOn),
        ]),
      );
  const targets = () => db.selectFrom('measureTarget').selectAll('measureTarget');

  return {
    findByIds: (ids: readonly number[]): Promise<SanctionMeasureRow[]> =>
      db.selectFrom('sanctionMeasure').selectAll().where('id', 'in', ids).execute(),

    findBySlugs: (slugs: readonly string[]): Promise<SanctionMeasureRow[]> =>
      db.selectFrom('sanctionMeasure').selectAll().where('slug', 'in', slugs).execute(),

    findPage: (filter: SanctionMeasureFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: SanctionMeasureFilter) => countRows(listing(filter)),

    findPagesBy: (group: SanctionMeasureGroup, ids: readonly number[], filter: SanctionMeasureFilter, request: PageRequest) =>
      fetchGroupedPages(db, listing(filter), `sanctionMeasure.${group}`, ids, request),

    countBy: (group: SanctionMeasureGroup, ids: readonly number[], filter: SanctionMeasureFilter) =>
      countGroupedRows(listing(filter), `sanctionMeasure.${group}`, ids),

    /** Designation-list entries, a page per measure (`measureId`) or per targeted actor (`actorId`). */
    findTargetPages: (group: 'measureId' | 'actorId', ids: readonly number[], request: PageRequest) =>
      fetchGroupedPages(db, targets(), `measureTarget.${group}`, ids, request),

    countTargets: (group: 'measureId' | 'actorId', ids: readonly number[]) =>
      countGroupedRows(targets(), `measureTarget.${group}`, ids),

    findSectors: (measureIds: readonly number[]) =>
      db
        .selectFrom('measureSector')
        .selectAll()
        .where('measureId', 'in', measureIds)
        .orderBy('measureId')
        .orderBy('sector')
        .execute(),

    findProvisions: (measureIds: readonly number[]): Promise<MeasureProvisionRow[]> =>
      db
        .selectFrom('measureProvision')
        .selectAll()
        .where('measureId', 'in', measureIds)
        .orderBy('measureId')
        .orderBy('position')
        .execute(),

    /** Relations in one direction: from each measure (`fromMeasureId`) or to it (`toMeasureId`). */
    findRelations: (side: 'fromMeasureId' | 'toMeasureId', measureIds: readonly number[]): Promise<MeasureRelationRow[]> =>
      db
        .selectFrom('measureRelation')
        .selectAll()
        .where(side, 'in', measureIds)
        .orderBy(side)
        .orderBy('id')
        .execute(),

    /** The measures each event triggered. */
    findTriggeredBy: (eventIds: readonly number[]): Promise<(SanctionMeasureRow & { eventId: number })[]> =>
      db
        .selectFrom('measureTrigger')
        .innerJoin('sanctionMeasure', 'sanctionMeasure.id', 'measureTrigger.measureId')
        .selectAll('sanctionMeasure')
        .select('measureTrigger.eventId')
        .where('measureTrigger.eventId', 'in', eventIds)
        .orderBy('sanctionMeasure.signedOn')
        .orderBy('sanctionMeasure.id')
        .execute(),
  };
}
