// Stances: lookups, the filtered list, and the stances a statement evidences.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from './database.js';
import type { StancePosition } from './enums.js';
import { anyOf, type DateRange, withinDates } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { StanceRow } from './tables.js';

export const stanceSorts = {
  asOf: sortKey('stance.asOf', 'date'),
};

/** Stance targets by kind; a stance matches when its one target is any of these. */
export interface StanceTargetIds {
  measureIds?: number[];
  actorIds?: number[];
  eventIds?: number[];
  topicIds?: number[];
}

export interface StanceFilter {
  holderIds?: number[] | null;
  targets?: StanceTargetIds | null;
  positions?: StancePosition[] | null;
  asOf?: DateRange | null;
}

/** The columns a stance list can be grouped by (one page per holder, target or article). */
export type StanceGroup =
  | 'holderId'
  | 'targetMeasureId'
  | 'targetActorId'
  | 'targetEventId'
  | 'targetTopicId'
  | 'articleId';

function targetsAnyOf(targets: StanceTargetIds | null | undefined): Expression<SqlBool>[] {
  if (!targets) return [];
  const alternatives = [
    ...anyOf('stance.targetMeasureId', targets.measureIds),
    ...anyOf('stance.targetActorId', targets.actorIds),
    ...anyOf('stance.targetEventId', targets.eventIds),
    ...anyOf('stance.targetTopicId', targets.topicIds),
  ];
  if (alternatives.length === 0) return [sql<SqlBool>`1 = 0`];
  return [sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`];
}

export function stanceQueries(db: Db) {
  const listing = (filter: StanceFilter) =>
    db
      .selectFrom('stance')
      .selectAll('stance')
      .where((eb) =>
        eb.and([
          ...anyOf('stance.holderId', filter.holderIds),
          ...targetsAnyOf(filter.targets),
          ...anyOf('stance.position', filter.positions),
          ...withinDates('stance.asOf', filter.asOf),
        ]),
      );

  return {
    findByIds: (ids: readonly number[]): Promise<StanceRow[]> =>
      db.selectFrom('stance').selectAll().where('id', 'in', ids).execute(),

    findPage: (filter: StanceFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: StanceFilter) => countRows(listing(filter)),

    findPagesBy: (group: StanceGroup, ids: readonly number[], filter: StanceFilter, request: PageRequest) =>
      fetchGroupedPages(db, listing(filter), `stance.${group}`, ids, request),

    countBy: (group: StanceGroup, ids: readonly number[], filter: StanceFilter) =>
      countGroupedRows(listing(filter), `stance.${group}`, ids),

    /** The stances each statement is evidence for. */
    findEvidencedBy: (statementIds: readonly number[]): Promise<(StanceRow & { statementId: number })[]> =>
      db
        .selectFrom('stanceEvidence')
        .innerJoin('stance', 'stance.id', 'stanceEvidence.stanceId')
        .selectAll('stance')
        .select('stanceEvidence.statementId')
        .where('stanceEvidence.statementId', 'in', statementIds)
        .orderBy('stance.asOf', 'desc')
        .orderBy('stance.id', 'desc')
        .execute(),
  };
}
