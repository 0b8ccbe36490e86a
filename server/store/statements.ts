// Statements: lookups, the filtered list, and the statements that evidence stances.
import type { Author } from '../auth/viewer.js';
import type { Db } from './database.js';
import type { ReviewStatus, StatementKind } from './enums.js';
import { anyOf, type DateRange, withinDates } from './filters.js';
import { countGroupedRows, countRows, fetchGroupedPages, fetchPage, type PageRequest, sortKey } from './pagination.js';
import { whereTextOccurs } from './spans.js';
import type { StatementRow } from './tables.js';
import {
  badInput,
  changes,
  chunked,
  definedOnly,
  inTransaction,
  notFound,
  rowToWrite,
  type Trx,
  type WriteContext,
  WriteError,
} from './writes.js';

export const statementSorts = {
  saidOn: sortKey('statement.saidOn', 'date'),
  spanStart: sortKey('statement.spanStart', 'integer'),
};

export interface StatementFilter {
  speakerIds?: number[] | null;
  articleIds?: number[] | null;
  eventIds?: number[] | null;
  kinds?: StatementKind[] | null;
  saidOn?: DateRange | null;
  reviewStatuses?: ReviewStatus[] | null;
}

/** The columns a statement list can be grouped by (one page per speaker, article or event). */
export type StatementGroup = 'speakerId' | 'articleId' | 'eventId';

export function statementQueries(db: Db) {
  const listing = (filter: StatementFilter) =>
    db
      .selectFrom('statement')
      .selectAll('statement')
      .where((eb) =>
        eb.and([
          ...anyOf('statement.speakerId', filter.speakerIds),
          ...anyOf('statement.articleId', filter.articleIds),
          ...anyOf('statement.eventId', filter.eventIds),
          ...anyOf('statement.kind', filter.kinds),
          ...withinDates('statement.saidOn', filter.saidOn),
          ...anyOf('statement.reviewStatus', filter.reviewStatuses),
        ]),
      );

  return {
    findByIds: (ids: readonly number[]): Promise<StatementRow[]> =>
      db.selectFrom('statement').selectAll().where('id', 'in', ids).execute(),

    findPage: (filter: StatementFilter, request: PageRequest) => fetchPage(listing(filter), request),

    count: (filter: StatementFilter) => countRows(listing(filter)),

    findPagesBy: (group: StatementGroup, ids: readonly number[], filter: StatementFilter, request: PageRequest) =>
      fetchGroupedPages(db, listing(filter), `statement.${group}`, ids, request),

    countBy: (group: StatementGroup, ids: readonly number[], filter: StatementFilter) =>
      countGroupedRows(listing(filter), `statement.${group}`, ids),

    /** The evidence of each stance, in the order the statements appear in their article. */
    findEvidence: (stanceIds: readonly number[]): Promise<(StatementRow & { stanceId: number })[]> =>
      db
        .selectFrom('stanceEvidence')
        .innerJoin('statement', 'statement.id', 'stanceEvidence.statementId')
        .selectAll('statement')
        .select('stanceEvidence.stanceId')
        .where('stanceEvidence.stanceId', 'in', stanceIds)
        .orderBy('statement.articleId')
        .orderBy('statement.spanStart')
        .execute(),
  };
}

export interface StatementInput {
  articleId: number;
  speakerId: number;
  kind: StatementKind;
  spanStart: number;
  spanEnd: number;
  /** When given, must equal the body at the span (a check that the client meant this span). */
  text?: string | null;
  speakerRole?: string | null;
  /** Null or absent: the article's publication date, marked as inferred. */
  saidOn?: string | null;
  venue?: string | null;
  eventId?: number | null;
  reviewStatus?: ReviewStatus | null;
  confidence?: number | null;
}

export interface StatementPatch {
  speakerId?: number;
  kind?: StatementKind;
  spanStart?: number;
  spanEnd?: number;
  text?: string;
  speakerRole?: string | null;
  saidOn?: string | null;
  venue?: string | null;
  eventId?: number | null;
  reviewStatus?: ReviewStatus;
}

export function statementWrites(db: Db) {
  return {
    create: (author: Author, input: StatementInput): Promise<StatementRow> =>
      inTransaction(db, author, async (write) => {
        const row = await insertStatement(write, input);
        await write.audit({ operation: 'createStatement', entityType: 'Statement', entityId: row.id, details: { after: row } });
        return row;
      }),

    update: (author: Author, id: number, patch: StatementPatch): Promise<StatementRow> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const before = await rowToWrite(trx, 'statement', id, 'The statement');
        const article = await findArticle(trx, before.articleId, 'id');
        const spanStart = patch.spanStart ?? before.spanStart;
        const spanEnd = patch.spanEnd ?? before.spanEnd;
        const text = checkSpan(article.body, spanStart, spanEnd, patch.text);
        if (spanStart !== before.spanStart || spanEnd !== before.spanEnd) await checkSpanFree(trx, before.articleId, spanStart, spanEnd, id);
        if (patch.speakerId !== undefined) await checkExists(trx, 'actor', patch.speakerId, 'speaker');
        if (patch.eventId) await checkExists(trx, 'event', patch.eventId, 'event');
        const { saidOn, text: _text, ...columns } = patch;
        const row = await trx
          .updateTable('statement')
          .set({
            ...definedOnly(columns),
            text,
            ...(saidOn === undefined ? {} : saidOnColumns(saidOn, article.publishedOn)),
            updatedAt: now,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit({ operation: 'updateStatement', entityType: 'Statement', entityId: id, details: changes(before, row) });
        return row;
      }),

    /** Marks statements CONFIRMED (an editor checked them); returns them in the order given. */
    confirm: (author: Author, ids: number[]): Promise<StatementRow[]> =>
      inTransaction(db, author, async ({ trx, now, audit }) => {
        const unique = [...new Set(ids)];
        const found = await trx.selectFrom('statement').select(['id', 'reviewStatus']).where('id', 'in', unique).execute();
        const missing = ids.findIndex((id) => !found.some((row) => row.id === id));
        if (missing !== -1) throw notFound(`The statement at ids.${missing}`, `ids.${missing}`);
        const pending = found.filter((row) => row.reviewStatus === 'PENDING').map((row) => row.id);
        if (pending.length > 0) {
          await trx.updateTable('statement').set({ reviewStatus: 'CONFIRMED', updatedAt: now }).where('id', 'in', pending).execute();
          for (const id of pending) {
            await audit({ operation: 'confirmStatements', entityType: 'Statement', entityId: id, details: { before: { reviewStatus: 'PENDING' }, after: { reviewStatus: 'CONFIRMED' } } });
          }
        }
        const rows = await trx.selectFrom('statement').selectAll().where('id', 'in', unique).execute();
        return ids.map((id) => rows.find((row) => row.id === id) as StatementRow);
      }),

    /** Deletes a statement (a wrong extraction, say); stances it evidenced lose that evidence. */
    delete: (author: Author, id: number): Promise<StatementRow> =>
      inTransaction(db, author, async ({ trx, audit }) => {
        const before = await rowToWrite(trx, 'statement', id, 'The statement');
        await trx.deleteFrom('statement').where('id', '=', id).execute();
        await audit({ operation: 'deleteStatement', entityType: 'Statement', entityId: id, details: { before } });
        return before;
      }),
  };
}

/** Inserts a statement after checking its span against the article body, inside a write under way. */
export async function insertStatement({ trx, now }: WriteContext, input: StatementInput): Promise<StatementRow> {
  const article = await findArticle(trx, input.articleId, 'article');
  const text = checkSpan(article.body, input.spanStart, input.spanEnd, input.text);
  await checkExists(trx, 'actor', input.speakerId, 'speaker');
  if (input.eventId) await checkExists(trx, 'event', input.eventId, 'event');
  await checkSpanFree(trx, input.articleId, input.spanStart, input.spanEnd);
  return trx.insertInto('statement').values(statementValues(input, text, article.publishedOn, now)).returningAll().executeTakeFirstOrThrow();
}

/**
 * Inserts many statements of one article (an import's), with the checks insertStatement makes, in a
 * few statements of SQL rather than several per row: the article is read once (not its body once
 * per statement), speakers and events are checked together, and rows go in INSERT_CHUNK at a time.
 * Returns the rows in the order given.
 */
export async function insertStatements({ trx, now }: WriteContext, articleId: number, inputs: Omit<StatementInput, 'articleId'>[]): Promise<StatementRow[]> {
  if (inputs.length === 0) return [];
  const article = await findArticle(trx, articleId, 'article');
  const texts = inputs.map((input) => checkSpan(article.body, input.spanStart, input.spanEnd, input.text));
  await checkAllExist(trx, 'actor', inputs.map((input) => input.speakerId), 'speaker');
  await checkAllExist(trx, 'event', inputs.flatMap((input) => (input.eventId ? [input.eventId] : [])), 'event');
  const taken = new Set(
    (await trx.selectFrom('statement').select(['spanStart', 'spanEnd']).where('articleId', '=', articleId).execute()).map(
      (row) => `${row.spanStart}:${row.spanEnd}`,
    ),
  );
  for (const { spanStart, spanEnd } of inputs) {
    const key = `${spanStart}:${spanEnd}`;
    if (taken.has(key)) throw spanTaken(spanStart, spanEnd);
    taken.add(key);
  }
  const values = inputs.map((input, index) => statementValues({ ...input, articleId }, texts[index] as string, article.publishedOn, now));
  const rows: StatementRow[] = [];
  for (const chunk of chunked(values)) rows.push(...(await trx.insertInto('statement').values(chunk).returningAll().execute()));
  // RETURNING gives no order; ids are handed out in insertion order.
  return rows.sort((a, b) => a.id - b.id);
}

function statementValues(input: StatementInput, text: string, publishedOn: string, now: string) {
  return {
    articleId: input.articleId,
    speakerId: input.speakerId,
    speakerRole: input.speakerRole ?? null,
    kind: input.kind,
    text,
    spanStart: input.spanStart,
    spanEnd: input.spanEnd,
    ...saidOnColumns(input.saidOn ?? null, publishedOn),
    venue: input.venue ?? null,
    eventId: input.eventId ?? null,
    reviewStatus: input.reviewStatus ?? 'CONFIRMED',
    confidence: input.confidence ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

function saidOnColumns(saidOn: string | null, publishedOn: string): { saidOn: string; saidOnInferred: 0 | 1 } {
  return saidOn ? { saidOn, saidOnInferred: 0 } : { saidOn: publishedOn, saidOnInferred: 1 };
}

async function findArticle(trx: Trx, id: number, path: string) {
  const article = await trx.selectFrom('article').select(['id', 'body', 'publishedOn']).where('id', '=', id).executeTakeFirst();
  if (!article) throw notFound('The article', path);
  return article;
}

async function checkExists(trx: Trx, table: 'actor' | 'event', id: number, path: string): Promise<void> {
  const row = await trx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`The ${path}`, path);
}

async function checkAllExist(trx: Trx, table: 'actor' | 'event', ids: number[], path: string): Promise<void> {
  const unique = [...new Set(ids)];
  const found = new Set<number>();
  for (const chunk of chunked(unique)) {
    for (const row of await trx.selectFrom(table).select('id').where('id', 'in', chunk).execute()) found.add(row.id);
  }
  if (unique.some((id) => !found.has(id))) throw notFound(`The ${path}`, path);
}

/** The span must lie inside the body and not be empty; `text`, when given, must be what it covers. */
export function checkSpan(body: string, start: number, end: number, text: string | null | undefined): string {
  if (start < 0) throw badInput([{ path: 'span.start', message: 'must not be negative' }]);
  if (end <= start) throw badInput([{ path: 'span.end', message: `must be greater than start (${start})` }]);
  if (end > body.length) throw badInput([{ path: 'span.end', message: `is past the end of the article body (${body.length} characters)` }]);
  const actual = body.slice(start, end);
  if (text !== undefined && text !== null && text !== actual) {
    const hint = whereTextOccurs(body, text);
    throw badInput([{ path: 'text', message: `does not match the body at [${start}, ${end}] (${JSON.stringify(actual.slice(0, 80))}); ${hint}` }]);
  }
  return actual;
}

async function checkSpanFree(trx: Trx, articleId: number, start: number, end: number, exceptId?: number): Promise<void> {
  const existing = await trx
    .selectFrom('statement')
    .select('id')
    .where('articleId', '=', articleId)
    .where('spanStart', '=', start)
    .where('spanEnd', '=', end)
    .executeTakeFirst();
  if (existing && existing.id !== exceptId) throw spanTaken(start, end);
}

function spanTaken(start: number, end: number): WriteError {
  return new WriteError('CONFLICT', `The article already has a statement at [${start}, ${end}].`, [{ path: 'span', message: 'already has a statement' }]);
}
