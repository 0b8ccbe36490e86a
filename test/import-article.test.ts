// Mutation.importArticle: plain text in, an article with its statements attributed and PENDING
// review out; then the editor's round of corrections that the "done means" describes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSeedDocument, SEEDS_DIR } from '../seeds/load.js';
import { createTestApp, idOf, type TestApp } from './helpers/test-app.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/articles/', import.meta.url));
const SEED = 'beijing-blasts-new-us-sanctions-on-north-korea';
const SEED_TEXT = readFileSync(join(SEEDS_DIR, SEED, 'article.txt'), 'utf8');
const VENEZUELA = readFileSync(join(FIXTURES, 'venezuela-oil-license.txt'), 'utf8');

const IMPORT = `mutation Import($input: ImportArticleInput!) {
  importArticle(input: $input) {
    article { id slug headline section publication publishedOn body }
    statements { id kind text span { start end } reviewStatus confidence speakerRole speaker { slug name kind } }
    createdActors { slug name kind affiliations { role organization { name kind } } }
    matchedActors { slug }
    boilerplate
  }
}`;

interface Imported {
  article: { id: string; slug: string; headline: string; section: string | null; publication: string; publishedOn: string; body: string };
  statements: {
    id: string;
    kind: string;
    text: string;
    span: { start: number; end: number };
    reviewStatus: string;
    confidence: number;
    speakerRole: string | null;
    speaker: { slug: string; name: string; kind: string };
  }[];
  createdActors: { slug: string; name: string; kind: string; affiliations: { role: string; organization: { name: string; kind: string } }[] }[];
  matchedActors: { slug: string }[];
  boilerplate: string[];
}

let t: TestApp;
let editor: string;
beforeEach(async () => {
  t = await createTestApp();
  editor = await t.createKey('EDITOR', 'desk');
});
afterEach(() => t.close());

async function importText(input: Record<string, unknown>, apiKey = editor) {
  return t.graphql<{ importArticle: Imported }>(IMPORT, { input }, { apiKey });
}

async function counts() {
  const count = async (table: 'article' | 'actor' | 'statement' | 'auditLog' | 'affiliation') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { articles: await count('article'), actors: await count('actor'), statements: await count('statement'), audit: await count('auditLog'), affiliations: await count('affiliation') };
}

describe('Mutation.importArticle', () => {
  it('imports a new article: parts split, statements PENDING with confidence, new speakers created with their organizations', async () => {
    const result = await importText({ text: VENEZUELA, publishedOn: '2023-10-20', publication: 'Test Wire' });
    expect(result.errors).toBeUndefined();
    const imported = result.data!.importArticle;

    expect(imported.article).toMatchObject({
      slug: 'venezuela-oil-license-renewed-for-six-months',
      headline: 'Venezuela Oil License Renewed for Six Months',
      section: 'Energy',
      publication: 'Test Wire',
      publishedOn: '2023-10-20',
    });
    expect(imported.statements.length).toBeGreaterThanOrEqual(5);
    for (const statement of imported.statements) {
      expect(statement.reviewStatus).toBe('PENDING');
      expect(statement.confidence).toBeGreaterThan(0);
      expect(statement.confidence).toBeLessThanOrEqual(1);
      expect(imported.article.body.slice(statement.span.start, statement.span.end)).toBe(statement.text);
    }
    const monaldi = imported.statements.find((statement) => statement.text.startsWith('This license keeps a few barrels flowing'));
    expect(monaldi?.kind).toBe('DIRECT_QUOTE');
    expect(monaldi?.speaker).toMatchObject({ name: 'Francisco Monaldi', kind: 'PERSON' });

    const created = imported.createdActors.find((actor) => actor.name === 'Francisco Monaldi');
    expect(created?.affiliations).toHaveLength(1);
    expect(created?.affiliations[0]?.organization.name).toContain('Baker Institute');
    // Nothing the store already knew was created again.
    expect(imported.createdActors.map((actor) => actor.slug)).not.toContain('united-states');
  });

  it('matches the speakers of a known article to the actors the store has, and finds every annotated direct quote', async () => {
    const result = await importText({ text: SEED_TEXT, publishedOn: '2016-03-17', publication: 'Wire copy' });
    expect(result.errors).toBeUndefined();
    const imported = result.data!.importArticle;
    expect(imported.article.slug).toBe(`${SEED}-2`);
    expect(imported.matchedActors.map((actor) => actor.slug)).toEqual(expect.arrayContaining(['lu-kang', 'victor-cha', 'elizabeth-rosenberg', 'china']));
    expect(imported.createdActors.map((actor) => actor.name)).not.toContain('Lu Kang');
    expect(imported.boilerplate.join('\n')).toContain('Trending Now');

    const annotated = readSeedDocument(join(SEEDS_DIR, SEED)).annotation.statements.filter((statement) => statement.kind === 'DIRECT_QUOTE');
    const found = new Map(imported.statements.map((statement) => [`${statement.span.start}:${statement.span.end}`, statement.speaker.slug]));
    for (const statement of annotated) expect(found.get(statement.span.join(':')), statement.key).toBe(statement.speaker);
  });

  it('lets an editor review the import: list what is pending, correct a speaker, confirm the rest, link the article to a measure', async () => {
    const imported = (await importText({ text: VENEZUELA, publishedOn: '2023-10-20' })).data!.importArticle;
    const pending = `query($article: ID!) { statements(first: 100, filter: { articles: [$article], reviewStatuses: [PENDING] }) { totalCount nodes { id } } }`;
    expect((await t.data(pending, { article: imported.article.id })).statements.totalCount).toBe(imported.statements.length);

    const [first, ...rest] = imported.statements;
    const usId = await idOf(t, 'actor', 'united-states');
    const corrected = await t.data(
      `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { reviewStatus speaker { slug } } } }`,
      { input: { id: first!.id, speaker: usId, reviewStatus: 'CONFIRMED' } },
      { apiKey: editor },
    );
    expect(corrected.updateStatement.statement).toEqual({ reviewStatus: 'CONFIRMED', speaker: { slug: 'united-states' } });

    const confirmed = await t.data(
      `mutation($ids: [ID!]!) { confirmStatements(input: { ids: $ids }) { statements { reviewStatus } } }`,
      { ids: rest.map((statement) => statement.id) },
      { apiKey: editor },
    );
    expect(confirmed.confirmStatements.statements.every((s: { reviewStatus: string }) => s.reviewStatus === 'CONFIRMED')).toBe(true);
    expect((await t.data(pending, { article: imported.article.id })).statements.totalCount).toBe(0);

    const measureId = await idOf(t, 'sanctionMeasure', 'us-eo-13722');
    const linked = await t.data(
      `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { mentionedMeasures { slug } } } }`,
      { input: { id: imported.article.id, mentionedMeasures: [measureId] } },
      { apiKey: editor },
    );
    expect(linked.updateArticle.article.mentionedMeasures).toEqual([{ slug: 'us-eo-13722' }]);
  });

  it('records the import in the audit log under the key’s name', async () => {
    const imported = (await importText({ text: VENEZUELA, publishedOn: '2023-10-20' })).data!.importArticle;
    const entries = await t.db.selectFrom('auditLog').selectAll().where('operation', '=', 'importArticle').orderBy('id').execute();
    expect(entries[0]).toMatchObject({ actorName: 'desk', entityType: 'Article' });
    expect(JSON.parse(entries[0]!.details)).toMatchObject({ statements: imported.statements.length });
    expect(entries.filter((entry) => entry.entityType === 'Actor')).toHaveLength(imported.createdActors.length);
  });

  it.each([
    ['no key', undefined, 'UNAUTHENTICATED'],
    ['a reader key', 'READER', 'FORBIDDEN'],
    ['an analyst key', 'ANALYST', 'FORBIDDEN'],
  ] as const)('refuses %s and writes nothing', async (_label, role, code) => {
    const before = await counts();
    const apiKey = role ? await t.createKey(role) : '';
    const result = await t.graphql(IMPORT, { input: { text: VENEZUELA, publishedOn: '2023-10-20' } }, { apiKey });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.data).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['text that is only a headline', { text: 'Just a headline', publishedOn: '2023-10-20' }, 'BAD_USER_INPUT', 'input.text'],
    ['an impossible date', { text: VENEZUELA, publishedOn: '2023-02-30' }, 'BAD_USER_INPUT', undefined],
    ['a URL that is not http(s)', { text: VENEZUELA, publishedOn: '2023-10-20', url: 'javascript:alert(1)' }, 'BAD_USER_INPUT', 'input.url'],
    ['the seed article again, same publication and day', { text: SEED_TEXT, publishedOn: '2016-03-17', publication: 'Foreign Policy' }, 'CONFLICT', 'input.text'],
  ] as const)('rejects %s with a clear error and writes nothing', async (_label, input, code, path) => {
    const before = await counts();
    const result = await importText(input);
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    if (path) expect(result.errors?.[0]?.extensions?.problems?.[0]?.path).toBe(path);
    expect(JSON.stringify(result.errors)).not.toMatch(/SQLITE|at .+\.ts:\d+/);
    expect(await counts()).toEqual(before);
  });
});
