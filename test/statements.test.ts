// Statements: the seed article's 20 statements are queryable through every list that holds them,
// each faithful to the article text (its span slices out exactly its words) and to the annotation
// (speaker, kind, role, venue, event, date), and the filters narrow them as documented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

const ARTICLE = 'beijing-blasts-new-us-sanctions-on-north-korea';
const BRIEFING = 'chinese-foreign-ministry-briefing-2016-03-17';
const ROCKET_LAUNCH = 'north-korea-rocket-launch-2016-02-07';

const LU_ALWAYS_OPPOSES = 'First, as I’ve said many times before, China always opposes any country imposing unilateral sanctions';
const LU_REASONABLE_INTERESTS =
  'Any so-called unilateral sanctions imposed by any country should neither affect nor harm China’s reasonable interests';
const ROSENBERG_UP_THE_ANTE = 'up the ante quite significantly';
const ROSENBERG_FULL_EMBARGO = 'It does impose something akin to a full embargo on persons who do business with North Korea';
const CHA_SLAVE_LABOR = 'China imports North Korean slave labor';
const US_ALLIES_MISSILE_TECHNOLOGY = 'used banned ballistic missile technology';

/** Lu Kang's six statements, in reading order. */
const LU_TEXTS = [
  'Beijing was opposed to any unilateral punishments against its ally in Pyongyang',
  'paying attention to',
  LU_ALWAYS_OPPOSES,
  'the situation on the Korean Peninsula is complex and sensitive, we oppose any moves that may further worsen tensions there',
  LU_REASONABLE_INTERESTS,
  'Beijing has stressed this point many times',
];

type StatementKind = 'DIRECT_QUOTE' | 'PARTIAL_QUOTE' | 'PARAPHRASE';

interface StatementNode {
  id: string;
  text: string;
  kind: StatementKind;
  span: { start: number; end: number };
  speaker: { slug: string; name: string };
  speakerRole: string | null;
  saidOn: string;
  saidOnInferred: boolean;
  venue: string | null;
  event: { slug: string; title: string } | null;
  article: { slug: string };
}

interface StatementPage {
  totalCount: number;
  nodes: StatementNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const STATEMENT_FIELDS = /* GraphQL */ `
  id
  text
  kind
  span { start end }
  speaker { slug name }
  speakerRole
  saidOn
  saidOnInferred
  venue
  event { slug title }
  article { slug }
`;

const STATEMENTS = /* GraphQL */ `
  query Statements($filter: StatementFilter, $orderBy: StatementOrder) {
    statements(first: 100, filter: $filter, orderBy: $orderBy) {
      totalCount
      nodes { ${STATEMENT_FIELDS} }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

let test: TestApp;
let body: string;

beforeAll(async () => {
  test = await createTestApp();
  const data = await test.data<{ article: { body: string } }>(`query($slug: String!) { article(slug: $slug) { body } }`, {
    slug: ARTICLE,
  });
  body = data.article.body;
});
afterAll(() => test.close());

async function statements(variables: { filter?: Record<string, unknown>; orderBy?: Record<string, unknown> } = {}): Promise<StatementPage> {
  return (await test.data<{ statements: StatementPage }>(STATEMENTS, variables)).statements;
}

function texts(nodes: { text: string }[]): string[] {
  return nodes.map((node) => node.text);
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function onlyOne(nodes: StatementNode[], text: string): StatementNode {
  const matches = nodes.filter((node) => node.text === text);
  expect(matches, `statements with the text "${text}"`).toHaveLength(1);
  return matches[0] as StatementNode;
}

/** Runs an operation that must fail as a whole with one BAD_USER_INPUT error, and returns that error. */
async function badUserInput(query: string, variables?: Record<string, unknown>) {
  const result: GraphQLResponse<Record<string, unknown>> = await test.graphql(query, variables);
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  const [error] = result.errors ?? [];
  expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(result.data?.statements ?? null).toBeNull();
  return { message: error?.message ?? '', extensions: error?.extensions ?? {} };
}

describe('Query.statements', () => {
  it('returns all 20 statements of the seed article on one default page, newest first', async () => {
    const page = await statements({});
    const unordered = `{ statements { totalCount nodes { ${STATEMENT_FIELDS} } pageInfo { hasNextPage endCursor } } }`;
    const defaultPage = (await test.data<{ statements: StatementPage }>(unordered)).statements;

    expect(page.totalCount).toBe(20);
    expect(page.nodes).toHaveLength(20);
    expect(defaultPage.nodes.map((node) => node.id)).toEqual(page.nodes.map((node) => node.id));
    expect(defaultPage.pageInfo.hasNextPage).toBe(false);
    expect(new Set(page.nodes.map((node) => node.id)).size).toBe(20);
    expect(page.nodes.every((node) => node.article.slug === ARTICLE)).toBe(true);
    const days = page.nodes.map((node) => node.saidOn);
    expect(days).toEqual([...days].sort().reverse());
    // The one statement dated to the February launch is the oldest.
    expect(page.nodes.at(-1)?.text).toBe(US_ALLIES_MISSILE_TECHNOLOGY);
  });

  it('attributes each statement to the speaker the annotation names', async () => {
    const { nodes } = await statements();

    expect(countBy(nodes, (node) => node.speaker.name)).toEqual({
      'Lu Kang': 6,
      'Victor Cha': 7,
      'Elizabeth Rosenberg': 3,
      China: 2,
      'The United States and its allies': 1,
      'Mark Toner': 1,
    });
    expect(texts(nodes.filter((node) => node.speaker.slug === 'lu-kang')).sort()).toEqual([...LU_TEXTS].sort());
  });

  it('reports 8 direct quotes, 3 partial quotes and 9 paraphrases', async () => {
    const { nodes } = await statements();

    expect(countBy(nodes, (node) => node.kind)).toEqual({ DIRECT_QUOTE: 8, PARTIAL_QUOTE: 3, PARAPHRASE: 9 });
    expect(onlyOne(nodes, 'paying attention to').kind).toBe('PARTIAL_QUOTE');
    expect(onlyOne(nodes, LU_ALWAYS_OPPOSES).kind).toBe('DIRECT_QUOTE');
    expect(onlyOne(nodes, 'called for his release').kind).toBe('PARAPHRASE');
  });

  it('anchors every statement to its exact words in article.body', async () => {
    const { nodes } = await statements();

    for (const node of nodes) {
      expect(node.span.start).toBeGreaterThanOrEqual(0);
      expect(node.span.end).toBeGreaterThan(node.span.start);
      expect(body.slice(node.span.start, node.span.end), `span of "${node.text}"`).toBe(node.text);
    }
    // Quotation marks stay outside the span: the text is the quote, not the typography.
    const quote = onlyOne(nodes, LU_ALWAYS_OPPOSES);
    expect(body[quote.span.start - 1]).toBe('“');
    expect(body[quote.span.end]).toBe(',');
  });

  it('resolves "he said", "she said" and "Lu warned" to the person who spoke', async () => {
    const { nodes } = await statements();

    const slaveLabor = onlyOne(nodes, CHA_SLAVE_LABOR);
    expect(body.slice(slaveLabor.span.end, slaveLabor.span.end + 11)).toBe(',” he said.');
    expect(slaveLabor.speaker).toEqual({ slug: 'victor-cha', name: 'Victor Cha' });
    expect(slaveLabor.venue).toBe('interview with Foreign Policy');

    const embargo = onlyOne(nodes, ROSENBERG_FULL_EMBARGO);
    expect(body.slice(embargo.span.end, embargo.span.end + 12)).toBe(',” she said.');
    expect(embargo.speaker).toEqual({ slug: 'elizabeth-rosenberg', name: 'Elizabeth Rosenberg' });

    const interests = onlyOne(nodes, LU_REASONABLE_INTERESTS);
    expect(body.slice(interests.span.end, interests.span.end + 12)).toBe(',” Lu warned');
    expect(interests.speaker).toEqual({ slug: 'lu-kang', name: 'Lu Kang' });
  });

  it('keeps both occurrences of the repeated Rosenberg quote, each at its own span', async () => {
    const { nodes } = await statements();
    const repeated = nodes.filter((node) => node.text === ROSENBERG_UP_THE_ANTE);

    expect(repeated).toHaveLength(2);
    const spans = repeated.map((node) => node.span).sort((a, b) => a.start - b.start);
    expect(spans).toEqual([
      { start: body.indexOf(ROSENBERG_UP_THE_ANTE), end: body.indexOf(ROSENBERG_UP_THE_ANTE) + ROSENBERG_UP_THE_ANTE.length },
      { start: body.lastIndexOf(ROSENBERG_UP_THE_ANTE), end: body.lastIndexOf(ROSENBERG_UP_THE_ANTE) + ROSENBERG_UP_THE_ANTE.length },
    ]);
    expect(spans[0]?.start).not.toBe(spans[1]?.start);
    for (const node of repeated) {
      expect(node.kind).toBe('PARTIAL_QUOTE');
      expect(node.speaker.slug).toBe('elizabeth-rosenberg');
    }
  });

  it('gives Lu Kang’s statements his role, the Beijing briefing and the reported date', async () => {
    const lu = (await statements()).nodes.filter((node) => node.speaker.slug === 'lu-kang');

    expect(lu).toHaveLength(6);
    for (const node of lu) {
      expect(node).toMatchObject({
        speakerRole: 'Chinese Foreign Ministry spokesman',
        venue: 'news briefing in Beijing',
        event: { slug: BRIEFING, title: 'Chinese Foreign Ministry news briefing of March 17, 2016' },
        saidOn: '2016-03-17',
        saidOnInferred: false,
      });
    }
  });

  it('dates Rosenberg’s undated statements to the publication day and says so', async () => {
    const rosenberg = (await statements()).nodes.filter((node) => node.speaker.slug === 'elizabeth-rosenberg');

    expect(rosenberg).toHaveLength(3);
    for (const node of rosenberg) {
      expect(node).toMatchObject({
        speakerRole: 'sanctions expert at the Center for a New American Security',
        saidOn: '2016-03-17',
        saidOnInferred: true,
        venue: null,
        event: null,
      });
    }
  });

  it('dates the United States and allies’ paraphrase to the rocket launch of 2016-02-07', async () => {
    const node = onlyOne((await statements()).nodes, US_ALLIES_MISSILE_TECHNOLOGY);

    expect(node).toMatchObject({
      kind: 'PARAPHRASE',
      speaker: { slug: 'us-and-allies', name: 'The United States and its allies' },
      speakerRole: null,
      saidOn: '2016-02-07',
      saidOnInferred: true,
      event: { slug: ROCKET_LAUNCH },
    });
  });

  it('lists statements in reading order with orderBy SPAN_START ASC, and backwards with DESC', async () => {
    const ascending = await statements({ orderBy: { field: 'SPAN_START', direction: 'ASC' } });
    const descending = await statements({ orderBy: { field: 'SPAN_START', direction: 'DESC' } });

    const starts = ascending.nodes.map((node) => node.span.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(20);
    expect(ascending.nodes[0]?.text).toBe(LU_TEXTS[0]);
    expect(ascending.nodes.at(-1)?.text).toBe('called for his release');
    expect(descending.nodes.map((node) => node.id)).toEqual(ascending.nodes.map((node) => node.id).reverse());
  });
});

describe('Query.statements filter', () => {
  it('narrows to the given speakers', async () => {
    const lu = await idOf(test, 'actor', 'lu-kang');
    const rosenberg = await idOf(test, 'actor', 'elizabeth-rosenberg');

    const onlyLu = await statements({ filter: { speakers: [lu] } });
    expect(onlyLu.totalCount).toBe(6);
    expect(texts(onlyLu.nodes).sort()).toEqual([...LU_TEXTS].sort());

    const both = await statements({ filter: { speakers: [lu, rosenberg] } });
    expect(both.totalCount).toBe(9);
    expect(new Set(both.nodes.map((node) => node.speaker.slug))).toEqual(new Set(['lu-kang', 'elizabeth-rosenberg']));
  });

  it('narrows to the given kinds', async () => {
    const partial = await statements({ filter: { kinds: ['PARTIAL_QUOTE'] } });
    expect(partial.totalCount).toBe(3);
    expect(texts(partial.nodes).sort()).toEqual(['paying attention to', ROSENBERG_UP_THE_ANTE, ROSENBERG_UP_THE_ANTE]);

    const quoted = await statements({ filter: { kinds: ['DIRECT_QUOTE', 'PARTIAL_QUOTE'] } });
    expect(quoted.totalCount).toBe(11);
    expect(quoted.nodes.every((node) => node.kind !== 'PARAPHRASE')).toBe(true);

    const paraphrases = await statements({ filter: { kinds: ['PARAPHRASE'] } });
    expect(paraphrases.totalCount).toBe(9);
  });

  it('narrows to the given articles', async () => {
    const article = await idOf(test, 'article', ARTICLE);

    const page = await statements({ filter: { articles: [article] } });
    expect(page.totalCount).toBe(20);
    expect(page.nodes.every((node) => node.article.slug === ARTICLE)).toBe(true);
  });

  it('narrows to the given events', async () => {
    const briefing = await idOf(test, 'event', BRIEFING);
    const launch = await idOf(test, 'event', ROCKET_LAUNCH);
    const sentencing = await idOf(test, 'event', 'otto-warmbier-sentencing-2016-03-16');

    const atBriefing = await statements({ filter: { events: [briefing] } });
    expect(atBriefing.totalCount).toBe(6);
    expect(texts(atBriefing.nodes).sort()).toEqual([...LU_TEXTS].sort());

    const atEither = await statements({ filter: { events: [briefing, launch] } });
    expect(atEither.totalCount).toBe(7);
    expect(texts(atEither.nodes)).toContain(US_ALLIES_MISSILE_TECHNOLOGY);

    // Toner spoke about the sentencing, not at it.
    expect((await statements({ filter: { events: [sentencing] } })).totalCount).toBe(0);
  });

  it('narrows to an inclusive range of days, either end open', async () => {
    const count = async (saidOn: Record<string, string>) => (await statements({ filter: { saidOn } })).totalCount;

    expect(await count({ from: '2016-03-17', to: '2016-03-17' })).toBe(19);
    expect(await count({ from: '2016-02-07', to: '2016-02-07' })).toBe(1);
    expect(await count({ from: '2016-02-07', to: '2016-03-17' })).toBe(20);
    expect(await count({ from: '2016-02-08', to: '2016-03-16' })).toBe(0);
    expect(await count({ to: '2016-02-07' })).toBe(1);
    expect(await count({ to: '2016-02-06' })).toBe(0);
    expect(await count({ from: '2016-02-08' })).toBe(19);
    expect(await count({ from: '2016-03-18' })).toBe(0);
    expect(await count({})).toBe(20);

    const early = await statements({ filter: { saidOn: { to: '2016-03-01' } } });
    expect(texts(early.nodes)).toEqual([US_ALLIES_MISSILE_TECHNOLOGY]);
  });

  it('requires every given field to match', async () => {
    const cha = await idOf(test, 'actor', 'victor-cha');
    const lu = await idOf(test, 'actor', 'lu-kang');
    const china = await idOf(test, 'actor', 'china');
    const allies = await idOf(test, 'actor', 'us-and-allies');
    const briefing = await idOf(test, 'event', BRIEFING);

    const chaQuotes = await statements({ filter: { speakers: [cha], kinds: ['DIRECT_QUOTE'] } });
    expect(chaQuotes.totalCount).toBe(4);
    expect(texts(chaQuotes.nodes)).toContain(CHA_SLAVE_LABOR);
    expect(chaQuotes.nodes.every((node) => node.speaker.slug === 'victor-cha' && node.kind === 'DIRECT_QUOTE')).toBe(true);

    const luParaphrases = await statements({ filter: { speakers: [lu], kinds: ['PARAPHRASE'], events: [briefing] } });
    expect(texts(luParaphrases.nodes).sort()).toEqual([
      'Beijing has stressed this point many times',
      'Beijing was opposed to any unilateral punishments against its ally in Pyongyang',
    ]);

    const earlyStates = await statements({ filter: { speakers: [china, allies], saidOn: { to: '2016-03-01' } } });
    expect(texts(earlyStates.nodes)).toEqual([US_ALLIES_MISSILE_TECHNOLOGY]);

    expect((await statements({ filter: { speakers: [cha], events: [briefing] } })).totalCount).toBe(0);
  });

  it('rejects an ID of another type with BAD_USER_INPUT', async () => {
    const topic = await idOf(test, 'topic', 'unilateral-sanctions');
    const actor = await idOf(test, 'actor', 'lu-kang');

    const speakers = await badUserInput(STATEMENTS, { filter: { speakers: [topic] } });
    expect(speakers.message).toMatch(/Actor/);
    await badUserInput(STATEMENTS, { filter: { articles: [actor] } });
    await badUserInput(STATEMENTS, { filter: { events: [actor] } });
  });

  it('rejects a malformed ID with BAD_USER_INPUT', async () => {
    await badUserInput(STATEMENTS, { filter: { speakers: ['not-a-global-id'] } });
    // A well-formed global ID of the right type whose local part is not an ID.
    await badUserInput(STATEMENTS, { filter: { speakers: [Buffer.from('Actor:lu-kang').toString('base64')] } });
  });

  it('rejects an empty list, which would silently match nothing, with BAD_USER_INPUT', async () => {
    const kinds = await badUserInput(STATEMENTS, { filter: { kinds: [] } });
    expect(kinds.extensions.problems).toEqual([{ path: 'filter.kinds', message: expect.stringMatching(/must not be empty/) }]);

    await badUserInput(STATEMENTS, { filter: { speakers: [] } });
  });

  it('rejects a range whose start is after its end with BAD_USER_INPUT', async () => {
    const error = await badUserInput(STATEMENTS, { filter: { saidOn: { from: '2016-03-18', to: '2016-03-17' } } });

    expect(error.message).toMatch(/`from` must not be after `to`/);
    expect(error.extensions.problems).toEqual([{ path: 'filter.saidOn', message: '`from` must not be after `to`' }]);
  });

  it('rejects an impossible date written in the query with a clear BAD_USER_INPUT error', async () => {
    const error = await badUserInput(`{ statements(filter: { saidOn: { from: "2016-02-30" } }) { totalCount } }`);

    expect(error.message).toMatch(/YYYY-MM-DD/);
    expect(error.message).toContain('2016-02-30');
  });

  it('rejects an impossible date passed as a variable with a clear BAD_USER_INPUT error', async () => {
    const query = `query($from: Date) { statements(filter: { saidOn: { from: $from } }) { totalCount } }`;

    const impossible = await badUserInput(query, { from: '2016-02-30' });
    expect(impossible.message).toMatch(/YYYY-MM-DD/);
    expect(impossible.message).toContain('2016-02-30');

    const prose = await badUserInput(STATEMENTS, { filter: { saidOn: { to: 'March 17' } } });
    expect(prose.message).toMatch(/YYYY-MM-DD/);
    expect(prose.message).toContain('March 17');
  });
});

describe('Actor.statements', () => {
  const ACTOR_STATEMENTS = /* GraphQL */ `
    query ActorStatements($slug: String!, $filter: StatementFilter, $orderBy: StatementOrder) {
      actor(slug: $slug) {
        statements(first: 100, filter: $filter, orderBy: $orderBy) {
          totalCount
          nodes { id text saidOn speaker { slug } }
        }
      }
    }
  `;
  interface ActorStatements {
    actor: { statements: { totalCount: number; nodes: { id: string; text: string; saidOn: string; speaker: { slug: string } }[] } };
  }

  const actorStatements = async (variables: Record<string, unknown>) =>
    (await test.data<ActorStatements>(ACTOR_STATEMENTS, variables)).actor.statements;

  it('lists what Lu Kang said, newest first by default', async () => {
    const byDefault = await actorStatements({ slug: 'lu-kang' });
    const newestFirst = await actorStatements({ slug: 'lu-kang', orderBy: { field: 'SAID_ON', direction: 'DESC' } });
    const oldestFirst = await actorStatements({ slug: 'lu-kang', orderBy: { field: 'SAID_ON', direction: 'ASC' } });

    expect(byDefault.totalCount).toBe(6);
    expect(texts(byDefault.nodes).sort()).toEqual([...LU_TEXTS].sort());
    expect(byDefault.nodes.every((node) => node.speaker.slug === 'lu-kang' && node.saidOn === '2016-03-17')).toBe(true);
    expect(byDefault.nodes.map((node) => node.id)).toEqual(newestFirst.nodes.map((node) => node.id));
    expect(byDefault.nodes.map((node) => node.id)).toEqual(oldestFirst.nodes.map((node) => node.id).reverse());
  });

  it('applies the statement filter to one actor’s statements', async () => {
    const quotes = await actorStatements({ slug: 'lu-kang', filter: { kinds: ['DIRECT_QUOTE'] } });

    expect(quotes.totalCount).toBe(3);
    expect(texts(quotes.nodes).sort()).toEqual([LU_TEXTS[2], LU_TEXTS[3], LU_TEXTS[4]].sort());
  });

  it('pages through Victor Cha’s seven statements without repeating or skipping one', async () => {
    const PAGE = /* GraphQL */ `
      query($after: String) {
        actor(slug: "victor-cha") {
          statements(first: 3, after: $after) { totalCount nodes { id text } pageInfo { hasNextPage endCursor } }
        }
      }
    `;
    type Page = { actor: { statements: Pick<StatementPage, 'totalCount' | 'pageInfo'> & { nodes: { id: string; text: string }[] } } };
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Page['actor']['statements'] = (await test.data<Page>(PAGE, { after })).actor.statements;
      expect(page.totalCount).toBe(7);
      seen.push(...page.nodes.map((node) => node.id));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }

    expect(pages).toBe(3);
    expect(seen).toEqual((await actorStatements({ slug: 'victor-cha' })).nodes.map((node) => node.id));
    expect(new Set(seen).size).toBe(7);
  });

  it('is empty for an actor who is only spoken about', async () => {
    const warmbier = await actorStatements({ slug: 'otto-warmbier' });

    expect(warmbier).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe('Article.statements', () => {
  it('lists the article’s statements in reading order by default', async () => {
    const data = await test.data<{ article: { statements: StatementPage } }>(
      `query($slug: String!) {
        article(slug: $slug) { statements(first: 100) { totalCount nodes { ${STATEMENT_FIELDS} } pageInfo { hasNextPage endCursor } } }
      }`,
      { slug: ARTICLE },
    );
    const { nodes, totalCount } = data.article.statements;
    const readingOrder = await statements({ orderBy: { field: 'SPAN_START', direction: 'ASC' } });

    expect(totalCount).toBe(20);
    expect(nodes.map((node) => node.id)).toEqual(readingOrder.nodes.map((node) => node.id));
    for (let i = 1; i < nodes.length; i++) {
      const previous = nodes[i - 1] as StatementNode;
      const current = nodes[i] as StatementNode;
      expect(current.span.start).toBeGreaterThan(previous.span.start);
      expect(current.span.start).toBeGreaterThanOrEqual(previous.span.end);
    }
    expect(texts(nodes.slice(0, 3))).toEqual(LU_TEXTS.slice(0, 3));
    expect(nodes.at(-1)?.text).toBe('called for his release');
  });
});

describe('Event.statements', () => {
  it('lists the six statements Lu Kang made at the briefing', async () => {
    type EventStatements = { event: { statements: { totalCount: number; nodes: { text: string; speaker: { slug: string } }[] } } };
    const data = await test.data<EventStatements>(
      `query($slug: String!) { event(slug: $slug) { statements(first: 100) { totalCount nodes { text speaker { slug } } } } }`,
      { slug: BRIEFING },
    );
    const { statements: said } = data.event;

    expect(said.totalCount).toBe(6);
    expect(said.nodes.every((node) => node.speaker.slug === 'lu-kang')).toBe(true);
    expect(texts(said.nodes).sort()).toEqual([...LU_TEXTS].sort());
  });

  it('lists the statement made at the time of the rocket launch', async () => {
    const data = await test.data<{ event: { statements: { totalCount: number; nodes: { text: string; saidOn: string }[] } } }>(
      `query($slug: String!) { event(slug: $slug) { statements { totalCount nodes { text saidOn } } } }`,
      { slug: ROCKET_LAUNCH },
    );

    expect(data.event.statements).toEqual({ totalCount: 1, nodes: [{ text: US_ALLIES_MISSILE_TECHNOLOGY, saidOn: '2016-02-07' }] });
  });
});

describe('Statement.stances', () => {
  interface StanceOfStatement {
    slug: string;
    position: string;
    holder: { slug: string };
    target: { __typename: string; slug: string };
  }
  const WITH_STANCES = /* GraphQL */ `
    query($filter: StatementFilter) {
      statements(first: 100, filter: $filter) {
        nodes {
          text
          stances {
            slug
            position
            holder { slug }
            target {
              __typename
              ... on Topic { slug }
              ... on SanctionMeasure { slug }
              ... on Actor { slug }
              ... on Event { slug }
            }
          }
        }
      }
    }
  `;

  async function stancesOf(speaker: string, text: string): Promise<StanceOfStatement[]> {
    const data = await test.data<{ statements: { nodes: { text: string; stances: StanceOfStatement[] }[] } }>(WITH_STANCES, {
      filter: { speakers: [await idOf(test, 'actor', speaker)] },
    });
    const matches = data.statements.nodes.filter((node) => node.text === text);
    expect(matches).toHaveLength(1);
    return matches[0]?.stances ?? [];
  }

  it('shows that Lu’s “First, as I’ve said many times before…” evidences China’s stance against unilateral sanctions', async () => {
    expect(await stancesOf('lu-kang', LU_ALWAYS_OPPOSES)).toEqual([
      {
        slug: 'china-opposes-unilateral-sanctions',
        position: 'OPPOSES',
        holder: { slug: 'china' },
        target: { __typename: 'Topic', slug: 'unilateral-sanctions' },
      },
    ]);
  });

  it('lists every stance a statement evidences', async () => {
    const stances = await stancesOf('lu-kang', LU_TEXTS[0] as string);

    expect(stances.map((stance) => stance.slug).sort()).toEqual(['china-opposes-unilateral-sanctions', 'china-opposes-us-eo-13722']);
    expect(stances.every((stance) => stance.holder.slug === 'china' && stance.position === 'OPPOSES')).toBe(true);
  });

  it('links Toner’s paraphrase to the State Department’s stance on the Warmbier sentencing', async () => {
    expect(await stancesOf('mark-toner', 'called for his release')).toEqual([
      {
        slug: 'state-department-calls-for-warmbier-release',
        position: 'OPPOSES',
        holder: { slug: 'us-state-department' },
        target: { __typename: 'Event', slug: 'otto-warmbier-sentencing-2016-03-16' },
      },
    ]);
  });
});

describe('Query.node', () => {
  it('returns the Statement for a statement ID', async () => {
    const { nodes } = await statements({ filter: { kinds: ['DIRECT_QUOTE'], speakers: [await idOf(test, 'actor', 'victor-cha')] } });
    const slaveLabor = onlyOne(nodes, CHA_SLAVE_LABOR);

    const data = await test.data<{ node: { __typename: string; id: string; text: string; kind: string; speaker: { name: string } } | null }>(
      `query($id: ID!) { node(id: $id) { __typename id ... on Statement { text kind speaker { name } } } }`,
      { id: slaveLabor.id },
    );

    expect(data.node).toEqual({
      __typename: 'Statement',
      id: slaveLabor.id,
      text: CHA_SLAVE_LABOR,
      kind: 'DIRECT_QUOTE',
      speaker: { name: 'Victor Cha' },
    });
  });
});
