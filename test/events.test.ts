// The five events the seed article reports: the January nuclear test, the February launch, the Sony
// Pictures cyber-attack, Otto Warmbier's sentencing and the Beijing briefing; who took part, the
// lists that find them, the measures they triggered and the articles that mention them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, idOf, type TestApp } from './helpers/test-app.js';

const ARTICLE = 'beijing-blasts-new-us-sanctions-on-north-korea';
const NUCLEAR_TEST = 'north-korea-nuclear-test-2016-01-06';
const LAUNCH = 'north-korea-rocket-launch-2016-02-07';
const CYBER_ATTACK = 'sony-pictures-cyber-attack-2014';
const SENTENCING = 'otto-warmbier-sentencing-2016-03-16';
const BRIEFING = 'chinese-foreign-ministry-briefing-2016-03-17';
const MOST_RECENT_FIRST = [BRIEFING, SENTENCING, LAUNCH, NUCLEAR_TEST, CYBER_ATTACK];

interface SlugNode {
  slug: string;
}
interface EventData {
  slug: string;
  kind: string;
  title: string;
  occurredOn: string | null;
  participants: { role: string | null; actor: SlugNode }[];
}
interface ErrorResult {
  errors?: { extensions?: Record<string, unknown> }[];
}

const EVENT = /* GraphQL */ `
  query Event($slug: String!) {
    event(slug: $slug) { slug kind title occurredOn participants { role actor { slug } } }
  }
`;

const LIST_EVENTS = /* GraphQL */ `
  query Events($filter: EventFilter, $orderBy: EventOrder, $first: Int, $after: String) {
    events(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      nodes { slug }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
interface EventPage {
  events: { totalCount: number; nodes: SlugNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

let test: TestApp;

beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test.close());

async function event(slug: string): Promise<EventData | null> {
  return (await test.data<{ event: EventData | null }>(EVENT, { slug })).event;
}

async function listEvents(variables: Record<string, unknown>) {
  return (await test.data<EventPage>(LIST_EVENTS, variables)).events;
}

async function eventSlugs(variables: Record<string, unknown>): Promise<string[]> {
  const list = await listEvents(variables);
  expect(list.totalCount).toBe(list.nodes.length);
  return list.nodes.map((node) => node.slug);
}

function errorCodes(result: ErrorResult): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}

describe('Query.event', () => {
  it.each([
    { slug: NUCLEAR_TEST, kind: 'NUCLEAR_TEST', title: "North Korea's nuclear test of January 6, 2016", occurredOn: '2016-01-06' },
    { slug: LAUNCH, kind: 'MISSILE_LAUNCH', title: "North Korea's rocket launch of February 7, 2016", occurredOn: '2016-02-07' },
    { slug: CYBER_ATTACK, kind: 'CYBER_ATTACK', title: 'Cyber-attack on Sony Pictures', occurredOn: '2014-11-24' },
    { slug: SENTENCING, kind: 'SENTENCING', title: 'Otto Warmbier sentenced to 15 years of hard labor', occurredOn: '2016-03-16' },
    { slug: BRIEFING, kind: 'PRESS_BRIEFING', title: 'Chinese Foreign Ministry news briefing of March 17, 2016', occurredOn: '2016-03-17' },
  ])('gives $slug its kind, title and day', async ({ slug, kind, title, occurredOn }) => {
    expect(await event(slug)).toMatchObject({ slug, kind, title, occurredOn });
  });

  it('returns null for a slug nobody has', async () => {
    expect(await event('no-such-event')).toBeNull();
  });

  it('rejects a malformed slug with BAD_USER_INPUT', async () => {
    const result = await test.graphql(EVENT, { slug: 'Nuclear test' });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('Event.participants', () => {
  it.each([
    { slug: NUCLEAR_TEST, participants: [['north-korea', 'Conducted the test']] },
    { slug: LAUNCH, participants: [['north-korea', 'Launched the rocket']] },
    {
      slug: CYBER_ATTACK,
      participants: [
        ['sony-pictures', 'Target'],
        ['north-korea', 'Held responsible by the United States'],
      ],
    },
    {
      slug: SENTENCING,
      participants: [
        ['otto-warmbier', 'Sentenced'],
        ['north-korea', 'Sentencing state'],
      ],
    },
    {
      slug: BRIEFING,
      participants: [
        ['lu-kang', 'Spokesman'],
        ['chinese-foreign-ministry', 'Host'],
      ],
    },
  ])('lists who took part in $slug, with their parts', async ({ slug, participants }) => {
    const data = await event(slug);
    const actual = (data?.participants ?? []).map((participant) => [participant.actor.slug, participant.role]);
    expect(actual).toHaveLength(participants.length);
    expect(actual).toEqual(expect.arrayContaining(participants));
  });

  it('makes Sony Pictures the target of the cyber-attack', async () => {
    const { event: attack } = await test.data<{ event: { participants: { role: string | null; actor: { name: string } }[] } }>(
      `query($slug: String!) { event(slug: $slug) { participants { role actor { name } } } }`,
      { slug: CYBER_ATTACK },
    );
    expect(attack.participants).toContainEqual({ role: 'Target', actor: { name: 'Sony Pictures' } });
  });
});

describe('Query.events', () => {
  it('lists all five events, most recent first', async () => {
    expect(await eventSlugs({})).toEqual(MOST_RECENT_FIRST);
  });

  it('filter kinds keeps events of any of the kinds given', async () => {
    expect(await eventSlugs({ filter: { kinds: ['NUCLEAR_TEST'] } })).toEqual([NUCLEAR_TEST]);
    expect(await eventSlugs({ filter: { kinds: ['NUCLEAR_TEST', 'MISSILE_LAUNCH'] } })).toEqual([LAUNCH, NUCLEAR_TEST]);
    expect(await eventSlugs({ filter: { kinds: ['SUMMIT'] } })).toEqual([]);
  });

  it('filter occurredOn keeps events within the range, bounds included', async () => {
    expect(await eventSlugs({ filter: { occurredOn: { from: '2016-01-01', to: '2016-02-29' } } })).toEqual([LAUNCH, NUCLEAR_TEST]);
    expect(await eventSlugs({ filter: { occurredOn: { from: '2016-03-16', to: '2016-03-16' } } })).toEqual([SENTENCING]);
    expect(await eventSlugs({ filter: { occurredOn: { to: '2015-12-31' } } })).toEqual([CYBER_ATTACK]);
    expect(await eventSlugs({ filter: { occurredOn: { from: '2016-03-17' } } })).toEqual([BRIEFING]);
    expect(await eventSlugs({ filter: { occurredOn: { from: '2016-03-18' } } })).toEqual([]);
  });

  it('filter participants keeps events involving any of the actors given', async () => {
    const northKorea = await idOf(test, 'actor', 'north-korea');
    const lu = await idOf(test, 'actor', 'lu-kang');
    const sony = await idOf(test, 'actor', 'sony-pictures');
    const cha = await idOf(test, 'actor', 'victor-cha');
    expect(await eventSlugs({ filter: { participants: [northKorea] } })).toEqual([SENTENCING, LAUNCH, NUCLEAR_TEST, CYBER_ATTACK]);
    expect(await eventSlugs({ filter: { participants: [lu] } })).toEqual([BRIEFING]);
    expect(await eventSlugs({ filter: { participants: [sony, lu] } })).toEqual([BRIEFING, CYBER_ATTACK]);
    expect(await eventSlugs({ filter: { participants: [cha] } })).toEqual([]);
  });

  it('combines filter fields with AND', async () => {
    const northKorea = await idOf(test, 'actor', 'north-korea');
    expect(
      await eventSlugs({ filter: { participants: [northKorea], kinds: ['CYBER_ATTACK', 'SENTENCING'], occurredOn: { from: '2016-01-01' } } }),
    ).toEqual([SENTENCING]);
  });

  it('rejects an empty kinds list and a backwards range with BAD_USER_INPUT', async () => {
    expect(errorCodes(await test.graphql(LIST_EVENTS, { filter: { kinds: [] } }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await test.graphql(LIST_EVENTS, { filter: { occurredOn: { from: '2016-03-17', to: '2016-01-01' } } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(errorCodes(await test.graphql(LIST_EVENTS, { filter: { occurredOn: { from: '2016-02-30' } } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('orderBy OCCURRED_ON DESC and ASC order by day', async () => {
    expect(await eventSlugs({ orderBy: { field: 'OCCURRED_ON', direction: 'DESC' } })).toEqual(MOST_RECENT_FIRST);
    expect(await eventSlugs({ orderBy: { field: 'OCCURRED_ON', direction: 'ASC' } })).toEqual([...MOST_RECENT_FIRST].reverse());
  });

  it('orderBy TITLE ASC orders by title', async () => {
    expect(await eventSlugs({ orderBy: { field: 'TITLE', direction: 'ASC' } })).toEqual([BRIEFING, CYBER_ATTACK, NUCLEAR_TEST, LAUNCH, SENTENCING]);
  });

  it('pages through the events two at a time, each once', async () => {
    const visited: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const list = await listEvents({ first: 2, after });
      visited.push(...list.nodes.map((node) => node.slug));
      if (!list.pageInfo.hasNextPage) break;
      after = list.pageInfo.endCursor;
    }
    expect(visited).toEqual(MOST_RECENT_FIRST);
  });
});

describe('Event.triggeredMeasures', () => {
  const TRIGGERED = /* GraphQL */ `
    query($slug: String!) { event(slug: $slug) { triggeredMeasures { slug } } }
  `;
  async function triggered(slug: string): Promise<string[]> {
    const { event: data } = await test.data<{ event: { triggeredMeasures: SlugNode[] } }>(TRIGGERED, { slug });
    return data.triggeredMeasures.map((measure) => measure.slug);
  }

  it('links the January 6 test to E.O. 13722 and UNSCR 2270', async () => {
    const measures = await triggered(NUCLEAR_TEST);
    expect(measures).toHaveLength(2);
    expect(measures).toEqual(expect.arrayContaining(['us-eo-13722', 'unscr-2270']));
  });

  it('links the cyber-attack to E.O. 13687', async () => {
    expect(await triggered(CYBER_ATTACK)).toEqual(['us-eo-13687']);
  });

  it('is empty for the sentencing and the briefing', async () => {
    expect(await triggered(SENTENCING)).toEqual([]);
    expect(await triggered(BRIEFING)).toEqual([]);
  });
});

describe('Event.articles', () => {
  it('finds the seed article for each of the five events', async () => {
    const { events } = await test.data<{ events: { nodes: { slug: string; articles: { totalCount: number; nodes: SlugNode[] } }[] } }>(
      `{ events { nodes { slug articles { totalCount nodes { slug } } } } }`,
    );
    expect(events.nodes.map((node) => node.slug)).toEqual(MOST_RECENT_FIRST);
    for (const node of events.nodes) expect(node.articles).toEqual({ totalCount: 1, nodes: [{ slug: ARTICLE }] });
  });

  it('applies an article filter', async () => {
    const { event: data } = await test.data<{ event: { articles: { totalCount: number; nodes: SlugNode[] } } }>(
      `query($slug: String!) { event(slug: $slug) { articles(filter: { publications: ["The Cable"] }) { totalCount nodes { slug } } } }`,
      { slug: BRIEFING },
    );
    expect(data.articles).toEqual({ totalCount: 0, nodes: [] });
  });
});
