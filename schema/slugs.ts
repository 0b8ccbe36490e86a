// The `slug` argument of the lookups (`actor(slug:)`, `article(slug:)`, …).
import { z } from 'zod';
import { SLUG_PATTERN } from '../server/store/slugs.js';

/** Options for `t.arg.string(...)`: a required, checked slug. */
export const slugArgOptions = {
  required: true,
  description: 'The slug: lowercase letters, digits and single hyphens (`us-eo-13722`).',
  validate: z.string().max(200).regex(SLUG_PATTERN, 'must be lowercase letters, digits and single hyphens'),
} as const;
