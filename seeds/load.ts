// Loads the seed documents (seeds/<slug>/article.txt + annotations.yaml) into the store.
//
// Loading is idempotent and converges: rows are matched by natural key (slugs; a statement by its
// article and span; an affiliation by member, organization and role), unchanged rows are left alone
// (their IDs and updatedAt stay), changed rows are updated, and the children a document owns
// (aliases and affiliations of the actors it declares, the article's statements and mentions, a
// measure's targets, sectors, provisions, triggers and relations, a stance's evidence) are made to
// match the document exactly. All documents load in one transaction: a bad file changes nothing.
//
// The seed is the starting graph; editors own it afterwards. A row someone changed through the
// write path (a mutation, an import: anything in the audit log but the seed's own entries) is kept
// as it is, with the children it owns, and the summary says so (`kept`); the seed still inserts what
// is missing and updates what nobody but the seed has touched. Its updates are audited as loadSeeds.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { parseArticleText } from '../server/ingest/article-text.js';
import { type Edit, findEdits, SEED_AUTHOR, SEED_OPERATION } from '../server/store/audit-log.js';
import type { Db } from '../server/store/database.js';
import { nowTimestamp } from '../server/store/dates.js';
import { spanProblem } from '../server/store/spans.js';
import { selfStanceProblems } from '../server/store/stances.js';
import { type Row, syncChildren, upsertRow } from '../server/store/sync.js';
import type { Database } from '../server/store/tables.js';
import { appendAudit, describeProblem, type SluggedTable, type Trx } from '../server/store/writes.js';
import { type Annotation, annotationSchema } from './annotation.js';

export const SEEDS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)));

export class SeedError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'SeedError';
  }
}

export interface SeedSummary {
  documents: string[];
  /** Rows inserted, updated or deleted, per table; tables that did not change are absent. */
  changes: Record<string, { inserted: number; updated: number; deleted: number }>;
  /** Rows the seed would have changed but left alone, because an editor has changed them. */
  kept: KeptRow[];
}

/** A row an editor owns: the seed leaves it, and the children it owns, as they are. */
export interface KeptRow {
  table: string;
  /** The row's natural key: a slug, or for a statement its article and span. */
  key: string;
  /** The latest change someone other than the seed made to it (from the audit log). */
  edit: Edit;
}

/** The GraphQL type the audit log names for each table the seed writes by slug. */
const ENTITY_TYPES: Record<SluggedTable, string> = {
  article: 'Article',
  actor: 'Actor',
  topic: 'Topic',
  event: 'Event',
  sanctionMeasure: 'SanctionMeasure',
  stance: 'Stance',
};

/** The seed documents under `dir`: every folder holding an annotations.yaml, in name order. */
export function listSeedDocuments(dir = SEEDS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'annotations.yaml')))
    .map((entry) => join(dir, entry.name))
    .sort();
}

export async function loadSeeds(db: Db, dir = SEEDS_DIR): Promise<SeedSummary> {
  const summary: SeedSummary = { documents: [], changes: {}, kept: [] };
  // Read and check every document before writing any, then write them all in one transaction:
  // one broken file, or one the database refuses, loads nothing.
  const documents = listSeedDocuments(dir).map(readSeedDocument);
  await db.transaction().execute(async (trx) => {
    for (const document of documents) {
      await new SeedWriter(trx, summary).write(document);
      summary.documents.push(document.annotation.article.slug);
    }
  });
  return summary;
}

export interface SeedDocument {
  annotation: Annotation;
  section: string | null;
  headline: string;
  dek: string | null;
  body: string;
  photoCredit: string | null;
}

/** Reads one document folder and checks it completely; throws a SeedError listing every problem. */
export function readSeedDocument(folder: string): SeedDocument {
  const file = join(folder, 'annotations.yaml');
  const annotation = parseAnnotation(file, readFileSync(file, 'utf8'));
  const sourceFile = join(folder, annotation.article.source);
  if (!existsSync(sourceFile)) throw new SeedError(file, [`article.source: ${annotation.article.source} does not exist`]);
  const parsed = parseArticleText(readFileSync(sourceFile, 'utf8'));
  const document: SeedDocument = {
    annotation,
    section: annotation.article.section ?? parsed.section,
    headline: annotation.article.headline ?? parsed.headline,
    dek: parsed.dek,
    body: parsed.body,
    photoCredit: parsed.photoCredit,
  };
  const problems = checkReferences(document);
  if (problems.length > 0) throw new SeedError(file, problems);
  return document;
}

export function parseAnnotation(file: string, source: string): Annotation {
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    if (error instanceof YAMLParseError) throw new SeedError(file, [error.message]);
    throw error;
  }
  const result = annotationSchema.safeParse(data);
  if (!result.success) throw new SeedError(file, result.error.issues.map(formatIssue));
  return result.data;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
  return `${path || '(root)'}: ${issue.message}`;
}

/** Every cross-reference, span and uniqueness rule the schema alone cannot express. */
function checkReferences({ annotation: a, body }: SeedDocument): string[] {
  const problems: string[] = [];
  const actors = new Map(a.actors.map((actor) => [actor.slug, actor]));
  const defined = {
    actor: new Set(actors.keys()),
    event: new Set(a.events.map((event) => event.slug)),
    measure: new Set(a.measures.map((measure) => measure.slug)),
    topic: new Set(a.topics.map((topic) => topic.slug)),
    statement: new Set(a.statements.map((statement) => statement.key)),
  };
  const ref = (kind: keyof typeof defined, slug: string | null | undefined, path: string) => {
    if (slug && !defined[kind].has(slug)) problems.push(`${path}: no ${kind} "${slug}" is defined in this file`);
  };
  /** Reports every value that repeats an earlier one, worded by `problem`. */
  const repeats = (values: string[], problem: (value: string, index: number) => string) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      if (seen.has(value)) problems.push(problem(value, index));
      seen.add(value);
    });
  };
  const unique = (values: string[], what: string) => repeats(values, (value) => `${what} "${value}" is defined twice`);

  unique(a.actors.map((actor) => actor.slug), 'actor');
  unique(a.events.map((event) => event.slug), 'event');
  unique(a.measures.map((measure) => measure.slug), 'measure');
  unique(a.topics.map((topic) => topic.slug), 'topic');
  unique(a.stances.map((stance) => stance.slug), 'stance');
  unique(a.statements.map((statement) => statement.key), 'statement key');
  unique(a.statements.map((statement) => statement.span.join('–')), 'statement span');

  a.article.mentions.actors.forEach((slug, i) => ref('actor', slug, `article.mentions.actors[${i}]`));
  a.article.mentions.measures.forEach((slug, i) => ref('measure', slug, `article.mentions.measures[${i}]`));
  a.article.mentions.events.forEach((slug, i) => ref('event', slug, `article.mentions.events[${i}]`));
  a.actors.forEach((actor, i) => {
    if (!actor.country) return;
    ref('actor', actor.country, `actors[${i}].country`);
    const country = actors.get(actor.country);
    if (country && country.kind !== 'STATE') problems.push(`actors[${i}].country: "${actor.country}" is not a STATE`);
    if (actor.kind === 'STATE') problems.push(`actors[${i}].country: a STATE has no country of its own`);
  });
  const distinct = (values: string[], path: string) =>
    repeats(values, (value, index) => `${path}[${index}]: "${value}" is listed twice`);
  distinct(a.article.mentions.actors, 'article.mentions.actors');
  distinct(a.article.mentions.measures, 'article.mentions.measures');
  distinct(a.article.mentions.events, 'article.mentions.events');
  a.actors.forEach((actor, i) => distinct(actor.aliases, `actors[${i}].aliases`));
  distinct(
    a.affiliations.map((affiliation) => `${affiliation.member} / ${affiliation.organization} / ${affiliation.role}`),
    'affiliations',
  );
  a.events.forEach((event, i) => distinct(event.participants.map((p) => p.actor), `events[${i}].participants`));
  a.measures.forEach((measure, i) => {
    distinct(measure.targets.map((target) => target.actor), `measures[${i}].targets`);
    distinct(measure.sectors, `measures[${i}].sectors`);
    distinct(measure.triggeredBy, `measures[${i}].triggeredBy`);
    distinct(measure.relations.map((relation) => `${relation.kind} ${relation.measure}`), `measures[${i}].relations`);
  });
  a.stances.forEach((stance, i) => distinct(stance.evidence, `stances[${i}].evidence`));

  a.affiliations.forEach((affiliation, i) => {
    ref('actor', affiliation.member, `affiliations[${i}].member`);
    ref('actor', affiliation.organization, `affiliations[${i}].organization`);
    if (affiliation.member === affiliation.organization) {
      problems.push(`affiliations[${i}]: an actor cannot be affiliated with itself`);
    }
    if (affiliation.startedOn && affiliation.endedOn && affiliation.startedOn > affiliation.endedOn) {
      problems.push(`affiliations[${i}]: endedOn is before startedOn`);
    }
  });
  a.events.forEach((event, i) =>
    event.participants.forEach((p, j) => ref('actor', p.actor, `events[${i}].participants[${j}].actor`)),
  );
  a.measures.forEach((measure, i) => {
    ref('actor', measure.issuer, `measures[${i}].issuer`);
    ref('actor', measure.signatory, `measures[${i}].signatory`);
    measure.targets.forEach((target, j) => ref('actor', target.actor, `measures[${i}].targets[${j}].actor`));
    measure.triggeredBy.forEach((slug, j) => ref('event', slug, `measures[${i}].triggeredBy[${j}]`));
    measure.relations.forEach((relation, j) => {
      ref('measure', relation.measure, `measures[${i}].relations[${j}].measure`);
      if (relation.measure === measure.slug) problems.push(`measures[${i}].relations[${j}]: a measure cannot relate to itself`);
    });
  });
  a.statements.forEach((statement, i) => {
    ref('actor', statement.speaker, `statements[${i}].speaker`);
    ref('event', statement.event, `statements[${i}].event`);
    problems.push(...checkSpan(body, statement, `statements[${i}]`));
  });
  a.stances.forEach((stance, i) => {
    ref('actor', stance.holder, `stances[${i}].holder`);
    const [[kind, slug]] = Object.entries(stance.target) as [[keyof typeof defined, string]];
    ref(kind, slug, `stances[${i}].target.${kind}`);
    problems.push(...selfStanceProblems({ holder: stance.holder, targetActor: kind === 'actor' ? slug : null }, `stances[${i}].target.actor`).map(describeProblem));
    stance.evidence.forEach((key, j) => ref('statement', key, `stances[${i}].evidence[${j}]`));
  });
  return problems;
}

function checkSpan(body: string, statement: Annotation['statements'][number], path: string): string[] {
  const problem = spanProblem(body, statement.span, statement.text);
  return problem ? [`${path}.span: ${problem}`] : [];
}


class SeedWriter {
  private readonly now = nowTimestamp();
  private readonly ids = {
    actor: new Map<string, number>(),
    event: new Map<string, number>(),
    measure: new Map<string, number>(),
    topic: new Map<string, number>(),
    statement: new Map<string, number>(),
  };
  /** `table:id` of the rows kept for their editors: the seed leaves their children alone too. */
  private readonly keptRows = new Set<string>();

  constructor(
    private readonly trx: Trx,
    private readonly summary: SeedSummary,
  ) {}

  async write(document: SeedDocument): Promise<void> {
    const a = document.annotation;
    const articleId = await this.upsertBySlug('article', {
      slug: a.article.slug,
      publication: a.article.publication,
      section: document.section,
      headline: document.headline,
      dek: document.dek,
      body: document.body,
      url: a.article.url ?? null,
      publishedOn: a.article.publishedOn,
      photoCredit: document.photoCredit,
      language: a.article.language,
    });
    const articleKept = this.isKept('article', articleId);
    if (!articleKept) {
      await this.syncChildren('articleAuthor', { articleId }, ['position'],
        a.article.authors.map((name, position) => ({ position, name })));
    }

    // Actors without a country (states among them) first, so every country is written before the
    // actors that point at it.
    const byCountryLast = [...a.actors].sort((x, y) => Number(Boolean(x.country)) - Number(Boolean(y.country)));
    for (const actor of byCountryLast) {
      this.ids.actor.set(actor.slug, await this.upsertBySlug('actor', {
        slug: actor.slug,
        name: actor.name,
        kind: actor.kind,
        countryId: actor.country ? this.actorId(actor.country) : null,
        description: actor.description ?? null,
      }));
    }
    for (const actor of a.actors) {
      const actorId = this.actorId(actor.slug);
      if (this.isKept('actor', actorId)) continue;
      const affiliations = await this.trx.selectFrom('affiliation').select('id').where('memberId', '=', actorId).execute();
      const keepAffiliation = await this.keepEdited('affiliation', 'Affiliation', affiliations.map((row) => row.id),
        (row) => `${actor.slug} as ${String(row.role)}`);
      await this.syncChildren('actorAlias', { actorId }, ['alias'], actor.aliases.map((alias) => ({ alias })));
      await this.syncChildren('affiliation', { memberId: actorId }, ['organizationId', 'role'],
        a.affiliations
          .filter((affiliation) => affiliation.member === actor.slug)
          .map((affiliation) => ({
            organizationId: this.actorId(affiliation.organization),
            role: affiliation.role,
            startedOn: affiliation.startedOn ?? null,
            endedOn: affiliation.endedOn ?? null,
          })),
        { timestamps: true, keep: keepAffiliation });
    }

    for (const topic of a.topics) {
      this.ids.topic.set(topic.slug, await this.upsertBySlug('topic', {
        slug: topic.slug, name: topic.name, description: topic.description ?? null,
      }));
    }

    for (const event of a.events) {
      const eventId = await this.upsertBySlug('event', {
        slug: event.slug,
        kind: event.kind,
        title: event.title,
        occurredOn: event.occurredOn ?? null,
        description: event.description ?? null,
      });
      this.ids.event.set(event.slug, eventId);
      if (this.isKept('event', eventId)) continue;
      await this.syncChildren('eventParticipant', { eventId }, ['actorId'],
        event.participants.map((p) => ({ actorId: this.actorId(p.actor), role: p.role ?? null })));
    }

    for (const measure of a.measures) {
      this.ids.measure.set(measure.slug, await this.upsertBySlug('sanctionMeasure', {
        slug: measure.slug,
        name: measure.name,
        instrument: measure.instrument,
        identifier: measure.identifier ?? null,
        issuerId: this.actorId(measure.issuer),
        signatoryId: measure.signatory ? this.actorId(measure.signatory) : null,
        scope: measure.scope,
        signedOn: measure.signedOn ?? null,
        announcedOn: measure.announcedOn ?? null,
        effectiveOn: measure.effectiveOn ?? null,
        description: measure.description ?? null,
      }));
    }
    for (const measure of a.measures) {
      const measureId = this.id('measure', measure.slug);
      if (this.isKept('sanctionMeasure', measureId)) continue;
      await this.syncChildren('measureTarget', { measureId }, ['actorId'],
        measure.targets.map((target) => ({ actorId: this.actorId(target.actor), note: target.note ?? null })));
      await this.syncChildren('measureSector', { measureId }, ['sector'], measure.sectors.map((sector) => ({ sector })));
      await this.syncChildren('measureProvision', { measureId }, ['position'],
        measure.provisions.map((provision, position) => ({ position, kind: provision.kind, description: provision.description })));
      await this.syncChildren('measureTrigger', { measureId }, ['eventId'],
        measure.triggeredBy.map((slug) => ({ eventId: this.id('event', slug) })));
      await this.syncChildren('measureRelation', { fromMeasureId: measureId }, ['toMeasureId', 'kind'],
        measure.relations.map((relation) => ({
          toMeasureId: this.id('measure', relation.measure), kind: relation.kind, note: relation.note ?? null,
        })));
    }

    if (!articleKept) await this.writeArticleChildren(document, articleId);
    const spans = await this.trx
      .selectFrom('statement')
      .select(['id', 'spanStart', 'spanEnd'])
      .where('articleId', '=', articleId)
      .execute();
    const idBySpan = new Map(spans.map((row) => [`${row.spanStart}:${row.spanEnd}`, row.id]));
    for (const statement of a.statements) {
      const id = idBySpan.get(statement.span.join(':'));
      if (id !== undefined) this.ids.statement.set(statement.key, id);
    }

    for (const stance of a.stances) {
      const [[kind, slug]] = Object.entries(stance.target) as [['measure' | 'actor' | 'event' | 'topic', string]];
      const target = this.id(kind, slug);
      const stanceId = await this.upsertBySlug('stance', {
        slug: stance.slug,
        holderId: this.actorId(stance.holder),
        position: stance.position,
        targetMeasureId: kind === 'measure' ? target : null,
        targetActorId: kind === 'actor' ? target : null,
        targetEventId: kind === 'event' ? target : null,
        targetTopicId: kind === 'topic' ? target : null,
        summary: stance.summary,
        asOf: stance.asOf ?? a.article.publishedOn,
        articleId,
      });
      if (this.isKept('stance', stanceId)) continue;
      // A statement of a kept article may be gone (its editor deleted it): it is no evidence then.
      await this.syncChildren('stanceEvidence', { stanceId }, ['statementId'],
        stance.evidence.flatMap((key) => {
          const statementId = this.ids.statement.get(key);
          return statementId === undefined ? [] : [{ statementId }];
        }));
    }
  }

  /** The article's mentions and statements; statements an editor changed stay as they are. */
  private async writeArticleChildren(document: SeedDocument, articleId: number): Promise<void> {
    const a = document.annotation;
    await this.syncChildren('articleActorMention', { articleId }, ['actorId'],
      a.article.mentions.actors.map((slug) => ({ actorId: this.actorId(slug) })));
    await this.syncChildren('articleMeasureMention', { articleId }, ['measureId'],
      a.article.mentions.measures.map((slug) => ({ measureId: this.id('measure', slug) })));
    await this.syncChildren('articleEventMention', { articleId }, ['eventId'],
      a.article.mentions.events.map((slug) => ({ eventId: this.id('event', slug) })));

    const existing = await this.trx.selectFrom('statement').select('id').where('articleId', '=', articleId).execute();
    const edits = await findEdits(this.trx, 'Statement', existing.map((row) => row.id));
    await this.countEvidenceOfDroppedStatements(articleId, a.statements, new Set(edits.keys()));
    const keepStatement = this.keepRowsIn(edits, 'statement',
      (row) => `${a.article.slug} [${String(row.spanStart)}, ${String(row.spanEnd)})`);
    await this.syncChildren('statement', { articleId }, ['spanStart', 'spanEnd'],
      a.statements.map((statement) => ({
        speakerId: this.actorId(statement.speaker),
        speakerRole: statement.speakerRole ?? null,
        kind: statement.kind,
        text: statement.text,
        spanStart: statement.span[0],
        spanEnd: statement.span[1],
        saidOn: statement.saidOn ?? a.article.publishedOn,
        saidOnInferred: (statement.saidOnInferred ?? !statement.saidOn) ? 1 : 0,
        venue: statement.venue ?? null,
        eventId: statement.event ? this.id('event', statement.event) : null,
      })),
      { timestamps: true, keep: keepStatement });
  }

  private actorId(slug: string): number {
    return this.id('actor', slug);
  }

  private id(kind: keyof SeedWriter['ids'], slug: string): number {
    const id = this.ids[kind].get(slug);
    if (id === undefined) throw new Error(`seed loader: ${kind} "${slug}" was not written before it was used`);
    return id;
  }

  /**
   * Statements the document no longer has take their evidence rows with them (ON DELETE CASCADE),
   * unless an editor changed them (`edited`, by ID): those stay.
   */
  private async countEvidenceOfDroppedStatements(
    articleId: number,
    statements: Annotation['statements'],
    edited: ReadonlySet<number>,
  ): Promise<void> {
    const kept = new Set(statements.map((statement) => statement.span.join(':')));
    const evidence = await this.trx
      .selectFrom('stanceEvidence')
      .innerJoin('statement', 'statement.id', 'stanceEvidence.statementId')
      .select(['statement.id', 'statement.spanStart', 'statement.spanEnd'])
      .where('statement.articleId', '=', articleId)
      .execute();
    const dropped = evidence.filter((row) => !edited.has(row.id) && !kept.has(`${row.spanStart}:${row.spanEnd}`));
    this.count('stanceEvidence', 'deleted', dropped.length);
  }

  private isKept(table: SluggedTable, id: number): boolean {
    return this.keptRows.has(`${table}:${id}`);
  }

  /** Whether an editor has changed the row (then it is kept, and reported); for upsertRow's `keep`. */
  private async keepIfEdited(table: SluggedTable, slug: string, id: number): Promise<boolean> {
    const edit = (await findEdits(this.trx, ENTITY_TYPES[table], [id])).get(id);
    if (!edit) return false;
    this.keptRows.add(`${table}:${id}`);
    this.summary.kept.push({ table, key: slug, edit });
    return true;
  }

  /** A syncChildren `keep` for rows of `table` (IDs `ids`) that an editor has changed. */
  private async keepEdited(table: string, entityType: string, ids: number[], label: (row: Row) => string): Promise<(row: Row) => boolean> {
    return this.keepRowsIn(await findEdits(this.trx, entityType, ids), table, label);
  }

  /** Keeps (and reports, labelled by `label`) the rows that have an entry in `edits`. */
  private keepRowsIn(edits: Map<number, Edit>, table: string, label: (row: Row) => string): (row: Row) => boolean {
    return (row) => {
      const edit = edits.get(Number(row.id));
      if (!edit) return false;
      this.summary.kept.push({ table, key: label(row), edit });
      return true;
    };
  }

  private count(table: string, change: 'inserted' | 'updated' | 'deleted', by = 1): void {
    if (by === 0) return;
    const entry = (this.summary.changes[table] ??= { inserted: 0, updated: 0, deleted: 0 });
    entry[change] += by;
  }

  /**
   * Inserts the row, or updates it (and its updatedAt) only where a value differs and no editor has
   * changed it. An update is audited (as the seed's, so it never counts as an editor's change).
   */
  private async upsertBySlug(table: SluggedTable, { slug, ...values }: Row & { slug: string }): Promise<number> {
    const keep = (existing: Row) => this.keepIfEdited(table, slug, Number(existing.id));
    const { id, change } = await upsertRow(this.trx, table, { slug }, values, this.now, { keep });
    if (change === 'updated') {
      await appendAudit(this.trx, SEED_AUTHOR, this.now, { operation: SEED_OPERATION, entityType: ENTITY_TYPES[table], entityId: id, details: { slug } });
    }
    if (change !== 'unchanged') this.count(table, change);
    return id;
  }

  /** Makes the rows of `table` under `parent` match `rows` (see syncChildren), counting what changed. */
  private async syncChildren(
    table: keyof Database,
    parent: Row,
    keys: string[],
    rows: Row[],
    options: { timestamps?: boolean; keep?: (existing: Row) => boolean } = {},
  ): Promise<void> {
    const changes = await syncChildren(this.trx, table, parent, keys, rows, { now: this.now, ...options });
    this.count(table, 'deleted', changes.deleted);
    this.count(table, 'inserted', changes.inserted);
    this.count(table, 'updated', changes.updated);
  }
}
