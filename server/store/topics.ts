// Topics: lookups and the filtered list.
import type { Author } from '../auth/viewer.js';
import type { Db } from './database.js';
import { containsText } from './filters.js';
import { countRows, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { TopicRow } from './tables.js';
import { assertSlugFree, changes, definedOnly, inTransaction, rowToWrite, uniqueSlug } from './writes.js';

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

export interface TopicInput {
  slug?: string | null;
  name: string;
  description?: string | null;
}

export interface TopicPatch {
  slug?: string;
  name?: string;
  description?: string | null;
}

export function topicWrites(db: Db) {
  return {
    create: (author: Author, input: TopicInput): Promise<TopicRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const slug = input.slug ?? (await uniqueSlug(trx, 'topic', input.name));
        if (input.slug) await assertSlugFree(trx, 'topic', input.slug);
        const row = await trx
          .insertInto('topic')
          .values({ slug, name: input.name, description: input.description ?? null, createdAt: now, updatedAt: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit({ operation: 'createTopic', entityType: 'Topic', entityId: row.id, details: { after: row } });
        return row;
      }),

    update: (author: Author, id: number, patch: TopicPatch): Promise<TopicRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const before = await rowToWrite(trx, 'topic', id, 'The topic');
        if (patch.slug) await assertSlugFree(trx, 'topic', patch.slug, id);
        const row = await trx
          .updateTable('topic')
          .set({ ...definedOnly(patch), updatedAt: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit({ operation: 'updateTopic', entityType: 'Topic', entityId: id, details: changes(before, row) });
        return row;
      }),

    /** Deletes the topic and the stances toward it (a stance cannot exist without its target). */
    delete: (author: Author, id: number): Promise<TopicRow> =>
      inTransaction(db, author, async ({ trx, audit }) => {
        const before = await rowToWrite(trx, 'topic', id, 'The topic');
        await trx.deleteFrom('topic').where('id', '=', id).execute();
        await audit({ operation: 'deleteTopic', entityType: 'Topic', entityId: id, details: { before } });
        return before;
      }),
  };
}
