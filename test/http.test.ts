// The HTTP surface, exercised in-process through `app.fetch` (no port): /health, the redirect and
// GraphiQL, GraphQL-over-HTTP conformance, error codes and masking, query limits, hostile input.
import { getIntrospectionQuery } from 'graphql';
import { type AuditFail, type AuditResult, serverAudits } from 'graphql-http';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_GRAPHIQL_QUERY } from '../server/app.js';
import { createTestApp, type GraphQLResponse, type TestApp } from './helpers/test-app.js';

const GRAPHQL_URL = 'http://yoga/graphql';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** What must never reach a client: SQL, driver errors, stack frames, file paths. */
const LEAKS = /\bselect\b[^"]*\bfrom\b|insert into|sqlite|no such table|driver has|RangeError|Maximum call stack|\n\s+at |\bat \S+ \(|\/work\/|node_modules|\.[jt]s:\d+/i;

interface RawResponse<T = unknown> {
  status: number;
  contentType: string | null;
  text: string;
  body: GraphQLResponse<T>;
}

async function send<T = unknown>(app: TestApp, body: string, accept = GRAPHQL_RESPONSE): Promise<RawResponse<T>> {
  const response = await app.app.fetch(GRAPHQL_URL, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), text, body: JSON.parse(text) as GraphQLResponse<T> };
}

const post = <T = unknown>(app: TestApp, query: string, variables?: Record<string, unknown>, accept?: string) =>
  send<T>(app, JSON.stringify({ query, variables }), accept);

/** Yoga logs unexpected errors with their stack; keep the test output readable and let tests inspect the log. */
function silenceServerLog() {
  return vi.spyOn(console, 'error').mockImplementation(() => undefined);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GET /health', () => {
  it('answers 200 {status: ok, database: ok} while the database answers', async () => {
    const test = await createTestApp({ seed: false });
    try {
      const response = await test.app.fetch('http://yoga/health');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
    } finally {
      await test.close();
    }
  });

  it('leaves Yoga’s own liveness probe (no database check) at /live', async () => {
    const test = await createTestApp({ seed: false });
    await test.store.close();
    expect((await test.app.fetch('http://yoga/live')).status).toBe(200);
  });

  it('answers 503 once the store is closed', async () => {
    const test = await createTestApp({ seed: false });
    await test.store.close();
    const response = await test.app.fetch('http://yoga/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
  });
});

describe('GET / and GraphiQL', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it('redirects / to /graphql with a 302', async () => {
    const response = await test.app.fetch('http://yoga/', { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/graphql');
  });

  it('serves GraphiQL at /graphql for a browser, titled Stancegraph, with the default query', async () => {
    const response = await test.app.fetch(GRAPHQL_URL, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<title>\s*Stancegraph\s*<\/title>/);
    expect(html).toContain('us-eo-13722');
  });

  it('does not serve GraphiQL when it is switched off', async () => {
    const off = await createTestApp({ seed: false, config: { graphiql: false } });
    try {
      const response = await off.app.fetch(GRAPHQL_URL, { headers: { accept: 'text/html' } });
      expect(await response.text()).not.toContain('Stancegraph');
    } finally {
      await off.close();
    }
  });

  it('runs the default GraphiQL query without errors: E.O. 13722 and the stances toward it', async () => {
    const { status, body } = await post<{
      sanctionMeasure: { stances: { totalCount: number; nodes: { holder: { name: string }; position: string }[] } } | null;
    }>(test, DEFAULT_GRAPHIQL_QUERY);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const stances = body.data?.sanctionMeasure?.stances;
    const direct = await test.data<{ sanctionMeasure: { stances: { totalCount: number } } }>(
      '{ sanctionMeasure(slug: "us-eo-13722") { stances { totalCount } } }',
    );
    expect(stances?.totalCount).toBe(direct.sanctionMeasure.stances.totalCount);
    expect(stances?.nodes.length).toBe(stances?.totalCount);
    expect(stances?.nodes.length).toBeGreaterThan(0);
    expect(stances?.nodes.filter((stance) => stance.holder.name === 'China').map((stance) => stance.position)).toContain('OPPOSES');
  });
});

describe('GraphQL over HTTP (graphql-http audits)', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp({ seed: false });
  });
  afterAll(() => test.close());

  it('passes every audit that is a requirement (warnings are printed, not failed)', async () => {
    const results: AuditResult[] = [];
    for (const audit of serverAudits({ url: GRAPHQL_URL, fetchFn: test.app.fetch })) results.push(await audit.fn());
    expect(results.length).toBeGreaterThan(50);

    const notOk = results.filter((result): result is AuditFail => result.status !== 'ok');
    for (const result of notOk) console.warn(`graphql-http audit ${result.status}: ${result.name} (${result.reason})`);
    const errors = notOk.filter((result) => result.status === 'error').map((result) => `${result.name}: ${result.reason}`);
    expect(errors, `failing graphql-http audits:\n${errors.join('\n')}`).toEqual([]);
  });
});

describe('error codes', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  const CASES: { name: string; body: string; code: string; message: RegExp }[] = [
    { name: 'a syntax error', body: JSON.stringify({ query: '{ statements { nodes { text }' }), code: 'GRAPHQL_PARSE_FAILED', message: /^Syntax Error/ },
    { name: 'an unknown field', body: JSON.stringify({ query: '{ statementz { totalCount } }' }), code: 'GRAPHQL_VALIDATION_FAILED', message: /Cannot query field "statementz"/ },
    {
      name: 'a missing required argument',
      body: JSON.stringify({ query: '{ actor { name } }' }),
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: /argument "slug" of type "String!" is required/,
    },
    {
      name: 'a variable of the wrong type',
      body: JSON.stringify({ query: 'query($n: Int) { statements(first: $n) { totalCount } }', variables: { n: 'ten' } }),
      code: 'BAD_USER_INPUT',
      message: /^Variable "\$n" got invalid value "ten"/,
    },
    {
      name: 'a missing required variable',
      body: JSON.stringify({ query: 'query($slug: String!) { actor(slug: $slug) { name } }' }),
      code: 'BAD_USER_INPUT',
      message: /^Variable "\$slug" of required type "String!" was not provided/,
    },
    { name: 'a body that is not JSON', body: '{"query": "{ __typename }"', code: 'BAD_REQUEST', message: /invalid JSON/ },
    { name: 'a body with no query', body: JSON.stringify({ variables: {} }), code: 'BAD_REQUEST', message: /Must provide query string/ },
  ];

  it.each(CASES)('gives $name the code $code and HTTP 400 with accept: application/graphql-response+json', async ({ body, code, message }) => {
    const response = await send(test, body);
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/graphql-response\+json/);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.body.errors?.[0]?.message).toMatch(message);
    expect('data' in response.body).toBe(false);
  });

  it.each(CASES)('gives $name the same code $code with accept: application/json', async ({ body, code }) => {
    const response = await send(test, body, 'application/json');
    expect(response.contentType).toMatch(/^application\/json/);
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual([code]);
  });

  it('gives a bad argument value (a malformed global ID) BAD_USER_INPUT', async () => {
    const { body } = await post(test, '{ statements(filter: { speakers: ["not-an-id"] }) { totalCount } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('masking unexpected errors', () => {
  function expectMasked(response: RawResponse, path: string[]) {
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]).toMatchObject({ message: 'Unexpected error.', path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(Object.keys(response.body.errors?.[0]?.extensions ?? {})).toEqual(['code']);
    expect(response.text).not.toMatch(LEAKS);
    expect(response.text).not.toMatch(/SqliteError|topic"|stack/i);
  }

  it('masks a failing query (a dropped table) as INTERNAL_SERVER_ERROR and logs the cause on the server', async () => {
    const test = await createTestApp();
    try {
      const log = silenceServerLog();
      await sql`drop table topic`.execute(test.db);
      const response = await post(test, '{ topics(first: 5) { nodes { name } } }');
      expectMasked(response, ['topics']);
      expect(response.body.data ?? null).toBeNull();
      // The details go to the server log, not to the client.
      expect(log.mock.calls.flat().map(String).join('\n')).toMatch(/no such table: topic/);
    } finally {
      await test.close();
    }
  });

  it('masks a query against a closed store the same way', async () => {
    const test = await createTestApp();
    silenceServerLog();
    await test.store.close();
    const response = await post(test, '{ statements(first: 3) { totalCount nodes { text } } }');
    expectMasked(response, ['statements']);
  });

  it('masks one failing field and keeps the data of the others', async () => {
    const test = await createTestApp();
    try {
      silenceServerLog();
      await sql`drop table event`.execute(test.db);
      const response = await post<{ actor: { name: string } | null; event: { title: string } | null }>(
        test,
        '{ actor(slug: "lu-kang") { name } event(slug: "north-korea-nuclear-test-2016-01-06") { title } }',
      );
      expectMasked(response, ['event']);
      expect(response.body.data).toEqual({ actor: { name: 'Lu Kang' }, event: null });
    } finally {
      await test.close();
    }
  });
});

describe('query limits', () => {
  let small: TestApp;
  let standard: TestApp;

  beforeAll(async () => {
    small = await createTestApp({ config: { limits: { depth: 6, complexity: 200, breadth: 50, aliases: 100 } } });
    standard = await createTestApp();
  });
  afterAll(async () => {
    await small.close();
    await standard.close();
  });

  const nestedCountry = (levels: number) => {
    let selection = 'name';
    for (let level = 0; level < levels; level++) selection = `country { ${selection} }`;
    return selection;
  };
  const aliases = (count: number) => Array.from({ length: count }, (_, index) => `name${index}: name`).join(' ');

  const SHAPES: { name: string; over: string; under: string; limit: string }[] = [
    {
      name: 'too deep',
      limit: 'depth',
      over: `{ statements(first: 1) { nodes { speaker { ${nestedCountry(3)} } } } }`,
      under: `{ statements(first: 1) { nodes { speaker { ${nestedCountry(1)} } } } }`,
    },
    {
      name: 'too costly',
      limit: 'complexity',
      over: '{ statements(first: 100) { nodes { text stances { summary position } } } }',
      under: '{ statements(first: 5) { nodes { text stances { summary position } } } }',
    },
    {
      name: 'too broad',
      limit: 'breadth',
      over: `{ topics(first: 1) { nodes { ${aliases(60)} } } }`,
      under: `{ topics(first: 1) { nodes { ${aliases(40)} } } }`,
    },
  ];

  it.each(SHAPES)('rejects a query that is $name with QUERY_TOO_COMPLEX and no data', async ({ over, limit }) => {
    const { body, text } = await post(small, over);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    expect(body.errors?.[0]?.message).toMatch(new RegExp(`^Query ${limit} \\d+ exceeds the limit of \\d+`));
    expect(text).not.toMatch(LEAKS);
  });

  it.each(SHAPES)('answers the same shape under the limits when it is not $name', async ({ under }) => {
    const { body } = await post(small, under);
    expect(body.errors).toBeUndefined();
    expect(body.data).toBeTruthy();
  });

  it('allows the GraphiQL introspection query under the default limits', async () => {
    const { status, body } = await post<{ __schema: { types: { name: string }[] } }>(standard, getIntrospectionQuery());
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.__schema.types.map((type) => type.name)).toContain('Statement');
  });

  it('allows the default GraphiQL query under the default limits', async () => {
    const { body } = await post(standard, DEFAULT_GRAPHIQL_QUERY);
    expect(body.errors).toBeUndefined();
  });

  it('applies the default depth limit (15) to a query 100 levels deep', async () => {
    const { body } = await post(standard, `{ actor(slug: "lu-kang") { ${nestedCountry(100)} } }`);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 15 });
  });
});

describe('malformed and hostile input', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it('answers a query nested 2,000 levels deep with a clear client error, not a crash or a masked server error', async () => {
    silenceServerLog();
    let selection = 'name';
    for (let level = 0; level < 2000; level++) selection = `country { ${selection} }`;
    const response = await post(test, `{ actor(slug: "lu-kang") { ${selection} } }`);

    expect(response.text).not.toMatch(LEAKS);
    expect(response.body.data ?? null).toBeNull();
    const error = response.body.errors?.[0];
    // The client's fault, so a client error code and a message that says what is wrong.
    expect(error?.extensions?.code).toBeOneOf(['GRAPHQL_PARSE_FAILED', 'QUERY_TOO_COMPLEX', 'BAD_REQUEST']);
    expect(error?.message).not.toBe('Unexpected error.');
    expect(response.status).toBe(400);
    // The server is still answering.
    expect((await post(test, '{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers unbalanced braces 2,000 deep without leaking anything', async () => {
    silenceServerLog();
    const response = await post(test, `${'{ a '.repeat(2000)}`);
    expect(response.status).toBeLessThan(500);
    expect(response.text).not.toMatch(LEAKS);
    expect(response.body.errors?.length).toBeGreaterThan(0);
  });

  it('rejects a cyclic introspection query (beyond graphql-js’s introspection depth) as a validation error', async () => {
    let selection = 'name';
    for (let level = 0; level < 4; level++) selection = `fields { type { ${selection} } }`;
    const { status, body } = await post(test, `{ __schema { types { ${selection} } } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: 'Maximum introspection depth exceeded', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  // The server caps `nodes(ids:)` at 100 IDs (schema/builder.ts); 1,000 are refused before any lookup.
  it('rejects 1,000 IDs in nodes(ids:) as BAD_USER_INPUT', async () => {
    const ids = Array.from({ length: 1000 }, (_, index) => Buffer.from(`Actor:${index + 1}`).toString('base64'));
    test.resetQueries();
    const { body } = await post(test, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]).toMatchObject({ message: 'Invalid arguments: ids: at most 100 IDs at a time', extensions: { code: 'BAD_USER_INPUT' } });
    expect(test.queries).toEqual([]);
  });

  it('answers 100 IDs in nodes(ids:), null for the ones that do not exist', async () => {
    const ids = Array.from({ length: 100 }, (_, index) => Buffer.from(`Actor:${index + 1}`).toString('base64'));
    const { body } = await post<{ nodes: ({ id: string } | null)[] }>(test, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(body.errors).toBeUndefined();
    expect(body.data?.nodes).toHaveLength(100);
    expect(body.data?.nodes[0]).toEqual({ id: ids[0] });
    expect(body.data?.nodes[99]).toBeNull();
  });

  it('answers a huge string argument without echoing it or leaking anything', async () => {
    const slug = 'x'.repeat(100_000);
    const { text, body } = await post(test, 'query($slug: String!) { actor(slug: $slug) { name } }', { slug });
    expect(text).not.toMatch(LEAKS);
    expect(text.length).toBeLessThan(10_000);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/slug/);
  });

  it('refuses a document of more than 10,000 tokens at the parser, before any other work', async () => {
    const fields = Array.from({ length: 12_000 }, () => '__typename').join(' ');
    const { status, body } = await post(test, `{ ${fields} }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(body.errors?.[0]?.message).toMatch(/10000 tokens/);
  });

  it('refuses a query with too many fields to validate as QUERY_TOO_COMPLEX, with a readable message', async () => {
    const fields = Array.from({ length: 3_000 }, () => '__typename').join(' ');
    const { status, body } = await post(test, `{ statements { ${fields} } }`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      { message: 'The query selects too many fields to validate; select fewer, or split it up.', extensions: { code: 'QUERY_TOO_COMPLEX' } },
    ]);
  });

  it('refuses a request body over 1 MiB with 413 before reading it', async () => {
    const response = await test.app.fetch(GRAPHQL_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE },
      body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1024 * 1024)}` }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.stringMatching(/exceeds the limit of 1048576/), extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }],
    });
  });
});
