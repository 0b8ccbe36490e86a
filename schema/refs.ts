// Every node type's ref, declared before any type is implemented so that the domain modules can
// point at each other (Statement.speaker → Actor, Actor.statements → Statement) without import cycles.
// Each ref knows how to batch-load its rows by ID: `node(id:)`, `nodes(ids:)` and every field that
// returns an ID of the type go through that one per-request dataloader.
import { PothosValidationError } from '@pothos/core';
import type {
  ActorRow,
  AffiliationRow,
  ArticleRow,
  EventRow,
  SanctionMeasureRow,
  SavedQueryRow,
  StanceRow,
  StatementRow,
  TopicRow,
} from '../server/store/tables.js';
import { builder } from './builder.js';

/** Local IDs are positive integers; anything else inside a global ID is a bad ID, not a miss. */
function parseLocalId(id: string): number {
  const parsed = /^[1-9]\d{0,15}$/.test(id) ? Number(id) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) throw new PothosValidationError(`Invalid ID: "${id}" is not a known ID format`);
  return parsed;
}

const byId = { resolve: (row: { id: number }) => row.id, parse: parseLocalId };
const sortById = (row: { id: number }) => row.id;

export const ArticleRef = builder.loadableNodeRef<ArticleRow, number, number>('Article', {
  id: byId,
  load: (ids, context) => context.store.articles.findByIds(ids),
  sort: sortById,
});

export const ActorRef = builder.loadableNodeRef<ActorRow, number, number>('Actor', {
  id: byId,
  load: (ids, context) => context.store.actors.findByIds(ids),
  sort: sortById,
});

export const AffiliationRef = builder.loadableNodeRef<AffiliationRow, number, number>('Affiliation', {
  id: byId,
  load: (ids, context) => context.store.actors.findAffiliationsByIds(ids),
  sort: sortById,
});

export const StatementRef = builder.loadableNodeRef<StatementRow, number, number>('Statement', {
  id: byId,
  load: (ids, context) => context.store.statements.findByIds(ids),
  sort: sortById,
});

export const StanceRef = builder.loadableNodeRef<StanceRow, number, number>('Stance', {
  id: byId,
  load: (ids, context) => context.store.stances.findByIds(ids),
  sort: sortById,
});

export const SanctionMeasureRef = builder.loadableNodeRef<SanctionMeasureRow, number, number>('SanctionMeasure', {
  id: byId,
  load: (ids, context) => context.store.sanctionMeasures.findByIds(ids),
  sort: sortById,
});

export const EventRef = builder.loadableNodeRef<EventRow, number, number>('Event', {
  id: byId,
  load: (ids, context) => context.store.events.findByIds(ids),
  sort: sortById,
});

export const TopicRef = builder.loadableNodeRef<TopicRow, number, number>('Topic', {
  id: byId,
  load: (ids, context) => context.store.topics.findByIds(ids),
  sort: sortById,
});

export const SavedQueryRef = builder.loadableNodeRef<SavedQueryRow, number, number>('SavedQuery', {
  id: byId,
  load: (ids, context) => context.store.savedQueries.findByIds(ids),
  sort: sortById,
});
