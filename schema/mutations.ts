// What every mutation shares: who may call it, how a store WriteError becomes a GraphQL error with a
// code and field-level problems, and the checks common input fields get.
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { type Author, authorOf } from '../server/auth/viewer.js';
import { WriteError } from '../server/store/writes.js';
import type { Context } from './builder.js';
import { badUserInput } from './errors.js';
import { SLUG_PATTERN } from '../server/store/slugs.js';

/** The scope of every graph-editing mutation: an API key with role EDITOR or ADMIN. */
export const EDITOR = { role: 'EDITOR' } as const;
export const ADMIN = { role: 'ADMIN' } as const;

/** Runs a store write as the viewer; refusals come back with their code and the input paths at fault. */
export async function write<T>(context: Context, run: (author: Author) => Promise<T>): Promise<T> {
  try {
    return await run(authorOf(context.viewer));
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    // Paths are reported from the mutation's argument, as argument validation reports them.
    const problems = error.problems.map((problem) => ({ ...problem, path: problem.path ? `input.${problem.path}` : 'input' }));
    throw new GraphQLError(error.message, {
      extensions: { code: error.code, ...(problems.length > 0 ? { problems } : {}) },
    });
  }
}

/**
 * Update inputs leave out what stays the same and send null to clear a value; a field that cannot be
 * empty (a name, a kind) must not be null.
 */
export function rejectNulls<T extends object>(input: T, fields: readonly (keyof T & string)[]): void {
  const problems = fields
    .filter((field) => input[field] === null)
    .map((field) => ({ path: `input.${field}`, message: 'cannot be null; leave it out to keep the current value' }));
  if (problems.length > 0) throw badUserInput(`Invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
}

export const nameInput = z.string().trim().min(1, 'must not be blank').max(300, 'must be at most 300 characters');
export const shortTextInput = z.string().trim().min(1, 'must not be blank').max(500, 'must be at most 500 characters');
export const longTextInput = z.string().trim().min(1, 'must not be blank').max(10_000, 'must be at most 10,000 characters');
export const slugInput = z.string().max(200, 'must be at most 200 characters').regex(SLUG_PATTERN, 'must be lowercase letters, digits and single hyphens');

export const DESCRIPTIONS = {
  slug: 'A stable, URL-safe name (lowercase letters, digits and single hyphens); made from the name when left out.',
  newSlug: 'A new slug (lowercase letters, digits and single hyphens); leave out to keep the current one.',
  id: 'The global ID of the object to change.',
  deleteId: 'The global ID of the object to delete.',
  deletedId: 'The global ID of the deleted object (it no longer resolves).',
} as const;
