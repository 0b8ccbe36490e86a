// Saved queries and their versions as rows. What a document must be is checked before these run
// (server/saved-queries/documents.ts); here it is only stored, versioned and listed.
import type { Author } from '../auth/viewer.js';
import type { Db } from './database.js';
import type { SavedQueryStatus } from './enums.js';
import { anyOf } from './filters.js';
import { countRows, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { SavedQueryRow, SavedQueryVersionRow } from './tables.js';
import { inTransaction, notFound } from './writes.js';

export const savedQuerySorts = {
  name: sortKey('savedQuery.name', 'text'),
  updatedAt: sortKey('savedQuery.updatedAt', 'text'),
};

export interface SavedQueryFilter {
  statuses?: SavedQueryStatus[] | null;
}

export interface SavedQueryInput {
  name: string;
  title: string;
  description?: string | null;
  document: string;
  operationName: string;
  documentHash: string;
  defaultVariables: Record<string, unknown>;
}

export interface SaveResult {
  query: SavedQueryRow;
  /** False when the document and defaults were the same as the current version's (no new version). */
  newVersion: boolean;
}

export function savedQueryQueries(db: Db) {
  const listing = (filter: SavedQueryFilter) =>
    db
      .selectFrom('savedQuery')
      .selectAll('savedQuery')
      .where((eb) => eb.and([...anyOf('savedQuery.status', filter.statuses)]));

  return {
    findByIds: (ids: readonly number[]): Promise<SavedQueryRow[]> =>
      db.selectFrom('savedQuery').selectAll().where('id', 'in', ids).execute(),

    findByName: (name: string): Promise<SavedQueryRow | undefined> =>
      db.selectFrom('savedQuery').selectAll().where('name', '=', name).executeTakeFirst(),

    findPage: (filter: SavedQueryFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: SavedQueryFilter) => countRows(listing(filter)),

    findAll: (): Promise<SavedQueryRow[]> => db.selectFrom('savedQuery').selectAll().orderBy('name').execute(),

    /** A version of a query (the current one when `version` is left out). */
    findVersion: async (query: SavedQueryRow, version?: number | null): Promise<SavedQueryVersionRow | undefined> =>
      db
        .selectFrom('savedQueryVersion')
        .selectAll()
        .where('savedQueryId', '=', query.id)
        .where('version', '=', version ?? query.currentVersion)
        .executeTakeFirst(),

    /** Every version of each query, newest first. */
    findVersions: (queryIds: readonly number[]): Promise<SavedQueryVersionRow[]> =>
      db
        .selectFrom('savedQueryVersion')
        .selectAll()
        .where('savedQueryId', 'in', queryIds)
        .orderBy('savedQueryId')
        .orderBy('version', 'desc')
        .execute(),

    /** The current version of each query, keyed by query ID. */
    findCurrentVersions: (queryIds: readonly number[]): Promise<SavedQueryVersionRow[]> =>
      db
        .selectFrom('savedQueryVersion')
        .innerJoin('savedQuery', 'savedQuery.id', 'savedQueryVersion.savedQueryId')
        .selectAll('savedQueryVersion')
        .where('savedQueryVersion.savedQueryId', 'in', queryIds)
        .whereRef('savedQueryVersion.version', '=', 'savedQuery.currentVersion')
        .execute(),

    /** Whether any version of any saved query has this document hash (the persisted-only allow-list). */
    hasDocumentHash: async (hash: string): Promise<string | undefined> =>
      (await db.selectFrom('savedQueryVersion').select('document').where('documentHash', '=', hash).limit(1).executeTakeFirst())?.document,

    /** Creates the query, or adds a version when the document or defaults changed. */
    save: (author: Author, input: SavedQueryInput): Promise<SaveResult> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const existing = await trx.selectFrom('savedQuery').selectAll().where('name', '=', input.name).executeTakeFirst();
        const defaults = JSON.stringify(input.defaultVariables);
        const current = existing
          ? await trx
              .selectFrom('savedQueryVersion')
              .selectAll()
              .where('savedQueryId', '=', existing.id)
              .where('version', '=', existing.currentVersion)
              .executeTakeFirstOrThrow()
          : undefined;
        const changed = !current || current.document !== input.document || current.defaultVariables !== defaults;
        const version = existing ? existing.currentVersion + (changed ? 1 : 0) : 1;
        const fields = {
          title: input.title,
          description: input.description ?? null,
          currentVersion: version,
          status: 'OK' as const,
          brokenReason: null,
          checkedAt: now,
          updatedAt: now,
        };
        const query = existing
          ? await trx.updateTable('savedQuery').set(fields).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
          : await trx
              .insertInto('savedQuery')
              .values({ ...fields, name: input.name, ownerKeyId: author.apiKeyId, ownerName: author.name, createdAt: now })
              .returningAll()
              .executeTakeFirstOrThrow();
        if (changed) {
          await trx
            .insertInto('savedQueryVersion')
            .values({
              savedQueryId: query.id,
              version,
              document: input.document,
              operationName: input.operationName,
              documentHash: input.documentHash,
              defaultVariables: defaults,
              authorName: author.name,
              createdAt: now,
            })
            .execute();
        }
        await audit({
          operation: 'saveQuery',
          entityType: 'SavedQuery',
          entityId: query.id,
          details: { name: query.name, version, newVersion: changed },
        });
        return { query, newVersion: changed };
      }),

    delete: (author: Author, name: string): Promise<SavedQueryRow> =>
      inTransaction(db, author, async ({ trx, audit }) => {
        const existing = await trx.selectFrom('savedQuery').selectAll().where('name', '=', name).executeTakeFirst();
        if (!existing) throw notFound(`The saved query "${name}"`, 'name');
        await trx.deleteFrom('savedQuery').where('id', '=', existing.id).execute();
        await audit({ operation: 'deleteSavedQuery', entityType: 'SavedQuery', entityId: existing.id, details: { before: existing } });
        return existing;
      }),

    /** Records the outcome of re-checking a query against the current schema. */
    setStatus: async (id: number, status: SavedQueryStatus, reason: string | null, now: string): Promise<void> => {
      await db.updateTable('savedQuery').set({ status, brokenReason: reason, checkedAt: now }).where('id', '=', id).execute();
    },
  };
}
