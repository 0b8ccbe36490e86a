// Statement: who said what, where in the article, when and where. Also every list of statements:
// the root `statements` connection, the statements of an actor, an article and an event, and the
// evidence of a stance.
import type { StatementKind } from '../server/store/enums.js';
import type { PageRequest } from '../server/store/pagination.js';
import type { StatementFilter, StatementGroup } from '../server/store/statements.js';
import { statementSorts } from '../server/store/statements.js';
import { builder, type Context, describedValues } from './builder.js';
import {
  anyOfList,
  DateRangeInput,
  defineOrder,
  type ListDefinition,
  nestedConnection,
  rootConnection,
} from './connections.js';
import { groupRows } from './group-rows.js';
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
