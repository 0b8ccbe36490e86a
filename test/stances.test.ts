// Stances: where each actor in the seed article stands toward which measure, actor, event or topic,
// with the statements that show it, reachable from the root list and from every kind of target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

const ARTICLE = 'beijing-blasts-new-us-sanctions-on-north-korea';
const EO_13722 = 'us-eo-13722';
const UNSCR_2270 = 'unscr-2270';
const ROCKET_LAUNCH = 'north-korea-rocket-launch-2016-02-07';
const WARMBIER_SENTENCING = 'otto-warmbier-sentencing-2016-03-16';

/** Every stance slug in the seed annotation. */
const ALL_STANCES = [
  'china-opposes-unilateral-sanctions',
  'china-opposes-us-eo-13722',
  'china-opposes-worsening-peninsula-tensions',
  'china-opposes-north-korea-nuclear-program',
  'china-supports-unscr-2270',
  'china-criticizes-unscr-2270-effectiveness',
  'china-supports-diplomatic-talks',
  'china-concerned-about-us-eo-13722-labor-and-secondary-sanctions',
  'rosenberg-assesses-us-eo-13722',
  'cha-assesses-us-eo-13722',
  'cha-assesses-china-enforcement',
  'state-department-calls-for-warmbier-release',
  'us-and-allies-criticize-rocket-launch',
];

type Position = 'SUPPORTS' | 'OPPOSES' | 'CRITICIZES' | 'CONCERNED' | 'NEUTRAL' | 'ASSESSES';

type Target =
  | { __typename: 'SanctionMeasure'; slug: string; name: string; identifier: string | null; scope: string }
  | { __typename: 'Actor'; slug: string; name: string; actorKind: string }
  | { __typename: 'Event'; slug: string; title: string; occurredOn: string | null; eventKind: string }
  | { __typename: 'Topic'; slug: string; name: string };

interface Evidence {
  text: string;
  kind: string;
  span: { start: number; end: number };
  speaker: { slug: string };
}

interface StanceNode {
  id: string;
  slug: string;
  position: Position;
  summary: string;
  asOf: string;
  holder: { slug: string; name: string };
  target: Target;
  evidence: Evidence[];
  article: { slug: string } | null;
}

interface StancePage {
  totalCount: number;
  nodes: StanceNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const STANCE_FIELDS = /* GraphQL */ `
  id
  slug
  position
  summary
  asOf
  holder { slug name }
  target {
    __typename
    ... on SanctionMeasure { slug name identifier scope }
    ... on Actor { slug name actorKind: kind }
    ... on Event { slug title occurredOn eventKind: kind }
    ... on Topic { slug name }
  }
  evidence { text kind span { start end } speaker { slug } }
  article { slug }
`;

const PAGE_FIELDS = `totalCount nodes { ${STANCE_FIELDS} } pageInfo { hasNextPage endCursor }`;

const STANCES = /* GraphQL */ `
  query Stances($filter: StanceFilter, $orderBy: StanceOrder) {
    stances(first: 100, filter: $filter, orderBy: $orderBy) { ${PAGE_FIELDS} }
  }
`;

let test: TestApp;
let all: StanceNode[];

beforeAll(async () => {
  test = await createTestApp();
  all = (await stances()).nodes;
});
afterAll(() => test.close());

async function stances(variables: { filter?: Record<string, unknown>; orderBy?: Record<string, unknown> } = {}): Promise<StancePage> {
  return (await test.data<{ stances: StancePage }>(STANCES, variables)).stances;
}

/** The one stance `holder` takes with `position` toward the target with slug `target`. */
function stance(holder: string, position: Position, target: string): StanceNode {
  const matches = all.filter((node) => node.holder.slug === holder && node.position === position && node.target.slug === target);
  expect(matches, `${holder} ${position} ${target}`).toHaveLength(1);
  return matches[0] as StanceNode;
}

function slugs(nodes: { slug: string }[]): string[] {
  return nodes.map((node) => node.slug).sort();
}

function speakers(evidence: Evidence[]): string[] {
  return [...new Set(evidence.map((statement) => statement.speaker.slug))];
}

async function badUserInput(query: string, variables?: Record<string, unknown>) {
  const result: GraphQLResponse<Record<string, unknown>> = await test.graphql(query, variables);
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  const [error] = result.errors ?? [];
  expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(result.data?.stances ?? null).toBeNull();
  return { message: error?.message ?? '', extensions: error?.extensions ?? {} };
}

describe('Query.stances', () => {
  it('returns the 13 stances of the seed article, most recent first', async () => {
    const page = await stances();

    expect(page.totalCount).toBe(13);
    expect(slugs(page.nodes)).toEqual([...ALL_STANCES].sort());
    expect(page.nodes.every((node) => node.article?.slug === ARTICLE)).toBe(true);
    const days = page.nodes.map((node) => node.asOf);
    expect(days).toEqual([...days].sort().reverse());
    expect(page.nodes.at(-1)?.slug).toBe('us-and-allies-criticize-rocket-launch');
  });

  it('China opposes unilateral sanctions, in Lu Kang’s words', () => {
    const opposes = stance('china', 'OPPOSES', 'unilateral-sanctions');

    expect(opposes.target).toEqual({ __typename: 'Topic', slug: 'unilateral-sanctions', name: 'Unilateral sanctions' });
    expect(opposes.asOf).toBe('2016-03-17');
    // Evidence comes in reading order, whatever order the annotation listed it in.
    expect(opposes.evidence.map((statement) => statement.text)).toEqual([
      'Beijing was opposed to any unilateral punishments against its ally in Pyongyang',
      'First, as I’ve said many times before, China always opposes any country imposing unilateral sanctions',
      'Beijing has stressed this point many times',
    ]);
    expect(speakers(opposes.evidence)).toEqual(['lu-kang']);
  });

  it('China opposes E.O. 13722 and warns it must not harm China’s reasonable interests', () => {
    const opposes = stance('china', 'OPPOSES', EO_13722);

    expect(opposes.target).toMatchObject({ __typename: 'SanctionMeasure', identifier: 'E.O. 13722', scope: 'UNILATERAL' });
    expect(opposes.evidence.map((statement) => statement.text)).toEqual([
      'Beijing was opposed to any unilateral punishments against its ally in Pyongyang',
      'paying attention to',
      'Any so-called unilateral sanctions imposed by any country should neither affect nor harm China’s reasonable interests',
    ]);
    expect(speakers(opposes.evidence)).toEqual(['lu-kang']);
  });

  it('China opposes worsening tensions on the Korean Peninsula', () => {
    const opposes = stance('china', 'OPPOSES', 'korean-peninsula-tensions');

    expect(opposes.target).toMatchObject({ __typename: 'Topic', name: 'Tensions on the Korean Peninsula' });
    expect(opposes.evidence).toEqual([
      {
        text: 'the situation on the Korean Peninsula is complex and sensitive, we oppose any moves that may further worsen tensions there',
        kind: 'DIRECT_QUOTE',
        span: { start: 521, end: 643 },
        speaker: { slug: 'lu-kang' },
      },
    ]);
  });

  it('China opposes North Korea’s nuclear program, reported without a quote', () => {
    const opposes = stance('china', 'OPPOSES', 'north-korea-nuclear-program');

    expect(opposes.target).toMatchObject({ __typename: 'Topic', name: 'North Korea\'s nuclear program' });
    expect(opposes.evidence).toEqual([]);
    expect(opposes.summary).toMatch(/no statement quoted/);
  });

  it('China supports UNSCR 2270 without being quoted, yet criticizes it as ineffective', () => {
    const supports = stance('china', 'SUPPORTS', UNSCR_2270);
    const criticizes = stance('china', 'CRITICIZES', UNSCR_2270);

    expect(supports.target).toMatchObject({ __typename: 'SanctionMeasure', identifier: 'UNSCR 2270', scope: 'MULTILATERAL' });
    expect(supports.evidence).toEqual([]);
    expect(criticizes.evidence.map(({ text, kind, speaker }) => ({ text, kind, speaker }))).toEqual([
      { text: 'the international sanctions are ineffective', kind: 'PARAPHRASE', speaker: { slug: 'china' } },
    ]);
  });

  it('China supports diplomatic talks as the only way to dismantle the program', () => {
    const supports = stance('china', 'SUPPORTS', 'diplomatic-talks');

    expect(supports.target.__typename).toBe('Topic');
    expect(supports.evidence.map((statement) => statement.text)).toEqual([
      'the only way to get Kim to dismantle the program is through diplomatic talks',
    ]);
    expect(speakers(supports.evidence)).toEqual(['china']);
  });

  it('Rosenberg and Cha assess E.O. 13722', () => {
    const rosenberg = stance('elizabeth-rosenberg', 'ASSESSES', EO_13722);
    const cha = stance('victor-cha', 'ASSESSES', EO_13722);

    expect(rosenberg.evidence.map((statement) => statement.text)).toEqual([
      'up the ante quite significantly',
      'up the ante quite significantly',
      'It does impose something akin to a full embargo on persons who do business with North Korea',
    ]);
    expect(rosenberg.evidence[0]?.span.start).toBeLessThan(rosenberg.evidence[1]?.span.start ?? 0);
    expect(speakers(rosenberg.evidence)).toEqual(['elizabeth-rosenberg']);
    expect(cha.evidence.map((statement) => statement.text)).toEqual([
      'This is a grade up from the level of sanctions that had been in place before',
    ]);
    expect(speakers(cha.evidence)).toEqual(['victor-cha']);
  });

  it('China is concerned about E.O. 13722, in Victor Cha’s words', () => {
    const concerned = stance('china', 'CONCERNED', EO_13722);

    expect(concerned.holder.name).toBe('China');
    expect(speakers(concerned.evidence)).toEqual(['victor-cha']);
    expect(concerned.evidence.map((statement) => statement.text)).toEqual([
      'these comments show Beijing is concerned about getting caught in the sanction net',
      'China was especially worried about the slave-labor provisions',
      'China imports North Korean slave labor',
      'That’s the piece the Chinese don’t like the most, the secondary sanctioning.',
    ]);
  });

  it('Victor Cha assesses China’s role in enforcement', () => {
    const assesses = stance('victor-cha', 'ASSESSES', 'china');

    expect(assesses.target).toEqual({ __typename: 'Actor', slug: 'china', name: 'China', actorKind: 'STATE' });
    expect(assesses.evidence.map((statement) => statement.text)).toEqual([
      'it’s up to Beijing to make sure these penalties are enforced',
      'if China does implement them fully, it will force them to come back to the negotiating table',
    ]);
  });

  it('the State Department opposes Otto Warmbier’s sentencing, through Mark Toner', () => {
    const opposes = stance('us-state-department', 'OPPOSES', WARMBIER_SENTENCING);

    expect(opposes.holder.name).toBe('U.S. Department of State');
    expect(opposes.target).toMatchObject({ __typename: 'Event', eventKind: 'SENTENCING', occurredOn: '2016-03-16' });
    expect(opposes.evidence.map(({ text, speaker }) => ({ text, speaker }))).toEqual([
      { text: 'called for his release', speaker: { slug: 'mark-toner' } },
    ]);
  });

  it('the United States and its allies criticize the rocket launch of 2016-02-07', () => {
    const criticizes = stance('us-and-allies', 'CRITICIZES', ROCKET_LAUNCH);

    expect(criticizes.asOf).toBe('2016-02-07');
    expect(criticizes.target).toMatchObject({ __typename: 'Event', eventKind: 'MISSILE_LAUNCH', occurredOn: '2016-02-07' });
    expect(criticizes.evidence.map((statement) => statement.text)).toEqual(['used banned ballistic missile technology']);
  });

  it('fetches a stance by its ID through Query.node', async () => {
    const opposes = stance('china', 'OPPOSES', EO_13722);
    const data = await test.data<{ node: { __typename: string; slug: string; holder: { slug: string } } | null }>(
      `query($id: ID!) { node(id: $id) { __typename ... on Stance { slug holder { slug } } } }`,
      { id: opposes.id },
    );

    expect(data.node).toEqual({ __typename: 'Stance', slug: 'china-opposes-us-eo-13722', holder: { slug: 'china' } });
  });
});

describe('Stance.target', () => {
  it('resolves to every member of the StanceTarget union', () => {
    const typenames = new Set(all.map((node) => node.target.__typename));

    expect(typenames).toEqual(new Set(['SanctionMeasure', 'Actor', 'Event', 'Topic']));
  });

  it('resolves a measure, an actor, an event and a topic with their own fields', () => {
    expect(stance('victor-cha', 'ASSESSES', EO_13722).target).toEqual({
      __typename: 'SanctionMeasure',
      slug: EO_13722,
      name: 'Executive Order 13722',
      identifier: 'E.O. 13722',
      scope: 'UNILATERAL',
    });
    expect(stance('victor-cha', 'ASSESSES', 'china').target).toEqual({ __typename: 'Actor', slug: 'china', name: 'China', actorKind: 'STATE' });
    expect(stance('us-and-allies', 'CRITICIZES', ROCKET_LAUNCH).target).toEqual({
      __typename: 'Event',
      slug: ROCKET_LAUNCH,
      title: 'North Korea\'s rocket launch of February 7, 2016',
      occurredOn: '2016-02-07',
      eventKind: 'MISSILE_LAUNCH',
    });
    expect(stance('china', 'SUPPORTS', 'diplomatic-talks').target).toEqual({
      __typename: 'Topic',
      slug: 'diplomatic-talks',
      name: 'Diplomatic talks on North Korea\'s nuclear program',
    });
  });

  it('counts each kind of target as the annotation does', () => {
    const counts: Record<string, number> = {};
    for (const node of all) counts[node.target.__typename] = (counts[node.target.__typename] ?? 0) + 1;

    expect(counts).toEqual({ SanctionMeasure: 6, Topic: 4, Actor: 1, Event: 2 });
  });
});

describe('Query.stances filter', () => {
  it('narrows to the given holders', async () => {
    const china = await idOf(test, 'actor', 'china');
    const cha = await idOf(test, 'actor', 'victor-cha');
    const rosenberg = await idOf(test, 'actor', 'elizabeth-rosenberg');

    const chinas = await stances({ filter: { holders: [china] } });
    expect(chinas.totalCount).toBe(8);
    expect(chinas.nodes.every((node) => node.holder.slug === 'china')).toBe(true);

    const analysts = await stances({ filter: { holders: [cha, rosenberg] } });
    expect(slugs(analysts.nodes)).toEqual(['cha-assesses-china-enforcement', 'cha-assesses-us-eo-13722', 'rosenberg-assesses-us-eo-13722']);
  });

  it('narrows to targets of different types given in one list', async () => {
    const measure = await idOf(test, 'sanctionMeasure', EO_13722);
    const topic = await idOf(test, 'topic', 'unilateral-sanctions');

    const page = await stances({ filter: { targets: [measure, topic] } });
    expect(page.totalCount).toBe(5);
    expect(slugs(page.nodes)).toEqual([
      'cha-assesses-us-eo-13722',
      'china-concerned-about-us-eo-13722-labor-and-secondary-sanctions',
      'china-opposes-unilateral-sanctions',
      'china-opposes-us-eo-13722',
      'rosenberg-assesses-us-eo-13722',
    ]);
  });

  it('narrows to an actor or an event as target', async () => {
    const china = await idOf(test, 'actor', 'china');
    const launch = await idOf(test, 'event', ROCKET_LAUNCH);
    const sentencing = await idOf(test, 'event', WARMBIER_SENTENCING);

    expect(slugs((await stances({ filter: { targets: [china] } })).nodes)).toEqual(['cha-assesses-china-enforcement']);
    expect(slugs((await stances({ filter: { targets: [launch, sentencing] } })).nodes)).toEqual([
      'state-department-calls-for-warmbier-release',
      'us-and-allies-criticize-rocket-launch',
    ]);
  });

  it('narrows to the given positions', async () => {
    const assesses = await stances({ filter: { positions: ['ASSESSES'] } });
    expect(slugs(assesses.nodes)).toEqual(['cha-assesses-china-enforcement', 'cha-assesses-us-eo-13722', 'rosenberg-assesses-us-eo-13722']);

    const supportOrCriticize = await stances({ filter: { positions: ['SUPPORTS', 'CRITICIZES'] } });
    expect(slugs(supportOrCriticize.nodes)).toEqual([
      'china-criticizes-unscr-2270-effectiveness',
      'china-supports-diplomatic-talks',
      'china-supports-unscr-2270',
      'us-and-allies-criticize-rocket-launch',
    ]);

    expect((await stances({ filter: { positions: ['NEUTRAL'] } })).totalCount).toBe(0);
  });

  it('narrows to an inclusive range of days, either end open', async () => {
    const count = async (asOf: Record<string, string>) => (await stances({ filter: { asOf } })).totalCount;

    expect(await count({ from: '2016-03-17', to: '2016-03-17' })).toBe(12);
    expect(await count({ from: '2016-02-07', to: '2016-02-07' })).toBe(1);
    expect(await count({ to: '2016-03-01' })).toBe(1);
    expect(await count({ to: '2016-02-06' })).toBe(0);
    expect(await count({ from: '2016-02-08' })).toBe(12);
    expect(await count({ from: '2016-03-18' })).toBe(0);

    expect(slugs((await stances({ filter: { asOf: { to: '2016-03-01' } } })).nodes)).toEqual(['us-and-allies-criticize-rocket-launch']);
  });

  it('requires every given field to match', async () => {
    const china = await idOf(test, 'actor', 'china');
    const measure = await idOf(test, 'sanctionMeasure', EO_13722);

    expect(slugs((await stances({ filter: { holders: [china], positions: ['SUPPORTS'] } })).nodes)).toEqual([
      'china-supports-diplomatic-talks',
      'china-supports-unscr-2270',
    ]);
    expect(slugs((await stances({ filter: { holders: [china], targets: [measure] } })).nodes)).toEqual([
      'china-concerned-about-us-eo-13722-labor-and-secondary-sanctions',
      'china-opposes-us-eo-13722',
    ]);
    expect((await stances({ filter: { holders: [china], targets: [measure], asOf: { to: '2016-03-16' } } })).totalCount).toBe(0);
  });

  it('rejects an ID of another type in holders or targets with BAD_USER_INPUT', async () => {
    const topic = await idOf(test, 'topic', 'unilateral-sanctions');
    const article = await idOf(test, 'article', ARTICLE);

    const holders = await badUserInput(STANCES, { filter: { holders: [topic] } });
    expect(holders.message).toMatch(/Actor/);
    await badUserInput(STANCES, { filter: { targets: [article] } });
  });

  it('rejects malformed IDs, empty lists and backwards ranges with BAD_USER_INPUT', async () => {
    await badUserInput(STANCES, { filter: { holders: ['nonsense'] } });
    const empty = await badUserInput(STANCES, { filter: { positions: [] } });
    expect(empty.extensions.problems).toEqual([{ path: 'filter.positions', message: expect.stringMatching(/must not be empty/) }]);
    await badUserInput(STANCES, { filter: { targets: [] } });
    const backwards = await badUserInput(STANCES, { filter: { asOf: { from: '2016-03-17', to: '2016-02-07' } } });
    expect(backwards.message).toMatch(/`from` must not be after `to`/);
  });
});

describe('SanctionMeasure.stances', () => {
  const MEASURE_STANCES = /* GraphQL */ `
    query($slug: String!, $first: Int, $after: String, $filter: StanceFilter) {
      sanctionMeasure(slug: $slug) { stances(first: $first, after: $after, filter: $filter) { ${PAGE_FIELDS} } }
    }
  `;
  const measureStances = async (variables: Record<string, unknown>) =>
    (await test.data<{ sanctionMeasure: { stances: StancePage } }>(MEASURE_STANCES, variables)).sanctionMeasure.stances;

  it('lists the four stances toward E.O. 13722', async () => {
    const page = await measureStances({ slug: EO_13722 });

    expect(page.totalCount).toBe(4);
    expect(page.nodes.map((node) => `${node.holder.slug} ${node.position}`).sort()).toEqual([
      'china CONCERNED',
      'china OPPOSES',
      'elizabeth-rosenberg ASSESSES',
      'victor-cha ASSESSES',
    ]);
    expect(page.nodes.every((node) => node.target.slug === EO_13722)).toBe(true);
  });

  it('pages through them, counting the whole list on every page', async () => {
    const first = await measureStances({ slug: EO_13722, first: 2 });
    const second = await measureStances({ slug: EO_13722, first: 2, after: first.pageInfo.endCursor });

    expect(first.totalCount).toBe(4);
    expect(second.totalCount).toBe(4);
    expect(first.nodes).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.nodes).toHaveLength(2);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(slugs([...first.nodes, ...second.nodes])).toEqual(slugs((await measureStances({ slug: EO_13722 })).nodes));
  });

  it('applies the stance filter', async () => {
    const page = await measureStances({ slug: EO_13722, filter: { positions: ['ASSESSES'] } });

    expect(slugs(page.nodes)).toEqual(['cha-assesses-us-eo-13722', 'rosenberg-assesses-us-eo-13722']);
    expect(page.totalCount).toBe(2);
  });

  it('lists both of China’s stances toward UNSCR 2270', async () => {
    const page = await measureStances({ slug: UNSCR_2270 });

    expect(slugs(page.nodes)).toEqual(['china-criticizes-unscr-2270-effectiveness', 'china-supports-unscr-2270']);
  });
});

describe('Actor.stances', () => {
  it('lists the eight stances China holds', async () => {
    const data = await test.data<{ actor: { stances: StancePage } }>(`query { actor(slug: "china") { stances(first: 100) { ${PAGE_FIELDS} } } }`);
    const { stances: held } = data.actor;

    expect(held.totalCount).toBe(8);
    expect(slugs(held.nodes)).toEqual(ALL_STANCES.filter((slug) => slug.startsWith('china-')).sort());
    const positions: Record<string, number> = {};
    for (const node of held.nodes) positions[node.position] = (positions[node.position] ?? 0) + 1;
    expect(positions).toEqual({ OPPOSES: 4, SUPPORTS: 2, CRITICIZES: 1, CONCERNED: 1 });
  });

  it('is empty for a spokesman whose words evidence his state’s stances', async () => {
    const data = await test.data<{ actor: { stances: { totalCount: number; nodes: unknown[] } } }>(
      `{ actor(slug: "lu-kang") { stances { totalCount nodes { slug } } } }`,
    );

    expect(data.actor.stances).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe('Actor.stancesToward', () => {
  it('lists the stances others hold toward China', async () => {
    const data = await test.data<{ actor: { stancesToward: StancePage } }>(
      `{ actor(slug: "china") { stancesToward { ${PAGE_FIELDS} } } }`,
    );
    const { stancesToward } = data.actor;

    expect(stancesToward.totalCount).toBe(1);
    expect(stancesToward.nodes.map((node) => ({ slug: node.slug, holder: node.holder.slug, position: node.position }))).toEqual([
      { slug: 'cha-assesses-china-enforcement', holder: 'victor-cha', position: 'ASSESSES' },
    ]);
  });

  it('is empty for an actor nobody takes a stance toward', async () => {
    const data = await test.data<{ actor: { stancesToward: { totalCount: number } } }>(
      `{ actor(slug: "victor-cha") { stancesToward { totalCount } } }`,
    );

    expect(data.actor.stancesToward.totalCount).toBe(0);
  });
});

describe('Event.stances', () => {
  const eventStances = async (slug: string) =>
    (await test.data<{ event: { stances: StancePage } }>(`query($slug: String!) { event(slug: $slug) { stances { ${PAGE_FIELDS} } } }`, { slug }))
      .event.stances;

  it('lists the State Department’s stance on the Warmbier sentencing', async () => {
    const page = await eventStances(WARMBIER_SENTENCING);

    expect(page.totalCount).toBe(1);
    expect(page.nodes.map((node) => [node.holder.slug, node.position])).toEqual([['us-state-department', 'OPPOSES']]);
    expect(page.nodes[0]?.evidence.map((statement) => statement.speaker.slug)).toEqual(['mark-toner']);
  });

  it('lists the allies’ criticism of the rocket launch', async () => {
    const page = await eventStances(ROCKET_LAUNCH);

    expect(page.nodes.map((node) => [node.holder.slug, node.position, node.asOf])).toEqual([['us-and-allies', 'CRITICIZES', '2016-02-07']]);
  });

  it('is empty for an event nobody takes a stance toward', async () => {
    expect((await eventStances('chinese-foreign-ministry-briefing-2016-03-17')).totalCount).toBe(0);
  });
});

describe('Topic.stances', () => {
  it('lists China’s stance on each topic', async () => {
    const data = await test.data<{ topics: { nodes: { slug: string; stances: { nodes: Pick<StanceNode, 'position' | 'holder'>[] } }[] } }>(
      `{ topics(first: 10) { nodes { slug stances(first: 10) { nodes { position holder { slug name } } } } } }`,
    );
    const byTopic = Object.fromEntries(
      data.topics.nodes.map((topic) => [topic.slug, topic.stances.nodes.map((node) => `${node.holder.slug} ${node.position}`)]),
    );

    expect(byTopic).toEqual({
      'unilateral-sanctions': ['china OPPOSES'],
      'korean-peninsula-tensions': ['china OPPOSES'],
      'north-korea-nuclear-program': ['china OPPOSES'],
      'diplomatic-talks': ['china SUPPORTS'],
    });
  });
});

describe('Article.stances', () => {
  it('lists all 13 stances the article reports, most recent first', async () => {
    const data = await test.data<{ article: { stances: StancePage } }>(
      `query($slug: String!) { article(slug: $slug) { stances(first: 100) { ${PAGE_FIELDS} } } }`,
      { slug: ARTICLE },
    );
    const { stances: reported } = data.article;

    expect(reported.totalCount).toBe(13);
    expect(slugs(reported.nodes)).toEqual([...ALL_STANCES].sort());
    expect(reported.nodes.at(-1)?.asOf).toBe('2016-02-07');
    expect(reported.nodes.slice(0, -1).every((node) => node.asOf === '2016-03-17')).toBe(true);
  });

  it('applies the stance filter', async () => {
    const data = await test.data<{ article: { stances: { totalCount: number } } }>(
      `query($slug: String!) { article(slug: $slug) { stances(filter: { positions: [CONCERNED, ASSESSES] }) { totalCount } } }`,
      { slug: ARTICLE },
    );

    expect(data.article.stances.totalCount).toBe(4);
  });
});
