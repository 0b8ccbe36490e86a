// Stances: lookups, the filtered list, and the stances a statement evidences; and the writes that
// create, change and delete stances.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Author } from '../auth/viewer.js';
import type { Db } from './database.js';
import type { StancePosition } from './enums.js';
import { anyOf, type DateRange, withinDates } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import type { StanceRow } from './tables.js';
import {
  assertNoneMissing,
  assertSlugFree,
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

export const stanceSorts = {
  asOf: sortKey('stance.asOf', 'date'),
};

/** Stance targets by kind; a stance matches when its one target is any of these. */
export interface StanceTargetIds {
  measureIds?: number[];
  actorIds?: number[];
  eventIds?: number[];
  topicIds?: number[];
}

export interface StanceFilter {
  holderIds?: number[] | null;
  targets?: StanceTargetIds | null;
  positions?: StancePosition[] | null;
  asOf?: DateRange | null;
}

/** The columns a stance list can be grouped by (one page per holder, target or article). */
export type StanceGroup =
  | 'holderId'
  | 'targetMeasureId'
  | 'targetActorId'
  | 'targetEventId'
  | 'targetTopicId'
  | 'articleId';

function targetsAnyOf(targets: StanceTargetIds | null | undefined): Expression<SqlBool>[] {
  if (!targets) return [];
  const alternatives = [
    ...anyOf('stance.targetMeasureId', targets.measureIds),
    ...anyOf('stance.targetActorId', targets.actorIds),
    ...anyOf('stance.targetEventId', targets.eventIds),
    ...anyOf('stance.targetTopicId', targets.topicIds),
  ];
  if (alternatives.length === 0) return [sql<SqlBool>`1 = 0`];
  return [sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`];
}

export function stanceQueries(db: Db) {
  const listing = (filter: StanceFilter) =>
    db
      .selectFrom('stance')
      .selectAll('stance')
      .where((eb) =>
        eb.and([
          ...anyOf('stance.holderId', filter.holderIds),
          ...targetsAnyOf(filter.targets),
          ...anyOf('stance.position', filter.positions),
          ...withinDates('stance.asOf', filter.asOf),
        ]),
      );

  return {
    findByIds: (ids: readonly number[]): Promise<StanceRow[]> =>
      db.selectFrom('stance').selectAll().where('id', 'in', ids).execute(),

    findPage: (filter: StanceFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: StanceFilter) => countRows(listing(filter)),

    findPagesBy: (group: StanceGroup, ids: readonly number[], filter: StanceFilter, request: PageRequest) =>
      fetchGroupedPages(db, listing(filter), `stance.${group}`, ids, request),

    countBy: (group: StanceGroup, ids: readonly number[], filter: StanceFilter) =>
      countGroupedRows(listing(filter), `stance.${group}`, ids),

    /** The stances each statement is evidence for. */
    findEvidencedBy: (statementIds: readonly number[]): Promise<(StanceRow & { statementId: number })[]> =>
      db
        .selectFrom('stanceEvidence')
        .innerJoin('stance', 'stance.id', 'stanceEvidence.stanceId')
        .selectAll('stance')
        .select('stanceEvidence.statementId')
        .where('stanceEvidence.statementId', 'in', statementIds)
        .orderBy('stance.asOf', 'desc')
        .orderBy('stance.id', 'desc')
        .execute(),
  };
}

/** What a stance is toward: exactly one of the four must be given. */
export interface StanceTargetInput {
  measureId?: number | null;
  actorId?: number | null;
  eventId?: number | null;
  topicId?: number | null;
}

export interface StanceInput {
  slug?: string | null;
  holderId: number;
  position: StancePosition;
  target: StanceTargetInput;
  summary: string;
  /** Left out: the article's publication date when an article is given, else today. */
  asOf?: string | null;
  articleId?: number | null;
  /** Statements that show the stance; they may come from any article. */
  evidenceIds?: number[] | null;
}

export interface StancePatch {
  slug?: string;
  holderId?: number;
  position?: StancePosition;
  target?: StanceTargetInput;
  summary?: string;
  asOf?: string;
  articleId?: number | null;
  /** Replaces every piece of evidence when given. */
  evidenceIds?: number[];
}

type TargetColumns = Pick<StanceRow, 'targetMeasureId' | 'targetActorId' | 'targetEventId' | 'targetTopicId'>;

const TARGET_KINDS = [
  { name: 'measure', key: 'measureId', column: 'targetMeasureId', table: 'sanctionMeasure', what: 'The sanction measure' },
  { name: 'actor', key: 'actorId', column: 'targetActorId', table: 'actor', what: 'The actor' },
  { name: 'event', key: 'eventId', column: 'targetEventId', table: 'event', what: 'The event' },
  { name: 'topic', key: 'topicId', column: 'targetTopicId', table: 'topic', what: 'The topic' },
] as const;

export function stanceWrites(db: Db) {
  return {
    create: (author: Author, input: StanceInput): Promise<StanceRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const target = targetColumns(input.target);
        const evidenceIds = input.evidenceIds ?? [];
        await checkStance(trx, { holderId: input.holderId, target, articleId: input.articleId ?? null, evidenceIds }, {
          holderId: input.holderId,
          targetActorId: target.targetActorId,
        });
        if (input.slug) await assertSlugFree(trx, 'stance', input.slug);
        const article = input.articleId
          ? await trx.selectFrom('article').select('publishedOn').where('id', '=', input.articleId).executeTakeFirstOrThrow()
          : undefined;
        const row = await trx
          .insertInto('stance')
          .values({
            slug: input.slug ?? (await uniqueSlug(trx, 'stance', await slugBase(trx, input.holderId, input.position, target))),
            holderId: input.holderId,
            position: input.position,
            ...target,
            summary: input.summary,
            asOf: input.asOf ?? article?.publishedOn ?? now.slice(0, 10),
            articleId: input.articleId ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await replaceEvidence(trx, row.id, evidenceIds);
        const after = { ...row, evidenceIds: await readEvidence(trx, row.id) };
        await audit({ operation: 'createStance', entityType: 'Stance', entityId: row.id, details: { after } });
        return row;
      }),

    update: (author: Author, id: number, patch: StancePatch): Promise<StanceRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const before = await rowToWrite(trx, 'stance', id, 'The stance');
        const { target: targetInput, evidenceIds, ...columns } = patch;
        const target = targetInput ? targetColumns(targetInput) : undefined;
        // A new holder must not be the actor the stance stays toward, nor a new target actor the holder.
        await checkStance(trx, { holderId: patch.holderId, target, articleId: patch.articleId ?? null, evidenceIds }, {
          holderId: patch.holderId ?? before.holderId,
          targetActorId: target ? target.targetActorId : before.targetActorId,
        });
        if (patch.slug) await assertSlugFree(trx, 'stance', patch.slug, id);
        const row = await trx
          .updateTable('stance')
          .set({ ...definedOnly(columns), ...target, updatedAt: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const details: { before: Record<string, unknown>; after: Record<string, unknown> } = changes(before, row);
        if (evidenceIds) {
          const previous = await readEvidence(trx, id);
          await replaceEvidence(trx, id, evidenceIds);
          const current = await readEvidence(trx, id);
          if (JSON.stringify(previous) !== JSON.stringify(current)) {
            details.before.evidenceIds = previous;
            details.after.evidenceIds = current;
          }
        }
        await audit({ operation: 'updateStance', entityType: 'Stance', entityId: id, details });
        return row;
      }),

    /** Deletes the stance and its links to the statements that evidenced it (the statements stay). */
    delete: (author: Author, id: number): Promise<StanceRow> =>
      inTransaction(db, author, async ({ trx, audit }) => {
        const before = await rowToWrite(trx, 'stance', id, 'The stance');
        const evidenceIds = await readEvidence(trx, id);
        await trx.deleteFrom('stance').where('id', '=', id).execute();
        await audit({ operation: 'deleteStance', entityType: 'Stance', entityId: id, details: { before: { ...before, evidenceIds } } });
        return before;
      }),
  };
}

/** The four target columns, exactly one of them set; BAD_USER_INPUT at `target` otherwise. */
function targetColumns(target: StanceTargetInput): TargetColumns {
  const given = TARGET_KINDS.filter((kind) => target[kind.key] != null);
  if (given.length !== 1) {
    const message =
      given.length === 0
        ? 'must name one of measure, actor, event or topic'
        : `must name exactly one of measure, actor, event or topic, not ${given.length} (${given.map((kind) => kind.name).join(', ')})`;
    throw badInput([{ path: 'target', message }]);
  }
  return {
    targetMeasureId: target.measureId ?? null,
    targetActorId: target.actorId ?? null,
    targetEventId: target.eventId ?? null,
    targetTopicId: target.topicId ?? null,
  };
}

/** The references a write gives (each is checked); absent ones are kept from the stance as it is. */
interface StanceReferences {
  holderId?: number;
  target?: TargetColumns;
  articleId: number | null;
  evidenceIds?: number[];
}

/**
 * The rule a stance keeps by itself beyond its columns' types: its holder is not the actor it is
 * toward. Every writer of stances asks this one function (mutations here, the NDJSON importer, the
 * seed loader), and migration 0007's CHECK backs it. Generic over how an actor is named (an ID in
 * the store, a slug in an import or seed file; both unique), so a file can be checked before it is
 * resolved and report the problem where it is written.
 */
export function selfStanceProblems<K>(stance: { holder: K; targetActor: K | null | undefined }, path: string): WriteProblem[] {
  if (stance.targetActor == null || stance.targetActor !== stance.holder) return [];
  return [{ path, message: 'an actor cannot hold a stance toward itself' }];
}

/**
 * Repeated evidence and a stance toward its own holder (as the stance will be: `after`) are
 * BAD_USER_INPUT; references that do not exist are NOT_FOUND.
 */
async function checkStance(trx: Trx, refs: StanceReferences, after: { holderId: number; targetActorId: number | null }): Promise<void> {
  const problems = repeats(refs.evidenceIds, (id) => id, (i) => `evidence.${i}`, 'the same statement');
  problems.push(...selfStanceProblems({ holder: after.holderId, targetActor: after.targetActorId }, refs.target ? 'target.actor' : 'holder'));
  if (problems.length > 0) throw badInput(problems);
  const missing = [
    ...(await missingReferences(trx, 'actor', 'The actor', refs.holderId === undefined ? [] : [{ id: refs.holderId, path: 'holder' }])),
  ];
  for (const kind of TARGET_KINDS) {
    const id = refs.target?.[kind.column];
    if (id != null) missing.push(...(await missingReferences(trx, kind.table, kind.what, [{ id, path: `target.${kind.name}` }])));
  }
  if (refs.articleId !== null) missing.push(...(await missingReferences(trx, 'article', 'The article', [{ id: refs.articleId, path: 'article' }])));
  missing.push(...(await missingReferences(trx, 'statement', 'The statement', (refs.evidenceIds ?? []).map((id, i) => ({ id, path: `evidence.${i}` })))));
  assertNoneMissing(missing);
}

/** "China opposes Executive Order 13722": the holder's name, the position and the target's name. */
async function slugBase(trx: Trx, holderId: number, position: StancePosition, target: TargetColumns): Promise<string> {
  const holder = await trx.selectFrom('actor').select('name').where('id', '=', holderId).executeTakeFirstOrThrow();
  const targetName = async (): Promise<string> => {
    if (target.targetMeasureId !== null) {
      return (await trx.selectFrom('sanctionMeasure').select('name').where('id', '=', target.targetMeasureId).executeTakeFirstOrThrow()).name;
    }
    if (target.targetActorId !== null) {
      return (await trx.selectFrom('actor').select('name').where('id', '=', target.targetActorId).executeTakeFirstOrThrow()).name;
    }
    if (target.targetEventId !== null) {
      return (await trx.selectFrom('event').select('title').where('id', '=', target.targetEventId).executeTakeFirstOrThrow()).title;
    }
    return (await trx.selectFrom('topic').select('name').where('id', '=', target.targetTopicId as number).executeTakeFirstOrThrow()).name;
  };
  return `${holder.name} ${position.toLowerCase()} ${await targetName()}`;
}

async function replaceEvidence(trx: Trx, stanceId: number, statementIds: number[]): Promise<void> {
  await trx.deleteFrom('stanceEvidence').where('stanceId', '=', stanceId).execute();
  if (statementIds.length === 0) return;
  await trx.insertInto('stanceEvidence').values(statementIds.map((statementId) => ({ stanceId, statementId }))).execute();
}

async function readEvidence(trx: Trx, stanceId: number): Promise<number[]> {
  const rows = await trx.selectFrom('stanceEvidence').select('statementId').where('stanceId', '=', stanceId).orderBy('statementId').execute();
  return rows.map((row) => row.statementId);
}
