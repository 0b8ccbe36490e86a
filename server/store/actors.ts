// Actors: lookups, the filtered list, aliases, affiliations and the events they took part in.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from './database.js';
import type { ActorKind } from './enums.js';
import { anyOf, containsPattern } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { ActorRow, AffiliationRow } from './tables.js';

export const actorSorts = {
  name: sortKey('actor.name', 'text'),
};

export const affiliationSorts = {
  id: sortKey('affiliation.id', 'integer'),
};

export interface ActorFilter {
  kinds?: ActorKind[] | null;
  /** Part of the name or of an alias, case-insensitive. */
  name?: string | null;
  countryIds?: number[] | null;
}

function nameMatches(text: string | null | undefined): Expression<SqlBool>[] {
  if (!text) return [];
  const pattern = containsPattern(text);
  return [
    sql<SqlBool>`(lower(${sql.ref('actor.name')}) like ${pattern} escape '\\' or exists (select 1 from ${sql.table('actorAlias')} as a where a.${sql.ref('actorId')} = ${sql.ref('actor.id')} and lower(a.${sql.ref('alias')}) like ${pattern} escape '\\'))`,
  ];
}

export function actorQueries(db: Db) {
  const listing = (filter: ActorFilter) =>
    db
      .selectFrom('actor')
      .selectAll('actor')
      .where((eb) =>
        eb.and([...anyOf('actor.kind', filter.kinds), ...anyOf('actor.countryId', filter.countryIds), ...nameMatches(filter.name)]),
      );
  const members = () => db.selectFrom('affiliation').selectAll('affiliation');

  return {
    findByIds: (ids: readonly number[]): Promise<ActorRow[]> =>
      db.selectFrom('actor').selectAll().where('id', 'in', ids).execute(),

    findBySlugs: (slugs: readonly string[]): Promise<ActorRow[]> =>
      db.selectFrom('actor').selectAll().where('slug', 'in', slugs).execute(),

    findPage: (filter: ActorFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: ActorFilter) => countRows(listing(filter)),

    findAliases: (actorIds: readonly number[]) =>
      db
        .selectFrom('actorAlias')
        .select(['actorId', 'alias'])
        .where('actorId', 'in', actorIds)
        .orderBy('actorId')
        .orderBy('id')
        .execute(),

    findAffiliationsByIds: (ids: readonly number[]): Promise<AffiliationRow[]> =>
      db.selectFrom('affiliation').selectAll().where('id', 'in', ids).execute(),

    /** The affiliations of each member (its roles in organizations). */
    findAffiliationsOfMembers: (memberIds: readonly number[]): Promise<AffiliationRow[]> =>
      db
        .selectFrom('affiliation')
        .selectAll()
        .where('memberId', 'in', memberIds)
        .orderBy('memberId')
        .orderBy('id')
        .execute(),

    /** The affiliations into each organization (its members), a page per organization. */
    findMemberPages: (organizationIds: readonly number[], request: PageRequest) =>
      fetchGroupedPages(db, members(), 'affiliation.organizationId', organizationIds, request),

    countMembers: (organizationIds: readonly number[]) =>
      countGroupedRows(members(), 'affiliation.organizationId', organizationIds),
  };
}
