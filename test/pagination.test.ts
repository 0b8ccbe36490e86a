// Relay pagination over keyset pages: every list pages forward (first/after) and backward
// (last/before) through the same items in the same order, ties broken by id and NULLs last; cursors
// are opaque, stable and checked on the way back in; page sizes are bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSyntheticCorpus } from './helpers/fixtures.js';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

interface Connection<N> {
  totalCount: number;
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
}

interface PageArgs {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
}

type Direction = 'ASC' | 'DESC';
type FetchPage<N> = (args: PageArgs) => Promise<Connection<N>>;

/** A node reduced to what ordering needs: its global ID and its sort value. */
interface SortedNode {
  id: string;
  value: string | number | null;
}

const PAGE_FIELDS = /* GraphQL */ `
  totalCount
  edges { cursor node { id value } }
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
`;

/** The database id inside a global ID (`U3RhdGVtZW50OjEy` is `Statement:12`). */
function rawId(globalId: string): number {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  return Number(decoded.slice(decoded.lastIndexOf(':') + 1));
}

function idsOf(connection: Connection<SortedNode>): string[] {
  return connection.edges.map((edge) => edge.node.id);
}

/** The order the API promises: by value in `direction`, NULLs last, ties by id in `direction`. */
function expectedOrder(nodes: SortedNode[], direction: Direction): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...nodes]
    .sort((a, b) => {
      if (a.value !== b.value) {
        if (a.value === null) return 1;
        if (b.value === null) return -1;
        return (a.value < b.value ? -1 : 1) * sign;
      }
      return (rawId(a.id) - rawId(b.id)) * sign;
    })
    .map((node) => node.id);
}

async function readForward<N>(fetch: FetchPage<N>, size: number): Promise<Connection<N>[]> {
  const pages: Connection<N>[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 500; guard++) {
    const page = await fetch({ first: size, after });
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    expect(page.pageInfo.endCursor).toEqual(expect.any(String));
    after = page.pageInfo.endCursor ?? undefined;
  }
  throw new Error('paging forward never reached hasNextPage: false');
}

async function readBackward<N>(fetch: FetchPage<N>, size: number): Promise<Connection<N>[]> {
  const pages: Connection<N>[] = [];
  let before: string | undefined;
  for (let guard = 0; guard < 500; guard++) {
    const page = await fetch({ last: size, before });
    pages.push(page);
    if (!page.pageInfo.hasPreviousPage) return pages;
    expect(page.pageInfo.startCursor).toEqual(expect.any(String));
    before = page.pageInfo.startCursor ?? undefined;
  }
  throw new Error('paging backward never reached hasPreviousPage: false');
}

/** Pages read with first/after: full pages, in order, hasNextPage false only at the end. */
function expectForwardWalk(pages: Connection<SortedNode>[], size: number, reference: string[]) {
  expect(pages.flatMap(idsOf)).toEqual(reference);
  expect(pages).toHaveLength(Math.max(1, Math.ceil(reference.length / size)));
  pages.forEach((page, index) => {
    const isLast = index === pages.length - 1;
    if (!isLast) expect(page.edges).toHaveLength(size);
    expect(page.pageInfo.hasNextPage).toBe(!isLast);
    expect(page.pageInfo.hasPreviousPage).toBe(index > 0);
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
  });
}

/** Pages read with last/before from the end: the final items first, hasPreviousPage while more precede. */
function expectBackwardWalk(pages: Connection<SortedNode>[], size: number, reference: string[]) {
  expect([...pages].reverse().flatMap(idsOf)).toEqual(reference);
  expect(pages).toHaveLength(Math.max(1, Math.ceil(reference.length / size)));
  pages.forEach((page, index) => {
    const isEarliest = index === pages.length - 1;
    if (!isEarliest) expect(page.edges).toHaveLength(size);
    expect(page.pageInfo.hasPreviousPage).toBe(!isEarliest);
    // Reading backwards, items follow every page but the first one read (no `before` yet).
    expect(page.pageInfo.hasNextPage).toBe(index > 0);
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
  });
}

function expectBadUserInput(result: GraphQLResponse<unknown>, message: RegExp) {
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(result.errors?.[0]?.message).toMatch(message);
  expect(JSON.stringify(result)).not.toMatch(/\bselect\b[^"]*\bfrom\b|sqlite|syntax error| where |order by|statement\.|\bat .*\.[jt]s:\d+/i);
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

const ORDERS: { field: 'SAID_ON' | 'SPAN_START'; direction: Direction }[] = [
  { field: 'SAID_ON', direction: 'ASC' },
  { field: 'SAID_ON', direction: 'DESC' },
  { field: 'SPAN_START', direction: 'ASC' },
  { field: 'SPAN_START', direction: 'DESC' },
];

const STATEMENTS = /* GraphQL */ `
  query Statements($first: Int, $after: String, $last: Int, $before: String, $orderBy: StatementOrder, $filter: StatementFilter) {
    statements(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
      totalCount
      edges { cursor node { id saidOn span { start } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

interface StatementNode {
  id: string;
  saidOn: string;
  span: { start: number };
}

describe('Query.statements paging (100 synthetic statements, ten per day and ten per span start)', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp({ seed: false });
    await addSyntheticCorpus(test.db, { articles: 10, statementsPerArticle: 10, speakers: 7 });
  });
  afterAll(() => test.close());

  const fetchStatements =
    (order: { field: string; direction: Direction }, filter?: Record<string, unknown>): FetchPage<SortedNode> =>
    async (args) => {
      const data = await test.data<{ statements: Connection<StatementNode> }>(STATEMENTS, { ...args, orderBy: order, filter });
      const { statements } = data;
      return {
        ...statements,
        edges: statements.edges.map(({ cursor, node }) => ({
          cursor,
          node: { id: node.id, value: order.field === 'SAID_ON' ? node.saidOn : node.span.start },
        })),
      };
    };

  async function reference(order: { field: string; direction: Direction }): Promise<Connection<SortedNode>> {
    const page = await fetchStatements(order)({ first: 100 });
    expect(page.edges).toHaveLength(100);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.pageInfo.hasPreviousPage).toBe(false);
    return page;
  }

  it.each(ORDERS)('reads all 100 in one page of 100 by $field $direction, ties broken by id', async (order) => {
    const page = await reference(order);
    const nodes = page.edges.map((edge) => edge.node);
    expect(new Set(idsOf(page)).size).toBe(100);
    // Ten distinct values, each shared by ten statements: the id tie-break decides most of the order.
    expect(new Set(nodes.map((node) => node.value)).size).toBe(10);
    expect(idsOf(page)).toEqual(expectedOrder(nodes, order.direction));
  });

  it.each(ORDERS)('pages forward 7 at a time by $field $direction, visiting each statement once in reference order', async (order) => {
    const expected = idsOf(await reference(order));
    const pages = await readForward(fetchStatements(order), 7);
    expect(pages).toHaveLength(15);
    expect(pages.at(-1)?.edges).toHaveLength(2);
    expectForwardWalk(pages, 7, expected);
  });

  it.each(ORDERS)('pages backward 7 at a time with last/before by $field $direction, visiting the same items in the same order', async (order) => {
    const expected = idsOf(await reference(order));
    const pages = await readBackward(fetchStatements(order), 7);
    expect(pages).toHaveLength(15);
    expectBackwardWalk(pages, 7, expected);
  });

  it('returns the final items for `last` without `before`', async () => {
    const order = { field: 'SAID_ON', direction: 'ASC' as const };
    const expected = idsOf(await reference(order));
    const page = await fetchStatements(order)({ last: 5 });
    expect(idsOf(page)).toEqual(expected.slice(-5));
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('pages between two cursors with first, after and before together', async () => {
    const order = { field: 'SPAN_START', direction: 'DESC' as const };
    const all = await reference(order);
    const after = all.edges[10]?.cursor;
    const before = all.edges[20]?.cursor;
    const page = await fetchStatements(order)({ first: 50, after, before });
    expect(idsOf(page)).toEqual(idsOf(all).slice(11, 20));
  });

  describe('cursors', () => {
    it('are opaque: URL-safe, with no id, date or order field in plain text', async () => {
      const page = await fetchStatements({ field: 'SAID_ON', direction: 'ASC' })({ first: 20 });
      for (const { cursor, node } of page.edges) {
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(cursor).not.toContain(String(node.value));
        expect(cursor).not.toContain('SAID_ON');
        expect(cursor).not.toContain(node.id);
        expect(cursor).not.toContain(`Statement:${rawId(node.id)}`);
        expect(cursor).not.toBe(String(rawId(node.id)));
      }
    });

    it('are stable: the same query twice gives the same cursors', async () => {
      for (const order of ORDERS) {
        const fetch = fetchStatements(order);
        const once = await fetch({ first: 30 });
        const twice = await fetch({ first: 30 });
        expect(twice.edges.map((edge) => edge.cursor)).toEqual(once.edges.map((edge) => edge.cursor));
        expect(new Set(once.edges.map((edge) => edge.cursor)).size).toBe(30);
      }
    });

    const BAD_CURSORS: { name: string; make: (valid: string) => string }[] = [
      { name: 'garbage', make: () => 'not a cursor!' },
      { name: 'an empty string', make: () => '' },
      { name: 'a truncated cursor', make: (valid) => valid.slice(0, -6) },
      { name: 'a cursor with its first character flipped', make: (valid) => (valid[0] === 'A' ? 'B' : 'A') + valid.slice(1) },
      // Characters 4–15 encode the order field's name (`["SAID_ON`): flipping one makes the field unknown.
      { name: 'a cursor with a character in its order field flipped', make: (valid) => flipAt(valid, 8) },
      { name: 'an over-long cursor', make: (valid) => valid.repeat(200) },
      { name: 'base64 of JSON with wrong types', make: () => base64url('v1:["SAID_ON",20200101,"12"]') },
      { name: 'base64 of JSON with an id of 0', make: () => base64url('v1:["SAID_ON","2020-01-01",0]') },
      { name: 'base64 of JSON with an impossible date', make: () => base64url('v1:["SAID_ON","2020-02-30",1]') },
      { name: 'base64 of JSON with SQL in the sort value', make: () => base64url(`v1:["SAID_ON","2020-01-01' or 1=1 --",1]`) },
      { name: 'base64 of JSON without the version prefix', make: () => base64url('["SAID_ON","2020-01-01",1]') },
      { name: 'base64 of a JSON object', make: () => base64url('v1:{"field":"SAID_ON","value":"2020-01-01","id":1}') },
      { name: 'base64 of JSON that does not parse', make: () => base64url('v1:["SAID_ON",') },
    ];

    it.each(BAD_CURSORS)('rejects $name as BAD_USER_INPUT in `after` and in `before`', async ({ make }) => {
      const order = { field: 'SAID_ON', direction: 'ASC' as const };
      const valid = (await fetchStatements(order)({ first: 3 })).edges[1]?.cursor ?? '';
      const bad = make(valid);
      expect(bad).not.toBe(valid);
      for (const arg of ['after', 'before'] as const) {
        const result = await test.graphql(STATEMENTS, { first: 3, [arg]: bad, orderBy: order });
        expectBadUserInput(result, new RegExp(`^\`${arg}\` is not a valid cursor for this list .*Use a cursor this list returned\\.$`));
        expect(result.data ?? null).toBeNull();
      }
    });

    it('rejects a SAID_ON cursor in a list ordered by SPAN_START, naming both orderings', async () => {
      const saidOnCursor = (await fetchStatements({ field: 'SAID_ON', direction: 'DESC' })({ first: 1 })).edges[0]?.cursor;
      const result = await test.graphql(STATEMENTS, { first: 3, after: saidOnCursor, orderBy: { field: 'SPAN_START', direction: 'DESC' } });
      expectBadUserInput(result, /`after` is not a valid cursor .*issued for ordering by SAID_ON, not SPAN_START/);
    });

    it('rejects a cursor from another list (actors by name)', async () => {
      const actors = await test.data<{ actors: { edges: { cursor: string }[] } }>('{ actors(first: 1) { edges { cursor } } }');
      const result = await test.graphql(STATEMENTS, { first: 3, after: actors.actors.edges[0]?.cursor });
      expectBadUserInput(result, /`after` is not a valid cursor for this list/);
    });

    // connections.ts promises that "one that was edited is a clear BAD_USER_INPUT rather than a wrong
    // page". Replacing any one character must therefore either be rejected or (for the padding bits of
    // the last base64 character, which decode to the same bytes) return the very same page.
    it('never silently moves the page when any one character of a cursor is changed', async () => {
      const order = { field: 'SAID_ON', direction: 'ASC' as const };
      const fetch = fetchStatements(order);
      const valid = (await fetch({ first: 13 })).edges[12]?.cursor ?? '';
      const expected = idsOf(await fetch({ first: 5, after: valid }));
      const silentlyMoved: string[] = [];
      for (let index = 0; index < valid.length; index++) {
        const edited = flipAt(valid, index);
        const result = await test.graphql<{ statements: Connection<StatementNode> }>(STATEMENTS, { first: 5, after: edited, orderBy: order });
        if (result.errors) {
          expect(result.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
          continue;
        }
        const ids = result.data?.statements.edges.map((edge) => edge.node.id) ?? [];
        if (JSON.stringify(ids) !== JSON.stringify(expected)) {
          silentlyMoved.push(`#${index} ${edited} = ${Buffer.from(edited, 'base64url').toString('utf8')}`);
        }
      }
      expect(silentlyMoved, `edited cursors accepted as other positions:\n${silentlyMoved.join('\n')}`).toEqual([]);
    });
  });

  describe('page size', () => {
    it('defaults to 20 items, newest first, when neither first nor last is given', async () => {
      const data = await test.data<{ statements: Connection<StatementNode> }>(STATEMENTS, {});
      expect(data.statements.edges).toHaveLength(20);
      expect(data.statements.pageInfo.hasNextPage).toBe(true);
      const newestFirst = idsOf(await reference({ field: 'SAID_ON', direction: 'DESC' })).slice(0, 20);
      expect(data.statements.edges.map((edge) => edge.node.id)).toEqual(newestFirst);
    });

    it('defaults to 20 items in a nested connection too', async () => {
      const data = await test.data<{ topic: { stances: { totalCount: number; nodes: unknown[]; pageInfo: PageInfo } } }>(
        '{ topic(slug: "synthetic-topic") { stances { totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage } } } }',
      );
      expect(data.topic.stances.totalCount).toBe(100);
      expect(data.topic.stances.nodes).toHaveLength(20);
      expect(data.topic.stances.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    });

    it.each([
      { name: 'first: 0', args: { first: 0 }, message: /`first` must be between 1 and 100, got 0/ },
      { name: 'first: 101', args: { first: 101 }, message: /`first` must be between 1 and 100, got 101/ },
      { name: 'first: -1', args: { first: -1 }, message: /`first` must be between 1 and 100, got -1/ },
      { name: 'last: 0', args: { last: 0 }, message: /`last` must be between 1 and 100, got 0/ },
      { name: 'last: 101', args: { last: 101 }, message: /`last` must be between 1 and 100, got 101/ },
      { name: 'first and last together', args: { first: 5, last: 5 }, message: /Pass either `first` or `last`, not both/ },
    ])('rejects $name as BAD_USER_INPUT', async ({ args, message }) => {
      expectBadUserInput(await test.graphql(STATEMENTS, args), message);
    });

    it('rejects a bad page size in a nested connection as BAD_USER_INPUT', async () => {
      const result = await test.graphql('{ actor(slug: "synthetic-speaker-0") { statements(first: 101) { totalCount } } }');
      expectBadUserInput(result, /`first` must be between 1 and 100, got 101/);
      expect(result.errors?.[0]?.path).toEqual(['actor', 'statements']);
    });

    it('accepts first: 100 and last: 100', async () => {
      const first = await test.data<{ statements: Connection<StatementNode> }>(STATEMENTS, { first: 100 });
      const last = await test.data<{ statements: Connection<StatementNode> }>(STATEMENTS, { last: 100 });
      expect(first.statements.edges).toHaveLength(100);
      expect(last.statements.edges.map((edge) => edge.node.id)).toEqual(first.statements.edges.map((edge) => edge.node.id));
    });
  });

  describe('Actor.statements (nested)', () => {
    const SPEAKER = /* GraphQL */ `
      query Speaker($first: Int, $after: String, $last: Int, $before: String) {
        actor(slug: "synthetic-speaker-0") {
          statements(first: $first, after: $after, last: $last, before: $before) {
            totalCount
            edges { cursor node { id value: saidOn } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
      }
    `;
    const fetchSpeaker: FetchPage<SortedNode> = async (args) =>
      (await test.data<{ actor: { statements: Connection<SortedNode> } }>(SPEAKER, { ...args })).actor.statements;

    async function speakerReference(): Promise<string[]> {
      const speaker = await idOf(test, 'actor', 'synthetic-speaker-0');
      const page = await fetchStatements({ field: 'SAID_ON', direction: 'DESC' }, { speakers: [speaker] })({ first: 100 });
      // Speaker 0 of 7 said statements 0, 7, 14, …, 98.
      expect(page.edges).toHaveLength(15);
      return idsOf(page);
    }

    it('pages forward through one speaker’s statements two at a time; totalCount counts the whole list on every page', async () => {
      const pages = await readForward(fetchSpeaker, 2);
      expectForwardWalk(pages, 2, await speakerReference());
      expect(pages).toHaveLength(8);
      for (const page of pages) expect(page.totalCount).toBe(15);
    });

    it('pages backward through one speaker’s statements two at a time', async () => {
      const pages = await readBackward(fetchSpeaker, 2);
      expectBackwardWalk(pages, 2, await speakerReference());
      for (const page of pages) expect(page.totalCount).toBe(15);
    });

    it('rejects a bad nested cursor as BAD_USER_INPUT', async () => {
      for (const after of ['garbage!', base64url('v1:["SPAN_START",3,1]')]) {
        const result = await test.graphql(SPEAKER, { first: 2, after });
        expectBadUserInput(result, /`after` is not a valid cursor for this list/);
        expect(result.errors?.[0]?.path).toEqual(['actor', 'statements']);
      }
    });
  });

  describe('totalCount', () => {
    const count = async (variables: Record<string, unknown>) =>
      (await test.data<{ statements: { totalCount: number } }>(STATEMENTS, variables)).statements.totalCount;

    it('counts the whole list, whatever the page', async () => {
      const cursor = (await fetchStatements({ field: 'SAID_ON', direction: 'ASC' })({ first: 50 })).pageInfo.endCursor;
      expect(await count({ first: 1 })).toBe(100);
      expect(await count({ first: 1, after: cursor, orderBy: { field: 'SAID_ON', direction: 'ASC' } })).toBe(100);
      expect(await count({ last: 3 })).toBe(100);
    });

    it('respects filters', async () => {
      const speaker = await idOf(test, 'actor', 'synthetic-speaker-0');
      const article = await idOf(test, 'article', 'synthetic-article-3');
      expect(await count({ filter: { speakers: [speaker] } })).toBe(15);
      expect(await count({ filter: { articles: [article] } })).toBe(10);
      expect(await count({ filter: { saidOn: { from: '2020-01-02', to: '2020-01-04' } } })).toBe(30);
      expect(await count({ filter: { kinds: ['PARAPHRASE'] } })).toBe(100);
      expect(await count({ filter: { kinds: ['DIRECT_QUOTE'] } })).toBe(0);
      expect(await count({ first: 2, filter: { speakers: [speaker], saidOn: { from: '2020-01-01', to: '2020-01-07' } } })).toBe(10);
    });
  });
});

function flipAt(text: string, index: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const next = alphabet[(alphabet.indexOf(text[index] ?? 'A') + 1) % alphabet.length] ?? 'A';
  return text.slice(0, index) + next + text.slice(index + 1);
}

describe('nullable sort keys, NULLs last (seed data)', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
    // The seed dates every event and leaves one measure unsigned; add undated and unsigned rows so
    // that NULLs tie with each other (broken by id) in both lists.
    const now = '2026-01-01T00:00:00.000Z';
    await test.db
      .insertInto('event')
      .values([
        { slug: 'undated-event-a', kind: 'OTHER', title: 'Undated event A', createdAt: now, updatedAt: now },
        { slug: 'undated-event-b', kind: 'OTHER', title: 'Undated event B', createdAt: now, updatedAt: now },
      ])
      .execute();
    const issuer = await test.db.selectFrom('actor').select('id').where('slug', '=', 'united-states').executeTakeFirstOrThrow();
    await test.db
      .insertInto('sanctionMeasure')
      .values({
        slug: 'unsigned-measure',
        name: 'An unsigned measure',
        instrument: 'DESIGNATION',
        issuerId: issuer.id,
        scope: 'UNILATERAL',
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  });
  afterAll(() => test.close());

  const connectionArgs = '$first: Int, $after: String, $last: Int, $before: String, $direction: OrderDirection!';
  const pageArgs = 'first: $first, after: $after, last: $last, before: $before';
  const LISTS: {
    name: string;
    nulls: number;
    query: string;
    pick: (data: Record<string, unknown>) => Connection<SortedNode>;
  }[] = [
    {
      name: 'Query.events by OCCURRED_ON',
      nulls: 2,
      query: `query(${connectionArgs}) { list: events(${pageArgs}, orderBy: { field: OCCURRED_ON, direction: $direction }) {
        ${PAGE_FIELDS.replace('value', 'value: occurredOn')} } }`,
      pick: (data) => data.list as Connection<SortedNode>,
    },
    {
      name: 'Query.sanctionMeasures by SIGNED_ON',
      nulls: 2,
      query: `query(${connectionArgs}) { list: sanctionMeasures(${pageArgs}, orderBy: { field: SIGNED_ON, direction: $direction }) {
        ${PAGE_FIELDS.replace('value', 'value: signedOn')} } }`,
      pick: (data) => data.list as Connection<SortedNode>,
    },
    {
      name: 'Actor.sanctionsIssued (nested) by SIGNED_ON',
      nulls: 2,
      query: `query(${connectionArgs}) { actor(slug: "united-states") {
        list: sanctionsIssued(${pageArgs}, orderBy: { field: SIGNED_ON, direction: $direction }) {
        ${PAGE_FIELDS.replace('value', 'value: signedOn')} } } }`,
      pick: (data) => (data.actor as Record<string, unknown>).list as Connection<SortedNode>,
    },
  ];
  const CASES = LISTS.flatMap((list) => (['ASC', 'DESC'] as const).map((direction) => ({ ...list, direction })));

  const fetchList =
    (list: (typeof LISTS)[number], direction: Direction): FetchPage<SortedNode> =>
    async (args) =>
      list.pick(await test.data<Record<string, unknown>>(list.query, { ...args, direction }));

  async function reference(list: (typeof LISTS)[number], direction: Direction): Promise<string[]> {
    const page = await fetchList(list, direction)({ first: 100 });
    const nodes = page.edges.map((edge) => edge.node);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(nodes.filter((node) => node.value === null)).toHaveLength(list.nulls);
    expect(nodes.length).toBeGreaterThan(list.nulls);
    expect(page.totalCount).toBe(nodes.length);
    // NULLs come last in either direction.
    const firstNull = nodes.findIndex((node) => node.value === null);
    expect(nodes.slice(firstNull).every((node) => node.value === null)).toBe(true);
    expect(idsOf(page)).toEqual(expectedOrder(nodes, direction));
    return idsOf(page);
  }

  it.each(CASES)('$name $direction pages forward one at a time, visiting every item once, NULLs last', async (list) => {
    const expected = await reference(list, list.direction);
    expectForwardWalk(await readForward(fetchList(list, list.direction), 1), 1, expected);
  });

  it.each(CASES)('$name $direction pages backward one at a time, visiting every item once, NULLs last', async (list) => {
    const expected = await reference(list, list.direction);
    expectBackwardWalk(await readBackward(fetchList(list, list.direction), 1), 1, expected);
  });

  it.each(CASES)('$name $direction pages forward and backward two at a time from a NULL cursor', async (list) => {
    const expected = await reference(list, list.direction);
    const fetch = fetchList(list, list.direction);
    const all = await fetch({ first: 100 });
    const lastNull = all.edges.at(-1)?.cursor;
    const firstNull = all.edges.at(-list.nulls)?.cursor;
    const before = await fetch({ last: 2, before: lastNull });
    expect(idsOf(before)).toEqual(expected.slice(-3, -1));
    const after = await fetch({ first: 2, after: firstNull });
    expect(idsOf(after)).toEqual(expected.slice(-list.nulls + 1).slice(0, 2));
  });

  it('keeps the seeded unsigned measure among the NULLs at the end in both directions', async () => {
    for (const direction of ['ASC', 'DESC'] as const) {
      const page = await fetchList(LISTS[1] as (typeof LISTS)[number], direction)({ first: 100 });
      const unsigned = await idOf(test, 'sanctionMeasure', 'us-penalties-propaganda-and-agitation-department');
      expect(idsOf(page).slice(-2)).toContain(unsigned);
    }
  });

  it('counts events matching a filter in totalCount', async () => {
    const data = await test.data<{ all: { totalCount: number }; dated: { totalCount: number }; tests: { totalCount: number } }>(`{
      all: events { totalCount }
      dated: events(filter: { occurredOn: { from: "2016-01-01" } }) { totalCount }
      tests: events(filter: { kinds: [NUCLEAR_TEST] }) { totalCount }
    }`);
    expect(data).toEqual({ all: { totalCount: 7 }, dated: { totalCount: 4 }, tests: { totalCount: 1 } });
  });
});

describe('grouped pages at scale', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ seed: false });
    await addSyntheticCorpus(test.db, { articles: 30, statementsPerArticle: 10, speakers: 12 });
  });
  afterAll(() => test.close());

  // Up to 200 parents each page is its own LIMITed subquery; beyond, one windowed scan. Both must
  // give every parent the same page.
  it('gives each parent the same page whether it is fetched with a few parents or with hundreds', async () => {
    const speakers = (await test.db.selectFrom('statement').select('speakerId').distinct().orderBy('speakerId').execute()).map((row) => row.speakerId);
    const request = {
      sort: { column: 'statement.saidOn', property: 'saidOn', type: 'date', nullable: false } as const,
      idColumn: 'statement.id',
      direction: 'desc' as const,
      after: null,
      before: null,
      size: 7,
      fromEnd: false,
    };
    const few = await test.store.statements.findPagesBy('speakerId', speakers, {}, request);
    // Padded with IDs no actor has, past the point where the windowed scan takes over.
    const padding = Array.from({ length: 250 }, (_, i) => 1_000_000 + i);
    const many = await test.store.statements.findPagesBy('speakerId', [...speakers, ...padding], {}, request);
    for (const speaker of speakers) {
      expect(many.get(speaker)).toEqual(few.get(speaker));
      expect(few.get(speaker)?.rows.length).toBeGreaterThan(0);
    }
    expect(many.get(padding[0] as number)).toEqual({ rows: [], hasMore: false });
  });
});
