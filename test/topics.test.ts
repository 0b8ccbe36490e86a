// Topics: the policies and situations stances can be toward, looked up by slug, listed, filtered
// by name, and linked to the stances actors take on them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, type TestApp } from './helpers/test-app.js';

const NAMES_ASCENDING = [
  'Diplomatic talks on North Korea\'s nuclear program',
  'North Korea\'s nuclear program',
  'Tensions on the Korean Peninsula',
  'Unilateral sanctions',
];

interface TopicNode {
  id: string;
  slug: string;
  name: string;
  description: string | null;
}

interface TopicPage {
  totalCount: number;
  nodes: TopicNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const TOPIC = /* GraphQL */ `
  query Topic($slug: String!) { topic(slug: $slug) { id slug name description } }
`;

const TOPICS = /* GraphQL */ `
  query Topics($filter: TopicFilter, $orderBy: TopicOrder, $first: Int, $after: String) {
    topics(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      nodes { id slug name description }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

let test: TestApp;

beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test.close());

async function topics(variables: Record<string, unknown> = {}): Promise<TopicPage> {
  return (await test.data<{ topics: TopicPage }>(TOPICS, variables)).topics;
}

function names(nodes: { name: string }[]): string[] {
  return nodes.map((node) => node.name);
}

async function badUserInput(query: string, variables: Record<string, unknown>) {
  const result: GraphQLResponse<Record<string, unknown>> = await test.graphql(query, variables);
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  const [error] = result.errors ?? [];
  expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
  return { message: error?.message ?? '', extensions: error?.extensions ?? {}, data: result.data };
}

describe('Query.topic', () => {
  it('looks a topic up by slug', async () => {
    const data = await test.data<{ topic: TopicNode | null }>(TOPIC, { slug: 'unilateral-sanctions' });

    expect(data.topic).toMatchObject({
      slug: 'unilateral-sanctions',
      name: 'Unilateral sanctions',
      description: 'Sanctions one country imposes on its own authority, outside a U.N. mandate.',
    });
    expect(data.topic?.id).toEqual(expect.any(String));
  });

  it('returns the same topic as node(id)', async () => {
    const { topic } = await test.data<{ topic: TopicNode | null }>(TOPIC, { slug: 'korean-peninsula-tensions' });
    const { node } = await test.data<{ node: { __typename: string; slug: string; name: string } | null }>(
      `query($id: ID!) { node(id: $id) { __typename ... on Topic { slug name } } }`,
      { id: topic?.id },
    );

    expect(node).toEqual({ __typename: 'Topic', slug: 'korean-peninsula-tensions', name: 'Tensions on the Korean Peninsula' });
  });

  it('returns null, without an error, for a slug no topic has', async () => {
    const result = await test.graphql<{ topic: TopicNode | null }>(TOPIC, { slug: 'no-such-topic' });

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ topic: null });
  });

  it.each([
    ['spaces', 'unilateral sanctions'],
    ['uppercase letters', 'Unilateral-Sanctions'],
    ['spaces and uppercase letters', 'Unilateral Sanctions'],
    ['a double hyphen', 'unilateral--sanctions'],
  ])('rejects a slug with %s as BAD_USER_INPUT', async (_why, slug) => {
    const error = await badUserInput(TOPIC, { slug });

    expect(error.extensions.problems).toEqual([{ path: 'slug', message: 'must be lowercase letters, digits and single hyphens' }]);
    expect(error.data?.topic ?? null).toBeNull();
  });
});

describe('Query.topics', () => {
  it('lists every topic by name by default', async () => {
    const page = await topics();

    expect(page.totalCount).toBe(4);
    expect(names(page.nodes)).toEqual(NAMES_ASCENDING);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  it('orders by name descending with orderBy NAME DESC', async () => {
    const page = await topics({ orderBy: { field: 'NAME', direction: 'DESC' } });

    expect(names(page.nodes)).toEqual([...NAMES_ASCENDING].reverse());
  });

  it('filters by a case-insensitive part of the name', async () => {
    // "Korea" is in three names: "Korean Peninsula" and both "North Korea's" topics.
    const upper = await topics({ filter: { name: 'KOREA' } });
    const lower = await topics({ filter: { name: 'korea' } });

    expect(upper.totalCount).toBe(3);
    expect(names(upper.nodes)).toEqual([
      'Diplomatic talks on North Korea\'s nuclear program',
      'North Korea\'s nuclear program',
      'Tensions on the Korean Peninsula',
    ]);
    expect(names(lower.nodes)).toEqual(names(upper.nodes));
    expect(names((await topics({ filter: { name: 'PENINSULA' } })).nodes)).toEqual(['Tensions on the Korean Peninsula']);
    expect(names((await topics({ filter: { name: 'nuclear program' } })).nodes)).toEqual([
      'Diplomatic talks on North Korea\'s nuclear program',
      'North Korea\'s nuclear program',
    ]);
    expect((await topics({ filter: { name: 'embargo' } })).totalCount).toBe(0);
  });

  it('combines the name filter with orderBy NAME DESC', async () => {
    const page = await topics({ filter: { name: 'Korea' }, orderBy: { field: 'NAME', direction: 'DESC' } });

    expect(names(page.nodes)).toEqual([
      'Tensions on the Korean Peninsula',
      'North Korea\'s nuclear program',
      'Diplomatic talks on North Korea\'s nuclear program',
    ]);
  });

  it('matches LIKE wildcards in the name literally', async () => {
    expect((await topics({ filter: { name: '%' } })).totalCount).toBe(0);
    expect((await topics({ filter: { name: 'north_korea' } })).totalCount).toBe(0);
    expect(names((await topics({ filter: { name: 'Korea\'s' } })).nodes)).toHaveLength(2);
  });

  it('rejects a blank name filter as BAD_USER_INPUT', async () => {
    const error = await badUserInput(TOPICS, { filter: { name: '   ' } });

    expect(error.extensions.problems).toEqual([{ path: 'filter.name', message: 'must not be blank' }]);
  });

  it('pages through the topics in name order', async () => {
    const first = await topics({ first: 3 });
    const rest = await topics({ first: 3, after: first.pageInfo.endCursor });

    expect(first.totalCount).toBe(4);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect([...names(first.nodes), ...names(rest.nodes)]).toEqual(NAMES_ASCENDING);
  });
});

describe('Topic.stances', () => {
  interface TopicStances {
    topic: {
      stances: {
        totalCount: number;
        nodes: {
          slug: string;
          position: string;
          holder: { slug: string };
          target: { __typename: string; slug?: string };
          evidence: { text: string; speaker: { slug: string } }[];
        }[];
      };
    };
  }
  const TOPIC_STANCES = /* GraphQL */ `
    query($slug: String!, $filter: StanceFilter) {
      topic(slug: $slug) {
        stances(filter: $filter) {
          totalCount
          nodes {
            slug
            position
            holder { slug }
            target { __typename ... on Topic { slug } }
            evidence { text speaker { slug } }
          }
        }
      }
    }
  `;
  const topicStances = async (variables: Record<string, unknown>) => (await test.data<TopicStances>(TOPIC_STANCES, variables)).topic.stances;

  it('lists China’s opposition to unilateral sanctions, with Lu Kang’s words as evidence', async () => {
    const stances = await topicStances({ slug: 'unilateral-sanctions' });

    expect(stances.totalCount).toBe(1);
    const [opposes] = stances.nodes;
    expect(opposes).toMatchObject({
      slug: 'china-opposes-unilateral-sanctions',
      position: 'OPPOSES',
      holder: { slug: 'china' },
      target: { __typename: 'Topic', slug: 'unilateral-sanctions' },
    });
    expect(opposes?.evidence).toHaveLength(3);
    expect(opposes?.evidence.every((statement) => statement.speaker.slug === 'lu-kang')).toBe(true);
  });

  it('lists a stance reported without evidence', async () => {
    const stances = await topicStances({ slug: 'north-korea-nuclear-program' });

    expect(stances.nodes.map(({ slug, position, evidence }) => ({ slug, position, evidence }))).toEqual([
      { slug: 'china-opposes-north-korea-nuclear-program', position: 'OPPOSES', evidence: [] },
    ]);
  });

  it('lists China’s support for diplomatic talks', async () => {
    const stances = await topicStances({ slug: 'diplomatic-talks' });

    expect(stances.nodes.map((node) => [node.holder.slug, node.position])).toEqual([['china', 'SUPPORTS']]);
    expect(stances.nodes[0]?.evidence.map((statement) => statement.text)).toEqual([
      'the only way to get Kim to dismantle the program is through diplomatic talks',
    ]);
  });

  it('applies the stance filter', async () => {
    expect((await topicStances({ slug: 'unilateral-sanctions', filter: { positions: ['SUPPORTS'] } })).totalCount).toBe(0);
    expect((await topicStances({ slug: 'unilateral-sanctions', filter: { positions: ['OPPOSES'] } })).totalCount).toBe(1);
  });
});
