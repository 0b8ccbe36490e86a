// The starting library of saved queries (seeds/saved-queries.yaml), saved through the same checks
// as any other save: a seed the schema does not accept fails loudly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SEEDS_DIR } from '../../seeds/load.js';
import { type Edit, findEdits, SEED_AUTHOR } from '../store/audit-log.js';
import type { Store } from '../store/index.js';
import type { Limits } from './documents.js';
import { saveQuery } from './service.js';

export const SAVED_QUERY_SEEDS = join(SEEDS_DIR, 'saved-queries.yaml');

const seedSchema = z.array(
  z.strictObject({
    name: z.string(),
    title: z.string().min(1),
    description: z.string().nullish(),
    defaultVariables: z.record(z.string(), z.unknown()).default({}),
    document: z.string().min(1),
  }),
);

export interface SavedQuerySeeding {
  /** The seeded queries that got a new version (none when nothing changed). */
  saved: string[];
  /** Seeded queries someone deleted: left deleted, not saved again (`query restore <name>` brings one back). */
  deleted: string[];
  /** Seeded queries someone else has saved since: their version stays, the seed's is not saved over it. */
  kept: { name: string; edit: Edit }[];
}

/**
 * Saves every seeded query. One that was deleted stays deleted: someone removed it on purpose, and
 * re-seeding (every start of an empty store, every `npm run seed`) must not quietly bring it back.
 * One that someone else has saved since (a new version, a new title) is theirs: it stays as they
 * saved it, as the seed loader keeps the rows editors changed.
 */
export async function loadSavedQuerySeeds(store: Store, schema: GraphQLSchema, limits: Limits, file = SAVED_QUERY_SEEDS): Promise<SavedQuerySeeding> {
  const seeds = seedSchema.parse(parseYaml(readFileSync(file, 'utf8')));
  const deleted = new Set((await store.savedQueries.findAll({ deleted: true })).map((query) => query.name));
  const live = await store.savedQueries.findAll();
  const edits = await findEdits(store.db, 'SavedQuery', live.map((query) => query.id), ['saveQuery']);
  const editByName = new Map(live.flatMap((query) => {
    const edit = edits.get(query.id);
    return edit ? [[query.name, edit] as const] : [];
  }));
  const result: SavedQuerySeeding = { saved: [], deleted: [], kept: [] };
  for (const seed of seeds) {
    if (deleted.has(seed.name)) {
      result.deleted.push(seed.name);
      continue;
    }
    const edit = editByName.get(seed.name);
    if (edit) {
      result.kept.push({ name: seed.name, edit });
      continue;
    }
    const saved = await saveQuery(store, schema, limits, SEED_AUTHOR, seed);
    if (saved.newVersion) result.saved.push(seed.name);
  }
  return result;
}
