// What every write shares: one transaction, an audit-log entry per change, errors a caller can act
// on (WriteError, with a code and the input paths at fault), and slugs made from names.
import type { Selectable, Transaction } from 'kysely';
import type { Author } from '../auth/viewer.js';
import { constraintViolation, type Db } from './database.js';
import { nowTimestamp } from './dates.js';
import type { Database, StanceRow } from './tables.js';

export type Trx = Transaction<Database>;

export type WriteErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN';

export interface WriteProblem {
  /** Where the problem is, as a path into the input (`span.end`, `targets.2.actor`). */
  path: string;
  message: string;
}

/** A write refused for a reason the caller can fix. The message is safe to show to a client. */
export class WriteError extends Error {
  constructor(
    readonly code: WriteErrorCode,
    message: string,
    readonly problems: WriteProblem[] = [],
  ) {
    super(message);
    this.name = 'WriteError';
  }
}

export function notFound(what: string, path: string): WriteError {
  return new WriteError('NOT_FOUND', `${what} does not exist.`, [{ path, message: `${what} does not exist` }]);
}

/** `span.end: must be greater than start (3)`: how a problem reads wherever it is reported (API, import, seed). */
export function describeProblem({ path, message }: WriteProblem): string {
  return path ? `${path}: ${message}` : message;
}

export function badInput(problems: WriteProblem[]): WriteError {
  const summary = problems.map(describeProblem).join('; ');
  return new WriteError('BAD_USER_INPUT', `Invalid input: ${summary}`, problems);
}

/** One entry in the audit log. */
export interface Change {
  operation: string;
  entityType: string;
  entityId: number;
  /** What changed, for people reading the log: the input, or `{ before, after }`. */
  details: unknown;
}

export interface WriteContext {
  trx: Trx;
  now: string;
  /** Records a change in the audit log, in the same transaction as the change itself. */
  audit(change: Change): Promise<void>;
}

/**
 * Runs `write` in one transaction. Anything thrown rolls everything back, audit entries included;
 * a constraint the database enforces (a unique slug taken by a concurrent write, say) comes back as a
 * CONFLICT or BAD_USER_INPUT rather than a server error.
 */
export async function inTransaction<T>(db: Db, author: Author, write: (context: WriteContext) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      const now = nowTimestamp();
      return write({ trx, now, audit: (change) => appendAudit(trx, author, now, change) });
    });
  } catch (error) {
    throw asWriteError(error);
  }
}

/** Appends one entry to the audit log, in the transaction `trx` (so it stands or falls with the change). */
export async function appendAudit(trx: Trx, author: Author, at: string, change: Change): Promise<void> {
  await trx
    .insertInto('auditLog')
    .values({
      at,
      apiKeyId: author.apiKeyId,
      actorName: author.name,
      operation: change.operation,
      entityType: change.entityType,
      entityId: change.entityId,
      details: JSON.stringify(change.details),
    })
    .execute();
}

function asWriteError(error: unknown): unknown {
  if (error instanceof WriteError) return error;
  switch (constraintViolation(error)) {
    case 'unique':
      return new WriteError('CONFLICT', 'The write conflicts with an existing record (a duplicate of something unique).');
    case 'foreign_key':
      return new WriteError('CONFLICT', 'The write refers to a record that does not exist, or removes one that others still refer to.');
    case 'check':
    case 'not_null':
      return new WriteError('BAD_USER_INPUT', 'The write breaks a rule the data keeps (a value out of range or missing).');
    default:
      return error;
  }
}

/** The tables whose rows have a slug (their natural key). */
export type SluggedTable = 'article' | 'actor' | 'topic' | 'event' | 'sanctionMeasure' | 'stance';

const MAX_SLUG_BASE = 80;

/** "Lu Kang" → "lu-kang"; "E.O. 13722" → "e-o-13722". Accents are dropped, not transliterated. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    // Initialisms keep their letters together: "U.S." → "us", "E.O. 13722" → "eo-13722".
    .replace(/\b([a-z])\.(?=[a-z]\b|\s|$)/g, '$1')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_BASE)
    .replace(/-+$/g, '');
  return slug || 'untitled';
}

/** `slugify(name)`, with -2, -3, … appended until no row of `table` has it. */
export async function uniqueSlug(trx: Trx, table: SluggedTable, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (
      await (trx as unknown as Transaction<Record<SluggedTable, { slug: string }>>)
        .selectFrom(table)
        .select('slug')
        // `base-…` as a range rather than LIKE, so the slug index answers it (a slug is [a-z0-9-]).
        .where((eb) => eb.or([eb('slug', '=', base), eb.and([eb('slug', '>=', `${base}-`), eb('slug', '<', `${base}.`)])]))
        .execute()
    ).map((row) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** CONFLICT when `slug` is already used by another row of `table`. */
export async function assertSlugFree(trx: Trx, table: SluggedTable, slug: string, exceptId?: number): Promise<void> {
  const existing = await (trx as unknown as Transaction<Record<SluggedTable, { slug: string; id: number }>>)
    .selectFrom(table)
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (existing && existing.id !== exceptId) {
    throw new WriteError('CONFLICT', `The slug "${slug}" is already taken.`, [{ path: 'slug', message: 'is already taken' }]);
  }
}

/** Rows per multi-row INSERT: well under SQLite's 32,766 bound parameters for the widest table. */
export const INSERT_CHUNK = 500;

/** `items` in slices of `size`, for multi-row statements that must stay under the parameter limit. */
export function chunked<T>(items: readonly T[], size = INSERT_CHUNK): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** The fields of a patch that were given (undefined means "leave as it is"; null means "clear"). */
export function definedOnly<T extends object>(patch: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** `{ before, after }` holding only the columns that changed, for the audit log. */
export function changes<T extends object>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const keys = (Object.keys(after) as (keyof T)[]).filter((key) => key !== 'updatedAt' && before[key] !== after[key]);
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key]])) as Partial<T>,
    after: Object.fromEntries(keys.map((key) => [key, after[key]])) as Partial<T>,
  };
}

/** Audit entries for stances a delete took with it (their target went), under the delete's name. */
export async function auditCascadedStances(audit: WriteContext['audit'], operation: string, stances: StanceRow[]): Promise<void> {
  for (const stance of stances) {
    await audit({ operation, entityType: 'Stance', entityId: stance.id, details: { before: stance } });
  }
}

/** A problem for each entry whose key an earlier entry already has. */
export function repeats<T>(
  items: readonly T[] | undefined,
  key: (item: T) => string | number,
  path: (index: number) => string,
  what: string,
): WriteProblem[] {
  const first = new Map<string | number, number>();
  return (items ?? []).flatMap((item, i) => {
    const earlier = first.get(key(item));
    if (earlier === undefined) {
      first.set(key(item), i);
      return [];
    }
    return [{ path: path(i), message: `repeats ${what} as ${path(earlier)}` }];
  });
}

/** The tables a write may refer to by ID. */
export type ReferencedTable = 'actor' | 'event' | 'sanctionMeasure' | 'topic' | 'article' | 'statement';

/** An ID in the input and where in the input it was given. */
export interface Reference {
  id: number;
  path: string;
}

/** A NOT_FOUND problem for each reference (by its input path) whose row of `table` does not exist; one query. */
export async function missingReferences(trx: Trx, table: ReferencedTable, what: string, references: Reference[]): Promise<WriteProblem[]> {
  if (references.length === 0) return [];
  const ids = [...new Set(references.map((reference) => reference.id))];
  const found = new Set(
    (await (trx as unknown as Transaction<Record<ReferencedTable, { id: number }>>).selectFrom(table).select('id').where('id', 'in', ids).execute()).map(
      (row) => row.id,
    ),
  );
  return references.filter((reference) => !found.has(reference.id)).map((reference) => ({ path: reference.path, message: `${what} does not exist` }));
}

/** NOT_FOUND listing every problem, when there are any. */
export function assertNoneMissing(problems: WriteProblem[]): void {
  if (problems.length === 0) return;
  const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
  throw new WriteError('NOT_FOUND', `Not found: ${summary}.`, problems);
}

/** NOT_FOUND naming every reference whose row of `table` does not exist. */
export async function assertReferencesExist(trx: Trx, table: ReferencedTable, what: string, references: Reference[]): Promise<void> {
  assertNoneMissing(await missingReferences(trx, table, what, references));
}

type RowTable = 'article' | 'actor' | 'affiliation' | 'topic' | 'event' | 'sanctionMeasure' | 'statement' | 'stance';

/** The row a write is about, as it is before the write; NOT_FOUND (at `path`) when there is none. */
export async function rowToWrite<T extends RowTable>(trx: Trx, table: T, id: number, what: string, path = 'id'): Promise<Selectable<Database[T]>> {
  const row = await (trx as unknown as Transaction<Record<string, { id: number }>>)
    .selectFrom(table as string)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(what, path);
  return row as unknown as Selectable<Database[T]>;
}
