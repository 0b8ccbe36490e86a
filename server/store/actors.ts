// Actors: lookups, the filtered list, aliases, affiliations and the events they took part in.
import { type Expression, type SqlBool, sql, type Transaction } from 'kysely';
import type { Author } from '../auth/viewer.js';
import { type Db, findForeignKeysTo, type ForeignKeyReference } from './database.js';
import type { ActorKind } from './enums.js';
import { anyOf, containsPattern } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { ActorRow, AffiliationRow } from './tables.js';
import {
  assertSlugFree,
  badInput,
  changes,
  definedOnly,
  inTransaction,
  rowToWrite,
  type Trx,
  uniqueSlug,
  WriteError,
} from './writes.js';

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

export interface ActorInput {
  slug?: string | null;
  name: string;
  kind: ActorKind;
  countryId?: number | null;
  description?: string | null;
  aliases?: string[] | null;
}

export interface ActorPatch {
  slug?: string;
  name?: string;
  kind?: ActorKind;
  countryId?: number | null;
  description?: string | null;
  /** Replaces every alias when given. */
  aliases?: string[];
}

export interface AffiliationInput {
  memberId: number;
  organizationId: number;
  role: string;
  startedOn?: string | null;
  endedOn?: string | null;
}

export interface AffiliationPatch {
  role?: string;
  startedOn?: string | null;
  endedOn?: string | null;
}

/** What `mergeActors` moved from the removed actor to the kept one, per kind of reference. */
export interface MergeSummary {
  kept: ActorRow;
  removed: ActorRow;
  moved: Record<string, number>;
}

export function actorWrites(db: Db) {
  return {
    create: (author: Author, input: ActorInput): Promise<ActorRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        if (input.slug) await assertSlugFree(trx, 'actor', input.slug);
        await checkCountry(trx, input.kind, input.countryId ?? null);
        const row = await trx
          .insertInto('actor')
          .values({
            slug: input.slug ?? (await uniqueSlug(trx, 'actor', input.name)),
            name: input.name,
            kind: input.kind,
            countryId: input.countryId ?? null,
            description: input.description ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const aliases = await replaceAliases(trx, row.id, input.aliases ?? []);
        await audit({ operation: 'createActor', entityType: 'Actor', entityId: row.id, details: { after: { ...row, aliases } } });
        return row;
      }),

    update: (author: Author, id: number, patch: ActorPatch): Promise<ActorRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const before = await findActor(trx, id, 'id');
        if (patch.slug) await assertSlugFree(trx, 'actor', patch.slug, id);
        const { aliases, ...columns } = patch;
        const kind = columns.kind ?? before.kind;
        const countryId = columns.countryId === undefined ? before.countryId : columns.countryId;
        await checkCountry(trx, kind, countryId, id);
        if (before.kind === 'STATE' && kind !== 'STATE') await checkNoCitizens(trx, id);
        const row = await trx
          .updateTable('actor')
          .set({ ...definedOnly(columns), updatedAt: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const details: Record<string, unknown> = changes(before, row);
        if (aliases) {
          const previous = (await trx.selectFrom('actorAlias').select('alias').where('actorId', '=', id).orderBy('id').execute()).map((a) => a.alias);
          details.aliases = { before: previous, after: await replaceAliases(trx, id, aliases) };
        }
        await audit({ operation: 'updateActor', entityType: 'Actor', entityId: id, details });
        return row;
      }),

    /**
     * Deletes an actor nobody depends on. Statements, stances it holds and measures it issued keep it
     * alive (they would lose their speaker, holder or issuer): merge a duplicate instead.
     */
    delete: (author: Author, id: number): Promise<ActorRow> =>
      inTransaction(db, author, async ({ trx, audit }) => {
        const before = await findActor(trx, id, 'id');
        const uses = await countUses(trx, id);
        if (uses.length > 0) {
          throw new WriteError(
            'CONFLICT',
            `The actor is still ${uses.join(', ')}; reassign those, or merge the actor into another with mergeActors.`,
            [{ path: 'id', message: `still ${uses.join(', ')}` }],
          );
        }
        await trx.deleteFrom('actor').where('id', '=', id).execute();
        await audit({ operation: 'deleteActor', entityType: 'Actor', entityId: id, details: { before } });
        return before;
      }),

    createAffiliation: (author: Author, input: AffiliationInput): Promise<AffiliationRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        await findActor(trx, input.memberId, 'member');
        await findActor(trx, input.organizationId, 'organization');
        if (input.memberId === input.organizationId) throw badInput([{ path: 'organization', message: 'an actor cannot be affiliated with itself' }]);
        checkDateOrder(input.startedOn ?? null, input.endedOn ?? null);
        const duplicate = await trx
          .selectFrom('affiliation')
          .select('id')
          .where('memberId', '=', input.memberId)
          .where('organizationId', '=', input.organizationId)
          .where('role', '=', input.role)
          .executeTakeFirst();
        if (duplicate) throw new WriteError('CONFLICT', 'The member already has this role in this organization.', [{ path: 'role', message: 'already exists' }]);
        const row = await trx
          .insertInto('affiliation')
          .values({ ...input, startedOn: input.startedOn ?? null, endedOn: input.endedOn ?? null, createdAt: now, updatedAt: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit({ operation: 'createAffiliation', entityType: 'Affiliation', entityId: row.id, details: { after: row } });
        return row;
      }),

    updateAffiliation: (author: Author, id: number, patch: AffiliationPatch): Promise<AffiliationRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const before = await rowToWrite(trx, 'affiliation', id, 'The affiliation');
        checkDateOrder(
          patch.startedOn === undefined ? before.startedOn : patch.startedOn,
          patch.endedOn === undefined ? before.endedOn : patch.endedOn,
        );
        const row = await trx
          .updateTable('affiliation')
          .set({ ...definedOnly(patch), updatedAt: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit({ operation: 'updateAffiliation', entityType: 'Affiliation', entityId: id, details: changes(before, row) });
        return row;
      }),

    deleteAffiliation: (author: Author, id: number): Promise<AffiliationRow> =>
      inTransaction(db, author, async ({ trx, audit }) => {
        const before = await rowToWrite(trx, 'affiliation', id, 'The affiliation');
        await trx.deleteFrom('affiliation').where('id', '=', id).execute();
        await audit({ operation: 'deleteAffiliation', entityType: 'Affiliation', entityId: id, details: { before } });
        return before;
      }),

    merge: (author: Author, keepId: number, removeId: number): Promise<MergeSummary> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        if (keepId === removeId) throw badInput([{ path: 'remove', message: 'must be a different actor from keep' }]);
        const kept = await findActor(trx, keepId, 'keep');
        const removed = await findActor(trx, removeId, 'remove');
        if (kept.kind !== removed.kind) {
          throw badInput([{ path: 'remove', message: `is a ${removed.kind} and keep is a ${kept.kind}; change one kind first` }]);
        }
        await checkNoStancesBetween(trx, keepId, removeId);
        const moved = await moveReferences(trx, keepId, removeId);
        // Fill what the kept actor lacks from the removed one, so no fact is lost.
        const filled = await trx
          .updateTable('actor')
          .set({
            countryId: kept.countryId ?? (removed.countryId === keepId ? null : removed.countryId),
            description: kept.description ?? removed.description,
            updatedAt: now,
          })
          .where('id', '=', keepId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.deleteFrom('actor').where('id', '=', removeId).execute();
        await audit({ operation: 'mergeActors', entityType: 'Actor', entityId: keepId, details: { removed, moved } });
        return { kept: filled, removed, moved };
      }),
  };
}

/**
 * A stance one of the two actors holds toward the other would become the kept actor's stance toward
 * itself, which no write may create. Such a stance is an editor's work (a summary, evidence), and may
 * mean the two are not the same actor after all, so the merge stops and says which they are.
 */
async function checkNoStancesBetween(trx: Trx, keepId: number, removeId: number): Promise<void> {
  const between = await trx
    .selectFrom('stance')
    .select(['slug', 'summary'])
    .where((eb) =>
      eb.or([
        eb.and([eb('holderId', '=', keepId), eb('targetActorId', '=', removeId)]),
        eb.and([eb('holderId', '=', removeId), eb('targetActorId', '=', keepId)]),
      ]),
    )
    .orderBy('id')
    .execute();
  if (between.length === 0) return;
  throw new WriteError(
    'CONFLICT',
    `The two actors hold ${between.length === 1 ? 'a stance' : `${between.length} stances`} toward each other, which would become a stance toward itself; delete or retarget ${between.length === 1 ? 'it' : 'them'} first, or check they are the same actor.`,
    between.map((stance) => ({ path: 'remove', message: `stance "${stance.slug}" (${stance.summary}) is held by one of the two toward the other` })),
  );
}

function findActor(trx: Trx, id: number, path: string): Promise<ActorRow> {
  return rowToWrite(trx, 'actor', id, 'The actor', path);
}

/** A country is a STATE, and a STATE has no country of its own. */
async function checkCountry(trx: Trx, kind: ActorKind, countryId: number | null, selfId?: number): Promise<void> {
  if (countryId === null) return;
  if (kind === 'STATE') throw badInput([{ path: 'country', message: 'a STATE has no country of its own' }]);
  if (countryId === selfId) throw badInput([{ path: 'country', message: 'an actor cannot be its own country' }]);
  const country = await findActor(trx, countryId, 'country');
  if (country.kind !== 'STATE') throw badInput([{ path: 'country', message: `must be a STATE, not a ${country.kind}` }]);
}

async function checkNoCitizens(trx: Trx, stateId: number): Promise<void> {
  const citizen = await trx.selectFrom('actor').select('id').where('countryId', '=', stateId).limit(1).executeTakeFirst();
  if (citizen) throw new WriteError('CONFLICT', 'Other actors name this state as their country; it must stay a STATE.', [{ path: 'kind', message: 'other actors name this state as their country' }]);
}

function checkDateOrder(startedOn: string | null, endedOn: string | null): void {
  if (startedOn && endedOn && startedOn > endedOn) throw badInput([{ path: 'endedOn', message: 'must not be before startedOn' }]);
}

/** Trimmed, de-duplicated (case-insensitively) aliases replace the actor's current ones. */
async function replaceAliases(trx: Trx, actorId: number, aliases: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const clean = aliases
    .map((alias) => alias.trim())
    .filter((alias) => alias !== '' && !seen.has(alias.toLowerCase()) && seen.add(alias.toLowerCase()));
  await trx.deleteFrom('actorAlias').where('actorId', '=', actorId).execute();
  if (clean.length > 0) await trx.insertInto('actorAlias').values(clean.map((alias) => ({ actorId, alias }))).execute();
  return clean;
}

/** The references that keep an actor from being deleted, worded for a message ("speaker of 3 statements"). */
async function countUses(trx: Trx, id: number): Promise<string[]> {
  const count = async (table: 'statement' | 'stance' | 'sanctionMeasure', column: string) => {
    const row = await (trx as unknown as Transaction<Record<string, Record<string, number>>>)
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const uses: [number, string][] = [
    [await count('statement', 'speakerId'), 'the speaker of'],
    [await count('stance', 'holderId'), 'the holder of'],
    [await count('sanctionMeasure', 'issuerId'), 'the issuer of'],
  ];
  const nouns = ['statement', 'stance', 'sanction measure'];
  return uses.flatMap(([n, role], i) => (n > 0 ? [`${role} ${n} ${nouns[i]}${n === 1 ? '' : 's'}`] : []));
}

/**
 * What each reference to an actor is called in a merge's summary (`moved`). Only names: a reference
 * missing here still moves, under its `table.column`.
 */
const REFERENCE_NAMES: Record<string, string> = {
  'statement.speaker_id': 'statements',
  'stance.holder_id': 'stancesHeld',
  'stance.target_actor_id': 'stancesToward',
  'sanction_measure.issuer_id': 'measuresIssued',
  'sanction_measure.signatory_id': 'measuresSigned',
  'actor.country_id': 'citizens',
  'actor_alias.actor_id': 'aliases',
  'measure_target.actor_id': 'measuresTargeting',
  'event_participant.actor_id': 'eventsTakenPartIn',
  'article_actor_mention.actor_id': 'articlesMentioning',
  'affiliation.member_id': 'affiliations',
  'affiliation.organization_id': 'members',
};

/**
 * Points every reference to `removeId` at `keepId`: every foreign key to `actor` the schema has, read
 * from the schema itself, since most of them cascade and a table left out of a list would lose its
 * rows silently when the duplicate is deleted. Where a unique constraint means the kept actor already
 * has the same link (both were targets of one measure, say), the removed actor's copy is dropped
 * rather than doubled. Portable SQL only: delete the would-be duplicates, then update the rest.
 */
async function moveReferences(trx: Trx, keepId: number, removeId: number): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  const add = (name: string, n: number) => {
    if (n > 0) moved[name] = (moved[name] ?? 0) + n;
  };

  // Affiliations between the two actors would become self-affiliations.
  await trx
    .deleteFrom('affiliation')
    .where((eb) => eb.or([
      eb.and([eb('memberId', '=', removeId), eb('organizationId', '=', keepId)]),
      eb.and([eb('memberId', '=', keepId), eb('organizationId', '=', removeId)]),
    ]))
    .execute();
  const taken = await dropDuplicateAliases(trx, keepId, removeId);

  for (const reference of await findForeignKeysTo(trx, 'actor')) {
    add(REFERENCE_NAMES[`${reference.table}.${reference.column}`] ?? `${reference.table}.${reference.column}`, await moveReference(trx, reference, keepId, removeId));
  }
  // The removed actor's name lives on as an alias of the kept one.
  const removedName = await trx.selectFrom('actor').select('name').where('id', '=', removeId).executeTakeFirstOrThrow();
  const keptRow = await trx.selectFrom('actor').select('name').where('id', '=', keepId).executeTakeFirstOrThrow();
  if (!taken.has(removedName.name.toLowerCase()) && removedName.name.toLowerCase() !== keptRow.name.toLowerCase()) {
    await trx.insertInto('actorAlias').values({ actorId: keepId, alias: removedName.name }).execute();
    add('aliases', 1);
  }
  return moved;
}

/**
 * Aliases compare case-insensitively (as replaceAliases does), which their unique constraint does
 * not, and one equal to the kept actor's own name is not worth keeping: those of the removed actor
 * go. Returns the kept actor's names and aliases, lower-cased, the moving ones included.
 */
async function dropDuplicateAliases(trx: Trx, keepId: number, removeId: number): Promise<Set<string>> {
  const keptNames = await trx
    .selectFrom('actorAlias')
    .select('alias')
    .where('actorId', '=', keepId)
    .union(trx.selectFrom('actor').select('name as alias').where('id', '=', keepId))
    .execute();
  const taken = new Set(keptNames.map((row) => row.alias.toLowerCase()));
  const moving = await trx.selectFrom('actorAlias').select(['id', 'alias']).where('actorId', '=', removeId).orderBy('id').execute();
  const dropped = moving.filter((row) => taken.has(row.alias.toLowerCase()) || !taken.add(row.alias.toLowerCase())).map((row) => row.id);
  if (dropped.length > 0) await trx.deleteFrom('actorAlias').where('id', 'in', dropped).execute();
  return taken;
}

/**
 * Moves one foreign key's rows from the removed actor to the kept one, first dropping those a unique
 * constraint says the kept actor already has; returns how many moved. In `actor` itself (its country)
 * the kept actor's own row is left alone: pointing it at itself is no fact, and the delete clears it.
 */
async function moveReference(trx: Trx, reference: ForeignKeyReference, keepId: number, removeId: number): Promise<number> {
  // Table and column come from the schema, not from the Database interface: untyped, and unmapped.
  const raw = trx.withoutPlugins() as unknown as Transaction<Record<string, Record<string, number>>>;
  const { table, column } = reference;
  for (const keys of reference.uniqueWith) {
    await raw
      .deleteFrom(`${table} as moving`)
      .where(`moving.${column}`, '=', removeId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom(`${table} as existing`)
            .select(eb.lit(1).as('one'))
            .where(`existing.${column}`, '=', keepId)
            .where((inner) => inner.and(keys.map((key) => inner(`existing.${key}`, '=', inner.ref(`moving.${key}`))))),
        ),
      )
      .execute();
  }
  let update = raw.updateTable(table).set({ [column]: keepId }).where(column, '=', removeId);
  if (table === 'actor') update = update.where('id', '<>', keepId);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
