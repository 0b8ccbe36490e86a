// Analytics: how the stances toward a target break down (by position and by the holders' countries),
// and the timeline of an actor or a measure. Expectations are worked out by hand from
// seeds/beijing-blasts-new-us-sanctions-on-north-korea/annotations.yaml, plus a few stances added
// here where the seed is too small to show grouping by country or a date window.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, paginate } from '../sdk/src/index.js';
import type { StancePosition } from '../server/store/enums.js';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

const EO_13722 = 'us-eo-13722';

interface PositionCount {
  position: StancePosition;
  count: number;
}

interface Summary {
  target: { __typename: string; slug: string };
  total: number;
  holders: number;
  byPosition: PositionCount[];
  byHolderCountry: { country: { slug: string } | null; total: number; holders: number; byPosition: PositionCount[] }[];
}

const SUMMARY = /* GraphQL */ `
  query($target: ID!, $asOf: DateRange) {
    stanceSummary(target: $target, asOf: $asOf) {
      target {
        __typename
        ... on SanctionMeasure { slug }
        ... on Actor { slug }
        ... on Event { slug }
        ... on Topic { slug }
      }
      total
      holders
      byPosition { position count }
      byHolderCountry { country { slug } total holders byPosition { position count } }
    }
  }
`;

const POSITIONS: StancePosition[] = ['SUPPORTS', 'OPPOSES', 'CRITICIZES', 'CONCERNED', 'NEUTRAL', 'ASSESSES'];

/** Every position in enum order, with the given counts and zeros elsewhere. */
function counts(nonZero: Partial<Record<StancePosition, number>>): PositionCount[] {
  return POSITIONS.map((position) => ({ position, count: nonZero[position] ?? 0 }));
}

/** A country group: `slug` null for the holders with no country. */
function group(slug: string | null, total: number, holders: number, byPosition: Partial<Record<StancePosition, number>>) {
  return { country: slug === null ? null : { slug }, total, holders, byPosition: counts(byPosition) };
}

async function summary(test: TestApp, target: string, asOf?: Record<string, string>): Promise<Summary | null> {
  return (await test.data<{ stanceSummary: Summary | null }>(SUMMARY, { target, asOf })).stanceSummary;
}

async function badUserInput(test: TestApp, query: string, variables: Record<string, unknown>) {
  const result: GraphQLResponse<Record<string, unknown>> = await test.graphql(query, variables);
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  const [error] = result.errors ?? [];
  expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
  return error?.message ?? '';
}

interface Item {
  date: string;
  kind: string;
  relation: string;
  role: string | null;
  node:
    | { __typename: 'Event'; slug: string }
    | { __typename: 'SanctionMeasure'; slug: string }
    | { __typename: 'Statement'; text: string; speaker: { slug: string } }
    | { __typename: 'Stance'; slug: string; holder: { slug: string } };
}

interface TimelinePage {
  totalCount: number;
  nodes: Item[];
  edges: { cursor: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const TIMELINE = /* GraphQL */ `
  query($subject: ID!, $first: Int, $after: String, $last: Int, $before: String, $kinds: [TimelineItemKind!], $between: DateRange) {
    timeline(subject: $subject, first: $first, after: $after, last: $last, before: $before, kinds: $kinds, between: $between) {
      totalCount
      edges { cursor }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      nodes {
        date
        kind
        relation
        role
        node {
          __typename
          ... on Event { slug }
          ... on SanctionMeasure { slug }
          ... on Statement { text speaker { slug } }
          ... on Stance { slug holder { slug } }
        }
      }
    }
  }
`;

async function timeline(test: TestApp, subject: string, args: Record<string, unknown> = {}): Promise<TimelinePage | null> {
  return (await test.data<{ timeline: TimelinePage | null }>(TIMELINE, { subject, first: 100, ...args })).timeline;
}

/** An item as one line: date, kind, relation and what the node is. */
function line(item: Item): string {
  const { node } = item;
  const what = node.__typename === 'Statement' ? `${node.speaker.slug}: ${node.text}` : node.slug;
  return `${item.date} ${item.kind} ${item.relation} ${what}`;
}

// The statements that evidence the four stances toward E.O. 13722, in annotation order (which is the
// order the seed loader inserts them, so also ID order).
const EO_13722_EVIDENCE = [
  'lu-kang: Beijing was opposed to any unilateral punishments against its ally in Pyongyang',
  'lu-kang: paying attention to',
  'lu-kang: Any so-called unilateral sanctions imposed by any country should neither affect nor harm China’s reasonable interests',
  'elizabeth-rosenberg: up the ante quite significantly',
  'elizabeth-rosenberg: up the ante quite significantly',
  'elizabeth-rosenberg: It does impose something akin to a full embargo on persons who do business with North Korea',
  'victor-cha: these comments show Beijing is concerned about getting caught in the sanction net',
  'victor-cha: China was especially worried about the slave-labor provisions',
  'victor-cha: China imports North Korean slave labor',
  'victor-cha: That’s the piece the Chinese don’t like the most, the secondary sanctioning.',
  'victor-cha: This is a grade up from the level of sanctions that had been in place before',
];

const EO_13722_TIMELINE = [
  '2016-01-06 EVENT TRIGGERED north-korea-nuclear-test-2016-01-06',
  '2016-02-07 EVENT TRIGGERED north-korea-rocket-launch-2016-02-07',
  '2016-03-15 MEASURE_SIGNED MILESTONE us-eo-13722',
  '2016-03-16 MEASURE_ANNOUNCED MILESTONE us-eo-13722',
  ...EO_13722_EVIDENCE.map((statement) => `2016-03-17 STATEMENT EVIDENCE ${statement}`),
  '2016-03-17 STANCE TOWARD china-opposes-us-eo-13722',
  '2016-03-17 STANCE TOWARD china-concerned-about-us-eo-13722-labor-and-secondary-sanctions',
  '2016-03-17 STANCE TOWARD rosenberg-assesses-us-eo-13722',
  '2016-03-17 STANCE TOWARD cha-assesses-us-eo-13722',
];

describe('Query.stanceSummary', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it('counts the four stances toward E.O. 13722 by position and by holder country', async () => {
    // China opposes it and is concerned about it; Rosenberg and Cha (both U.S.) assess it.
    expect(await summary(test, await idOf(test, 'sanctionMeasure', EO_13722))).toEqual({
      target: { __typename: 'SanctionMeasure', slug: EO_13722 },
      total: 4,
      holders: 3,
      byPosition: counts({ OPPOSES: 1, CONCERNED: 1, ASSESSES: 2 }),
      byHolderCountry: [group('china', 2, 1, { OPPOSES: 1, CONCERNED: 1 }), group('united-states', 2, 2, { ASSESSES: 2 })],
    });
  });

  it('lists every position in enum order, zeros included', async () => {
    const result = await summary(test, await idOf(test, 'sanctionMeasure', 'unscr-2270'));

    expect(result?.byPosition.map((entry) => entry.position)).toEqual(POSITIONS);
    expect(result?.byPosition).toEqual(counts({ SUPPORTS: 1, CRITICIZES: 1 }));
  });

  it('summarizes a topic, an event and an actor target', async () => {
    expect(await summary(test, await idOf(test, 'topic', 'unilateral-sanctions'))).toMatchObject({
      target: { __typename: 'Topic', slug: 'unilateral-sanctions' },
      total: 1,
      holders: 1,
      byPosition: counts({ OPPOSES: 1 }),
      byHolderCountry: [group('china', 1, 1, { OPPOSES: 1 })],
    });
    // The coalition of the United States and its allies has no country of its own.
    expect(await summary(test, await idOf(test, 'event', 'north-korea-rocket-launch-2016-02-07'))).toMatchObject({
      target: { __typename: 'Event' },
      total: 1,
      byHolderCountry: [group(null, 1, 1, { CRITICIZES: 1 })],
    });
    expect(await summary(test, await idOf(test, 'actor', 'china'))).toMatchObject({
      target: { __typename: 'Actor', slug: 'china' },
      total: 1,
      byHolderCountry: [group('united-states', 1, 1, { ASSESSES: 1 })],
    });
  });

  it('returns zero counts for a target nobody has a stance toward, and for an empty date window', async () => {
    expect(await summary(test, await idOf(test, 'sanctionMeasure', 'us-eo-13687'))).toEqual({
      target: { __typename: 'SanctionMeasure', slug: 'us-eo-13687' },
      total: 0,
      holders: 0,
      byPosition: counts({}),
      byHolderCountry: [],
    });
    // Every stance toward E.O. 13722 is attested on 2016-03-17.
    const measure = await idOf(test, 'sanctionMeasure', EO_13722);
    expect(await summary(test, measure, { to: '2016-03-16' })).toMatchObject({ total: 0, holders: 0, byHolderCountry: [] });
    expect(await summary(test, measure, { from: '2016-03-17', to: '2016-03-17' })).toMatchObject({ total: 4, holders: 3 });
  });

  it('is null for a well-formed ID that names nothing', async () => {
    expect(await summary(test, encodeGlobalID('SanctionMeasure', 99999))).toBeNull();
    expect(await summary(test, encodeGlobalID('Topic', 99999))).toBeNull();
  });

  it('rejects an ID of another type, a malformed ID and a backwards range with BAD_USER_INPUT', async () => {
    const article = await idOf(test, 'article', 'beijing-blasts-new-us-sanctions-on-north-korea');
    expect(await badUserInput(test, SUMMARY, { target: article })).toMatch(/SanctionMeasure|Actor|Event|Topic/);
    await badUserInput(test, SUMMARY, { target: 'nonsense' });
    await badUserInput(test, SUMMARY, { target: encodeGlobalID('Actor', 'x1') });
    const measure = await idOf(test, 'sanctionMeasure', EO_13722);
    expect(await badUserInput(test, SUMMARY, { target: measure, asOf: { from: '2016-03-17', to: '2016-03-01' } })).toMatch(/`from` must not be after `to`/);
  });

  it('runs a fixed number of SQL statements', async () => {
    const measure = await idOf(test, 'sanctionMeasure', EO_13722);
    test.resetQueries();
    await summary(test, measure);
    // The target, the counts by country and position, the holders by country, the country actors.
    expect(test.queries, test.queries.join('\n')).toHaveLength(4);
  });
});

describe('Query.stanceSummary with more holders', () => {
  let test: TestApp;
  let measure: string;

  beforeAll(async () => {
    test = await createTestApp();
    const ids = Object.fromEntries(
      (await test.db.selectFrom('actor').select(['id', 'slug']).execute()).map((actor) => [actor.slug, actor.id]),
    ) as Record<string, number>;
    const target = await test.db.selectFrom('sanctionMeasure').select('id').where('slug', '=', EO_13722).executeTakeFirstOrThrow();
    const now = '2016-06-01T00:00:00.000Z';
    const stance = (holder: string, position: StancePosition, asOf: string) => ({
      slug: `${holder}-${position.toLowerCase()}-${asOf}`,
      holderId: ids[holder] as number,
      position,
      targetMeasureId: target.id,
      summary: `${holder} ${position.toLowerCase()} (test)`,
      asOf,
      createdAt: now,
      updatedAt: now,
    });
    await test.db
      .insertInto('stance')
      .values([
        stance('north-korea', 'OPPOSES', '2016-03-18'), // a state counts as its own country
        stance('kim-jong-un', 'OPPOSES', '2016-03-20'),
        stance('government-of-north-korea', 'CRITICIZES', '2016-04-01'),
        stance('un-security-council', 'NEUTRAL', '2016-03-18'), // no country
        stance('china', 'SUPPORTS', '2016-05-01'), // China's third stance: still one holder
      ])
      .execute();
    measure = await idOf(test, 'sanctionMeasure', EO_13722);
  });
  afterAll(() => test.close());

  it('groups holders by country: states as their own, members by their country, the rest together', async () => {
    expect(await summary(test, measure)).toEqual({
      target: { __typename: 'SanctionMeasure', slug: EO_13722 },
      total: 9,
      holders: 7,
      byPosition: counts({ SUPPORTS: 1, OPPOSES: 3, CRITICIZES: 1, CONCERNED: 1, NEUTRAL: 1, ASSESSES: 2 }),
      // Most stances first; China and North Korea tie at 3 and go by name.
      byHolderCountry: [
        group('china', 3, 1, { SUPPORTS: 1, OPPOSES: 1, CONCERNED: 1 }),
        group('north-korea', 3, 3, { OPPOSES: 2, CRITICIZES: 1 }),
        group('united-states', 2, 2, { ASSESSES: 2 }),
        group(null, 1, 1, { NEUTRAL: 1 }),
      ],
    });
  });

  it('counts only the stances attested within `asOf`', async () => {
    expect(await summary(test, measure, { from: '2016-03-18', to: '2016-03-31' })).toMatchObject({
      total: 3,
      holders: 3,
      byPosition: counts({ OPPOSES: 2, NEUTRAL: 1 }),
      byHolderCountry: [group('north-korea', 2, 2, { OPPOSES: 2 }), group(null, 1, 1, { NEUTRAL: 1 })],
    });
    expect(await summary(test, measure, { from: '2016-04-01' })).toMatchObject({
      total: 2,
      byHolderCountry: [group('china', 1, 1, { SUPPORTS: 1 }), group('north-korea', 1, 1, { CRITICIZES: 1 })],
    });
  });

  it('runs as many SQL statements for nine stances as for four', async () => {
    test.resetQueries();
    await summary(test, measure);
    expect(test.queries, test.queries.join('\n')).toHaveLength(4);
  });
});

describe('Query.timeline', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it('lists what happened around E.O. 13722, oldest first', async () => {
    const page = await timeline(test, await idOf(test, 'sanctionMeasure', EO_13722));

    expect(page?.nodes.map(line)).toEqual(EO_13722_TIMELINE);
    expect(page?.totalCount).toBe(EO_13722_TIMELINE.length);
    expect(page?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('gives the speaker’s role for evidence and the participant’s role for events', async () => {
    const luKang = await timeline(test, await idOf(test, 'actor', 'lu-kang'));

    expect(luKang?.nodes.map((item) => `${item.kind} ${item.relation} ${item.role}`)).toEqual([
      'EVENT TOOK_PART Spokesman',
      ...Array.from({ length: 6 }, () => 'STATEMENT SPOKE Chinese Foreign Ministry spokesman'),
    ]);
    expect(luKang?.nodes[0]?.node).toEqual({ __typename: 'Event', slug: 'chinese-foreign-ministry-briefing-2016-03-17' });
  });

  it('lists an actor’s events and the measures that target it, in date order', async () => {
    const page = await timeline(test, await idOf(test, 'actor', 'north-korea'));

    expect(page?.nodes.map((item) => `${line(item)} (${item.role})`)).toEqual([
      '2014-11-24 EVENT TOOK_PART sony-pictures-cyber-attack-2014 (Held responsible by the United States)',
      '2016-01-06 EVENT TOOK_PART north-korea-nuclear-test-2016-01-06 (Conducted the test)',
      '2016-02-07 EVENT TOOK_PART north-korea-rocket-launch-2016-02-07 (Launched the rocket)',
      '2016-03-02 MEASURE_SIGNED TARGETED_BY unscr-2270 (null)',
      '2016-03-02 MEASURE_ANNOUNCED TARGETED_BY unscr-2270 (null)',
      '2016-03-16 EVENT TOOK_PART otto-warmbier-sentencing-2016-03-16 (Sentencing state)',
    ]);
  });

  it('tells issuing from signing, and leaves undated measures out', async () => {
    // The U.S. also issued the penalties on the Propaganda and Agitation Department, which have no date.
    expect((await timeline(test, await idOf(test, 'actor', 'united-states')))?.nodes.map(line)).toEqual([
      '2015-01-02 MEASURE_SIGNED ISSUED us-eo-13687',
      '2015-01-02 MEASURE_ANNOUNCED ISSUED us-eo-13687',
      '2016-03-15 MEASURE_SIGNED ISSUED us-eo-13722',
      '2016-03-16 MEASURE_ANNOUNCED ISSUED us-eo-13722',
    ]);
    expect((await timeline(test, await idOf(test, 'actor', 'barack-obama')))?.nodes.map((item) => item.relation)).toEqual([
      'SIGNED',
      'SIGNED',
      'SIGNED',
      'SIGNED',
    ]);
  });

  it('lists the statements an actor made, the stances it holds and those toward it', async () => {
    const page = await timeline(test, await idOf(test, 'actor', 'china'));

    expect(page?.nodes.map(line)).toEqual([
      '2016-03-17 STATEMENT SPOKE china: the international sanctions are ineffective',
      '2016-03-17 STATEMENT SPOKE china: the only way to get Kim to dismantle the program is through diplomatic talks',
      ...[
        'china-opposes-unilateral-sanctions',
        'china-opposes-us-eo-13722',
        'china-opposes-worsening-peninsula-tensions',
        'china-opposes-north-korea-nuclear-program',
        'china-supports-unscr-2270',
        'china-criticizes-unscr-2270-effectiveness',
        'china-supports-diplomatic-talks',
        'china-concerned-about-us-eo-13722-labor-and-secondary-sanctions',
      ].map((slug) => `2016-03-17 STANCE HOLDS ${slug}`),
      '2016-03-17 STANCE TOWARD cha-assesses-china-enforcement',
    ]);
  });

  it('pages with cursors: page 1 and page 2 are the whole timeline, without overlap', async () => {
    const subject = await idOf(test, 'sanctionMeasure', EO_13722);
    const first = await timeline(test, subject, { first: 7 });
    const second = await timeline(test, subject, { first: 100, after: first?.pageInfo.endCursor });

    expect(first?.nodes).toHaveLength(7);
    expect(first?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(second?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect([...(first?.nodes ?? []), ...(second?.nodes ?? [])].map(line)).toEqual(EO_13722_TIMELINE);
    const cursors = [...(first?.edges ?? []), ...(second?.edges ?? [])].map((edge) => edge.cursor);
    expect(new Set(cursors).size).toBe(EO_13722_TIMELINE.length);
    // The cursor keys items of one day and kind by ID: a page may end between two statements.
    const third = await timeline(test, subject, { first: 3, after: first?.edges[5]?.cursor });
    expect(third?.nodes.map(line)).toEqual(EO_13722_TIMELINE.slice(6, 9));
  });

  it('reads backwards with `last` and `before`', async () => {
    const subject = await idOf(test, 'sanctionMeasure', EO_13722);
    const last = await timeline(test, subject, { first: undefined, last: 5 });
    const before = await timeline(test, subject, { first: undefined, last: 3, before: last?.pageInfo.startCursor });

    expect(last?.nodes.map(line)).toEqual(EO_13722_TIMELINE.slice(-5));
    expect(last?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(before?.nodes.map(line)).toEqual(EO_13722_TIMELINE.slice(-8, -5));
  });

  it('filters by kind and by date, and counts what the filters leave', async () => {
    const subject = await idOf(test, 'sanctionMeasure', EO_13722);

    const stances = await timeline(test, subject, { kinds: ['STANCE'] });
    expect(stances?.nodes.map(line)).toEqual(EO_13722_TIMELINE.slice(-4));
    expect(stances?.totalCount).toBe(4);

    const dated = await timeline(test, subject, { kinds: ['EVENT', 'MEASURE_SIGNED', 'MEASURE_EFFECTIVE'] });
    expect(dated?.nodes.map(line)).toEqual(EO_13722_TIMELINE.slice(0, 3));

    const march = await timeline(test, subject, { between: { from: '2016-03-01', to: '2016-03-16' } });
    expect(march?.nodes.map(line)).toEqual(EO_13722_TIMELINE.slice(2, 4));
    expect(march?.totalCount).toBe(2);
  });

  it('is null for a well-formed ID that names nothing', async () => {
    expect(await timeline(test, encodeGlobalID('Actor', 99999))).toBeNull();
  });

  it('rejects other ID types, empty kinds, page sizes out of range and foreign or edited cursors with BAD_USER_INPUT', async () => {
    const subject = await idOf(test, 'sanctionMeasure', EO_13722);
    expect(await badUserInput(test, TIMELINE, { subject: await idOf(test, 'topic', 'unilateral-sanctions') })).toMatch(/Actor|SanctionMeasure/);
    await badUserInput(test, TIMELINE, { subject: await idOf(test, 'event', 'north-korea-rocket-launch-2016-02-07') });
    await badUserInput(test, TIMELINE, { subject: 'nonsense' });
    await badUserInput(test, TIMELINE, { subject: encodeGlobalID('Actor', 'x1') });
    await badUserInput(test, TIMELINE, { subject, kinds: [] });
    await badUserInput(test, TIMELINE, { subject, first: 101 });
    await badUserInput(test, TIMELINE, { subject, after: 'not-a-cursor' });
    const stances = await test.data<{ stances: { pageInfo: { endCursor: string } } }>('{ stances(first: 1) { pageInfo { endCursor } } }');
    expect(await badUserInput(test, TIMELINE, { subject, after: stances.stances.pageInfo.endCursor })).toMatch(/not a valid cursor/);
  });

  it('runs a bounded number of SQL statements, whatever the page size', async () => {
    const subject = await idOf(test, 'sanctionMeasure', EO_13722);
    test.resetQueries();
    await timeline(test, subject, { first: 100 });
    // Subject, page, count, then one batch per node type (events, statements, stances; the measure is
    // the subject, already loaded) and one for the speakers and holders.
    expect(test.queries, test.queries.join('\n')).toHaveLength(7);

    const statementsOnly = async (first: number) => {
      test.resetQueries();
      const page = await timeline(test, subject, { first, kinds: ['STATEMENT'] });
      return { items: page?.nodes.length, queries: test.queries.length };
    };
    expect(await statementsOnly(2)).toEqual({ items: 2, queries: 5 });
    expect(await statementsOnly(11)).toEqual({ items: 11, queries: 5 });
  });
});

describe('saved queries over the analytics fields', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it('saves a timeline query and serves it as CSV, paging through the timeline', async () => {
    const analyst = await test.createKey('ANALYST');
    const document = /* GraphQL */ `
      query MeasureTimeline($measure: ID!) {
        timeline(subject: $measure, first: 5) {
          nodes { date kind relation node { ... on Stance { slug } ... on Event { slug } } }
        }
      }
    `;
    await test.data(
      `mutation($input: SaveQueryInput!) { saveQuery(input: $input) { savedQuery { name } } }`,
      { input: { name: 'measure-timeline', title: 'A measure’s timeline', document } },
      { apiKey: analyst },
    );
    const measure = await idOf(test, 'sanctionMeasure', EO_13722);

    const response = await test.app.fetch(`http://yoga/queries/measure-timeline?format=csv&measure=${encodeURIComponent(measure)}`);
    const lines = (await response.text()).trim().split('\r\n');

    expect(response.status).toBe(200);
    expect(lines).toHaveLength(1 + EO_13722_TIMELINE.length);
    expect(lines[1]).toMatch(/^2016-01-06,EVENT,TRIGGERED,north-korea-nuclear-test-2016-01-06/);
    expect(lines.at(-1)).toMatch(/^2016-03-17,STANCE,TOWARD,cha-assesses-us-eo-13722/);
  });

  it('saves a stance summary query and runs it', async () => {
    const analyst = await test.createKey('ANALYST', 'analyst-2');
    const document = /* GraphQL */ `
      query Summary($target: ID!, $from: Date) {
        stanceSummary(target: $target, asOf: { from: $from }) { total byPosition { position count } }
      }
    `;
    await test.data(
      `mutation($input: SaveQueryInput!) { saveQuery(input: $input) { savedQuery { name } } }`,
      { input: { name: 'stance-summary', title: 'Stances toward a target', document } },
      { apiKey: analyst },
    );
    const measure = await idOf(test, 'sanctionMeasure', EO_13722);

    const response = await test.app.fetch(`http://yoga/queries/stance-summary?format=csv&target=${encodeURIComponent(measure)}&from=2016-03-01`);
    const lines = (await response.text()).trim().split('\r\n');

    expect(response.status).toBe(200);
    expect(lines.slice(1)).toEqual(['SUPPORTS,0', 'OPPOSES,1', 'CRITICIZES,0', 'CONCERNED,1', 'NEUTRAL,0', 'ASSESSES,2']);
  });
});

describe('the SDK’s StanceSummary and Timeline operations', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it('summarizes and pages through a timeline, typed, without a port', async () => {
    const client = createClient({ url: 'http://yoga/graphql', fetch: test.app.fetch as typeof fetch });
    const measure = await idOf(test, 'sanctionMeasure', EO_13722);

    const { stanceSummary } = await client.stanceSummary({ target: measure });
    expect(stanceSummary?.target).toMatchObject({ __typename: 'SanctionMeasure', slug: EO_13722 });
    expect(stanceSummary?.byHolderCountry.map((group) => [group.country?.slug, group.total])).toEqual([
      ['china', 2],
      ['united-states', 2],
    ]);

    const items = [];
    for await (const item of paginate(client.timeline, { subject: measure }, { pageSize: 6 })) items.push(item);
    expect(items.map((item) => `${item.date} ${item.kind}`)).toEqual(EO_13722_TIMELINE.map((entry) => entry.split(' ').slice(0, 2).join(' ')));
    const [first] = items;
    expect(first?.node.__typename === 'Event' && first.node.eventKind).toBe('NUCLEAR_TEST');
  });
});
