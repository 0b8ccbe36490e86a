// The audit log: one row per change a mutation made, newest last. Written by server/store/writes.ts.
import type { Author } from '../auth/viewer.js';
import type { Db } from './database.js';
import type { Trx } from './writes.js';
import { anyOf, type DateRange } from './filters.js';
import { countRows, fetchPage, type PageRequest, sortKey } from './pagination.js';

export const auditLogSorts = {
  id: sortKey('auditLog.id', 'integer'),
};

export interface AuditLogFilter {
  entityTypes?: string[] | null;
  operations?: string[] | null;
  /** The entity a change was made to (with `entityTypes` naming its type). */
  entityIds?: number[] | null;
  apiKeyIds?: number[] | null;
  at?: DateRange | null;
}

export function auditLogQueries(db: Db) {
  const listing = (filter: AuditLogFilter) =>
    db
      .selectFrom('auditLog')
      .selectAll('auditLog')
      .where((eb) =>
        eb.and([
          ...anyOf('auditLog.entityType', filter.entityTypes),
          ...anyOf('auditLog.operation', filter.operations),
          ...anyOf('auditLog.entityId', filter.entityIds),
          ...anyOf('auditLog.apiKeyId', filter.apiKeyIds),
          // Timestamps are ISO text: a day range compares on the date prefix.
          ...(filter.at?.from ? [eb('auditLog.at', '>=', filter.at.from)] : []),
          ...(filter.at?.to ? [eb('auditLog.at', '<', nextDay(filter.at.to))] : []),
        ]),
      );
  return {
    findPage: (filter: AuditLogFilter, request: PageRequest) => fetchPage(listing(filter), request),
    count: (filter: AuditLogFilter) => countRows(listing(filter)),
  };
}

/**
 * Who the seeds' own entries name (the seed loader's and the saved-query library's): no key, so no
 * API key named "seed" passes for it. A change the seed made is not an editor's.
 */
export const SEED_AUTHOR: Author = { apiKeyId: null, name: 'seed' };

/** The operation of the entries the seed loader writes for the rows it updates. */
export const SEED_OPERATION = 'loadSeeds';

/** The latest change someone made to a row through the write path (a mutation, an import). */
export interface Edit {
  entityId: number;
  /** Who made it: the API key's name, or `cli:<user>`. */
  by: string;
  at: string;
  operation: string;
}

/**
 * The latest audit entry not written by the seed for each of `entityIds` of `entityType` (only
 * entries of `operations`, when given), by entity ID. A row with one has been changed (or created)
 * by an editor, so the seed leaves it alone.
 */
export async function findEdits(
  db: Trx | Db,
  entityType: string,
  entityIds: readonly number[],
  operations?: readonly string[],
): Promise<Map<number, Edit>> {
  const edits = new Map<number, Edit>();
  if (entityIds.length === 0) return edits;
  const rows = await db
    .selectFrom('auditLog')
    .select(['entityId', 'actorName', 'at', 'operation'])
    .where('entityType', '=', entityType)
    .where('entityId', 'in', [...entityIds])
    .where((eb) => eb.or([eb('apiKeyId', 'is not', null), eb('actorName', '!=', SEED_AUTHOR.name)]))
    .where((eb) => eb.and(operations ? [eb('operation', 'in', [...operations])] : []))
    .orderBy('id')
    .execute();
  for (const row of rows) edits.set(row.entityId, { entityId: row.entityId, by: row.actorName, at: row.at, operation: row.operation });
  return edits;
}

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
