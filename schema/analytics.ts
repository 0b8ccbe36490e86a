// Analytics: `Query.stanceSummary`, how the stances toward one target break down by position and by
// the holders' countries; and `Query.timeline`, the dated events, measure milestones, statements and
// stances about an actor or a sanction measure, oldest first, as a Relay connection.
import { type ArgBuilder, brandWithType } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import {
  type CountryStanceCounts,
  type PositionCounts,
  type StanceSummaryCounts,
  type StanceTargetRef,
  TIMELINE_ITEM_KINDS,
  type TimelineItemKind,
  type TimelineItemRow,
  type TimelineKeyset,
  type TimelineRelation,
  type TimelineSubject,
} from '../server/store/analytics.js';
import { isIsoDate } from '../server/store/dates.js';
import { STANCE_POSITIONS } from '../server/store/enums.js';
import { type Keyset, sortKey } from '../server/store/pagination.js';
import type { ActorRow, EventRow, SanctionMeasureRow, StanceRow, StatementRow, TopicRow } from '../server/store/tables.js';
import { builder, type Context, describedValues, type Types } from './builder.js';
import {
  anyOfList,
  type ConnectionArgs,
  connectionComplexity,
  DateRangeInput,
  type ResolvedOrder,
  toConnection,
  toPageRequest,
} from './connections.js';
import { badUserInput } from './errors.js';
import { ActorRef, EventRef, SanctionMeasureRef, StanceRef, StatementRef, TopicRef } from './refs.js';
import { StancePositionEnum, StanceTarget } from './stance.js';

// ---------------------------------------------------------------------------------------------
// Query.stanceSummary

interface PositionCount {
  position: (typeof STANCE_POSITIONS)[number];
  count: number;
}

/** Every position in enum order, zeros included. */
function positionList(counts: PositionCounts): PositionCount[] {
  return STANCE_POSITIONS.map((position) => ({ position, count: counts[position] }));
}

const PositionCountRef = builder.objectRef<PositionCount>('PositionCount').implement({
  description: 'How many stances take one position.',
  fields: (t) => ({
    position: t.expose('position', { type: StancePositionEnum, description: 'The position.' }),
    count: t.exposeInt('count', { description: 'How many stances take it (0 included).' }),
  }),
});

const CountryStanceCountRef = builder.objectRef<CountryStanceCounts>('CountryStanceCount').implement({
  description: 'The stances toward the target held by the actors of one country (or by those with no country).',
  fields: (t) => ({
    country: t.field({
      type: ActorRef,
      nullable: true,
      description:
        'The STATE the holders belong to (a state holding a stance counts as its own country); null for the holders with no country (coalitions, international organizations, …).',
      resolve: (group) => group.countryId,
    }),
    total: t.exposeInt('total', { description: 'How many stances these holders hold toward the target.' }),
    holders: t.exposeInt('holders', { description: 'How many distinct actors hold them.' }),
    byPosition: t.field({
      type: [PositionCountRef],
      description: 'Their stances by position: every position, in the order of `StancePosition`, zeros included.',
      resolve: (group) => positionList(group.byPosition),
    }),
  }),
});

interface StanceSummaryShape {
  /** The target's row, branded with its GraphQL type so `StanceTarget` resolves it. */
  target: TargetRow;
  counts: StanceSummaryCounts;
}

const StanceSummaryRef = builder.objectRef<StanceSummaryShape>('StanceSummary').implement({
  description: 'How the stances toward one target break down: by position and by the holders’ countries.',
  fields: (t) => ({
    target: t.field({ type: StanceTarget, description: 'What the stances are toward.', resolve: (summary) => summary.target }),
    total: t.int({ description: 'How many stances toward the target there are (within the `asOf` range, if given).', resolve: (summary) => summary.counts.total }),
    holders: t.int({ description: 'How many distinct actors hold them.', resolve: (summary) => summary.counts.holders }),
    byPosition: t.field({
      type: [PositionCountRef],
      description: 'The stances by position: every position, in the order of `StancePosition`, zeros included.',
      resolve: (summary) => positionList(summary.counts.byPosition),
    }),
    byHolderCountry: t.field({
      type: [CountryStanceCountRef],
      description:
        'The stances by the holders’ country: most stances first, ties by country name, the group of holders with no country last among its ties. Only countries with at least one stance appear.',
      resolve: (summary) => summary.counts.byHolderCountry,
    }),
  }),
});

type TargetTypename = 'SanctionMeasure' | 'Actor' | 'Event' | 'Topic';

const TARGET_KINDS: Record<TargetTypename, StanceTargetRef['kind']> = {
  SanctionMeasure: 'measure',
  Actor: 'actor',
  Event: 'event',
  Topic: 'topic',
};

type TargetRow = SanctionMeasureRow | ActorRow | EventRow | TopicRow;

const TARGET_REFS = { SanctionMeasure: SanctionMeasureRef, Actor: ActorRef, Event: EventRef, Topic: TopicRef } as const;

/** The target's row through its type's per-request dataloader (so `target { … }` costs nothing more); null when there is none. */
async function loadStanceTarget(context: Context, typename: TargetTypename, id: number): Promise<TargetRow | null> {
  const loaders = {
    SanctionMeasure: () => SanctionMeasureRef.getDataloader(context).load(id),
    Actor: () => ActorRef.getDataloader(context).load(id),
    Event: () => EventRef.getDataloader(context).load(id),
    Topic: () => TopicRef.getDataloader(context).load(id),
  } as const;
  const row: TargetRow | null = await loaders[typename]();
  // The union `StanceTarget` reads a Pothos type brand before its own resolver (which only knows
  // the rows `Stance.target` loaded).
  if (row) brandWithType(row, TARGET_REFS[typename]);
  return row;
}

builder.queryField('stanceSummary', (t) =>
  t.field({
    type: StanceSummaryRef,
    nullable: true,
    description:
      'Counts the stances toward one sanction measure, actor, event or topic: in all, by position and by the holders’ countries. Null when no such target exists.',
    args: {
      target: t.arg.globalID({
        for: [SanctionMeasureRef, ActorRef, EventRef, TopicRef],
        required: true,
        description: 'The global ID of a sanction measure, actor, event or topic (an ID of another type is BAD_USER_INPUT).',
      }),
      asOf: t.arg({
        type: DateRangeInput,
        description: 'Only stances attested within this range of days (`Stance.asOf`); all of them when left out.',
      }),
    },
    resolve: async (_root, args, context) => {
      const typename = args.target.typename as TargetTypename;
      const id = Number(args.target.id);
      const target = await loadStanceTarget(context, typename, id);
      if (!target) return null;
      const counts = await context.store.analytics.summarizeStances({ kind: TARGET_KINDS[typename], id }, args.asOf);
      return { target, counts };
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Query.timeline

const TimelineItemKindEnum = builder.enumType('TimelineItemKind', {
  description: 'What a timeline item is; items of one day are ordered in this order.',
  values: describedValues<TimelineItemKind>({
    EVENT: 'An event, dated when it occurred.',
    MEASURE_SIGNED: 'A sanction measure, dated when it was signed (or adopted).',
    MEASURE_ANNOUNCED: 'A sanction measure, dated when it was announced.',
    MEASURE_EFFECTIVE: 'A sanction measure, dated when it took effect.',
    STATEMENT: 'A statement, dated when it was said.',
    STANCE: 'A stance, dated when it is attested.',
  }),
});

const TimelineRelationEnum = builder.enumType('TimelineRelation', {
  description: 'How a timeline item relates to the timeline’s subject.',
  values: describedValues<TimelineRelation>({
    TOOK_PART: 'The subject (an actor) took part in the event; `role` says as what, when recorded.',
    TRIGGERED: 'The event triggered the subject (a measure).',
    ISSUED: 'The subject (an actor) issued the measure.',
    SIGNED: 'The subject (an actor) signed the measure (and did not issue it).',
    TARGETED_BY: 'The measure targets the subject (an actor).',
    MILESTONE: 'A dated milestone of the subject (a measure) itself: signed, announced or effective.',
    SPOKE: 'The subject (an actor) made the statement; `role` is the role it spoke in, when recorded.',
    EVIDENCE: 'The statement is evidence for a stance toward the subject (a measure).',
    HOLDS: 'The subject (an actor) holds the stance.',
    TOWARD: 'The stance is toward the subject (someone else holds it).',
  }),
});

const TimelineNode = builder.unionType('TimelineNode', {
  description: 'What a timeline item is about: an event, a sanction measure, a statement or a stance.',
  types: [EventRef, SanctionMeasureRef, StatementRef, StanceRef],
  resolveType: (node) => nodeTypes.get(node as object) ?? null,
});

type NodeTypename = 'Event' | 'SanctionMeasure' | 'Statement' | 'Stance';
type NodeRow = EventRow | SanctionMeasureRow | StatementRow | StanceRow;

/** The GraphQL type of each row a timeline item returned (rows carry no typename of their own). */
const nodeTypes = new WeakMap<object, NodeTypename>();

/** The item's row, through its type's per-request dataloader: one batch per type for a whole page. */
async function loadNode(context: Context, item: TimelineItemRow): Promise<NodeRow> {
  const [typename, row]: [NodeTypename, Promise<NodeRow | null>] =
    item.kind === 'EVENT'
      ? ['Event', EventRef.getDataloader(context).load(item.id)]
      : item.kind === 'STATEMENT'
        ? ['Statement', StatementRef.getDataloader(context).load(item.id)]
        : item.kind === 'STANCE'
          ? ['Stance', StanceRef.getDataloader(context).load(item.id)]
          : ['SanctionMeasure', SanctionMeasureRef.getDataloader(context).load(item.id)];
  const node = await row;
  // The item was read from the node's own table a moment ago; a miss is a server fault.
  if (!node) throw new Error(`timeline ${item.kind} ${item.id} has no row`);
  nodeTypes.set(node, typename);
  return node;
}

const TimelineItemRef = builder.objectRef<TimelineItemRow>('TimelineItem').implement({
  description: 'One dated item in a timeline: what it is, when, and how it relates to the subject.',
  fields: (t) => ({
    date: t.expose('date', { type: 'Date', description: 'The day the item is dated (its kind says which date of the node it is).' }),
    kind: t.expose('kind', { type: TimelineItemKindEnum, description: 'What the item is, and so which of the node’s dates `date` is.' }),
    relation: t.expose('relation', { type: TimelineRelationEnum, description: 'How the item relates to the subject.' }),
    role: t.exposeString('role', {
      nullable: true,
      description:
        'The role the source records, where it gives one: the subject’s part in the event (TOOK_PART), or the role the speaker spoke in (SPOKE, EVIDENCE).',
    }),
    node: t.field({ type: TimelineNode, description: 'The event, sanction measure, statement or stance.', resolve: (item, _args, context) => loadNode(context, item) }),
  }),
});

const TimelineItemConnection = builder.connectionObject(
  { type: TimelineItemRef, name: 'TimelineItemConnection', description: 'A page of a timeline, oldest first.' },
  { name: 'TimelineItemEdge', description: 'An item in a page of a timeline.' },
);

// Cursors use the shared format with the day and kind as its text value (`2016-03-17/STATEMENT`) and
// the node's ID as the tiebreak: the keyset (date, kind, id) that orders a timeline.
const TIMELINE_ORDER: ResolvedOrder = { field: 'TIMELINE', sort: sortKey('item.position', 'text'), direction: 'asc' };

function positionOf(item: TimelineItemRow): string {
  return `${item.date}/${item.kind}`;
}

function toTimelineKeyset(keyset: Keyset | null, argName: string): TimelineKeyset | null {
  if (!keyset) return null;
  const match = /^(\d{4}-\d{2}-\d{2})\/([A-Z_]+)$/.exec(String(keyset.value));
  const kind = match?.[2] as TimelineItemKind | undefined;
  if (!match || !isIsoDate(match[1] as string) || !kind || !TIMELINE_ITEM_KINDS.includes(kind)) {
    throw badUserInput(`\`${argName}\` is not a valid cursor for this list (malformed). Use a cursor this list returned.`);
  }
  return { date: match[1] as string, kind, id: keyset.id };
}

type SubjectTypename = 'Actor' | 'SanctionMeasure';

/**
 * `subject` is a plain ID argument, decoded here rather than by `t.arg.globalID`: the complexity
 * plugin maps a field's arguments before calling its complexity function, and a saved query's cost
 * is measured with stand-in variables, which no global ID check would let through.
 */
function parseSubject(value: string): { typename: SubjectTypename; id: number } {
  const { typename, id } = decodeGlobalID(value);
  const local = /^[1-9]\d{0,15}$/.test(id) ? Number(id) : Number.NaN;
  if (typename !== 'Actor' && typename !== 'SanctionMeasure') {
    throw badUserInput(`Invalid arguments: subject: must be the ID of an Actor or a SanctionMeasure, not of a ${typename}`, [
      { path: 'subject', message: `must be the ID of an Actor or a SanctionMeasure, not of a ${typename}` },
    ]);
  }
  if (!Number.isSafeInteger(local)) throw badUserInput(`Invalid global ID: ${value}`, [{ path: 'subject', message: 'is not a valid ID' }]);
  return { typename, id: local };
}

async function subjectExists(context: Context, typename: SubjectTypename, id: number): Promise<boolean> {
  const row = typename === 'Actor' ? await ActorRef.getDataloader(context).load(id) : await SanctionMeasureRef.getDataloader(context).load(id);
  return row !== null;
}

type TimelineArgs = ConnectionArgs & {
  kinds?: readonly TimelineItemKind[] | null;
  between?: { from?: string | null; to?: string | null } | null;
};

const TIMELINE_DESCRIPTION = [
  'The dated items about an actor or a sanction measure, oldest first (items of one day in the order of `TimelineItemKind`, then by ID).',
  'For an actor: the events it took part in, the measures it issued, signed or is targeted by (one item per dated milestone), the statements it made, and the stances it holds or that others hold toward it.',
  'For a measure: the events that triggered it, its own milestones (signed, announced, effective), the statements that are evidence for stances toward it, and those stances.',
  'Items without a date (an event or a milestone whose day is unknown) are left out.',
].join(' ');

function timelineArgs(t: { arg: ArgBuilder<Types> }) {
  return {
    kinds: t.arg({
      type: [TimelineItemKindEnum],
      description: 'Only items of these kinds (all kinds when left out).',
      validate: anyOfList(z.enum(TIMELINE_ITEM_KINDS)),
    }),
    between: t.arg({ type: DateRangeInput, description: 'Only items dated within this range of days.' }),
    ...t.arg.connectionArgs(),
  };
}

async function resolveTimeline(context: Context, subject: TimelineSubject, args: TimelineArgs) {
  const request = toPageRequest(args, TIMELINE_ORDER, 'item.nodeId');
  const after = toTimelineKeyset(request.after, 'after');
  const before = toTimelineKeyset(request.before, 'before');
  const filter = { kinds: args.kinds, between: args.between };
  const page = await context.store.analytics.findTimelinePage(subject, filter, { after, before, size: request.size, fromEnd: request.fromEnd });
  const rows = page.rows.map((item) => ({ ...item, position: positionOf(item) }));
  return toConnection({ rows, hasMore: page.hasMore }, request, TIMELINE_ORDER, () => context.store.analytics.countTimeline(subject, filter));
}

builder.queryField('timeline', (t) =>
  t.field({
    type: TimelineItemConnection,
    nullable: true,
    description: `${TIMELINE_DESCRIPTION} Null when no such actor or measure exists. (\`Actor.timeline\` and \`SanctionMeasure.timeline\` give the same by slug lookup, handy in saved queries.)`,
    args: {
      subject: t.arg.id({
        required: true,
        description: 'The global ID of an actor or a sanction measure (an ID of another type is BAD_USER_INPUT).',
      }),
      ...timelineArgs(t),
    },
    complexity: connectionComplexity,
    resolve: async (_root, args, context) => {
      const { typename, id } = parseSubject(String(args.subject));
      // Checked before the subject is looked up, so a bad cursor is refused whatever the subject.
      toPageRequest(args, TIMELINE_ORDER, 'item.nodeId');
      if (!(await subjectExists(context, typename, id))) return null;
      return resolveTimeline(context, { kind: typename === 'Actor' ? 'actor' : 'measure', id }, args);
    },
  }),
);

/**
 * The same timeline under its subject. Each is its own query (one timeline per parent), so it is
 * costed high: meant for one actor or measure at a time, not for every row of a list.
 */
const NESTED_TIMELINE_COST = 50;
for (const [parent, kind] of [
  [ActorRef, 'actor'],
  [SanctionMeasureRef, 'measure'],
] as const) {
  builder.objectField(parent as typeof ActorRef, 'timeline', (t) =>
    t.field({
      type: TimelineItemConnection,
      description: TIMELINE_DESCRIPTION,
      args: timelineArgs(t),
      complexity: (args) => ({ ...connectionComplexity(args), field: NESTED_TIMELINE_COST }),
      resolve: (row, args, context) => resolveTimeline(context, { kind, id: row.id }, args),
    }),
  );
}
