// Saved queries as analysts use them, whichever door they come in by (GraphQL, HTTP, the CLI):
// saving checks the document against the current schema, running checks it again (the schema may
// have moved on), and re-validation marks what the schema broke.
import type { GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql';
import { roleAtLeast } from '../auth/keys.js';
import { type Author, authorOf, roleOf, type Viewer } from '../auth/viewer.js';
import type { Store } from '../store/index.js';
import type { Custodian, SaveResult } from '../store/saved-queries.js';
import type { SavedQueryRow, SavedQueryVersionRow } from '../store/tables.js';
import { nowTimestamp } from '../store/dates.js';
import { SLUG_PATTERN } from '../store/slugs.js';
import { type CheckedDocument, checkDocument, DocumentProblem, type Limits } from './documents.js';
import { declaredVariables } from './variables.js';

/** A saved query's name follows the slug rule (it appears in /queries/<name> URLs). */
export const SAVED_QUERY_NAME = SLUG_PATTERN;

export type SavedQueryErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'SAVED_QUERY_BROKEN';

/** Why a saved query cannot be saved or run; the message and problems are safe to show. */
export class SavedQueryError extends Error {
  constructor(
    readonly code: SavedQueryErrorCode,
    message: string,
    readonly problems: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'SavedQueryError';
  }
}

export interface SaveQueryInput {
  name: string;
  title: string;
  description?: string | null;
  document: string;
  defaultVariables?: Record<string, unknown> | null;
}

export interface Runnable {
  query: SavedQueryRow;
  version: SavedQueryVersionRow;
  checked: CheckedDocument;
  defaults: Record<string, unknown>;
}

export async function saveQuery(store: Store, schema: GraphQLSchema, limits: Limits, author: Author, input: SaveQueryInput): Promise<SaveResult> {
  if (!SAVED_QUERY_NAME.test(input.name)) {
    throw new SavedQueryError('BAD_USER_INPUT', 'A saved query name must be a slug: lowercase letters, digits and single hyphens.', [
      { path: 'name', message: 'must be lowercase letters, digits and single hyphens' },
    ]);
  }
  const checked = check(schema, input.document, limits, 'document');
  const defaults = input.defaultVariables ?? {};
  checkDefaults(schema, checked, defaults);
  return store.savedQueries.save(author, {
    name: input.name,
    title: input.title,
    description: input.description ?? null,
    document: input.document,
    operationName: checked.operationName,
    documentHash: checked.hash,
    defaultVariables: defaults,
  });
}

/** The saved query (at `version`, or its current one), checked against the schema as it is now. */
export async function loadRunnable(store: Store, schema: GraphQLSchema, limits: Limits, name: string, version?: number | null): Promise<Runnable> {
  const query = await store.savedQueries.findByName(name);
  if (!query) throw new SavedQueryError('NOT_FOUND', `There is no saved query named "${name}".`, [{ path: 'name', message: 'no such saved query' }]);
  const row = await store.savedQueries.findVersion(query, version);
  if (!row) {
    throw new SavedQueryError('NOT_FOUND', `The saved query "${name}" has no version ${version} (it has 1 to ${query.currentVersion}).`, [
      { path: 'version', message: 'no such version' },
    ]);
  }
  let checked: CheckedDocument;
  try {
    checked = checkDocument(schema, row.document, limits);
  } catch (error) {
    if (!(error instanceof DocumentProblem)) throw error;
    throw new SavedQueryError(
      'SAVED_QUERY_BROKEN',
      `The saved query "${name}" (version ${row.version}) no longer fits the schema: ${error.problems.join(' ')} Save a corrected version.`,
      error.problems.map((message) => ({ path: 'document', message })),
    );
  }
  return { query, version: row, checked, defaults: JSON.parse(row.defaultVariables) as Record<string, unknown> };
}

/** Who may remove which queries: keys below ADMIN only their own; ADMIN keys and the CLI anyone's. */
export function custodianOf(viewer: Viewer): Custodian {
  return { ...authorOf(viewer), anyOwner: roleAtLeast(roleOf(viewer), 'ADMIN') };
}

/** Deletes a saved query, keeping it and its versions for `restoreSavedQuery`. */
export async function deleteSavedQuery(store: Store, viewer: Viewer, name: string): Promise<SavedQueryRow> {
  return store.savedQueries.delete(custodianOf(viewer), name);
}

/**
 * Restores a deleted saved query with every version, then checks it against the schema as it is now
 * (the start-up and migration re-checks skip deleted queries, so its status may be stale).
 */
export async function restoreSavedQuery(store: Store, schema: GraphQLSchema, limits: Limits, viewer: Viewer, name: string): Promise<SavedQueryRow> {
  const restored = await store.savedQueries.restore(custodianOf(viewer), name);
  const reason = brokenReason(schema, limits, await store.savedQueries.findVersion(restored));
  await store.savedQueries.setStatus(restored.id, reason ? 'BROKEN' : 'OK', reason, nowTimestamp());
  return (await store.savedQueries.findByName(name)) ?? restored;
}

export interface Revalidation {
  checked: number;
  broken: { name: string; reason: string }[];
  /** Queries that were BROKEN and are OK again. */
  repaired: string[];
}

/** Checks every live saved query's current version against `schema`, marking each OK or BROKEN with the reason. */
export async function revalidateSavedQueries(store: Store, schema: GraphQLSchema, limits: Limits): Promise<Revalidation> {
  const queries = await store.savedQueries.findAll();
  const versions = new Map((await store.savedQueries.findCurrentVersions(queries.map((q) => q.id))).map((v) => [v.savedQueryId, v]));
  const now = nowTimestamp();
  const result: Revalidation = { checked: queries.length, broken: [], repaired: [] };
  for (const query of queries) {
    const reason = brokenReason(schema, limits, versions.get(query.id));
    if (reason) result.broken.push({ name: query.name, reason });
    else if (query.status === 'BROKEN') result.repaired.push(query.name);
    await store.savedQueries.setStatus(query.id, reason ? 'BROKEN' : 'OK', reason, now);
  }
  return result;
}

/** Why a query's current version no longer runs against `schema`; null when it does. */
function brokenReason(schema: GraphQLSchema, limits: Limits, version: SavedQueryVersionRow | undefined): string | null {
  if (!version) return 'its current version is missing';
  try {
    checkDocument(schema, version.document, limits);
    return null;
  } catch (error) {
    if (!(error instanceof DocumentProblem)) throw error;
    return error.problems.join(' ');
  }
}

function check(schema: GraphQLSchema, document: string, limits: Limits, path: string): CheckedDocument {
  try {
    return checkDocument(schema, document, limits);
  } catch (error) {
    if (!(error instanceof DocumentProblem)) throw error;
    throw new SavedQueryError('BAD_USER_INPUT', `The document cannot be saved: ${error.problems.join(' ')}`, error.problems.map((message) => ({ path, message })));
  }
}

/** Defaults must name declared variables and fit their types. */
function checkDefaults(schema: GraphQLSchema, checked: CheckedDocument, defaults: Record<string, unknown>): void {
  const declared = declaredVariables(checked.operation);
  const names = new Set(declared.map((variable) => variable.name));
  const problems = Object.keys(defaults)
    .filter((name) => !names.has(name))
    .map((name) => ({ path: `defaultVariables.${name}`, message: 'the query declares no such variable' }));
  const given = declared.filter((variable) => variable.name in defaults).map((variable) => variable.definition);
  const coerced = getVariableValues(schema, given, defaults);
  for (const error of coerced.errors ?? []) problems.push({ path: 'defaultVariables', message: error.message });
  if (problems.length > 0) {
    throw new SavedQueryError('BAD_USER_INPUT', `Invalid default variables: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
}
