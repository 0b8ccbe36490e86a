// Analytics over the graph: how the stances toward one target break down (by position and by the
// holders' countries), and the timeline of an actor or a sanction measure (the dated events,
// measure milestones, statements and stances about it, oldest first, paged in the database).
import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from './database.js';
import { STANCE_POSITIONS, type StancePosition } from './enums.js';
import { type DateRange, withinDates } from './filters.js';
import { type Page, toPage } from './pagination.js';
import type { Database } from './tables.js';

// ---------------------------------------------------------------------------------------------
// Stance summaries

/** A stance target by kind and local ID. */
export interface StanceTargetRef {
  kind: 'measure' | 'actor' | 'event' | 'topic';
  id: number;
}

const TARGET_COLUMNS = {
  measure: 'stance.targetMeasureId',
  actor: 'stance.targetActorId',
  event: 'stance.targetEventId',
  topic: 'stance.targetTopicId',
} as const;

/** How many stances take each position (every position present, zeros included). */
export type PositionCounts = Record<StancePosition, number>;

export interface CountryStanceCounts {
  /** The STATE the holders belong to (a state counts as its own country); null for holders with none. */
  countryId: number | null;
  total: number;
  /** Distinct holders. */
  holders: number;
  byPosition: PositionCounts;
}

export interface StanceSummaryCounts {
  total: number;
  holders: number;
  byPosition: PositionCounts;
  /** Most stances first; ties by country name, holders without a country last. */
  byHolderCountry: CountryStanceCounts[];
}

function zeroCounts(): PositionCounts {
  return Object.fromEntries(STANCE_POSITIONS.map((position) => [position, 0])) as PositionCounts;
}

// ---------------------------------------------------------------------------------------------
// Timelines

/** Item kinds, in the order that breaks ties between items of the same day. */
export const TIMELINE_ITEM_KINDS = ['EVENT', 'MEASURE_SIGNED', 'MEASURE_ANNOUNCED', 'MEASURE_EFFECTIVE', 'STATEMENT', 'STANCE'] as const;
export type TimelineItemKind = (typeof TIMELINE_ITEM_KINDS)[number];

export const TIMELINE_RELATIONS = [
  'TOOK_PART',
  'TRIGGERED',
  'ISSUED',
  'SIGNED',
  'TARGETED_BY',
  'MILESTONE',
  'SPOKE',
  'EVIDENCE',
  'HOLDS',
  'TOWARD',
] as const;
export type TimelineRelation = (typeof TIMELINE_RELATIONS)[number];

/** Whose timeline: an actor or a sanction measure, by local ID. */
export interface TimelineSubject {
  kind: 'actor' | 'measure';
  id: number;
}

export interface TimelineFilter {
  /** Only items of these kinds (all when absent). */
  kinds?: readonly TimelineItemKind[] | null;
  /** Only items dated within this range. */
  between?: DateRange | null;
}

/** A position in a timeline: items are ordered by (date, kind, node ID), all ascending. */
export interface TimelineKeyset {
  date: string;
  kind: TimelineItemKind;
  id: number;
}

export interface TimelinePageRequest {
  after: TimelineKeyset | null;
  before: TimelineKeyset | null;
  size: number;
  /** Take the last `size` items instead of the first. */
  fromEnd: boolean;
}

export interface TimelineItemRow {
  date: string;
  kind: TimelineItemKind;
  /** The local ID of the event, measure, statement or stance (its table follows from `kind`). */
  id: number;
  relation: TimelineRelation;
  /** The subject's role as recorded: in the event, or as the statement's speaker. */
  role: string | null;
}

/** What every branch of the timeline's UNION ALL selects. */
interface ItemColumns {
  date: string;
  kindRank: number;
  nodeId: number;
  relation: string;
  role: string | null;
}

type Branch = SelectQueryBuilder<Database, keyof Database, ItemColumns>;

const KIND_RANK = Object.fromEntries(TIMELINE_ITEM_KINDS.map((kind, rank) => [kind, rank])) as Record<TimelineItemKind, number>;

const MILESTONES = [
  ['MEASURE_SIGNED', 'sanctionMeasure.signedOn'],
  ['MEASURE_ANNOUNCED', 'sanctionMeasure.announcedOn'],
  ['MEASURE_EFFECTIVE', 'sanctionMeasure.effectiveOn'],
] as const;

/**
 * The select list every branch shares. Kind and relation are inlined literals (not parameters) so
 * that every dialect can type the UNION's columns.
 */
function itemColumns(date: string, kind: TimelineItemKind, id: string, relation: Expression<string>, role: Expression<string | null>) {
  return [
    sql<string>`${sql.ref(date)}`.as('date'),
    sql.lit<number>(KIND_RANK[kind]).as('kindRank'),
    sql<number>`${sql.ref(id)}`.as('nodeId'),
    sql<string>`${relation}`.as('relation'),
    sql<string | null>`${role}`.as('role'),
  ];
}

const literal = (value: string) => sql.lit<string>(value);
const noRole = sql<string | null>`null`;

/**
 * Keyset condition on the timeline's (date, kind rank, node ID) order: the row-value comparison is
 * the one piece of SQL here that needs SQLite 3.15+ (PostgreSQL has always had it).
 */
function beyondKeyset(keyset: TimelineKeyset, side: 'after' | 'before'): Expression<SqlBool> {
  const op = sql.raw(side === 'after' ? '>' : '<');
  return sql<SqlBool>`(${sql.ref('item.date')}, ${sql.ref('item.kindRank')}, ${sql.ref('item.nodeId')}) ${op} (${keyset.date}, ${KIND_RANK[keyset.kind]}, ${keyset.id})`;
}

export function analyticsQueries(db: Db) {
  /** The items about an actor: events it took part in, measures it issued, signed or is targeted by, its statements, stances it holds or that are toward it. */
  function actorBranches(actorId: number): [TimelineItemKind, Branch][] {
    const measureRelation = sql<string>`case when ${sql.ref('sanctionMeasure.issuerId')} = ${actorId} then ${literal('ISSUED')} when ${sql.ref('sanctionMeasure.signatoryId')} = ${actorId} then ${literal('SIGNED')} else ${literal('TARGETED_BY')} end`;
    const measures = MILESTONES.map(([kind, column]): [TimelineItemKind, Branch] => [
      kind,
      db
        .selectFrom('sanctionMeasure')
        .select(itemColumns(column, kind, 'sanctionMeasure.id', measureRelation, noRole))
        .where(column, 'is not', null)
        .where((eb) =>
          eb.or([
            eb('sanctionMeasure.issuerId', '=', actorId),
            eb('sanctionMeasure.signatoryId', '=', actorId),
            eb.exists(
              eb
                .selectFrom('measureTarget')
                .select('measureTarget.id')
                .whereRef('measureTarget.measureId', '=', 'sanctionMeasure.id')
                .where('measureTarget.actorId', '=', actorId),
            ),
          ]),
        ) as unknown as Branch,
    ]);
    return [
      [
        'EVENT',
        db
          .selectFrom('eventParticipant')
          .innerJoin('event', 'event.id', 'eventParticipant.eventId')
          .select(itemColumns('event.occurredOn', 'EVENT', 'event.id', literal('TOOK_PART'), sql.ref('eventParticipant.role')))
          .where('eventParticipant.actorId', '=', actorId)
          .where('event.occurredOn', 'is not', null) as unknown as Branch,
      ],
      ...measures,
      [
        'STATEMENT',
        db
          .selectFrom('statement')
          .select(itemColumns('statement.saidOn', 'STATEMENT', 'statement.id', literal('SPOKE'), sql.ref('statement.speakerRole')))
          .where('statement.speakerId', '=', actorId) as unknown as Branch,
      ],
      [
        'STANCE',
        db
          .selectFrom('stance')
          .select(
            itemColumns(
              'stance.asOf',
              'STANCE',
              'stance.id',
              sql<string>`case when ${sql.ref('stance.holderId')} = ${actorId} then ${literal('HOLDS')} else ${literal('TOWARD')} end`,
              noRole,
            ),
          )
          .where((eb) => eb.or([eb('stance.holderId', '=', actorId), eb('stance.targetActorId', '=', actorId)])) as unknown as Branch,
      ],
    ];
  }

  /** The items about a measure: the events that triggered it, its own milestones, the statements evidencing stances toward it, and those stances. */
  function measureBranches(measureId: number): [TimelineItemKind, Branch][] {
    const milestones = MILESTONES.map(([kind, column]): [TimelineItemKind, Branch] => [
      kind,
      db
        .selectFrom('sanctionMeasure')
        .select(itemColumns(column, kind, 'sanctionMeasure.id', literal('MILESTONE'), noRole))
        .where('sanctionMeasure.id', '=', measureId)
        .where(column, 'is not', null) as unknown as Branch,
    ]);
    return [
      [
        'EVENT',
        db
          .selectFrom('measureTrigger')
          .innerJoin('event', 'event.id', 'measureTrigger.eventId')
          .select(itemColumns('event.occurredOn', 'EVENT', 'event.id', literal('TRIGGERED'), noRole))
          .where('measureTrigger.measureId', '=', measureId)
          .where('event.occurredOn', 'is not', null) as unknown as Branch,
      ],
      ...milestones,
      [
        'STATEMENT',
        db
          .selectFrom('statement')
          .select(itemColumns('statement.saidOn', 'STATEMENT', 'statement.id', literal('EVIDENCE'), sql.ref('statement.speakerRole')))
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('stanceEvidence')
                .innerJoin('stance', 'stance.id', 'stanceEvidence.stanceId')
                .select('stance.id')
                .whereRef('stanceEvidence.statementId', '=', 'statement.id')
                .where('stance.targetMeasureId', '=', measureId),
            ),
          ) as unknown as Branch,
      ],
      [
        'STANCE',
        db
          .selectFrom('stance')
          .select(itemColumns('stance.asOf', 'STANCE', 'stance.id', literal('TOWARD'), noRole))
          .where('stance.targetMeasureId', '=', measureId) as unknown as Branch,
      ],
    ];
  }

  /** Every item of the subject's timeline that passes the filter, as one derived table `item`; null when no kind is wanted. */
  function timelineItems(subject: TimelineSubject, filter: TimelineFilter) {
    const wanted = filter.kinds ? new Set(filter.kinds) : null;
    const branches = (subject.kind === 'actor' ? actorBranches(subject.id) : measureBranches(subject.id))
      .filter(([kind]) => !wanted || wanted.has(kind))
      .map(([, branch]) => branch);
    const [first, ...rest] = branches;
    if (!first) return null;
    const union = rest.reduce((all, branch) => all.unionAll(branch), first);
    return db
      .selectFrom(union.as('item'))
      .where((eb) => eb.and(withinDates('item.date', filter.between)));
  }

  return {
    /**
     * Counts the stances toward `target` attested within `asOf`: by holder country and position
     * (one GROUP BY), and by holder country with distinct holders (another). A holder belongs to
     * exactly one country group, so the overall figures are sums of the groups'.
     */
    async summarizeStances(target: StanceTargetRef, asOf: DateRange | null | undefined): Promise<StanceSummaryCounts> {
      const country = sql<number | null>`case when ${sql.ref('holder.kind')} = ${literal('STATE')} then ${sql.ref('holder.id')} else ${sql.ref('holder.countryId')} end`;
      const stances = db
        .selectFrom('stance')
        .innerJoin('actor as holder', 'holder.id', 'stance.holderId')
        .where(TARGET_COLUMNS[target.kind], '=', target.id)
        .where((eb) => eb.and(withinDates('stance.asOf', asOf)));

      const byPosition = await stances
        .select([country.as('countryId'), 'stance.position', sql<number>`count(*)`.as('count')])
        .groupBy([country, 'stance.position'])
        .execute();
      const byCountry = await stances
        .leftJoin('actor as country', (join) => join.on(sql<SqlBool>`${sql.ref('country.id')} = ${country}`))
        .select([
          country.as('countryId'),
          sql<number>`count(*)`.as('total'),
          sql<number>`count(distinct ${sql.ref('stance.holderId')})`.as('holders'),
        ])
        .groupBy(country)
        .orderBy(sql`count(*)`, 'desc')
        .orderBy(sql`case when ${country} is null then 1 else 0 end`)
        .orderBy(sql`max(${sql.ref('country.name')})`)
        .orderBy(country)
        .execute();

      const groups = new Map<number | null, CountryStanceCounts>();
      for (const row of byCountry) {
        const countryId = row.countryId === null ? null : Number(row.countryId);
        groups.set(countryId, { countryId, total: Number(row.total), holders: Number(row.holders), byPosition: zeroCounts() });
      }
      const overall = zeroCounts();
      for (const row of byPosition) {
        const group = groups.get(row.countryId === null ? null : Number(row.countryId));
        const count = Number(row.count);
        if (group) group.byPosition[row.position] += count;
        overall[row.position] += count;
      }
      const byHolderCountry = [...groups.values()];
      return {
        total: byHolderCountry.reduce((sum, group) => sum + group.total, 0),
        holders: byHolderCountry.reduce((sum, group) => sum + group.holders, 0),
        byPosition: overall,
        byHolderCountry,
      };
    },

    /** One page of the subject's timeline, in one SQL statement (a UNION ALL of the item kinds). */
    async findTimelinePage(subject: TimelineSubject, filter: TimelineFilter, request: TimelinePageRequest): Promise<Page<TimelineItemRow>> {
      let items = timelineItems(subject, filter);
      if (!items) return { rows: [], hasMore: false };
      if (request.after) items = items.where(beyondKeyset(request.after, 'after'));
      if (request.before) items = items.where(beyondKeyset(request.before, 'before'));
      // Reading from the end fetches in reverse; toPage puts the page back in timeline order.
      const direction = request.fromEnd ? 'desc' : 'asc';
      const rows = await items
        .selectAll()
        .orderBy('item.date', direction)
        .orderBy('item.kindRank', direction)
        .orderBy('item.nodeId', direction)
        .limit(request.size + 1)
        .execute();
      const page = toPage(rows, request);
      return {
        rows: page.rows.map(
          (row): TimelineItemRow => ({
            date: row.date,
            kind: TIMELINE_ITEM_KINDS[Number(row.kindRank)] as TimelineItemKind,
            id: Number(row.nodeId),
            relation: row.relation as TimelineRelation,
            role: row.role,
          }),
        ),
        hasMore: page.hasMore,
      };
    },

    /** How many items the subject's timeline holds under the filter, across all pages. */
    async countTimeline(subject: TimelineSubject, filter: TimelineFilter): Promise<number> {
      const items = timelineItems(subject, filter);
      if (!items) return 0;
      const row = await items.select(sql<number>`count(*)`.as('count')).executeTakeFirst();
      return Number(row?.count ?? 0);
    },
  };
}
