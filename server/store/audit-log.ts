// The audit log: one row per change a mutation made, newest last. Written by server/store/writes.ts.
import type { Db } from './database.js';
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

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
