// The closed vocabularies of the domain, as the application sees them. The GraphQL enums are built
// from these lists (with a description per value) and the store's CHECK constraints accept exactly
// these values; test/store.test.ts proves the two agree.

export const ACTOR_KINDS = [
  'PERSON',
  'ORGANIZATION',
  'GOVERNMENT_BODY',
  'STATE',
  'POLITICAL_PARTY',
  'INTERNATIONAL_ORGANIZATION',
  'COMPANY',
  'MEDIA_OUTLET',
  'COALITION',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const STATEMENT_KINDS = ['DIRECT_QUOTE', 'PARTIAL_QUOTE', 'PARAPHRASE'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export const STANCE_POSITIONS = ['SUPPORTS', 'OPPOSES', 'CRITICIZES', 'CONCERNED', 'NEUTRAL', 'ASSESSES'] as const;
export type StancePosition = (typeof STANCE_POSITIONS)[number];

export const EVENT_KINDS = [
  'NUCLEAR_TEST',
  'MISSILE_LAUNCH',
  'CYBER_ATTACK',
  'SENTENCING',
  'PRESS_BRIEFING',
  'DIPLOMATIC_TALKS',
  'SUMMIT',
  'VOTE',
  'MILITARY_ACTION',
  'ARREST',
  'OTHER',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const SANCTION_INSTRUMENTS = [
  'EXECUTIVE_ORDER',
  'UN_SECURITY_COUNCIL_RESOLUTION',
  'DESIGNATION',
  'LEGISLATION',
  'REGULATION',
] as const;
export type SanctionInstrument = (typeof SANCTION_INSTRUMENTS)[number];

export const SANCTION_SCOPES = ['UNILATERAL', 'MULTILATERAL'] as const;
export type SanctionScope = (typeof SANCTION_SCOPES)[number];

export const SANCTION_SECTORS = [
  'FINANCIAL',
  'MINING',
  'TRANSPORT',
  'ENERGY',
  'DEFENSE',
  'TECHNOLOGY',
  'LABOR',
  'TRADE',
  'MEDIA',
  'GOVERNMENT',
] as const;
export type SanctionSector = (typeof SANCTION_SECTORS)[number];

export const PROVISION_KINDS = [
  'ASSET_FREEZE',
  'EXPORT_BAN',
  'IMPORT_BAN',
  'INVESTMENT_BAN',
  'SECONDARY_SANCTIONS',
  'SECTORAL_SANCTIONS',
  'LABOR_EXPORT_BAN',
  'TRAVEL_BAN',
  'ARMS_EMBARGO',
  'FINANCIAL_RESTRICTION',
  'CARGO_INSPECTION',
  'OTHER',
] as const;
export type ProvisionKind = (typeof PROVISION_KINDS)[number];

export const MEASURE_RELATION_KINDS = ['IN_VIEW_OF', 'BUILDS_ON', 'AMENDS', 'SUPERSEDES'] as const;
export type MeasureRelationKind = (typeof MEASURE_RELATION_KINDS)[number];

export const REVIEW_STATUSES = ['PENDING', 'CONFIRMED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** API key roles, weakest first: each role can do everything the ones before it can. */
export const ROLES = ['READER', 'ANALYST', 'EDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Whether a saved query still runs against the current schema. */
export const SAVED_QUERY_STATUSES = ['OK', 'BROKEN'] as const;
export type SavedQueryStatus = (typeof SAVED_QUERY_STATUSES)[number];
