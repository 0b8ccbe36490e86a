// The audit log (every change a mutation made, readable by admins) and `viewer` (who the API thinks
// is asking, for clients that want to show it or check their key).
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { roleOf } from '../server/auth/viewer.js';
import { type AuditLogFilter, auditLogSorts } from '../server/store/audit-log.js';
import type { Role } from '../server/store/enums.js';
import type { AuditLogRow } from '../server/store/tables.js';
import { builder, describedValues } from './builder.js';
import { anyOfList, DateRangeInput, defineOrder, type ListDefinition, rootConnection } from './connections.js';
import { badUserInput } from './errors.js';
import { ADMIN } from './mutations.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'What an API key may do; each role can do everything the ones before it can.',
  values: describedValues<Role>({
    READER: 'Read the graph (anonymous clients can too while PUBLIC_READ is on).',
    ANALYST: 'Also manage saved queries.',
    EDITOR: 'Also change the graph: create, update, delete, merge and import.',
    ADMIN: 'Also read the audit log.',
  }),
});

const ViewerType = builder.objectRef<{ name: string | null; role: Role | null }>('Viewer').implement({
  description: 'Who the API takes the caller to be, from the `Authorization` header.',
  fields: (t) => ({
    authenticated: t.boolean({ description: 'Whether a valid API key was sent.', resolve: (viewer) => viewer.role !== null }),
    name: t.exposeString('name', { nullable: true, description: 'The name the key was created with; null without a key.' }),
    role: t.expose('role', { type: RoleEnum, nullable: true, description: 'The key’s role; null without a key.' }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerType,
    description: 'Who is asking: the name and role of the API key sent, if any.',
    resolve: (_root, _args, context) =>
      context.viewer.kind === 'anonymous' ? { name: null, role: null } : { name: context.viewer.name, role: roleOf(context.viewer) },
  }),
);

const AuditLogEntry = builder.objectRef<AuditLogRow>('AuditLogEntry').implement({
  description: 'One change made through the API: who made it, when, with which mutation, to what.',
  fields: (t) => ({
    sequence: t.exposeInt('id', { description: 'Position in the log: later changes have higher numbers.' }),
    at: t.expose('at', { type: 'DateTime', description: 'When the change was committed.' }),
    actorName: t.exposeString('actorName', { description: 'The name of the API key (or CLI user) that made it, as it was then.' }),
    operation: t.exposeString('operation', { description: 'The mutation or command (`updateStatement`, `importArticle`).' }),
    entityType: t.exposeString('entityType', { description: 'The type of what changed (`Statement`).' }),
    entityId: t.id({
      description: 'The global ID of what changed (it may no longer resolve, if it was deleted).',
      resolve: (entry) => encodeGlobalID(entry.entityType, entry.entityId),
    }),
    details: t.string({
      description: 'What changed, as JSON: `{ "before": …, "after": … }` with the changed fields, or the new or deleted record.',
      resolve: (entry) => entry.details,
    }),
  }),
});

const AuditLogConnection = builder.connectionObject(
  { type: AuditLogEntry, name: 'AuditLogConnection', description: 'A page of audit log entries.' },
  { name: 'AuditLogEdge', description: 'An entry in a page of the audit log.' },
);

const AuditLogFilterInput = builder.inputType('AuditLogFilter', {
  description: 'Narrows the audit log; every field given must match.',
  fields: (t) => ({
    entity: t.id({ description: 'Changes to this object (a global ID, which may be of a deleted object).' }),
    entityTypes: t.stringList({ description: 'Changes to objects of these types (`Statement`).', validate: anyOfList(z.string()) }),
    operations: t.stringList({ description: 'Changes made by these mutations (`mergeActors`).', validate: anyOfList(z.string()) }),
    at: t.field({ type: DateRangeInput, description: 'Changes made on these days (UTC).' }),
  }),
});

function toAuditLogFilter(filter: typeof AuditLogFilterInput.$inferInput | null | undefined): AuditLogFilter {
  const entity = filter?.entity ? decodeEntity(String(filter.entity)) : null;
  return {
    entityTypes: entity ? [entity.typename] : filter?.entityTypes,
    entityIds: entity ? [entity.id] : null,
    operations: filter?.operations,
    at: filter?.at,
  };
}

function decodeEntity(id: string): { typename: string; id: number } {
  try {
    const decoded = decodeGlobalID(id);
    const local = Number(decoded.id);
    if (Number.isSafeInteger(local) && local > 0) return { typename: decoded.typename, id: local };
  } catch {
    // Reported below.
  }
  throw badUserInput(`Invalid arguments: filter.entity: "${id}" is not a global ID`, [{ path: 'filter.entity', message: 'is not a global ID' }]);
}

const AuditLogOrder = defineOrder(
  'AuditLog',
  'audit log entries',
  { SEQUENCE: { sort: auditLogSorts.id, description: 'The order the changes were made in.' } },
  { field: 'SEQUENCE', direction: 'desc' },
);

const auditLog: ListDefinition<typeof AuditLogFilterInput.$inferInput, AuditLogFilter> = {
  connection: AuditLogConnection,
  filterInput: AuditLogFilterInput,
  toFilter: toAuditLogFilter,
  order: AuditLogOrder,
  idColumn: 'auditLog.id',
  plural: 'audit log entries',
};

rootConnection('auditLog', auditLog, {
  description: 'Every change made through the API, newest first. Needs role ADMIN.',
  authScopes: ADMIN,
  fetch: (context, filter, request) => context.store.auditLog.findPage(filter, request),
  count: (context, filter) => context.store.auditLog.count(filter),
});
