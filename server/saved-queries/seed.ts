// The starting library of saved queries (seeds/saved-queries.yaml), saved through the same checks
// as any other save: a seed the schema does not accept fails loudly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SEEDS_DIR } from '../../seeds/load.js';
import type { Store } from '../store/index.js';
import type { Limits } from './documents.js';
import { saveQuery } from './service.js';

export const SAVED_QUERY_SEEDS = join(SEEDS_DIR, 'saved-queries.yaml');
const SEED_AUTHOR = { apiKeyId: null, name: 'seed' };

const seedSchema = z.array(
  z.strictObject({
    name: z.string(),
    title: z.string().min(1),
    description: z.string().nullish(),
    defaultVariables: z.record(z.string(), z.unknown()).default({}),
    document: z.string().min(1),
  }),
);

/** Saves every seeded query; returns the names that got a new version (none when nothing changed). */
export async function loadSavedQuerySeeds(store: Store, schema: GraphQLSchema, limits: Limits, file = SAVED_QUERY_SEEDS): Promise<string[]> {
  const seeds = seedSchema.parse(parseYaml(readFileSync(file, 'utf8')));
  const changed: string[] = [];
  for (const seed of seeds) {
    const result = await saveQuery(store, schema, limits, SEED_AUTHOR, seed);
    if (result.newVersion) changed.push(seed.name);
  }
  return changed;
}
