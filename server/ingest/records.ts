// The NDJSON bulk format: one JSON object per line, told apart by `type`. It speaks the vocabulary of
// the seed annotations (seeds/annotation.ts) but carries everything a row holds, timestamps included,
// so a store exported and imported again is the same store. References are slugs (natural keys),
// never database IDs; a statement is named by its article and its span in that article's body.
//
// Unlike the seed schema nothing here is trimmed or otherwise rewritten: a value is stored exactly as
// it is written, or the line is refused.
import { z } from 'zod';
import { isIsoDateTime } from '../store/dates.js';
import { spanProblem } from '../store/spans.js';
import { isoDateField as isoDate, languageField, slugField as slug, spanField as span } from './fields.js';
import {
  ACTOR_KINDS,
  EVENT_KINDS,
  MEASURE_RELATION_KINDS,
  PROVISION_KINDS,
  REVIEW_STATUSES,
  SANCTION_INSTRUMENTS,
  SANCTION_SCOPES,
  SANCTION_SECTORS,
  STANCE_POSITIONS,
  STATEMENT_KINDS,
} from '../store/enums.js';

/** The `type` of the optional first line, and the one version of the format this build reads and writes. */
export const HEADER_TYPE = 'stancegraph-export';
export const FORMAT_VERSION = 1;

const timestamp = z.string().refine(isIsoDateTime, 'must be an ISO-8601 timestamp with a time zone');
const text = z.string().min(1, 'must not be empty');
const optionalText = z.string().nullish();
/** Kept as given on import; when absent, the import time is used. */
const timestamps = { createdAt: timestamp.optional(), updatedAt: timestamp.optional() };

/** Adds an issue for every value in `values` that repeats an earlier one. */
function distinct(ctx: z.RefinementCtx, values: readonly string[], path: (string | number)[]): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [...path, index], message: `${JSON.stringify(value)} is listed twice` });
    seen.add(value);
  });
}

export const actorRecord = z
  .strictObject({
    type: z.literal('actor'),
    slug,
    name: text,
    kind: z.enum(ACTOR_KINDS),
    aliases: z.array(text).default([]),
    country: slug.nullish(),
    description: optionalText,
    ...timestamps,
  })
  .superRefine((actor, ctx) => {
    distinct(ctx, actor.aliases, ['aliases']);
    if (actor.country === actor.slug) ctx.addIssue({ code: 'custom', path: ['country'], message: 'an actor cannot be its own country' });
    else if (actor.country && actor.kind === 'STATE') {
      ctx.addIssue({ code: 'custom', path: ['country'], message: 'a STATE has no country of its own' });
    }
  });

export const affiliationRecord = z
  .strictObject({
    type: z.literal('affiliation'),
    member: slug,
    organization: slug,
    role: text,
    startedOn: isoDate.nullish(),
    endedOn: isoDate.nullish(),
    ...timestamps,
  })
  .superRefine((affiliation, ctx) => {
    if (affiliation.member === affiliation.organization) {
      ctx.addIssue({ code: 'custom', path: ['organization'], message: 'an actor cannot be affiliated with itself' });
    }
    if (affiliation.startedOn && affiliation.endedOn && affiliation.startedOn > affiliation.endedOn) {
      ctx.addIssue({ code: 'custom', path: ['endedOn'], message: 'is before startedOn' });
    }
  });

export const topicRecord = z.strictObject({
  type: z.literal('topic'),
  slug,
  name: text,
  description: optionalText,
  ...timestamps,
});

export const eventRecord = z
  .strictObject({
    type: z.literal('event'),
    slug,
    kind: z.enum(EVENT_KINDS),
    title: text,
    occurredOn: isoDate.nullish(),
    description: optionalText,
    participants: z.array(z.strictObject({ actor: slug, role: optionalText })).default([]),
    ...timestamps,
  })
  .superRefine((event, ctx) => distinct(ctx, event.participants.map((p) => p.actor), ['participants']));

const measureRelation = z.strictObject({ kind: z.enum(MEASURE_RELATION_KINDS), measure: slug, note: optionalText });

function checkRelations(ctx: z.RefinementCtx, from: string, relations: z.infer<typeof measureRelation>[]): void {
  distinct(ctx, relations.map((relation) => `${relation.kind} ${relation.measure}`), ['relations']);
  relations.forEach((relation, index) => {
    if (relation.measure === from) {
      ctx.addIssue({ code: 'custom', path: ['relations', index, 'measure'], message: 'a measure cannot relate to itself' });
    }
  });
}

export const measureRecord = z
  .strictObject({
    type: z.literal('measure'),
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
    // Absent (not empty) leaves the measure's relations as they are: relations to measures further
    // down the file come later, in a `measure-relations` record.
    relations: z.array(measureRelation).optional(),
    ...timestamps,
  })
  .superRefine((measure, ctx) => {
    distinct(ctx, measure.targets.map((target) => target.actor), ['targets']);
    distinct(ctx, measure.sectors, ['sectors']);
    distinct(ctx, measure.triggeredBy, ['triggeredBy']);
    if (measure.relations) checkRelations(ctx, measure.slug, measure.relations);
  });

/** The relations of a measure, all of them, for when some point at measures written after it. */
export const measureRelationsRecord = z
  .strictObject({
    type: z.literal('measure-relations'),
    measure: slug,
    relations: z.array(measureRelation),
  })
  .superRefine((record, ctx) => checkRelations(ctx, record.measure, record.relations));

const statement = z.strictObject({
  /** [start, end) in the article body; together with the article it is the statement's natural key. */
  span,
  // Not trimmed: it must equal the body slice exactly.
  text,
  speaker: slug,
  speakerRole: optionalText,
  kind: z.enum(STATEMENT_KINDS),
  /** Defaults to the article's publishedOn, and then saidOnInferred to true. */
  saidOn: isoDate.nullish(),
  saidOnInferred: z.boolean().optional(),
  venue: optionalText,
  event: slug.nullish(),
  reviewStatus: z.enum(REVIEW_STATUSES).default('CONFIRMED'),
  confidence: z.number().min(0).max(1).nullish(),
  ...timestamps,
});

export const articleRecord = z
  .strictObject({
    type: z.literal('article'),
    slug,
    publication: text,
    section: optionalText,
    headline: text,
    dek: optionalText,
    // Not trimmed: statement spans point into it.
    body: text,
    url: z.url().nullish(),
    publishedOn: isoDate,
    photoCredit: optionalText,
    language: languageField,
    authors: z.array(text).default([]),
    mentions: z
      .strictObject({
        actors: z.array(slug).default([]),
        measures: z.array(slug).default([]),
        events: z.array(slug).default([]),
      })
      .default({ actors: [], measures: [], events: [] }),
    statements: z.array(statement).default([]),
    ...timestamps,
  })
  .superRefine((article, ctx) => {
    distinct(ctx, article.mentions.actors, ['mentions', 'actors']);
    distinct(ctx, article.mentions.measures, ['mentions', 'measures']);
    distinct(ctx, article.mentions.events, ['mentions', 'events']);
    distinct(ctx, article.statements.map((s) => `[${s.span.join(', ')}]`), ['statements']);
    article.statements.forEach((s, index) => {
      const problem = spanProblem(article.body, s.span, s.text);
      if (problem) ctx.addIssue({ code: 'custom', path: ['statements', index, 'span'], message: problem });
    });
  });

const statementRef = z.strictObject({ article: slug, span });

const stanceTarget = z
  .strictObject({ measure: slug.optional(), actor: slug.optional(), event: slug.optional(), topic: slug.optional() })
  .refine(
    (target) => Object.values(target).filter((value) => value !== undefined).length === 1,
    'must name exactly one of measure, actor, event or topic',
  );

export const stanceRecord = z
  .strictObject({
    type: z.literal('stance'),
    slug,
    holder: slug,
    position: z.enum(STANCE_POSITIONS),
    target: stanceTarget,
    summary: text,
    asOf: isoDate,
    /** The article the stance was read from, if any. */
    article: slug.nullish(),
    evidence: z.array(statementRef).default([]),
    ...timestamps,
  })
  .superRefine((stance, ctx) =>
    distinct(ctx, stance.evidence.map((ref) => `${ref.article} [${ref.span.join(', ')}]`), ['evidence']),
  );

export const headerRecord = z.looseObject({
  type: z.literal(HEADER_TYPE),
  version: z.number().int().positive(),
});

export const recordSchemas = {
  actor: actorRecord,
  affiliation: affiliationRecord,
  topic: topicRecord,
  event: eventRecord,
  measure: measureRecord,
  'measure-relations': measureRelationsRecord,
  article: articleRecord,
  stance: stanceRecord,
} as const;

export type RecordType = keyof typeof recordSchemas;
export const RECORD_TYPES = Object.keys(recordSchemas) as RecordType[];

export type ActorRecord = z.infer<typeof actorRecord>;
export type AffiliationRecord = z.infer<typeof affiliationRecord>;
export type TopicRecord = z.infer<typeof topicRecord>;
export type EventRecord = z.infer<typeof eventRecord>;
export type MeasureRecord = z.infer<typeof measureRecord>;
export type MeasureRelationsRecord = z.infer<typeof measureRelationsRecord>;
export type ArticleRecord = z.infer<typeof articleRecord>;
export type StatementRecord = ArticleRecord['statements'][number];
export type StanceRecord = z.infer<typeof stanceRecord>;
export type HeaderRecord = z.infer<typeof headerRecord>;
export type BulkRecord =
  | ActorRecord
  | AffiliationRecord
  | TopicRecord
  | EventRecord
  | MeasureRecord
  | MeasureRelationsRecord
  | ArticleRecord
  | StanceRecord;

/**
 * What is wrong with one line: one message per problem, each starting with the path of the field
 * it concerns (`statements[3].span: …`). The importer adds the line number.
 */
export class RecordProblem extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'RecordProblem';
  }
}

/** Parses and checks one line of the bulk format; throws a RecordProblem when it is not a valid record. */
export function parseRecordLine(line: string): BulkRecord | HeaderRecord {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    throw new RecordProblem([`not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new RecordProblem(['(root): must be a JSON object with a "type"']);
  }
  const type = (data as { type?: unknown }).type;
  if (type === HEADER_TYPE) return check(headerRecord, data);
  if (typeof type !== 'string' || !Object.hasOwn(recordSchemas, type)) {
    const known = [...RECORD_TYPES, HEADER_TYPE].join(', ');
    throw new RecordProblem([`type: unknown record type ${JSON.stringify(type ?? null)} (expected one of ${known})`]);
  }
  return check(recordSchemas[type as RecordType] as z.ZodType<BulkRecord>, data);
}

function check<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new RecordProblem(result.error.issues.map(formatIssue));
  return result.data;
}

export function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
  return `${path || '(root)'}: ${issue.message}`;
}
