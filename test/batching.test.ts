// No N+1: a nested query issues the same small number of SQL statements whatever the page size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSyntheticCorpus } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const STATEMENTS_WITH_EVERYTHING = /* GraphQL */ `
  query Statements($first: Int!) {
    statements(first: $first, orderBy: { field: SAID_ON, direction: ASC }) {
      totalCount
      nodes {
        text
        speaker {
          name
          affiliations { role organization { name } }
        }
        article { headline }
        stances {
          position
          target {
            __typename
            ... on Topic { name }
            ... on SanctionMeasure { name }
            ... on Actor { name }
            ... on Event { title }
          }
        }
      }
    }
  }
`;

describe('SQL statements per request', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp({ seed: false });
    await addSyntheticCorpus(test.db, { articles: 10, statementsPerArticle: 10, speakers: 7 });
  });
  afterAll(() => test.close());

  async function countFor(query: string, variables: Record<string, unknown>) {
    test.resetQueries();
    const data = await test.data(query, variables);
    return { data, count: test.queries.length };
  }

  it('stays constant for 5 or 50 statements with speaker, affiliations, article and stance targets', async () => {
    const five = await countFor(STATEMENTS_WITH_EVERYTHING, { first: 5 });
    const fifty = await countFor(STATEMENTS_WITH_EVERYTHING, { first: 50 });

    expect(five.data.statements.nodes).toHaveLength(5);
    expect(fifty.data.statements.nodes).toHaveLength(50);
    expect(fifty.data.statements.nodes[49].speaker.affiliations[0].organization.name).toBe('Synthetic Org');
    expect(fifty.data.statements.nodes[0].stances[0].target.__typename).toBe('Topic');
    expect(fifty.count).toBe(five.count);
    // page, count, speakers, affiliations, organizations, articles, stances, topics
    expect(fifty.count).toBeLessThanOrEqual(8);
  });

  it('fetches a nested connection for all parents in one statement', async () => {
    const query = /* GraphQL */ `
      query Speakers($first: Int!) {
        actors(first: $first, filter: { kinds: [PERSON] }) {
          nodes {
            name
            statements(first: 3) { totalCount nodes { text article { headline } } pageInfo { hasNextPage endCursor } }
            stances(first: 2) { nodes { summary evidence { text } } }
          }
        }
      }
    `;
    const two = await countFor(query, { first: 2 });
    const seven = await countFor(query, { first: 7 });

    expect(seven.data.actors.nodes).toHaveLength(7);
    for (const actor of seven.data.actors.nodes) {
      expect(actor.statements.nodes).toHaveLength(3);
      expect(actor.statements.pageInfo.hasNextPage).toBe(true);
      expect(actor.statements.totalCount).toBeGreaterThan(3);
    }
    expect(seven.count).toBe(two.count);
    expect(seven.count).toBeLessThanOrEqual(6);
  });
});
