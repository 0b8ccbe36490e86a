// Statements: lookups, the filtered list, and the statements that evidence stances.
import type { Db } from './database.js';
import type { StatementKind } from './enums.js';
import { anyOf, type DateRange, withinDates } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { StatementRow } from './tables.js';

export const statementSorts = {
  saidOn: sortKey('statement.saidOn', 'date'),
  spanStart: sortKey('statement.spanStart', 'integer'),
};

export interface StatementFilter {
  speakerIds?: number[] | null;
  articleIds?: number[] | null;
  eventIds?: number[] | null;
  kinds?: StatementKind[] | null;
  saidOn?: DateRange | null;
}

/** The columns a statement list can be grouped by (one page per speaker, article or event). */
export type StatementGroup = 'speakerId' | 'articleId' | 'eventId';

export function statementQueries(db: Db) {
  const listing = (filter: StatementFilter) =>
    db
      .selectFrom('statement')
      .selectAll('statement')
      .where((eb) =>
        eb.and([
          ...anyOf('statement.speakerId', filter.speakerIds),
          ...anyOf('statement.articleId', filter.articleIds),
          ...anyOf('statement.eventId', filter.eventIds),
          ...anyOf('statement.kind', filter.kinds),
          ...withinDates('statement.saidOn', filter.saidOn),
        ]),
      );

  return {
    findByIds: (ids: readonly number[]): Promise<StatementRow[]> =>
      db.selectFrom('statement').selectAll().where('id', 'in', ids).execute(),

    findPage: (filter: StatementFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: StatementFilter) => countRows(listing(filter)),

    findPagesBy: (group: StatementGroup, ids: readonly number[], filter: StatementFilter, request: PageRequest) =>
      fetchGroupedPages(db, listing(filter), `statement.${group}`, ids, request),

    countBy: (group: StatementGroup, ids: readonly number[], filter: StatementFilter) =>
      countGroupedRows(listing(filter), `statement.${group}`, ids),

    /** The evidence of each stance, in the order the statements appear in their article. */
    findEvidence: (stanceIds: readonly number[]): Promise<(StatementRow & { stanceId: number })[]> =>
      db
        .selectFrom('stanceEvidence')
        .innerJoin('statement', 'statement.id', 'stanceEvidence.statementId')
        .selectAll('statement')
        .select('stanceEvidence.stanceId')
        .where('stanceEvidence.stanceId', 'in', stanceIds)
        .orderBy('statement.articleId')
        .orderBy('statement.spanStart')
        .execute(),
  };
}
