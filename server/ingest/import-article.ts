// Importing an article from plain text: split it into its parts, find its statements, resolve each
// speaker to an actor (an existing one by name or alias, or a new one), and write it all in one
// transaction, the statements PENDING until an editor confirms them.
import { sql } from 'kysely';
import type { Author } from '../auth/viewer.js';
import { insertArticle } from '../store/articles.js';
import type { Db } from '../store/database.js';
import type { ActorKind } from '../store/enums.js';
import { insertStatements } from '../store/statements.js';
import type { ActorRow, ArticleRow, StatementRow } from '../store/tables.js';
import { chunked, inTransaction, type Trx, uniqueSlug, type WriteContext, WriteError } from '../store/writes.js';
import { parseArticleText } from './article-text.js';
import { extractStatements, type SpeakerMention } from './quotes.js';

export interface ImportArticleInput {
  /** The article as plain text: section, headline, dek, body paragraphs, credit line, site furniture. */
  text: string;
  publishedOn: string;
  url?: string | null;
  /** Where it ran; "Unknown publication" when not given. */
  publication?: string | null;
  /** Overrides the section read from the text. */
  section?: string | null;
  slug?: string | null;
  language?: string | null;
}

export interface ImportedArticle {
  article: ArticleRow;
  /** The statements found, in reading order, all PENDING. */
  statements: StatementRow[];
  /** Actors made for speakers (and their organizations) the store did not know. */
  createdActors: ActorRow[];
  /** Existing actors the speakers were matched to. */
  matchedActors: ActorRow[];
  /** Site furniture cut from the text (trending links, sponsored blocks). */
  boilerplate: string[];
}

export const UNKNOWN_PUBLICATION = 'Unknown publication';

/**
 * The longest text one import reads, in UTF-16 code units as JavaScript counts string length
 * (about 80,000 words, four times a long feature), and the body limit every article has anyway.
 */
export const MAX_IMPORT_TEXT_LENGTH = 500_000;
/** The most statements one import may make: a long, heavily quoted feature has a few hundred. */
export const MAX_IMPORT_STATEMENTS = 2_000;

export async function importArticle(db: Db, author: Author, input: ImportArticleInput): Promise<ImportedArticle> {
  checkTextLength(input.text);
  const parsed = parseText(input.text);
  const extraction = extractStatements(parsed.body);
  checkStatementCount(extraction.statements.length);
  return inTransaction(db, author, async (write) => {
    const publication = input.publication ?? UNKNOWN_PUBLICATION;
    await checkNotImported(write.trx, parsed.headline, input.publishedOn, publication);
    const resolver = await SpeakerResolver.load(write, extraction.speakers);
    const speakerIds: number[] = [];
    for (const speaker of extraction.speakers) speakerIds.push(await resolver.resolve(speaker));

    const article = await insertArticle(write, {
      slug: input.slug ?? null,
      publication,
      section: input.section ?? parsed.section,
      headline: parsed.headline,
      dek: parsed.dek,
      body: parsed.body,
      url: input.url ?? null,
      publishedOn: input.publishedOn,
      photoCredit: parsed.photoCredit,
      language: input.language ?? 'en',
      actorIds: [...new Set([...speakerIds, ...resolver.organizationIds])],
    });
    const statements = await insertStatements(
      write,
      article.id,
      extraction.statements.map((found) => ({
        speakerId: speakerIds[found.speaker] as number,
        kind: found.kind,
        spanStart: found.spanStart,
        spanEnd: found.spanEnd,
        text: found.text,
        speakerRole: found.speakerRole,
        reviewStatus: 'PENDING' as const,
        confidence: Math.round(found.confidence * 100) / 100,
      })),
    );
    await write.audit({
      operation: 'importArticle',
      entityType: 'Article',
      entityId: article.id,
      details: {
        after: { slug: article.slug, headline: article.headline, publishedOn: article.publishedOn },
        statements: statements.length,
        createdActors: resolver.created.map((actor) => actor.slug),
        matchedActors: resolver.matched.map((actor) => actor.slug),
      },
    });
    for (const actor of resolver.created) {
      await write.audit({ operation: 'importArticle', entityType: 'Actor', entityId: actor.id, details: { after: actor } });
    }
    return { article, statements, createdActors: resolver.created, matchedActors: resolver.matched, boilerplate: parsed.boilerplate };
  });
}

/** Refused before anything is read: the work an import does grows with its text. */
function checkTextLength(text: string): void {
  if (text.length <= MAX_IMPORT_TEXT_LENGTH) return;
  const limit = MAX_IMPORT_TEXT_LENGTH.toLocaleString('en-US');
  throw new WriteError('BAD_USER_INPUT', `The text is ${text.length.toLocaleString('en-US')} characters long; an import takes at most ${limit}.`, [
    { path: 'text', message: `must be at most ${limit} characters` },
  ]);
}

/** Refused before anything is written. */
function checkStatementCount(count: number): void {
  if (count <= MAX_IMPORT_STATEMENTS) return;
  const limit = MAX_IMPORT_STATEMENTS.toLocaleString('en-US');
  throw new WriteError(
    'BAD_USER_INPUT',
    `The text holds ${count.toLocaleString('en-US')} statements; an import makes at most ${limit}. Split the article into parts.`,
    [{ path: 'text', message: `must hold at most ${limit} statements` }],
  );
}

function parseText(text: string) {
  try {
    return parseArticleText(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WriteError('BAD_USER_INPUT', `The text cannot be read as an article: ${reason}.`, [{ path: 'text', message: reason }]);
  }
}

/** The same headline on the same day in the same publication is the same article. */
async function checkNotImported(trx: Trx, headline: string, publishedOn: string, publication: string): Promise<void> {
  const existing = await trx
    .selectFrom('article')
    .select('slug')
    .where('headline', '=', headline)
    .where('publishedOn', '=', publishedOn)
    .where('publication', '=', publication)
    .executeTakeFirst();
  if (existing) {
    throw new WriteError('CONFLICT', `This article was already imported, as "${existing.slug}".`, [
      { path: 'text', message: `already imported as "${existing.slug}"` },
    ]);
  }
}

const PERSON_KINDS: ActorKind[] = ['PERSON'];
/** Names per lookup: a speaker and an organization for each of MAX_IMPORT_STATEMENTS, within SQLite's parameter limit. */
const NAME_LOOKUP_CHUNK = 2 * MAX_IMPORT_STATEMENTS;

/**
 * Finds or creates the actor for each speaker. A speaker matches an existing actor whose name or
 * alias equals the speaker's full name (case-insensitively) and whose kind is of the same family
 * (people match people; states, bodies and organizations match each other). Short forms (a bare
 * surname) are not used to match: "Lu" alone could be anyone.
 *
 * The actors any speaker or organization could match are read in one go (load), and kept up to
 * date with the actors this import creates, so a speaker costs no query to match and the import
 * no scan of the actor table per speaker.
 */
class SpeakerResolver {
  readonly created: ActorRow[] = [];
  readonly matched: ActorRow[] = [];
  readonly organizationIds: number[] = [];
  private readonly seen = new Set<number>();
  private readonly organizations = new Set<number>();

  private constructor(
    private readonly write: WriteContext,
    /** Actors by lowercased name and alias, as SQLite's lower() folds them (ASCII letters only). */
    private readonly byName: Map<string, Map<number, ActorRow>>,
  ) {}

  static async load(write: WriteContext, speakers: SpeakerMention[]): Promise<SpeakerResolver> {
    const { trx } = write;
    const names = [...new Set(speakers.flatMap((speaker) => [speaker.name, ...(speaker.organization ? [speaker.organization] : [])]).map(lookupKey))];
    const resolver = new SpeakerResolver(write, new Map());
    // One chunk for any import under MAX_IMPORT_STATEMENTS: each is a scan of the actor and alias tables.
    for (const chunk of chunked(names, NAME_LOOKUP_CHUNK)) {
      const byName = await trx.selectFrom('actor').selectAll().where(sql`lower(${sql.ref('name')})`, 'in', chunk).execute();
      for (const actor of byName) resolver.file(actor.name, actor);
      const aliases = await trx
        .selectFrom('actorAlias')
        .innerJoin('actor', 'actor.id', 'actorAlias.actorId')
        .selectAll('actor')
        .select('actorAlias.alias')
        .where(sql`lower(${sql.ref('actorAlias.alias')})`, 'in', chunk)
        .execute();
      for (const { alias, ...actor } of aliases) resolver.file(alias, actor);
    }
    return resolver;
  }

  async resolve(speaker: SpeakerMention): Promise<number> {
    const actor = this.find(speaker.name, speaker.kind) ?? (await this.create(speaker.name, speaker.kind, speaker.aliases));
    if (speaker.organization) await this.affiliate(actor, speaker.organization, speaker.role);
    return actor.id;
  }

  private file(name: string, actor: ActorRow): void {
    const key = sqliteLower(name);
    let actors = this.byName.get(key);
    if (!actors) this.byName.set(key, (actors = new Map()));
    actors.set(actor.id, actor);
  }

  private find(name: string, kind: ActorKind): ActorRow | undefined {
    const lower = lookupKey(name);
    const candidates = [...(this.byName.get(lower)?.values() ?? [])].sort((a, b) => a.id - b.id);
    const sameFamily = candidates.filter((actor) => PERSON_KINDS.includes(actor.kind) === PERSON_KINDS.includes(kind));
    const exact = sameFamily.find((actor) => actor.name.toLowerCase() === lower) ?? sameFamily[0];
    if (exact && !this.seen.has(exact.id)) {
      this.seen.add(exact.id);
      this.matched.push(exact);
    }
    return exact;
  }

  private async create(name: string, kind: ActorKind, aliases: string[]): Promise<ActorRow> {
    const { trx, now } = this.write;
    const actor = await trx
      .insertInto('actor')
      .values({ slug: await uniqueSlug(trx, 'actor', name), name, kind, countryId: null, description: null, createdAt: now, updatedAt: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const distinct = [...new Set(aliases.map((alias) => alias.trim()).filter((alias) => alias !== '' && alias !== name))];
    for (const chunk of chunked(distinct)) await trx.insertInto('actorAlias').values(chunk.map((alias) => ({ actorId: actor.id, alias }))).execute();
    this.file(name, actor);
    for (const alias of distinct) this.file(alias, actor);
    this.seen.add(actor.id);
    this.created.push(actor);
    return actor;
  }

  /** Records "member holds role at organization" unless it is already known. */
  private async affiliate(member: ActorRow, organizationName: string, role: string | null): Promise<void> {
    const organization =
      this.find(organizationName, 'ORGANIZATION') ?? (await this.create(organizationName, organizationKind(organizationName), []));
    if (!this.organizations.has(organization.id)) {
      this.organizations.add(organization.id);
      this.organizationIds.push(organization.id);
    }
    if (organization.id === member.id) return;
    const { trx, now } = this.write;
    const title = role?.trim() || 'Member';
    const existing = await trx
      .selectFrom('affiliation')
      .select('id')
      .where('memberId', '=', member.id)
      .where('organizationId', '=', organization.id)
      .executeTakeFirst();
    if (existing) return;
    await trx
      .insertInto('affiliation')
      .values({ memberId: member.id, organizationId: organization.id, role: title, startedOn: null, endedOn: null, createdAt: now, updatedAt: now })
      .execute();
  }
}

/** How a speaker's name is looked up: trimmed and lowercased. */
function lookupKey(name: string): string {
  return name.trim().toLowerCase();
}

/** What SQLite's lower() makes of a stored name: only ASCII letters are folded ("Élise" stays). */
function sqliteLower(name: string): string {
  return name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** Ministries, departments and councils are parts of a government; anything else is an organization. */
function organizationKind(name: string): ActorKind {
  if (/\b(ministry|department|treasury|council|parliament|congress|senate|embassy|agency|office of)\b/i.test(name)) return 'GOVERNMENT_BODY';
  if (/\b(united nations|u\.n\.|nato|european union|iaea)\b/i.test(name)) return 'INTERNATIONAL_ORGANIZATION';
  return 'ORGANIZATION';
}
