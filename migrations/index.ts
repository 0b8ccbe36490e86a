// The static migration index: every migration, by name, in the order it runs. A static map (rather than
// a folder scan) behaves the same under tsx, compiled JavaScript and the tests.
import type { Migration } from 'kysely';
import * as core from './0001_core.js';
import * as writes from './0002_writes.js';
import * as savedQueries from './0003_saved_queries.js';
import * as search from './0004_search.js';
import * as savedQueryDeletion from './0005_saved_query_deletion.js';
import * as searchPrefixes from './0006_search_prefixes.js';
import * as singleRowChecks from './0007_single_row_checks.js';

export const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_writes': writes,
  '0003_saved_queries': savedQueries,
  '0004_search': search,
  '0005_saved_query_deletion': savedQueryDeletion,
  '0006_search_prefixes': searchPrefixes,
  '0007_single_row_checks': singleRowChecks,
};
