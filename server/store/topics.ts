// Topics: lookups and the filtered list.
import type { Db } from './database.js';
import { containsText } from './filters.js';
import { countRows, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { TopicRow } from './tables.js';

export const topicSorts = {
  name: sortKey('topic.name', 'text'),
};

export interface TopicFilter {
  /** Part of the name, case-insensitive. */
  name?: string | null;
}

export function topicQueries(db: Db) {
  const listing = (filter: TopicFilter) =>
    db
      .selectFrom('topic')
      .selectAll('topic')
      .where((eb) => eb.and(filter.name ? [containsText('topic.name', filter.name)] : []));

  return {
    findByIds: (ids: readonly number[]): Promise<TopicRow[]> =>
      db.selectFrom('topic').selectAll().where('id', 'in', ids).execute(),

    findBySlugs: (slugs: readonly string[]): Promise<TopicRow[]> =>
      db.selectFrom('topic').selectAll().where('slug', 'in', slugs).execute(),

    findPage: (filter: TopicFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: TopicFilter) => countRows(listing(filter)),
  };
}
