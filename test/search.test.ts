// Search: full-text search over articles, statements, actors, sanction measures and events, ranked,
// with highlighted snippets; the query syntax and its errors; the index kept in step by triggers.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down as searchDown, up as searchUp } from '../migrations/0004_search.js';
import { toMatchExpression } from '../server/store/search.js';
import { createTestApp, type GraphQLResponse, type TestApp } from './helpers/test-app.js';

const NOW = '2026-01-01T00:00:00.000Z';

interface Hit {
  cursor: string;
  snippet: string;
  field: string;
  score: number;
  node: { __typename: string; id: string; slug?: string; name?: string; text?: string; headline?: string; identifier?: string };
}

interface SearchPage {
  totalCount: number;
  edges: Hit[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

const SEARCH = /* GraphQL */ `
  query Search($query: String!, $types: [SearchType!], $first: Int, $after: String) {
    search(query: $query, types: $types, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges {
        cursor
        snippet
        field
        score
        node {
          __typename
          ... on Article { id slug headline }
          ... on Statement { id text speaker { slug } }
          ... on Actor { id slug name }
          ... on SanctionMeasure { id slug name identifier }
          ... on Event { id slug title }
        }
      }
    }
  }
`;

/** Only the edges: no totalCount, so the count query does not run. */
const SEARCH_EDGES = /* GraphQL */ `
  query SearchEdges($query: String!, $types: [SearchType!], $first: Int, $after: String) {
    search(query: $query, types: $types, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { snippet node { __typename ... on Statement { id speaker { name } article { headline } } ... on Actor { id name } } }
    }
  }
`;

let test: TestApp;

beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test.close());

async function search(app: TestApp, variables: Record<string, unknown>): Promise<SearchPage> {
  return (await app.data<{ search: SearchPage }>(SEARCH, variables)).search;
}

function labels(page: SearchPage): string[] {
  return page.edges.map((edge) => `${edge.node.__typename}:${edge.node.slug ?? edge.node.text ?? ''}`);
}

async function badUserInput(variables: Record<string, unknown>) {
  const result: GraphQLResponse<Record<string, unknown>> = await test.graphql(SEARCH, variables);
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  const [error] = result.errors ?? [];
  expect(error?.extensions?.code, JSON.stringify(error)).toBe('BAD_USER_INPUT');
  return error?.message ?? '';
}

describe('Query.search', () => {
  it('finds Victor Cha’s "slave labor" quote, with the matches marked in the snippet', async () => {
    const page = await search(test, { query: 'slave labor' });

    const cha = page.edges.find((edge) => edge.node.text === 'China imports North Korean slave labor');
    expect(cha).toMatchObject({
      field: 'text',
      snippet: 'China imports North Korean <mark>slave</mark> <mark>labor</mark>',
      node: { __typename: 'Statement', speaker: { slug: 'victor-cha' } },
    });
    expect(cha?.score).toBeGreaterThan(0);
    // Best first: Cha's short quote outranks the article body that also says it.
    expect(page.edges[0]?.node.text).toBe('China imports North Korean slave labor');
    expect(page.edges.map((edge) => edge.node.__typename)).toContain('Article');
    expect(page.totalCount).toBe(page.edges.length);
  });

  it('orders results by score, highest first', async () => {
    const page = await search(test, { query: 'sanctions', first: 100 });

    const scores = page.edges.map((edge) => edge.score);
    expect(scores.length).toBeGreaterThan(3);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('returns each item once, with the field that matched it best', async () => {
    const page = await search(test, { query: 'sanctions', types: ['ARTICLE'] });

    expect(page.edges).toHaveLength(1);
    expect(page.totalCount).toBe(1);
    expect(page.edges[0]).toMatchObject({ field: 'headline', node: { __typename: 'Article', slug: 'beijing-blasts-new-us-sanctions-on-north-korea' } });
    expect(page.edges[0]?.snippet).toBe('Beijing Blasts New U.S. <mark>Sanctions</mark> on North Korea');
  });

  it('matches a "quoted phrase" only where the words stand together, in order', async () => {
    const words = await search(test, { query: 'labor slave', types: ['STATEMENT'] });
    const phrase = await search(test, { query: '"labor slave"', types: ['STATEMENT'] });
    const rightOrder = await search(test, { query: '"slave labor"', types: ['STATEMENT'] });

    expect(words.edges.length).toBeGreaterThan(0);
    expect(phrase.edges).toEqual([]);
    expect(rightOrder.edges.map((edge) => edge.node.text)).toContain('China imports North Korean slave labor');
    const cha = rightOrder.edges.find((edge) => edge.node.text === 'China imports North Korean slave labor');
    expect(cha?.snippet).toBe('China imports North Korean <mark>slave labor</mark>');
  });

  it('finds words by prefix with a trailing *, and other forms of a word by stemming', async () => {
    const prefix = await search(test, { query: 'sanct*', first: 100 });
    const stem = await search(test, { query: 'sanction', first: 100 });

    expect(prefix.totalCount).toBeGreaterThan(3);
    expect(prefix.edges.map((edge) => edge.snippet).join(' ')).toMatch(/<mark>sanctions<\/mark>/i);
    // "sanction" finds "sanctions" and "sanctioning" (porter stemming).
    const snippets = stem.edges.map((edge) => edge.snippet).join(' ');
    expect(snippets).toContain('<mark>sanctions</mark>');
    expect(snippets).toContain('<mark>sanctioning</mark>');
    expect(labels(stem)).toContain('Article:beijing-blasts-new-us-sanctions-on-north-korea');
  });

  it('takes OR between terms and leaves out terms with a leading -', async () => {
    const either = await search(test, { query: 'Pyongyang OR Warmbier', types: ['ACTOR'] });
    const without = await search(test, { query: 'labor -china' });

    expect(labels(either).sort()).toEqual(['Actor:north-korea', 'Actor:otto-warmbier']);
    expect(without.edges.length).toBeGreaterThan(0);
    for (const edge of without.edges) expect(edge.snippet.toLowerCase()).not.toContain('china');
    const all = await search(test, { query: 'labor', first: 100 });
    expect(all.totalCount).toBeGreaterThan(without.totalCount);
  });

  it('narrows to the given types', async () => {
    const page = await search(test, { query: 'North Korea', types: ['ACTOR', 'EVENT'], first: 100 });

    expect(page.edges.length).toBeGreaterThan(0);
    expect(new Set(page.edges.map((edge) => edge.node.__typename))).toEqual(new Set(['Actor', 'Event']));
  });

  it('finds an actor by alias', async () => {
    const page = await search(test, { query: 'Pyongyang', types: ['ACTOR'] });

    expect(page.edges).toHaveLength(1);
    expect(page.edges[0]).toMatchObject({
      field: 'alias',
      snippet: '<mark>Pyongyang</mark>',
      node: { __typename: 'Actor', slug: 'north-korea', name: 'North Korea' },
    });
  });


  it('counts an actor whose name and alias both match once, on one page and across pages', async () => {
    // "North Korea" and its alias "Democratic People's Republic of Korea" both match.
    const whole = await search(test, { query: 'Korea', types: ['ACTOR'], first: 100 });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: SearchPage = await search(test, { query: 'Korea', types: ['ACTOR'], first: 1, after });
      seen.push(...labels(page));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);

    expect(labels(whole).filter((label) => label === 'Actor:north-korea')).toHaveLength(1);
    expect(whole.totalCount).toBe(whole.edges.length);
    expect(seen).toEqual(labels(whole));
  });
  it('finds a sanction measure by its identifier', async () => {
    const page = await search(test, { query: '"E.O. 13722"', types: ['SANCTION_MEASURE'] });

    expect(page.edges[0]).toMatchObject({
      node: { __typename: 'SanctionMeasure', slug: 'us-eo-13722', identifier: 'E.O. 13722' },
    });
    const byNumber = await search(test, { query: '13722', types: ['SANCTION_MEASURE'] });
    expect(labels(byNumber)).toContain('SanctionMeasure:us-eo-13722');
  });

  it('finds an event by title', async () => {
    const page = await search(test, { query: 'Warmbier sentenced', types: ['EVENT'] });

    expect(page.edges[0]?.field).toBe('title');
    expect(page.edges[0]?.snippet).toContain('<mark>Warmbier</mark>');
    expect(page.edges[0]?.node.__typename).toBe('Event');
  });

  it('returns an empty page, not an error, when nothing matches', async () => {
    const page = await search(test, { query: 'zzyzx' });

    expect(page).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null } });
  });

  it('pages through the results with cursors: disjoint pages, in score order, that add up to the total', async () => {
    const all = await search(test, { query: 'china', first: 100 });
    expect(all.totalCount).toBeGreaterThan(5);

    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page: SearchPage = await search(test, { query: 'china', first: 2, after });
      seen.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges).toHaveLength(2);
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.edges.map((edge) => edge.node.id));
    expect(seen).toHaveLength(all.totalCount);
  });

  it('rejects a cursor that was edited, or issued by another list', async () => {
    const page = await search(test, { query: 'china', first: 1 });
    const cursor = page.pageInfo.endCursor ?? '';
    const { topics } = await test.data<{ topics: { pageInfo: { endCursor: string } } }>('{ topics(first: 1) { pageInfo { endCursor } } }');

    expect(await badUserInput({ query: 'china', after: `${cursor.slice(0, -2)}xx` })).toMatch(/not a valid cursor/);
    expect(await badUserInput({ query: 'china', after: topics.pageInfo.endCursor })).toMatch(/not a valid cursor/);
  });

  it.each([0, 101])('rejects first: %i as BAD_USER_INPUT', async (first) => {
    expect(await badUserInput({ query: 'china', first })).toMatch(/`first` must be between 1 and 100/);
  });

  it('rejects an empty types list', async () => {
    expect(await badUserInput({ query: 'china', types: [] })).toMatch(/types/);
  });

  it('escapes HTML in snippets, so only the <mark> tags are markup', async () => {
    const app = await createTestApp({ seed: false });
    try {
      await app.db
        .insertInto('event')
        .values({ slug: 'html', kind: 'OTHER', title: 'Talks <script>alert("x")</script> & "tea" at Joe\'s', createdAt: NOW, updatedAt: NOW })
        .execute();
      const page = await search(app, { query: 'tea' });

      expect(page.edges[0]?.snippet).toBe(
        'Talks &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#34;<mark>tea</mark>&#34; at Joe&#39;s',
      );
    } finally {
      await app.close();
    }
  });

  it('runs a bounded number of SQL statements, whatever the page size', async () => {
    const count = async (variables: Record<string, unknown>) => {
      test.resetQueries();
      const result = await test.graphql(SEARCH_EDGES, variables);
      expect(result.errors).toBeUndefined();
      return test.queries.length;
    };

    // The page, its snippets, the statements in one batch, then their speakers and articles.
    const statements = { query: 'china OR korea OR sanctions', types: ['STATEMENT'] };
    expect(await count({ ...statements, first: 2 })).toBe(5);
    expect(await count({ ...statements, first: 50 })).toBe(5);
    // Every type: at most one batch per type on top.
    expect(await count({ query: 'china OR korea OR sanctions', first: 100 })).toBeLessThanOrEqual(9);
  });
});

describe('Query.search query syntax', () => {
  it.each([
    ['an unbalanced quote', '"unbalanced', /opens a phrase but no " that closes it/],
    ['a lone *', '*', /\* on its own/],
    ['a * inside a word', 'sa*nct', /\* may only end a word/],
    ['AND alone', 'AND', /AND needs a word or phrase on each side/],
    ['a dangling OR', 'china OR', /OR needs a word or phrase on each side/],
    ['a leading OR', 'OR china', /OR needs a word or phrase on each side/],
    ['a column filter', 'foo:bar', /: is not part of the search syntax/],
    ['a parenthesis', '(', /\( is not part of the search syntax/],
    ['NEAR', 'NEAR(china korea)', /NEAR is not supported/],
    ['NOT', 'china NOT korea', /NOT is not supported/],
    ['a caret', '^x', /\^ is not part of the search syntax/],
    ['only exclusions', '-china', /at least one word or phrase to find/],
    ['an excluded OR side', 'china OR -korea', /cannot be one side of OR/],
    ['a lone -', 'china -', /- with nothing after it/],
    ['an empty phrase', 'china ""', /no letters or digits/],
    ['only punctuation', '...', /no letters or digits/],
    ['text glued to a phrase', '"slave labor"x', /put a space after a phrase/],
    ['a quote inside a word', 'sla"ve"', /may only start a phrase/],
    ['a blank query', '   ', /must not be blank/],
    ['an empty query', '', /must not be blank/],
    ['a query over 500 characters', 'a'.repeat(600), /at most 500 characters, got 600/],
    ['too many terms', Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '), /at most 32/],
  ])('rejects %s as BAD_USER_INPUT, saying what is wrong and showing no SQL', async (_why, query, message) => {
    const error = await badUserInput({ query });

    expect(error).toMatch(/^Invalid arguments: query: /);
    expect(error).toMatch(message);
    expect(error).not.toMatch(/sqlite|fts5|select|match/i);
  });

  it('quotes every word and phrase it passes to FTS5', () => {
    expect(toMatchExpression('slave labor')).toBe('"slave" AND "labor"');
    expect(toMatchExpression('"slave labor" sanct*')).toBe('"slave labor" AND "sanct"*');
    expect(toMatchExpression('labor china OR beijing -"north korea" -kim')).toBe(
      '("labor" AND ("china" OR "beijing")) NOT ("north korea" OR "kim")',
    );
    expect(toMatchExpression('U.S. AND Jong-un Korea\'s')).toBe('"U.S." AND "Jong-un" AND "Korea\'s"');
    expect(toMatchExpression('"foo:bar (baz)"')).toBe('"foo:bar (baz)"');
    expect(toMatchExpression('china or korea near')).toBe('"china" AND "or" AND "korea" AND "near"');
  });

  it('accepts punctuation inside a phrase as plain text', async () => {
    const page = await search(test, { query: '"slave: labor!"', types: ['STATEMENT'] });

    expect(page.edges.map((edge) => edge.node.text)).toContain('China imports North Korean slave labor');
  });
});

describe('the search index', () => {
  let app: TestApp;
  let editor: string;

  beforeAll(async () => {
    app = await createTestApp();
    editor = await app.createKey('EDITOR');
  });
  afterAll(() => app.close());

  async function found(query: string, types?: string[]): Promise<string[]> {
    return labels(await search(app, { query, types, first: 100 }));
  }

  const CREATE_ACTOR = /* GraphQL */ `
    mutation($input: CreateActorInput!) { createActor(input: $input) { actor { id slug } } }
  `;
  const UPDATE_ACTOR = /* GraphQL */ `
    mutation($input: UpdateActorInput!) { updateActor(input: $input) { actor { id } } }
  `;
  const DELETE_ACTOR = /* GraphQL */ `
    mutation($input: DeleteActorInput!) { deleteActor(input: $input) { deletedActorId } }
  `;

  it('follows actors created, renamed, re-aliased and deleted through the API; accents do not matter', async () => {
    const { createActor } = await app.data<{ createActor: { actor: { id: string } } }>(
      CREATE_ACTOR,
      { input: { name: 'Nicolás Maduro', kind: 'PERSON', aliases: ['Señor Presidente'] } },
      { apiKey: editor },
    );
    const id = createActor.actor.id;

    expect(await found('Nicolas', ['ACTOR'])).toEqual(['Actor:nicolas-maduro']);
    expect(await found('nicolás', ['ACTOR'])).toEqual(['Actor:nicolas-maduro']);
    expect(await found('senor', ['ACTOR'])).toEqual(['Actor:nicolas-maduro']);

    await app.data(UPDATE_ACTOR, { input: { id, name: 'Nicolás Maduro Moros', aliases: ['Maduro'] } }, { apiKey: editor });
    expect(await found('Moros', ['ACTOR'])).toEqual(['Actor:nicolas-maduro']);
    expect(await found('senor', ['ACTOR'])).toEqual([]);
    const [hit] = (await search(app, { query: 'Maduro', types: ['ACTOR'] })).edges;
    expect(hit?.snippet).toMatch(/<mark>Maduro<\/mark>/);

    await app.data(DELETE_ACTOR, { input: { id } }, { apiKey: editor });
    expect(await found('Nicolas OR Maduro', ['ACTOR'])).toEqual([]);
  });

  it('follows statements, articles, measures and events written directly to the tables', async () => {
    const statement = await app.db.selectFrom('statement').select(['id', 'articleId']).where('text', '=', 'China imports North Korean slave labor').executeTakeFirstOrThrow();

    await app.db.updateTable('statement').set({ text: 'China imports North Korean forced workers' }).where('id', '=', statement.id).execute();
    expect(await found('"forced workers"', ['STATEMENT'])).toEqual(['Statement:China imports North Korean forced workers']);
    expect(await found('"imports North Korean slave"', ['STATEMENT'])).toEqual([]);

    await app.db.deleteFrom('statement').where('id', '=', statement.id).execute();
    expect(await found('"forced workers"')).toEqual([]);

    await app.db.updateTable('sanctionMeasure').set({ identifier: 'E.O. 99999' }).where('slug', '=', 'us-eo-13722').execute();
    expect(await found('99999', ['SANCTION_MEASURE'])).toEqual(['SanctionMeasure:us-eo-13722']);
    await app.db.updateTable('sanctionMeasure').set({ identifier: null }).where('slug', '=', 'us-eo-13722').execute();
    expect(await found('99999')).toEqual([]);

    await app.db
      .insertInto('event')
      .values({ slug: 'quorum-event', kind: 'OTHER', title: 'A quorum', description: 'Zanzibar talks', createdAt: NOW, updatedAt: NOW })
      .execute();
    expect(await found('zanzibar')).toEqual(['Event:quorum-event']);

    // Deleting the article takes its statements (a cascade) and their index rows with it.
    await app.db.deleteFrom('article').where('id', '=', statement.articleId).execute();
    expect(await found('beijing', ['ARTICLE', 'STATEMENT'])).toEqual([]);
    expect(await found('beijing', ['ACTOR'])).toEqual(['Actor:china']);
  });

  it('keeps one index row per text when an update leaves the texts as they were', async () => {
    const count = async () => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from search_index`.execute(app.db);
      return rows[0]?.n;
    };
    const before = await count();
    await app.db.updateTable('actor').set({ updatedAt: NOW }).where('slug', '=', 'china').execute();
    await app.db.updateTable('actor').set({ name: 'China' }).where('slug', '=', 'china').execute();

    expect(await count()).toBe(before);
    expect(await found('china', ['ACTOR'])).toContain('Actor:china');
  });
});

describe('migration 0004_search', () => {
  it('fills the index from the rows already there, and down/up rebuilds it the same', async () => {
    const app = await createTestApp();
    try {
      const before = await search(app, { query: 'slave labor' });

      await searchDown(app.db);
      const { rows: left } = await sql<{ name: string }>`
        select name from sqlite_master where name like 'search\\_index%' escape '\\'
      `.execute(app.db);
      expect(left).toEqual([]);

      await searchUp(app.db);
      const after = await search(app, { query: 'slave labor' });
      expect(after).toEqual(before);
    } finally {
      await app.close();
    }
  });
});
