// The field rules every file format of the graph shares: the seed annotations (seeds/annotation.ts)
// and the NDJSON bulk records (records.ts). Text rules differ between them on purpose (annotations
// are hand-written and trimmed; records round-trip byte for byte), so text is not here.
import { z } from 'zod';
import { isIsoDate } from '../store/dates.js';
import { SLUG_PATTERN } from '../store/slugs.js';

export const slugField = z.string().regex(SLUG_PATTERN, 'must be a slug: lowercase letters, digits and single hyphens');
export const isoDateField = z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD');
/** A statement's [start, end) character offsets in its article's body. */
export const spanField = z.tuple([z.number().int().nonnegative(), z.number().int().positive()]);
export const languageField = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language tag such as en');
