// What a row is, table by table. Property names are camelCase: Kysely's CamelCasePlugin maps them to
// the snake_case columns the migrations create. Dates are ISO `YYYY-MM-DD` text, timestamps ISO-8601
// text, booleans 0/1 (better-sqlite3 binds neither Date nor boolean).
import type { Generated, Selectable } from 'kysely';
import type {
  ActorKind,
  EventKind,
  MeasureRelationKind,
  ProvisionKind,
  ReviewStatus,
  Role,
  SavedQueryStatus,
  SanctionInstrument,
  SanctionScope,
  SanctionSector,
  StancePosition,
  StatementKind,
} from './enums.js';

interface Timestamps {
  createdAt: string;
  updatedAt: string;
}

export interface ArticleTable extends Timestamps {
  id: Generated<number>;
  slug: string;
  publication: string;
  section: string | null;
  headline: string;
  dek: string | null;
  body: string;
  url: string | null;
  publishedOn: string;
  photoCredit: string | null;
  language: string;
}

export interface ArticleAuthorTable {
  id: Generated<number>;
  articleId: number;
  position: number;
  name: string;
}

export interface ActorTable extends Timestamps {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: ActorKind;
  countryId: number | null;
  description: string | null;
}

export interface ActorAliasTable {
  id: Generated<number>;
  actorId: number;
  alias: string;
}

export interface AffiliationTable extends Timestamps {
  id: Generated<number>;
  memberId: number;
  organizationId: number;
  role: string;
  startedOn: string | null;
  endedOn: string | null;
}

export interface TopicTable extends Timestamps {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string | null;
}

export interface EventTable extends Timestamps {
  id: Generated<number>;
  slug: string;
  kind: EventKind;
  title: string;
  occurredOn: string | null;
  description: string | null;
}

export interface EventParticipantTable {
  id: Generated<number>;
  eventId: number;
  actorId: number;
  role: string | null;
}

export interface SanctionMeasureTable extends Timestamps {
  id: Generated<number>;
  slug: string;
  name: string;
  instrument: SanctionInstrument;
  identifier: string | null;
  issuerId: number;
  signatoryId: number | null;
  scope: SanctionScope;
  signedOn: string | null;
  announcedOn: string | null;
  effectiveOn: string | null;
  description: string | null;
}

export interface MeasureTargetTable {
  id: Generated<number>;
  measureId: number;
  actorId: number;
  note: string | null;
}

export interface MeasureSectorTable {
  measureId: number;
  sector: SanctionSector;
}

export interface MeasureProvisionTable {
  id: Generated<number>;
  measureId: number;
  position: number;
  kind: ProvisionKind;
  description: string;
}

export interface MeasureTriggerTable {
  measureId: number;
  eventId: number;
}

export interface MeasureRelationTable {
  id: Generated<number>;
  fromMeasureId: number;
  toMeasureId: number;
  kind: MeasureRelationKind;
  note: string | null;
}

export interface StatementTable extends Timestamps {
  id: Generated<number>;
  articleId: number;
  speakerId: number;
  speakerRole: string | null;
  kind: StatementKind;
  text: string;
  spanStart: number;
  spanEnd: number;
  saidOn: string;
  saidOnInferred: 0 | 1;
  venue: string | null;
  eventId: number | null;
  /** Imported statements wait as PENDING until an editor confirms or corrects them. */
  reviewStatus: Generated<ReviewStatus>;
  /** How sure the extractor was (0–1); null for statements entered by hand. */
  confidence: number | null;
}

export interface StanceTable extends Timestamps {
  id: Generated<number>;
  slug: string;
  holderId: number;
  position: StancePosition;
  targetMeasureId: number | null;
  targetActorId: number | null;
  targetEventId: number | null;
  targetTopicId: number | null;
  summary: string;
  asOf: string;
  articleId: number | null;
}

export interface StanceEvidenceTable {
  stanceId: number;
  statementId: number;
}

export interface ArticleActorMentionTable {
  articleId: number;
  actorId: number;
}

export interface ArticleMeasureMentionTable {
  articleId: number;
  measureId: number;
}

export interface ArticleEventMentionTable {
  articleId: number;
  eventId: number;
}

export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  role: Role;
  prefix: string;
  keyHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  apiKeyId: number | null;
  actorName: string;
  operation: string;
  entityType: string;
  entityId: number;
  details: string;
}

export interface SavedQueryTable extends Timestamps {
  id: Generated<number>;
  /** A URL-safe slug: the query is served at /queries/<name>. */
  name: string;
  title: string;
  description: string | null;
  ownerKeyId: number | null;
  ownerName: string;
  currentVersion: number;
  status: SavedQueryStatus;
  brokenReason: string | null;
  checkedAt: string;
  /** Set when the query was deleted: it is kept, with its versions, until someone restores it. */
  deletedAt: string | null;
  deletedByKeyId: number | null;
  deletedByName: string | null;
}

export interface SavedQueryVersionTable {
  id: Generated<number>;
  savedQueryId: number;
  version: number;
  document: string;
  operationName: string;
  documentHash: string;
  /** JSON object text. */
  defaultVariables: string;
  authorName: string;
  createdAt: string;
}

export interface Database {
  article: ArticleTable;
  articleAuthor: ArticleAuthorTable;
  actor: ActorTable;
  actorAlias: ActorAliasTable;
  affiliation: AffiliationTable;
  topic: TopicTable;
  event: EventTable;
  eventParticipant: EventParticipantTable;
  sanctionMeasure: SanctionMeasureTable;
  measureTarget: MeasureTargetTable;
  measureSector: MeasureSectorTable;
  measureProvision: MeasureProvisionTable;
  measureTrigger: MeasureTriggerTable;
  measureRelation: MeasureRelationTable;
  statement: StatementTable;
  stance: StanceTable;
  stanceEvidence: StanceEvidenceTable;
  articleActorMention: ArticleActorMentionTable;
  articleMeasureMention: ArticleMeasureMentionTable;
  articleEventMention: ArticleEventMentionTable;
  apiKey: ApiKeyTable;
  auditLog: AuditLogTable;
  savedQuery: SavedQueryTable;
  savedQueryVersion: SavedQueryVersionTable;
}

export type ArticleRow = Selectable<ArticleTable>;
export type ActorRow = Selectable<ActorTable>;
export type AffiliationRow = Selectable<AffiliationTable>;
export type TopicRow = Selectable<TopicTable>;
export type EventRow = Selectable<EventTable>;
export type EventParticipantRow = Selectable<EventParticipantTable>;
export type SanctionMeasureRow = Selectable<SanctionMeasureTable>;
export type MeasureTargetRow = Selectable<MeasureTargetTable>;
export type MeasureProvisionRow = Selectable<MeasureProvisionTable>;
export type MeasureRelationRow = Selectable<MeasureRelationTable>;
export type StatementRow = Selectable<StatementTable>;
export type StanceRow = Selectable<StanceTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type SavedQueryRow = Selectable<SavedQueryTable>;
export type SavedQueryVersionRow = Selectable<SavedQueryVersionTable>;
