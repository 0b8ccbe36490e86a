// The shape of a seed annotation file (annotations.yaml), checked when seeds load. Unknown keys are
// errors, so a typo in a field name fails loudly instead of silently dropping data.
import { z } from 'zod';
import {
  ACTOR_KINDS,
  EVENT_KINDS,
  MEASURE_RELATION_KINDS,
  PROVISION_KINDS,
  SANCTION_INSTRUMENTS,
  SANCTION_SCOPES,
  SANCTION_SECTORS,
  STANCE_POSITIONS,
  STATEMENT_KINDS,
} from '../server/store/enums.js';
import { isoDateField as isoDate, languageField, slugField as slug, spanField } from '../server/ingest/fields.js';

const text = z.string().trim().min(1, 'must not be empty');
const optionalText = text.nullish();

const actor = z.strictObject({
  slug,
  name: text,
  kind: z.enum(ACTOR_KINDS),
  aliases: z.array(text).default([]),
  country: slug.nullish(),
  description: optionalText,
});

const affiliation = z.strictObject({
  member: slug,
  organization: slug,
  role: text,
  startedOn: isoDate.nullish(),
  endedOn: isoDate.nullish(),
});

const topic = z.strictObject({ slug, name: text, description: optionalText });

const event = z.strictObject({
  slug,
  kind: z.enum(EVENT_KINDS),
  title: text,
  occurredOn: isoDate.nullish(),
  description: optionalText,
  participants: z.array(z.strictObject({ actor: slug, role: optionalText })).default([]),
});

const measure = z.strictObject({
  slug,
  name: text,
  instrument: z.enum(SANCTION_INSTRUMENTS),
  identifier: optionalText,
  issuer: slug,
  signatory: slug.nullish(),
  scope: z.enum(SANCTION_SCOPES),
  signedOn: isoDate.nullish(),
  announcedOn: isoDate.nullish(),
  effectiveOn: isoDate.nullish(),
  description: optionalText,
  targets: z.array(z.strictObject({ actor: slug, note: optionalText })).default([]),
  sectors: z.array(z.enum(SANCTION_SECTORS)).default([]),
  provisions: z.array(z.strictObject({ kind: z.enum(PROVISION_KINDS), description: text })).default([]),
  triggeredBy: z.array(slug).default([]),
  relations: z
    .array(z.strictObject({ kind: z.enum(MEASURE_RELATION_KINDS), measure: slug, note: optionalText }))
    .default([]),
});

const statement = z.strictObject({
  key: slug,
  speaker: slug,
  speakerRole: optionalText,
  kind: z.enum(STATEMENT_KINDS),
  span: spanField,
  // Not trimmed: it must equal the body slice exactly.
  text: z.string().min(1, 'must not be empty'),
  saidOn: isoDate.nullish(),
  saidOnInferred: z.boolean().optional(),
  venue: optionalText,
  event: slug.nullish(),
});

const stanceTarget = z.union([
  z.strictObject({ measure: slug }),
  z.strictObject({ actor: slug }),
  z.strictObject({ event: slug }),
  z.strictObject({ topic: slug }),
]);

const stance = z.strictObject({
  slug,
  holder: slug,
  position: z.enum(STANCE_POSITIONS),
  target: stanceTarget,
  summary: text,
  asOf: isoDate.nullish(),
  evidence: z.array(slug).default([]),
});

export const annotationSchema = z.strictObject({
  article: z.strictObject({
    slug,
    source: z.string().regex(/^[\w.-]+\.txt$/, 'must name a .txt file beside the annotation'),
    publication: text,
    section: optionalText,
    headline: optionalText,
    publishedOn: isoDate,
    url: z.url().nullish(),
    authors: z.array(text).default([]),
    language: languageField,
    mentions: z
      .strictObject({
        actors: z.array(slug).default([]),
        measures: z.array(slug).default([]),
        events: z.array(slug).default([]),
      })
      .default({ actors: [], measures: [], events: [] }),
  }),
  actors: z.array(actor).default([]),
  affiliations: z.array(affiliation).default([]),
  topics: z.array(topic).default([]),
  events: z.array(event).default([]),
  measures: z.array(measure).default([]),
  statements: z.array(statement).default([]),
  stances: z.array(stance).default([]),
});

export type Annotation = z.infer<typeof annotationSchema>;
export type StanceTargetAnnotation = z.infer<typeof stanceTarget>;
