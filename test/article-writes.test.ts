// Writing articles: createArticle, updateArticle (including a body that must keep statement spans, and
// what the article mentions) and deleteArticle (its statements go; stances drawn from it stay).
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

const SEEDED = 'beijing-blasts-new-us-sanctions-on-north-korea';

const FIELDS = /* GraphQL */ `
  id slug publication section headline dek body url publishedOn photoCredit language authors
  mentionedActors { slug }
  mentionedMeasures { slug }
  mentionedEvents { slug }
`;
const CREATE = /* GraphQL */ `mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { ${FIELDS} } } }`;
const UPDATE = /* GraphQL */ `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { ${FIELDS} } } }`;
const DELETE = /* GraphQL */ `mutation($input: DeleteArticleInput!) { deleteArticle(input: $input) { deletedArticleId } }`;
const ARTICLE = /* GraphQL */ `
  query($slug: String!) { article(slug: $slug) { ${FIELDS} statements(first: 100) { totalCount nodes { text span { start end } } } } }
`;

interface Article {
  id: string;
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
  authors: string[];
  mentionedActors: { slug: string }[];
  mentionedMeasures: { slug: string }[];
  mentionedEvents: { slug: string }[];
  statements: { totalCount: number; nodes: { text: string; span: { start: number; end: number } }[] };
}

let test: TestApp;
let editor: string;

beforeEach(async () => {
  test = await createTestApp();
  editor = await test.createKey('EDITOR', 'Eda Editor');
});
afterEach(() => test.close());

function mutate(query: string, input: Record<string, unknown>) {
  return test.graphql<Record<string, any>>(query, { input }, { apiKey: editor });
}

async function ok<T = any>(query: string, input: Record<string, unknown>): Promise<T> {
  const data = await test.data<Record<string, T>>(query, { input }, { apiKey: editor });
  return Object.values(data)[0] as T;
}

async function article(slug: string): Promise<Article | null> {
  return (await test.data<{ article: Article | null }>(ARTICLE, { slug })).article;
}

function failure(result: GraphQLResponse<Record<string, any>>) {
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  expect(result.data?.createArticle ?? result.data?.updateArticle ?? result.data?.deleteArticle ?? null).toBeNull();
  const [error] = result.errors ?? [];
  return { message: error?.message ?? '', code: error?.extensions?.code, problems: error?.extensions?.problems };
}

async function count(table: string, where = sql`1 = 1`): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(test.db);
  return Number(rows[0]?.n);
}

const slugs = (nodes: { slug: string }[]) => nodes.map((node) => node.slug);

describe('Mutation.createArticle', () => {
  it('creates an article from the required fields, with a slug from the headline and language en', async () => {
    const { article: created } = await ok(CREATE, {
      publication: 'Reuters',
      headline: 'China’s Lu Kang: “We oppose unilateral sanctions”',
      body: 'BEIJING (Reuters) - China opposes unilateral sanctions.',
      publishedOn: '2016-03-17',
    });

    expect(created).toMatchObject({
      slug: 'chinas-lu-kang-we-oppose-unilateral-sanctions',
      publication: 'Reuters',
      section: null,
      dek: null,
      url: null,
      photoCredit: null,
      language: 'en',
      publishedOn: '2016-03-17',
      authors: [],
      mentionedActors: [],
      mentionedMeasures: [],
      mentionedEvents: [],
    });
    expect(await article(created.slug)).toMatchObject({ id: created.id, body: 'BEIJING (Reuters) - China opposes unilateral sanctions.' });
  });

  it('keeps every optional field, the bylines in the order given and the mentions', async () => {
    const input = {
      slug: 'china-responds',
      publication: 'Foreign Policy',
      section: 'The Cable',
      headline: 'China Responds',
      dek: 'Beijing is unhappy.',
      body: 'First paragraph.\n\nSecond paragraph.',
      url: 'https://foreignpolicy.com/2016/03/17/china-responds/',
      publishedOn: '2016-03-18',
      photoCredit: 'Ed Jones/Getty Images',
      language: 'en-GB',
      authors: ['Zeta Writer', ' Alpha Writer ', 'Mid Writer'],
      mentionedActors: [await idOf(test, 'actor', 'victor-cha'), await idOf(test, 'actor', 'china')],
      mentionedMeasures: [await idOf(test, 'sanctionMeasure', 'us-eo-13722')],
      mentionedEvents: [await idOf(test, 'event', 'north-korea-nuclear-test-2016-01-06')],
    };
    const { article: created } = await ok(CREATE, input);

    expect(created).toMatchObject({
      slug: 'china-responds',
      section: 'The Cable',
      dek: 'Beijing is unhappy.',
      url: 'https://foreignpolicy.com/2016/03/17/china-responds/',
      photoCredit: 'Ed Jones/Getty Images',
      language: 'en-GB',
      authors: ['Zeta Writer', 'Alpha Writer', 'Mid Writer'],
    });
    expect(slugs(created.mentionedActors).sort()).toEqual(['china', 'victor-cha']);
    expect(slugs(created.mentionedMeasures)).toEqual(['us-eo-13722']);
    expect(slugs(created.mentionedEvents)).toEqual(['north-korea-nuclear-test-2016-01-06']);
  });

  it('appends -2 to a slug made from a headline already used', async () => {
    const input = { publication: 'Reuters', headline: 'Sanctions', body: 'x', publishedOn: '2016-03-17' };

    expect((await ok(CREATE, input)).article.slug).toBe('sanctions');
    expect((await ok(CREATE, input)).article.slug).toBe('sanctions-2');
  });

  it('refuses a date that is not a calendar day as BAD_USER_INPUT', async () => {
    const before = await count('article');
    const result = await mutate(CREATE, { publication: 'Reuters', headline: 'H', body: 'B', publishedOn: '2016-02-30' });

    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('2016-02-30');
    expect(await count('article')).toBe(before);
  });

  it.each([['ftp://example.com/a'], ['not a url'], ['javascript:alert(1)']])('refuses the URL %s', async (url) => {
    const error = failure(await mutate(CREATE, { publication: 'Reuters', headline: 'H', body: 'B', publishedOn: '2016-03-17', url }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.url', message: 'must be an http(s) URL' }]);
  });

  it('refuses a slug that is taken as CONFLICT', async () => {
    const error = failure(await mutate(CREATE, { publication: 'Reuters', headline: 'H', body: 'B', publishedOn: '2016-03-17', slug: SEEDED }));

    expect(error.code).toBe('CONFLICT');
    expect(error.problems).toEqual([{ path: 'input.slug', message: 'is already taken' }]);
  });

  it('refuses an unknown mentioned actor as NOT_FOUND at its position, creating nothing', async () => {
    const before = await count('article');
    const error = failure(
      await mutate(CREATE, {
        publication: 'Reuters',
        headline: 'H',
        body: 'B',
        publishedOn: '2016-03-17',
        mentionedActors: [await idOf(test, 'actor', 'china'), encodeGlobalID('Actor', 99_999)],
      }),
    );

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.mentionedActors.1', message: 'The actor at mentionedActors.1 does not exist' }]);
    expect(await count('article')).toBe(before);
    expect(await count('audit_log')).toBe(0);
  });
});

describe('Mutation.updateArticle', () => {
  it('refuses a body that moves statements, naming where they are, and changes nothing', async () => {
    const before = await article(SEEDED);
    const error = failure(await mutate(UPDATE, { id: before?.id, body: `UPDATED: ${before?.body}`, headline: 'Not written' }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].path).toBe('input.body');
    // All 20 statements shift by 9 characters; the first five are listed by span.
    expect(error.problems[0].message).toContain('20 statement(s)');
    expect(error.problems[0].message).toContain('[131, 210], [338, 357], [362, 463]');
    expect(await article(SEEDED)).toEqual(before);
  });

  it('refuses a body that changes the words of one statement, naming only that one', async () => {
    const before = await article(SEEDED);
    const body = before!.body.replace('paying attention to', 'paying attention at');
    const error = failure(await mutate(UPDATE, { id: before?.id, body }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems[0].message).toContain('1 statement(s) (at [338, 357])');
  });

  it('accepts a body that keeps every statement in place, such as an added closing paragraph', async () => {
    const before = await article(SEEDED);
    const body = `${before?.body}\n\nCorrection: an earlier version misspelled a name.`;
    const { article: updated } = await ok(UPDATE, { id: before?.id, body });

    expect(updated.body).toBe(body);
    const after = await article(SEEDED);
    expect(after?.statements).toEqual(before?.statements);
    expect(after?.headline).toBe(before?.headline);
  });

  it('replaces the mentions of each list given, and leaves the others alone', async () => {
    const before = await article(SEEDED);
    const { article: updated } = await ok(UPDATE, {
      id: before?.id,
      mentionedActors: [await idOf(test, 'actor', 'victor-cha'), await idOf(test, 'actor', 'victor-cha')],
    });

    expect(slugs(updated.mentionedActors)).toEqual(['victor-cha']);
    expect(updated.mentionedMeasures).toEqual(before?.mentionedMeasures);
    expect(updated.mentionedEvents).toEqual(before?.mentionedEvents);

    const { article: cleared } = await ok(UPDATE, { id: before?.id, mentionedEvents: [] });
    expect(cleared.mentionedEvents).toEqual([]);
    expect(slugs(cleared.mentionedActors)).toEqual(['victor-cha']);
  });

  it('refuses an unknown mentioned actor as NOT_FOUND at input.mentionedActors.N, keeping the mentions', async () => {
    const before = await article(SEEDED);
    const error = failure(
      await mutate(UPDATE, {
        id: before?.id,
        headline: 'Not written',
        mentionedActors: [await idOf(test, 'actor', 'china'), await idOf(test, 'actor', 'lu-kang'), encodeGlobalID('Actor', 99_999)],
      }),
    );

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.mentionedActors.2', message: 'The actor at mentionedActors.2 does not exist' }]);
    expect(await article(SEEDED)).toEqual(before);
  });

  it('replaces the bylines, clears optional fields on null, and refuses null for required ones', async () => {
    const id = await idOf(test, 'article', SEEDED);
    const { article: updated } = await ok(UPDATE, { id, authors: ['Dan De Luce', 'Paul McLeary'], section: null, url: 'https://foreignpolicy.com/x' });

    expect(updated).toMatchObject({ authors: ['Dan De Luce', 'Paul McLeary'], section: null, url: 'https://foreignpolicy.com/x', publication: 'Foreign Policy' });

    const error = failure(await mutate(UPDATE, { id, headline: null, publishedOn: null }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems.map((problem: { path: string }) => problem.path)).toEqual(['input.headline', 'input.publishedOn']);
  });

  // BUG (server/store/articles.ts, articleWrites.update): a new publishedOn leaves the statements whose
  // saidOn was inferred from the old publication date (saidOnInferred = 1, saidOn = old publishedOn)
  // on the old date, so they contradict Statement.saidOn's contract ("the article's publication date
  // when the reporting does not say"). Toner's statement carries no date of its own.
  it('moves the dates inferred from the publication date along with a new publication date', async () => {
    const id = await idOf(test, 'article', SEEDED);
    await ok(UPDATE, { id, publishedOn: '2016-03-18' });

    const dated = async (text: string) =>
      test.db.selectFrom('statement').select(['saidOn', 'saidOnInferred']).where('text', '=', text).executeTakeFirstOrThrow();
    expect(await dated('called for his release')).toEqual({ saidOn: '2016-03-18', saidOnInferred: 1 });
    // Dates the reporting gives, or inferred from something else, stay.
    expect(await dated('used banned ballistic missile technology')).toEqual({ saidOn: '2016-02-07', saidOnInferred: 1 });
    expect(await dated('paying attention to')).toEqual({ saidOn: '2016-03-17', saidOnInferred: 0 });
  });

  it('refuses an article that does not exist as NOT_FOUND', async () => {
    const error = failure(await mutate(UPDATE, { id: encodeGlobalID('Article', 99_999), headline: 'Ghost' }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.id', message: 'The article does not exist' }]);
  });
});

describe('Mutation.deleteArticle', () => {
  it('deletes the article with its statements, their use as evidence, bylines and mentions, but keeps its stances', async () => {
    const id = await idOf(test, 'article', SEEDED);
    const articleId = Number(decodeGlobalID(id).id);
    const stances = await test.db.selectFrom('stance').select(['id', 'slug']).orderBy('id').execute();
    expect(await count('statement', sql`article_id = ${articleId}`)).toBe(20);
    expect(await count('stance_evidence')).toBeGreaterThan(0);

    expect(await ok(DELETE, { id })).toEqual({ deletedArticleId: id });

    expect(await article(SEEDED)).toBeNull();
    expect((await test.data<{ node: unknown }>(`query($id: ID!) { node(id: $id) { id } }`, { id })).node).toBeNull();
    expect(await count('statement', sql`article_id = ${articleId}`)).toBe(0);
    expect(await count('stance_evidence')).toBe(0);
    for (const table of ['article_author', 'article_actor_mention', 'article_measure_mention', 'article_event_mention']) {
      expect(await count(table, sql`article_id = ${articleId}`), table).toBe(0);
    }
    // Every stance is still there, without its article and without evidence.
    expect(await test.db.selectFrom('stance').select(['id', 'slug']).orderBy('id').execute()).toEqual(stances);
    const { stances: listed } = await test.data<{ stances: { totalCount: number; nodes: { article: unknown; evidence: unknown[] }[] } }>(
      `{ stances(first: 100) { totalCount nodes { article { id } evidence { id } } } }`,
    );
    expect(listed.totalCount).toBe(stances.length);
    expect(listed.nodes.every((stance) => stance.article === null && stance.evidence.length === 0)).toBe(true);
  });

  it('refuses an article that does not exist as NOT_FOUND', async () => {
    const id = await idOf(test, 'article', SEEDED);
    await ok(DELETE, { id });

    const error = failure(await mutate(DELETE, { id }));
    expect(error.code).toBe('NOT_FOUND');
  });
});
