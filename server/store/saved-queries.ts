// Saved queries and their versions as rows. What a document must be is checked before these run
// (server/saved-queries/documents.ts); here it is only stored, versioned and listed.
import type { Author } from '../auth/viewer.js';
import type { Db } from './database.js';
import type { SavedQueryStatus } from './enums.js';
import { anyOf } from './filters.js';
import { countRows, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { SavedQueryRow, SavedQueryVersionRow } from './tables.js';
import { changes, inTransaction, notFound, WriteError } from './writes.js';

export const savedQuerySorts = {
  name: sortKey('savedQuery.name', 'text'),
  updatedAt: sortKey('savedQuery.updatedAt', 'text'),
};

export interface SavedQueryFilter {
  statuses?: SavedQueryStatus[] | null;
  /** Only deleted queries (the ones a restore can bring back) instead of the live ones. */
  deleted?: boolean;
}

/**
 * Who deletes or restores a query, as the audit log records them, and whether they may do it to a
 * query another key saved (an ADMIN may; everyone else only to their own).
 */
export interface Custodian extends Author {
  anyOwner: boolean;
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

/** A query only the owner of a query, or an ADMIN, may delete or restore. */
function assertCustodian(query: SavedQueryRow, custodian: Custodian, verb: 'delete' | 'restore'): void {
  if (custodian.anyOwner) return;
  // By key ID, not name: names are free text and two keys may share one. Queries saved by the seed
  // or the CLI have no key, so only an ADMIN can remove them.
  if (query.ownerKeyId !== null && query.ownerKeyId === custodian.apiKeyId) return;
  throw new WriteError(
    'FORBIDDEN',
    `Forbidden: the saved query "${query.name}" was saved by another key; a key may ${verb} only the saved queries it saved itself, unless it has role ADMIN.`,
    [{ path: 'name', message: 'was saved by another key' }],
  );
}

export function savedQueryQueries(db: Db) {
  /** The live queries, or (with `deleted`) the deleted ones. */
  const selectQueries = (deleted = false) =>
    db
      .selectFrom('savedQuery')
      .selectAll('savedQuery')
      .where('savedQuery.deletedAt', deleted ? 'is not' : 'is', null);
  const listing = (filter: SavedQueryFilter) =>
    selectQueries(filter.deleted).where((eb) => eb.and([...anyOf('savedQuery.status', filter.statuses)]));

  return {
    /** Live queries by ID (the Node loader: a deleted query does not resolve). */
    findByIds: (ids: readonly number[]): Promise<SavedQueryRow[]> => selectQueries().where('savedQuery.id', 'in', ids).execute(),

    /** The live query of this name; a deleted one is not found (it answers 404 until restored). */
    findByName: (name: string): Promise<SavedQueryRow | undefined> => selectQueries().where('savedQuery.name', '=', name).executeTakeFirst(),

    findPage: (filter: SavedQueryFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: SavedQueryFilter) => countRows(listing(filter)),

    findAll: (filter: Pick<SavedQueryFilter, 'deleted'> = {}): Promise<SavedQueryRow[]> =>
      selectQueries(filter.deleted).orderBy('savedQuery.name').execute(),

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
      (
        await db
          .selectFrom('savedQueryVersion')
          .innerJoin('savedQuery', 'savedQuery.id', 'savedQueryVersion.savedQueryId')
          .select('savedQueryVersion.document')
          .where('savedQueryVersion.documentHash', '=', hash)
          .where('savedQuery.deletedAt', 'is', null)
          .limit(1)
          .executeTakeFirst()
      )?.document,

    /**
     * Creates the query, or adds a version when the document or defaults changed; a save that changes
     * nothing (same document, defaults, title and description of a query that is OK) writes nothing,
     * not even an audit entry. A deleted query's
     * name stays taken (CONFLICT): saving over it would hide its history from whoever restores it,
     * and let anyone take over a name its owner meant to keep.
     */
    save: (author: Author, input: SavedQueryInput): Promise<SaveResult> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const existing = await trx.selectFrom('savedQuery').selectAll().where('name', '=', input.name).executeTakeFirst();
        if (existing?.deletedAt) {
          throw new WriteError(
            'CONFLICT',
            `The saved query "${input.name}" was deleted on ${existing.deletedAt.slice(0, 10)}; restore it (restoreSavedQuery, or \`npm run query -- restore ${input.name}\`) and save again, or choose another name.`,
            [{ path: 'name', message: 'belongs to a deleted saved query' }],
          );
        }
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
        // Saving what is already there (every seed run does) writes nothing: no row, no audit entry.
        const description = input.description ?? null;
        if (existing && !changed && existing.title === input.title && existing.description === description && existing.status === 'OK') {
          return { query: existing, newVersion: false };
        }
        const version = existing ? existing.currentVersion + (changed ? 1 : 0) : 1;
        const fields = {
          title: input.title,
          description,
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

    /** Marks a live query deleted; it and its versions stay for `restore`. */
    delete: (custodian: Custodian, name: string): Promise<SavedQueryRow> =>
      inTransaction(db, custodian, async ({ trx, now, audit }) => {
        const existing = await trx.selectFrom('savedQuery').selectAll().where('name', '=', name).where('deletedAt', 'is', null).executeTakeFirst();
        if (!existing) throw notFound(`The saved query "${name}"`, 'name');
        assertCustodian(existing, custodian, 'delete');
        const deleted = await trx
          .updateTable('savedQuery')
          .set({ deletedAt: now, deletedByKeyId: custodian.apiKeyId, deletedByName: custodian.name })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit({ operation: 'deleteSavedQuery', entityType: 'SavedQuery', entityId: existing.id, details: { name, ...changes(existing, deleted) } });
        return deleted;
      }),

    /** Brings a deleted query back as it was, every version included. */
    restore: (custodian: Custodian, name: string): Promise<SavedQueryRow> =>
      inTransaction(db, custodian, async ({ trx, audit }) => {
        const existing = await trx.selectFrom('savedQuery').selectAll().where('name', '=', name).executeTakeFirst();
        if (!existing) throw notFound(`The saved query "${name}"`, 'name');
        if (!existing.deletedAt) {
          throw new WriteError('CONFLICT', `The saved query "${name}" is not deleted.`, [{ path: 'name', message: 'is not deleted' }]);
        }
        assertCustodian(existing, custodian, 'restore');
        const restored = await trx
          .updateTable('savedQuery')
          .set({ deletedAt: null, deletedByKeyId: null, deletedByName: null })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit({ operation: 'restoreSavedQuery', entityType: 'SavedQuery', entityId: existing.id, details: { name, ...changes(existing, restored) } });
        return restored;
      }),

    /** Records the outcome of re-checking a query against the current schema. */
    setStatus: async (id: number, status: SavedQueryStatus, reason: string | null, now: string): Promise<void> => {
      await db.updateTable('savedQuery').set({ status, brokenReason: reason, checkedAt: now }).where('id', '=', id).execute();
    },
  };
}
