// The seed article as a reader gets it: credits, dates, a body cleaned of site furniture but otherwise
// byte for byte as published, and what it mentions. Three synthetic articles (2020, "Synthetic
// Times", mentioning nothing) sit beside it so that every filter has something to leave out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSyntheticCorpus } from './helpers/fixtures.js';
import { createTestApp, idOf, type TestApp } from './helpers/test-app.js';

const ARTICLE = 'beijing-blasts-new-us-sanctions-on-north-korea';
const SYNTHETIC = ['synthetic-article-0', 'synthetic-article-1', 'synthetic-article-2'];
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// The mentions listed in annotations.yaml.
const MENTIONED_ACTORS = [
  'china',
  'north-korea',
  'united-states',
  'chinese-foreign-ministry',
  'lu-kang',
  'barack-obama',
  'elizabeth-rosenberg',
  'center-for-a-new-american-security',
  'victor-cha',
  'bush-institute',
  'georgetown-university',
  'foreign-policy',
  'workers-party-of-korea',
  'propaganda-and-agitation-department',
  'kim-jong-un',
  'government-of-north-korea',
  'us-and-allies',
  'sony-pictures',
  'otto-warmbier',
  'us-state-department',
  'mark-toner',
  'un-security-council',
];
const MENTIONED_MEASURES = ['us-eo-13722', 'us-penalties-propaganda-and-agitation-department', 'unscr-2270', 'us-eo-13687'];
const MENTIONED_EVENTS_OLDEST_FIRST = [
  'sony-pictures-cyber-attack-2014',
  'north-korea-nuclear-test-2016-01-06',
  'north-korea-rocket-launch-2016-02-07',
  'otto-warmbier-sentencing-2016-03-16',
  'chinese-foreign-ministry-briefing-2016-03-17',
];

interface SlugNode {
  slug: string;
}
interface ArticleData {
  slug: string;
  publication: string;
  section: string | null;
  headline: string;
  dek: string | null;
  publishedOn: string;
  authors: string[];
  url: string | null;
  photoCredit: string | null;
  language: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}
interface ErrorResult {
  errors?: { extensions?: Record<string, unknown> }[];
}

const ARTICLE_QUERY = /* GraphQL */ `
  query Article($slug: String!) {
    article(slug: $slug) {
      slug publication section headline dek publishedOn authors url photoCredit language body createdAt updatedAt
    }
  }
`;

const LIST_ARTICLES = /* GraphQL */ `
  query Articles($filter: ArticleFilter, $orderBy: ArticleOrder, $first: Int) {
    articles(filter: $filter, orderBy: $orderBy, first: $first) { totalCount nodes { slug } }
  }
`;

let test: TestApp;
let unmentionedActorId: string;

beforeAll(async () => {
  test = await createTestApp();
  // Adds "Synthetic Org" and "Speaker 000": actors no article mentions.
  await addSyntheticCorpus(test.db, { articles: 3, statementsPerArticle: 1, speakers: 1 });
  unmentionedActorId = await idOf(test, 'actor', 'synthetic-speaker-0');
});
afterAll(() => test.close());

async function seedArticle(): Promise<ArticleData> {
  const { article } = await test.data<{ article: ArticleData | null }>(ARTICLE_QUERY, { slug: ARTICLE });
  if (!article) throw new Error(`no article ${ARTICLE}`);
  return article;
}

async function articleSlugs(variables: Record<string, unknown>): Promise<string[]> {
  const data = await test.data<{ articles: { totalCount: number; nodes: SlugNode[] } }>(LIST_ARTICLES, variables);
  expect(data.articles.totalCount).toBe(data.articles.nodes.length);
  return data.articles.nodes.map((node) => node.slug);
}

function errorCodes(result: ErrorResult): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}

describe('Query.article', () => {
  it('gives the publication, section, headline, dek, date, credits and language', async () => {
    const article = await seedArticle();
    expect(article).toMatchObject({
      slug: ARTICLE,
      publication: 'Foreign Policy',
      section: 'The Cable',
      headline: 'Beijing Blasts New U.S. Sanctions on North Korea',
      dek: "China's foreign ministry says new U.S. sanctions on North Korea raise tensions in the region.",
      publishedOn: '2016-03-17',
      authors: [],
      url: null,
      photoCredit: 'Ed Jones/Getty Images',
      language: 'en',
    });
  });

  it('stamps createdAt and updatedAt as ISO DateTimes', async () => {
    const { createdAt, updatedAt } = await seedArticle();
    for (const stamp of [createdAt, updatedAt]) {
      expect(stamp).toMatch(ISO_DATE_TIME);
      expect(Number.isNaN(Date.parse(stamp))).toBe(false);
    }
    expect(updatedAt >= createdAt).toBe(true);
  });

  it('returns null for a slug nobody has', async () => {
    const { article } = await test.data<{ article: SlugNode | null }>(`{ article(slug: "no-such-article") { slug } }`);
    expect(article).toBeNull();
  });

  it('rejects a malformed slug with BAD_USER_INPUT', async () => {
    const result = await test.graphql(ARTICLE_QUERY, { slug: 'Beijing Blasts' });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('Article.body', () => {
  it('leaves out the site furniture: trending links, Taboola blocks and the photo credit', async () => {
    const { body } = await seedArticle();
    for (const furniture of ['Trending Now', 'Taboola', 'More from Foreign Policy', 'Photo Credit', 'Ed Jones', 'Sponsored Links']) {
      expect(body).not.toContain(furniture);
    }
  });

  it('leaves out the section, headline and dek, starting and ending with the article’s own paragraphs', async () => {
    const { body } = await seedArticle();
    expect(body.startsWith('China is not happy about the new U.S. sanctions against North Korea.\n\n')).toBe(true);
    expect(body.endsWith('State Department deputy spokesman Mark Toner has called for his release.')).toBe(true);
    expect(body).not.toContain('The Cable');
    expect(body).not.toContain('Beijing Blasts');
    expect(body).not.toContain('raise tensions in the region');
  });

  it('keeps the text as published: the duplicated sentence and the typo “China’s disapproves”', async () => {
    const { body } = await seedArticle();
    expect(body.match(/the new sanctions “up the ante quite significantly[,.]”/gi)).toHaveLength(2);
    expect(body).toContain('China’s disapproves of North Korea’s nuclear program');
  });

  it('separates paragraphs with one blank line and trims trailing spaces', async () => {
    const { body } = await seedArticle();
    expect(body.split('\n\n')).toHaveLength(17);
    expect(body).not.toMatch(/\n{3}/);
    expect(body).not.toMatch(/[ \t]+\n/);
  });

  it('is the text statement spans index into', async () => {
    const { article } = await test.data<{ article: { body: string; statements: { nodes: { text: string; span: { start: number; end: number } }[] } } }>(
      `query($slug: String!) { article(slug: $slug) { body statements(first: 100) { nodes { text span { start end } } } } }`,
      { slug: ARTICLE },
    );
    expect(article.statements.nodes).toHaveLength(20);
    for (const { text, span } of article.statements.nodes) expect(article.body.slice(span.start, span.end)).toBe(text);
  });
});

describe('Query.articles', () => {
  it('lists every article, newest first', async () => {
    expect(await articleSlugs({})).toEqual([...SYNTHETIC].reverse().concat(ARTICLE));
  });

  it('filter publishedOn keeps articles published within the range, bounds included', async () => {
    expect(await articleSlugs({ filter: { publishedOn: { from: '2016-03-17', to: '2016-03-17' } } })).toEqual([ARTICLE]);
    expect(await articleSlugs({ filter: { publishedOn: { from: '2016-01-01', to: '2016-12-31' } } })).toEqual([ARTICLE]);
    expect(await articleSlugs({ filter: { publishedOn: { to: '2016-03-17' } } })).toEqual([ARTICLE]);
    expect(await articleSlugs({ filter: { publishedOn: { from: '2020-01-02' } } })).toEqual(['synthetic-article-2', 'synthetic-article-1']);
  });

  it('filter publishedOn leaves out articles outside the range', async () => {
    expect(await articleSlugs({ filter: { publishedOn: { to: '2016-03-16' } } })).toEqual([]);
    expect(await articleSlugs({ filter: { publishedOn: { from: '2016-03-18', to: '2019-12-31' } } })).toEqual([]);
  });

  it('filter publications matches exact publication names', async () => {
    expect(await articleSlugs({ filter: { publications: ['Foreign Policy'] } })).toEqual([ARTICLE]);
    expect(await articleSlugs({ filter: { publications: ['Synthetic Times'] } })).toEqual([...SYNTHETIC].reverse());
    expect(await articleSlugs({ filter: { publications: ['Foreign Policy', 'Synthetic Times'] } })).toHaveLength(4);
    expect(await articleSlugs({ filter: { publications: ['The Cable'] } })).toEqual([]);
  });

  it('filter mentionsActors finds the article that mentions an actor, and none for an actor never mentioned', async () => {
    const lu = await idOf(test, 'actor', 'lu-kang');
    const toner = await idOf(test, 'actor', 'mark-toner');
    expect(await articleSlugs({ filter: { mentionsActors: [lu] } })).toEqual([ARTICLE]);
    expect(await articleSlugs({ filter: { mentionsActors: [lu, toner] } })).toEqual([ARTICLE]);
    expect(await articleSlugs({ filter: { mentionsActors: [unmentionedActorId] } })).toEqual([]);
    expect(await articleSlugs({ filter: { mentionsActors: [Buffer.from('Actor:999999').toString('base64')] } })).toEqual([]);
  });

  it('filter mentionsMeasures and mentionsEvents find the article that mentions them', async () => {
    const order = await idOf(test, 'sanctionMeasure', 'us-eo-13722');
    const attack = await idOf(test, 'event', 'sony-pictures-cyber-attack-2014');
    expect(await articleSlugs({ filter: { mentionsMeasures: [order] } })).toEqual([ARTICLE]);
    expect(await articleSlugs({ filter: { mentionsEvents: [attack] } })).toEqual([ARTICLE]);
    expect(await articleSlugs({ filter: { mentionsMeasures: [order], publications: ['Synthetic Times'] } })).toEqual([]);
  });

  it('rejects an ID of the wrong type in a mentions filter with BAD_USER_INPUT', async () => {
    const order = await idOf(test, 'sanctionMeasure', 'us-eo-13722');
    const result = await test.graphql(LIST_ARTICLES, { filter: { mentionsActors: [order] } });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('orderBy HEADLINE ASC and DESC order by headline', async () => {
    // "Beijing Blasts …" < "Synthetic article 0" < "Synthetic article 1" < "Synthetic article 2"
    const ascending = [ARTICLE, ...SYNTHETIC];
    expect(await articleSlugs({ orderBy: { field: 'HEADLINE', direction: 'ASC' } })).toEqual(ascending);
    expect(await articleSlugs({ orderBy: { field: 'HEADLINE', direction: 'DESC' } })).toEqual([...ascending].reverse());
  });

  it('orderBy PUBLISHED_ON ASC puts the oldest first', async () => {
    expect(await articleSlugs({ orderBy: { field: 'PUBLISHED_ON', direction: 'ASC' } })).toEqual([ARTICLE, ...SYNTHETIC]);
  });
});

describe('Article.mentionedActors', () => {
  it('lists exactly the 22 actors the annotation mentions', async () => {
    const { article } = await test.data<{ article: { mentionedActors: SlugNode[] } }>(
      `query($slug: String!) { article(slug: $slug) { mentionedActors { slug } } }`,
      { slug: ARTICLE },
    );
    expect(article.mentionedActors).toHaveLength(MENTIONED_ACTORS.length);
    expect(article.mentionedActors.map((actor) => actor.slug).sort()).toEqual([...MENTIONED_ACTORS].sort());
  });

  it('is empty for an article that mentions no one', async () => {
    const { article } = await test.data<{ article: { mentionedActors: SlugNode[] } }>(
      `{ article(slug: "synthetic-article-0") { mentionedActors { slug } } }`,
    );
    expect(article.mentionedActors).toEqual([]);
  });
});

describe('Article.mentionedMeasures', () => {
  it('lists exactly the four measures the annotation mentions', async () => {
    const { article } = await test.data<{ article: { mentionedMeasures: SlugNode[] } }>(
      `query($slug: String!) { article(slug: $slug) { mentionedMeasures { slug } } }`,
      { slug: ARTICLE },
    );
    expect(article.mentionedMeasures.map((measure) => measure.slug).sort()).toEqual([...MENTIONED_MEASURES].sort());
  });
});

describe('Article.mentionedEvents', () => {
  it('lists exactly the five events the annotation mentions, oldest first', async () => {
    const { article } = await test.data<{ article: { mentionedEvents: { slug: string; occurredOn: string | null }[] } }>(
      `query($slug: String!) { article(slug: $slug) { mentionedEvents { slug occurredOn } } }`,
      { slug: ARTICLE },
    );
    expect(article.mentionedEvents.map((event) => event.slug)).toEqual(MENTIONED_EVENTS_OLDEST_FIRST);
  });
});

describe('Query.node (Article)', () => {
  it('fetches the article by the ID article(slug) returns', async () => {
    const id = await idOf(test, 'article', ARTICLE);
    const { node } = await test.data<{ node: { __typename: string; id: string; headline: string } | null }>(
      `query($id: ID!) { node(id: $id) { __typename id ... on Article { headline } } }`,
      { id },
    );
    expect(node).toEqual({ __typename: 'Article', id, headline: 'Beijing Blasts New U.S. Sanctions on North Korea' });
  });
});
