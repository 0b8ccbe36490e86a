// The whole schema: importing each domain module registers its types and fields on the builder.
import { lexicographicSortSchema, printSchema } from 'graphql';
import './scalars.js';
import './connections.js';
import './article.js';
import './actor.js';
import './statement.js';
import './stance.js';
import './sanction-measure.js';
import './event.js';
import './topic.js';
import './search.js';
import './audit-log.js';
import './saved-query.js';
import './analytics.js';
import { builder } from './builder.js';

export const schema = builder.toSchema({ sortSchema: true });

/** The SDL committed as schema/schema.graphql: sorted, so that diffs show real changes only. */
export function printSchemaSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export type { Context, QueryLimits } from './builder.js';
