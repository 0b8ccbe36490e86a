// Sanction measures: lookups, the filtered list, and a measure's targets, sectors, provisions,
// triggers and relations to other measures; and the writes that create, change and delete them.
import type { Expression, SqlBool } from 'kysely';
import type { Author } from '../auth/viewer.js';
import type { Db } from './database.js';
import type { MeasureRelationKind, ProvisionKind, SanctionInstrument, SanctionScope, SanctionSector } from './enums.js';
import { anyOf, type DateRange, linkedToAnyOf, withinDates } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { MeasureProvisionRow, MeasureRelationRow, SanctionMeasureRow } from './tables.js';
import {
  assertNoneMissing,
  assertSlugFree,
  auditCascadedStances,
  badInput,
  changes,
  definedOnly,
  inTransaction,
  missingReferences,
  repeats,
  rowToWrite,
  type Trx,
  uniqueSlug,
  type WriteProblem,
} from './writes.js';

export const sanctionMeasureSorts = {
  signedOn: sortKey('sanctionMeasure.signedOn', 'date', true),
  announcedOn: sortKey('sanctionMeasure.announcedOn', 'date', true),
  name: sortKey('sanctionMeasure.name', 'text'),
};

export const measureTargetSorts = {
  id: sortKey('measureTarget.id', 'integer'),
};

export interface SanctionMeasureFilter {
  issuerIds?: number[] | null;
  targetIds?: number[] | null;
  scopes?: SanctionScope[] | null;
  instruments?: SanctionInstrument[] | null;
  sectors?: SanctionSector[] | null;
  provisionKinds?: ProvisionKind[] | null;
  triggeredByIds?: number[] | null;
  signedOn?: DateRange | null;
  announcedOn?: DateRange | null;
}

/** Measures with a row in `table` whose `column` is any of `values`. */
function hasChild(table: string, column: string, values: readonly (string | number)[] | null | undefined): Expression<SqlBool>[] {
  return linkedToAnyOf(table, 'measureId', 'sanctionMeasure.id', column, values);
}

/** The columns a measure list can be grouped by. */
export type SanctionMeasureGroup = 'issuerId' | 'signatoryId';

export function sanctionMeasureQueries(db: Db) {
  const listing = (filter: SanctionMeasureFilter) =>
    db
      .selectFrom('sanctionMeasure')
      .selectAll('sanctionMeasure')
      .where((eb) =>
        eb.and([
          ...anyOf('sanctionMeasure.issuerId', filter.issuerIds),
          ...anyOf('sanctionMeasure.scope', filter.scopes),
          ...anyOf('sanctionMeasure.instrument', filter.instruments),
          ...hasChild('measureTarget', 'actorId', filter.targetIds),
          ...hasChild('measureSector', 'sector', filter.sectors),
          ...hasChild('measureProvision', 'kind', filter.provisionKinds),
          ...hasChild('measureTrigger', 'eventId', filter.triggeredByIds),
          ...withinDates('sanctionMeasure.signedOn', filter.signedOn),
          ...withinDates('sanctionMeasure.announcedOn', filter.announcedOn),
        ]),
      );
  const targets = () => db.selectFrom('measureTarget').selectAll('measureTarget');

  return {
    findByIds: (ids: readonly number[]): Promise<SanctionMeasureRow[]> =>
      db.selectFrom('sanctionMeasure').selectAll().where('id', 'in', ids).execute(),

    findBySlugs: (slugs: readonly string[]): Promise<SanctionMeasureRow[]> =>
      db.selectFrom('sanctionMeasure').selectAll().where('slug', 'in', slugs).execute(),

    findPage: (filter: SanctionMeasureFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: SanctionMeasureFilter) => countRows(listing(filter)),

    findPagesBy: (group: SanctionMeasureGroup, ids: readonly number[], filter: SanctionMeasureFilter, request: PageRequest) =>
      fetchGroupedPages(db, listing(filter), `sanctionMeasure.${group}`, ids, request),

    countBy: (group: SanctionMeasureGroup, ids: readonly number[], filter: SanctionMeasureFilter) =>
      countGroupedRows(listing(filter), `sanctionMeasure.${group}`, ids),

    /** Designation-list entries, a page per measure (`measureId`) or per targeted actor (`actorId`). */
    findTargetPages: (group: 'measureId' | 'actorId', ids: readonly number[], request: PageRequest) =>
      fetchGroupedPages(db, targets(), `measureTarget.${group}`, ids, request),

    countTargets: (group: 'measureId' | 'actorId', ids: readonly number[]) =>
      countGroupedRows(targets(), `measureTarget.${group}`, ids),

    findSectors: (measureIds: readonly number[]) =>
      db
        .selectFrom('measureSector')
        .selectAll()
        .where('measureId', 'in', measureIds)
        .orderBy('measureId')
        .orderBy('sector')
        .execute(),

    findProvisions: (measureIds: readonly number[]): Promise<MeasureProvisionRow[]> =>
      db
        .selectFrom('measureProvision')
        .selectAll()
        .where('measureId', 'in', measureIds)
        .orderBy('measureId')
        .orderBy('position')
        .execute(),

    /** Relations in one direction: from each measure (`fromMeasureId`) or to it (`toMeasureId`). */
    findRelations: (side: 'fromMeasureId' | 'toMeasureId', measureIds: readonly number[]): Promise<MeasureRelationRow[]> =>
      db
        .selectFrom('measureRelation')
        .selectAll()
        .where(side, 'in', measureIds)
        .orderBy(side)
        .orderBy('id')
        .execute(),

    /** The measures each event triggered. */
    findTriggeredBy: (eventIds: readonly number[]): Promise<(SanctionMeasureRow & { eventId: number })[]> =>
      db
        .selectFrom('measureTrigger')
        .innerJoin('sanctionMeasure', 'sanctionMeasure.id', 'measureTrigger.measureId')
        .selectAll('sanctionMeasure')
        .select('measureTrigger.eventId')
        .where('measureTrigger.eventId', 'in', eventIds)
        .orderBy('sanctionMeasure.signedOn')
        .orderBy('sanctionMeasure.id')
        .execute(),
  };
}

export interface MeasureTargetInput {
  actorId: number;
  note?: string | null;
}

export interface MeasureProvisionInput {
  kind: ProvisionKind;
  description: string;
}

export interface MeasureRelationInput {
  kind: MeasureRelationKind;
  /** The measure this one relates to. */
  measureId: number;
  note?: string | null;
}

/** A measure's lists: each one given replaces the measure's whole list, in the order given. */
export interface MeasureLists {
  targets?: MeasureTargetInput[];
  sectors?: SanctionSector[];
  /** Provisions in the order of the instrument (their position is their index). */
  provisions?: MeasureProvisionInput[];
  triggeredByIds?: number[];
  relations?: MeasureRelationInput[];
}

export interface SanctionMeasureInput extends MeasureLists {
  slug?: string | null;
  name: string;
  instrument: SanctionInstrument;
  identifier?: string | null;
  issuerId: number;
  signatoryId?: number | null;
  scope: SanctionScope;
  signedOn?: string | null;
  announcedOn?: string | null;
  effectiveOn?: string | null;
  description?: string | null;
}

export interface SanctionMeasurePatch extends MeasureLists {
  slug?: string;
  name?: string;
  instrument?: SanctionInstrument;
  identifier?: string | null;
  issuerId?: number;
  signatoryId?: number | null;
  scope?: SanctionScope;
  signedOn?: string | null;
  announcedOn?: string | null;
  effectiveOn?: string | null;
  description?: string | null;
}

/** A measure's lists as the audit log records them. */
interface MeasureListsRecord {
  targets: { actorId: number; note: string | null }[];
  sectors: SanctionSector[];
  provisions: MeasureProvisionInput[];
  triggeredByIds: number[];
  relations: { kind: MeasureRelationKind; measureId: number; note: string | null }[];
}

const LIST_NAMES = ['targets', 'sectors', 'provisions', 'triggeredByIds', 'relations'] as const;

export function sanctionMeasureWrites(db: Db) {
  return {
    create: (author: Author, input: SanctionMeasureInput): Promise<SanctionMeasureRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        await checkMeasure(trx, input, input);
        if (input.slug) await assertSlugFree(trx, 'sanctionMeasure', input.slug);
        const row = await trx
          .insertInto('sanctionMeasure')
          .values({
            slug: input.slug ?? (await uniqueSlug(trx, 'sanctionMeasure', input.name)),
            name: input.name,
            instrument: input.instrument,
            identifier: input.identifier ?? null,
            issuerId: input.issuerId,
            signatoryId: input.signatoryId ?? null,
            scope: input.scope,
            signedOn: input.signedOn ?? null,
            announcedOn: input.announcedOn ?? null,
            effectiveOn: input.effectiveOn ?? null,
            description: input.description ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await replaceLists(trx, row.id, input);
        const after = await readLists(trx, row.id);
        await audit({ operation: 'createSanctionMeasure', entityType: 'SanctionMeasure', entityId: row.id, details: { after: { ...row, ...after } } });
        return row;
      }),

    update: (author: Author, id: number, patch: SanctionMeasurePatch): Promise<SanctionMeasureRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const before = await rowToWrite(trx, 'sanctionMeasure', id, 'The sanction measure');
        const { targets: _t, sectors: _s, provisions: _p, triggeredByIds: _e, relations: _r, ...columns } = patch;
        await checkMeasure(trx, patch, patch, id);
        if (patch.slug) await assertSlugFree(trx, 'sanctionMeasure', patch.slug, id);
        const row = await trx
          .updateTable('sanctionMeasure')
          .set({ ...definedOnly(columns), updatedAt: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        let details: { before: Record<string, unknown>; after: Record<string, unknown> } = changes(before, row);
        if (LIST_NAMES.some((name) => patch[name] !== undefined)) {
          const listsBefore = await readLists(trx, id);
          await replaceLists(trx, id, patch);
          details = withListChanges(details, listsBefore, await readLists(trx, id));
        }
        await audit({ operation: 'updateSanctionMeasure', entityType: 'SanctionMeasure', entityId: id, details });
        return row;
      }),

    /**
     * Deletes the measure with its targets, sectors, provisions, triggers and relations (both ways),
     * its mentions in articles, and the stances toward it (each logged, as a stance cannot exist
     * without its target).
     */
    delete: (author: Author, id: number): Promise<SanctionMeasureRow> =>
      inTransaction(db, author, async ({ trx, audit }) => {
        const before = await rowToWrite(trx, 'sanctionMeasure', id, 'The sanction measure');
        const lists = await readLists(trx, id);
        const stances = await trx.selectFrom('stance').selectAll().where('targetMeasureId', '=', id).orderBy('id').execute();
        await trx.deleteFrom('sanctionMeasure').where('id', '=', id).execute();
        await audit({ operation: 'deleteSanctionMeasure', entityType: 'SanctionMeasure', entityId: id, details: { before: { ...before, ...lists } } });
        await auditCascadedStances(audit, 'deleteSanctionMeasure', stances);
        return before;
      }),
  };
}

/**
 * Everything a write can get wrong in a measure, reported together where it can be: repeated or
 * self-referring list entries first (BAD_USER_INPUT), then references that do not exist (NOT_FOUND).
 * Dates are not checked against each other: an order can take effect before it is signed or announced.
 */
async function checkMeasure(trx: Trx, columns: { issuerId?: number; signatoryId?: number | null }, lists: MeasureLists, selfId?: number): Promise<void> {
  const problems: WriteProblem[] = [
    ...repeats(lists.targets, (target) => target.actorId, (i) => `targets.${i}.actor`, 'the same actor'),
    ...repeats(lists.sectors, (sector) => sector, (i) => `sectors.${i}`, 'the same sector'),
    ...repeats(lists.triggeredByIds, (eventId) => eventId, (i) => `triggeredBy.${i}`, 'the same event'),
    ...repeats(lists.relations, (relation) => `${relation.kind} ${relation.measureId}`, (i) => `relations.${i}`, 'the same relation'),
    ...(lists.relations ?? []).flatMap((relation, i) =>
      relation.measureId === selfId ? [{ path: `relations.${i}.measure`, message: 'a measure cannot relate to itself' }] : [],
    ),
  ];
  if (problems.length > 0) throw badInput(problems);
  assertNoneMissing([
    ...(await missingReferences(trx, 'actor', 'The actor', [
      ...(columns.issuerId === undefined ? [] : [{ id: columns.issuerId, path: 'issuer' }]),
      ...(columns.signatoryId == null ? [] : [{ id: columns.signatoryId, path: 'signatory' }]),
      ...(lists.targets ?? []).map((target, i) => ({ id: target.actorId, path: `targets.${i}.actor` })),
    ])),
    ...(await missingReferences(trx, 'event', 'The event', (lists.triggeredByIds ?? []).map((id, i) => ({ id, path: `triggeredBy.${i}` })))),
    ...(await missingReferences(
      trx,
      'sanctionMeasure',
      'The sanction measure',
      (lists.relations ?? []).map((relation, i) => ({ id: relation.measureId, path: `relations.${i}.measure` })),
    )),
  ]);
}

/** Replaces each list that is given with exactly its entries, in the order given. */
async function replaceLists(trx: Trx, measureId: number, lists: MeasureLists): Promise<void> {
  if (lists.targets) {
    await trx.deleteFrom('measureTarget').where('measureId', '=', measureId).execute();
    if (lists.targets.length > 0) {
      await trx
        .insertInto('measureTarget')
        .values(lists.targets.map((target) => ({ measureId, actorId: target.actorId, note: target.note ?? null })))
        .execute();
    }
  }
  if (lists.sectors) {
    await trx.deleteFrom('measureSector').where('measureId', '=', measureId).execute();
    if (lists.sectors.length > 0) {
      await trx.insertInto('measureSector').values(lists.sectors.map((sector) => ({ measureId, sector }))).execute();
    }
  }
  if (lists.provisions) {
    await trx.deleteFrom('measureProvision').where('measureId', '=', measureId).execute();
    if (lists.provisions.length > 0) {
      await trx
        .insertInto('measureProvision')
        .values(lists.provisions.map((provision, position) => ({ measureId, position, kind: provision.kind, description: provision.description })))
        .execute();
    }
  }
  if (lists.triggeredByIds) {
    await trx.deleteFrom('measureTrigger').where('measureId', '=', measureId).execute();
    if (lists.triggeredByIds.length > 0) {
      await trx.insertInto('measureTrigger').values(lists.triggeredByIds.map((eventId) => ({ measureId, eventId }))).execute();
    }
  }
  if (lists.relations) {
    await trx.deleteFrom('measureRelation').where('fromMeasureId', '=', measureId).execute();
    if (lists.relations.length > 0) {
      await trx
        .insertInto('measureRelation')
        .values(
          lists.relations.map((relation) => ({
            fromMeasureId: measureId,
            toMeasureId: relation.measureId,
            kind: relation.kind,
            note: relation.note ?? null,
          })),
        )
        .execute();
    }
  }
}

async function readLists(trx: Trx, measureId: number): Promise<MeasureListsRecord> {
  return {
    targets: await trx.selectFrom('measureTarget').select(['actorId', 'note']).where('measureId', '=', measureId).orderBy('id').execute(),
    sectors: (await trx.selectFrom('measureSector').select('sector').where('measureId', '=', measureId).orderBy('sector').execute()).map(
      (row) => row.sector,
    ),
    provisions: await trx.selectFrom('measureProvision').select(['kind', 'description']).where('measureId', '=', measureId).orderBy('position').execute(),
    triggeredByIds: (await trx.selectFrom('measureTrigger').select('eventId').where('measureId', '=', measureId).orderBy('eventId').execute()).map(
      (row) => row.eventId,
    ),
    relations: await trx
      .selectFrom('measureRelation')
      .select(['kind', 'toMeasureId as measureId', 'note'])
      .where('fromMeasureId', '=', measureId)
      .orderBy('id')
      .execute(),
  };
}

/** Adds `{ before, after }` for each list that changed to a column diff. */
function withListChanges(
  columns: { before: Record<string, unknown>; after: Record<string, unknown> },
  before: MeasureListsRecord,
  after: MeasureListsRecord,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const changed = LIST_NAMES.filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
  return {
    before: { ...columns.before, ...Object.fromEntries(changed.map((name) => [name, before[name]])) },
    after: { ...columns.after, ...Object.fromEntries(changed.map((name) => [name, after[name]])) },
  };
}
