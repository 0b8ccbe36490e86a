// Statement: who said what, where in the article, when and where. Also every list of statements:
// the root `statements` connection, the statements of an actor, an article and an event, and the
// evidence of a stance.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { ReviewStatus, StatementKind } from '../server/store/enums.js';
import type { PageRequest } from '../server/store/pagination.js';
import type { StatementFilter, StatementGroup, StatementPatch } from '../server/store/statements.js';
import type { StatementRow } from '../server/store/tables.js';
import { statementSorts } from '../server/store/statements.js';
import { builder, type Context, describedValues, type PayloadFieldBuilder } from './builder.js';
import {
  anyOfList,
  DateRangeInput,
  defineOrder,
  type ListDefinition,
  nestedConnection,
  rootConnection,
} from './connections.js';
import { groupRows } from './group-rows.js';
import { DESCRIPTIONS, EDITOR, rejectNulls, shortTextInput, write } from './mutations.js';
import { ActorRef, ArticleRef, EventRef, StanceRef, StatementRef } from './refs.js';
import { z } from 'zod';

export const StatementKindEnum = builder.enumType('StatementKind', {
  description: 'How a statement is reported.',
  values: describedValues<StatementKind>({
    DIRECT_QUOTE: 'A full quotation in quotation marks, attributed to the speaker.',
    PARTIAL_QUOTE: 'A few quoted words embedded in the reporter’s own sentence.',
    PARAPHRASE: 'The speaker’s words reported without quotation marks ("Lu said Beijing was opposed …").',
  }),
});

export const ReviewStatusEnum = builder.enumType('ReviewStatus', {
  description: 'Whether an editor has checked a statement.',
  values: describedValues<ReviewStatus>({
    PENDING: 'Found by the article importer and not yet checked: the speaker, span or kind may be wrong.',
    CONFIRMED: 'Checked by an editor, or entered by hand.',
  }),
});

const TextSpan = builder.objectRef<{ start: number; end: number }>('TextSpan').implement({
  description:
    'A range of characters in an article body: `body.slice(start, end)` in JavaScript terms (UTF-16 code units, end exclusive).',
  fields: (t) => ({
    start: t.exposeInt('start', { description: 'Offset of the first character.' }),
    end: t.exposeInt('end', { description: 'Offset just past the last character.' }),
  }),
});

StatementRef.implement({
  description:
    'Something an actor said, as an article reports it: a direct quote, a partial quote or a paraphrase, anchored to its exact place in the article body.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'The statement exactly as it appears in the article body (without quotation marks).' }),
    kind: t.expose('kind', { type: StatementKindEnum, description: 'Whether the statement is quoted or paraphrased.' }),
    span: t.field({
      type: TextSpan,
      description: 'Where the text sits in `article.body`.',
      resolve: (statement) => ({ start: statement.spanStart, end: statement.spanEnd }),
    }),
    speaker: t.field({ type: ActorRef, description: 'Who said it.', resolve: (statement) => statement.speakerId }),
    speakerRole: t.exposeString('speakerRole', {
      nullable: true,
      description: 'The speaker’s role as the article gives it at the time ("Chinese Foreign Ministry spokesman").',
    }),
    article: t.field({ type: ArticleRef, description: 'The article that reports the statement.', resolve: (statement) => statement.articleId }),
    saidOn: t.expose('saidOn', {
      type: 'Date',
      description: 'The day it was said; the article’s publication date when the reporting does not say (see `saidOnInferred`).',
    }),
    saidOnInferred: t.boolean({
      description: 'True when the reporting does not date the statement and `saidOn` is an inference (usually the publication date).',
      resolve: (statement) => statement.saidOnInferred === 1,
    }),
    venue: t.exposeString('venue', { nullable: true, description: 'Where it was said ("news briefing in Beijing").' }),
    event: t.field({
      type: EventRef,
      nullable: true,
      description: 'The event at which it was said (a press briefing, say), when known.',
      resolve: (statement) => statement.eventId,
    }),
    reviewStatus: t.expose('reviewStatus', {
      type: ReviewStatusEnum,
      description: 'Whether an editor has checked the statement; imported statements start PENDING.',
    }),
    confidence: t.exposeFloat('confidence', {
      nullable: true,
      description: 'How sure the importer was of the speaker and span (0–1); null for statements entered by hand.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the statement was added to Stancegraph.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the statement last changed in Stancegraph.' }),
  }),
});

export const StatementConnection = builder.connectionObject(
  { type: StatementRef, name: 'StatementConnection', description: 'A page of statements.' },
  { name: 'StatementEdge', description: 'A statement in a page of statements.' },
);

const StatementFilterInput = builder.inputType('StatementFilter', {
  description: 'Narrows a list of statements; every field given must match.',
  fields: (t) => ({
    speakers: t.globalIDList({
      for: ActorRef,
      description: 'Said by any of these actors.',
      validate: anyOfList(z.unknown()),
    }),
    articles: t.globalIDList({
      for: ArticleRef,
      description: 'Reported in any of these articles.',
      validate: anyOfList(z.unknown()),
    }),
    events: t.globalIDList({ for: EventRef, description: 'Said at any of these events.', validate: anyOfList(z.unknown()) }),
    kinds: t.field({
      type: [StatementKindEnum],
      description: 'Of any of these kinds.',
      validate: anyOfList(z.string()),
    }),
    saidOn: t.field({ type: DateRangeInput, description: 'Said within this range of days.' }),
    reviewStatuses: t.field({
      type: [ReviewStatusEnum],
      description: 'In any of these review states (`[PENDING]` lists what still needs an editor).',
      validate: anyOfList(z.string()),
    }),
  }),
});

type StatementFilterArg = typeof StatementFilterInput.$inferInput | null | undefined;

function toStatementFilter(filter: StatementFilterArg): StatementFilter {
  return {
    speakerIds: filter?.speakers?.map((id) => id.id),
    articleIds: filter?.articles?.map((id) => id.id),
    eventIds: filter?.events?.map((id) => id.id),
    kinds: filter?.kinds,
    saidOn: filter?.saidOn,
    reviewStatuses: filter?.reviewStatuses,
  };
}

const StatementOrder = defineOrder(
  'Statement',
  'statements',
  {
    SAID_ON: { sort: statementSorts.saidOn, description: 'The day the statement was made.' },
    SPAN_START: { sort: statementSorts.spanStart, description: 'Where the statement starts in its article (reading order).' },
  },
  { field: 'SAID_ON', direction: 'desc' },
);

const statements: ListDefinition<typeof StatementFilterInput.$inferInput, StatementFilter> = {
  connection: StatementConnection,
  filterInput: StatementFilterInput,
  toFilter: toStatementFilter,
  order: StatementOrder,
  idColumn: 'statement.id',
  plural: 'statements',
};

rootConnection('statements', statements, {
  description: 'All statements, newest first unless ordered otherwise.',
  fetch: (context, filter, request) => context.store.statements.findPage(filter, request),
  count: (context, filter) => context.store.statements.count(filter),
});

/** A parent's `statements`, grouped by the statement column that points at the parent. */
function statementsBy(group: StatementGroup) {
  return {
    fetch: (context: Context, ids: readonly number[], filter: StatementFilter, request: PageRequest) =>
      context.store.statements.findPagesBy(group, ids, filter, request),
    count: (context: Context, ids: readonly number[], filter: StatementFilter) => context.store.statements.countBy(group, ids, filter),
  };
}

nestedConnection(ActorRef, 'statements', statements, {
  description: 'What this actor said, newest first unless ordered otherwise.',
  ...statementsBy('speakerId'),
});
nestedConnection(ArticleRef, 'statements', statements, {
  description: 'The statements this article reports, in reading order unless ordered otherwise.',
  defaultOrder: { field: 'SPAN_START', direction: 'asc' },
  ...statementsBy('articleId'),
});
nestedConnection(EventRef, 'statements', statements, {
  description: 'The statements made at this event, newest first unless ordered otherwise.',
  ...statementsBy('eventId'),
});

builder.objectField(StanceRef, 'evidence', (t) =>
  t.loadableList({
    type: StatementRef,
    description:
      'The statements that show the stance, in reading order. Empty when the reporting states the stance without quoting anyone ("China has joined new U.N. sanctions").',
    load: async (ids: number[], context) =>
      groupRows(ids, await context.store.statements.findEvidence(ids), (statement) => statement.stanceId),
    resolve: (stance) => stance.id,
  }),
);

const TextSpanInput = builder.inputType('TextSpanInput', {
  description: 'A range of characters in an article body: `body.slice(start, end)` (UTF-16 code units, end exclusive).',
  fields: (t) => ({
    start: t.int({ required: true, description: 'Offset of the first character.', validate: z.number().int().min(0, 'must not be negative') }),
    end: t.int({ required: true, description: 'Offset just past the last character.', validate: z.number().int().min(1, 'must be positive') }),
  }),
});

const statementFields = {
  speakerRole: 'The speaker’s role as the article gives it ("Chinese Foreign Ministry spokesman").',
  saidOn: 'The day it was said; left out or null, the article’s publication date (marked inferred).',
  venue: 'Where it was said ("news briefing in Beijing").',
  event: 'The event at which it was said.',
  text: 'The text at the span, as a check: when given it must equal the body there, and a mismatch says where the text does occur.',
} as const;

builder.relayMutationField(
  'createStatement',
  {
    description: 'Who said what, and where in which article.',
    inputFields: (t) => ({
      article: t.globalID({ for: ArticleRef, required: true, description: 'The article that reports it.' }),
      speaker: t.globalID({ for: ActorRef, required: true, description: 'Who said it.' }),
      kind: t.field({ type: StatementKindEnum, required: true, description: 'Whether it is quoted or paraphrased.' }),
      span: t.field({ type: TextSpanInput, required: true, description: 'Where it sits in the article body; its text is read from there.' }),
      text: t.string({ description: statementFields.text }),
      speakerRole: t.string({ description: statementFields.speakerRole, validate: shortTextInput }),
      saidOn: t.field({ type: 'Date', description: statementFields.saidOn }),
      venue: t.string({ description: statementFields.venue, validate: shortTextInput }),
      event: t.globalID({ for: EventRef, description: statementFields.event }),
    }),
  },
  {
    description: 'Adds a statement to an article (CONFIRMED: it was entered by an editor). Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) =>
      write(context, (author) =>
        context.store.writes.statements.create(author, {
          articleId: input.article.id,
          speakerId: input.speaker.id,
          kind: input.kind,
          spanStart: input.span.start,
          spanEnd: input.span.end,
          text: input.text,
          speakerRole: input.speakerRole,
          saidOn: input.saidOn,
          venue: input.venue,
          eventId: input.event?.id,
        }),
      ),
  },
  { description: 'The result of `createStatement`.', outputFields: statementOutput('new') },
);

builder.relayMutationField(
  'updateStatement',
  {
    description: 'The statement to correct; fields left out stay as they are, null clears an optional one.',
    inputFields: (t) => ({
      id: t.globalID({ for: StatementRef, required: true, description: DESCRIPTIONS.id }),
      speaker: t.globalID({ for: ActorRef, description: 'The right speaker.' }),
      kind: t.field({ type: StatementKindEnum, description: 'The right kind.' }),
      span: t.field({ type: TextSpanInput, description: 'The right span in the same article; the text follows it.' }),
      text: t.string({ description: statementFields.text }),
      speakerRole: t.string({ description: `${statementFields.speakerRole} Null clears it.`, validate: shortTextInput }),
      saidOn: t.field({ type: 'Date', description: 'The day it was said; null reverts to the publication date, marked inferred.' }),
      venue: t.string({ description: `${statementFields.venue} Null clears it.`, validate: shortTextInput }),
      event: t.globalID({ for: EventRef, description: `${statementFields.event} Null clears it.` }),
      reviewStatus: t.field({ type: ReviewStatusEnum, description: 'Set CONFIRMED once the statement is right (left out: unchanged).' }),
    }),
  },
  {
    description: 'Corrects a statement: its speaker, span, kind, date or review status. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => {
      rejectNulls(input, ['speaker', 'kind', 'span', 'text', 'reviewStatus']);
      const patch: StatementPatch = {
        speakerId: input.speaker?.id,
        kind: input.kind ?? undefined,
        spanStart: input.span?.start,
        spanEnd: input.span?.end,
        text: input.text ?? undefined,
        speakerRole: input.speakerRole,
        saidOn: input.saidOn,
        venue: input.venue,
        eventId: input.event === undefined ? undefined : (input.event?.id ?? null),
        reviewStatus: input.reviewStatus ?? undefined,
      };
      return write(context, (author) => context.store.writes.statements.update(author, input.id.id, patch));
    },
  },
  { description: 'The result of `updateStatement`.', outputFields: statementOutput('corrected') },
);

builder.relayMutationField(
  'confirmStatements',
  {
    description: 'The statements an editor has checked.',
    inputFields: (t) => ({
      ids: t.globalIDList({
        for: StatementRef,
        required: true,
        description: 'Global IDs of statements (1–100); those already confirmed are left alone.',
        validate: anyOfList(z.unknown()),
      }),
    }),
  },
  {
    description: 'Marks statements CONFIRMED in one go, typically after reviewing an import. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) =>
      write(context, (author) => context.store.writes.statements.confirm(author, input.ids.map((id) => id.id))),
  },
  {
    description: 'The result of `confirmStatements`.',
    outputFields: (t: PayloadFieldBuilder<StatementRow[]>) => ({
      statements: t.field({ type: [StatementRef], description: 'The statements, in the order given, now CONFIRMED.', resolve: (rows) => rows }),
    }),
  },
);

builder.relayMutationField(
  'deleteStatement',
  {
    description: 'The statement to delete.',
    inputFields: (t) => ({ id: t.globalID({ for: StatementRef, required: true, description: DESCRIPTIONS.deleteId }) }),
  },
  {
    description: 'Deletes a statement (a wrong extraction, say); stances it evidenced lose that evidence. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => write(context, (author) => context.store.writes.statements.delete(author, input.id.id)),
  },
  {
    description: 'The result of `deleteStatement`.',
    outputFields: (t) => ({
      deletedStatementId: t.id({ description: DESCRIPTIONS.deletedId, resolve: (row) => encodeGlobalID('Statement', row.id) }),
    }),
  },
);

function statementOutput(verb: string) {
  return (t: PayloadFieldBuilder<StatementRow>) => ({
    statement: t.field({ type: StatementRef, description: `The ${verb} statement.`, resolve: (row: StatementRow) => row }),
  });
}
