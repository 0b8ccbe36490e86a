// Requests a hostile client sends, each of which once took the server down or made it misbehave
// (the hardening issue's findings 1–5 and 10–16; storage, imports and saved-query deletes have files
// of their own). Where memory or the event loop is the point, the attack goes to a real process
// started as `npm start` starts it (256 MB heap) on a store at benchmark
// scale M (10,000 articles, 100,000 statements), over a real socket on 127.0.0.1, and the test then
// checks the same process still answers /health. The rest run in-process. Every loop is bounded.
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateData } from '../bench/generate.js';
import { authorOf } from '../server/auth/viewer.js';
import { BudgetExceeded, checkBudget, runWithBudget, withRenewedBudget } from '../server/store/budget.js';
import { openDatabase } from '../server/store/database.js';
import { createStore } from '../server/store/index.js';
import { postGraphQL, runCommand, type Server, startServer } from './helpers/processes.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const SLOW = { timeout: 180_000 };

/** The introspection fragment of the attack: every type's fields, their arguments and types. */
const DEEP_INTROSPECTION = `fragment F on __Schema { types { name fields { name args { name type { name ofType { name ofType { name } } } } type { name ofType { name ofType { name } } } } } }`;

function aliased(count: number, field: string): string {
  return Array.from({ length: count }, (_, index) => `a${index}: ${field}`).join(' ');
}

/** A GraphQL request over the socket, with the GraphQL-over-HTTP media type (a refused document is a 400). */
async function graphql(served: Server, query: string, headers: Record<string, string> = {}) {
  const { status, body } = await postGraphQL(served.url, query, {}, headers);
  return { status, body: body as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

/** The process is alive and its /health says the store is fine. */
async function expectHealthy(served: Server): Promise<void> {
  expect(served.child.exitCode).toBeNull();
  const response = await fetch(`${served.origin}/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
}

/** Sends a body with Transfer-Encoding: chunked (no Content-Length) until the server answers or `limit` bytes are out. */
function postChunked(url: string, limit: number): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
      answered = true;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        req.destroy();
        resolve({ status: response.statusCode ?? 0, body, sent });
      });
    });
    // A server that stops reading a flood may cut the connection: the caller sees status 0 then.
    req.on('error', (error) => (answered ? undefined : error.message.match(/EPIPE|ECONNRESET/) ? resolve({ status: 0, body: '', sent }) : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    req.write('{"query":"{ __typename }","variables":{"padding":"');
    const pump = () => {
      while (!answered && sent < limit) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end('"}}');
    };
    pump();
  });
}

describe('a real server on a scale-M store, under attack', SLOW, () => {
  let dir: string;
  let served: Server;
  let databaseUrl: string;
  let analystKey: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stancegraph-hostile-'));
    const generated = await generateData({ scale: 'M', seed: 1, regenerate: true, dataDir: dir });
    databaseUrl = `file:${generated.file}`;
    const keys = await runCommand(['keys', 'create', '--role', 'analyst', '--name', 'mallory'], { DATABASE_URL: databaseUrl });
    analystKey = /^sg_\S+$/m.exec(keys.output)?.[0] ?? '';
    expect(analystKey).not.toBe('');
    served = await startServer({ DATABASE_URL: databaseUrl, AUTO_SEED: 'false' });
  }, 180_000);

  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a hundred aliased __schema walks before building any of them (finding 1)', async () => {
    const attack = await graphql(served, `{ ${aliased(100, '__schema { ...F }')} } ${DEEP_INTROSPECTION}`);
    expect(attack.status).toBe(400);
    expect(attack.body.data ?? null).toBeNull();
    expect(attack.body.errors?.map((error) => error.extensions)).toContainEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases', measured: 100, max: 15 });
    expect(attack.body.errors?.map((error) => error.extensions)).toContainEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'schemaSelections', measured: 100, max: 1 });
    await expectHealthy(served);
  });

  it('costs what introspection selects: aliases nested inside one __schema multiply, and are refused (finding 1)', async () => {
    // Fifteen aliases (the most allowed), each a walk of every field: 62,000 fields of answer.
    const fields = 'fields { name args { name type { name ofType { name } } } type { name ofType { name } } }';
    const nested = `{ __schema { types { ${aliased(15, fields)} } } }`;
    const attack = await graphql(served, nested);
    expect(attack.status).toBe(400);
    expect(attack.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'introspection', max: 50_000 });
    // What GraphiQL sends still works, once.
    const introspection = await graphql(served, getIntrospectionQuery());
    expect(introspection.body.errors).toBeUndefined();
    expect(introspection.body.data.__schema.types.length).toBeGreaterThan(50);
    await expectHealthy(served);
  });

  it('searches a word found in 100,000 texts, five pages at once, while /health keeps answering within a second (findings 2 and 5)', async () => {
    const pages = `{ ${aliased(5, 'search(query: "the", first: 100) { totalCount edges { snippet node { __typename } } }')} b: search(query: "th*", first: 1) { edges { snippet } } }`;
    let healthWorst = 0;
    let healthChecks = 0;
    let searching = true;
    const polling = (async () => {
      while (searching && healthChecks < 200) {
        const started = performance.now();
        const response = await fetch(`${served.origin}/health`);
        await response.arrayBuffer();
        healthWorst = Math.max(healthWorst, performance.now() - started);
        healthChecks += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const result = await graphql(served, pages);
    searching = false;
    await polling;

    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.a0.totalCount).toBeGreaterThan(50_000);
    for (let index = 0; index < 5; index++) expect(result.body.data[`a${index}`].edges).toHaveLength(100);
    expect(result.body.data.b.edges).toHaveLength(1);
    expect(result.body.data.a0.edges[0].snippet).toMatch(/<mark>the<\/mark>/i);
    // A generous bound on a shared machine: /health takes milliseconds unless it has to wait for a search.
    expect(healthChecks).toBeGreaterThan(0);
    expect(healthWorst).toBeLessThan(1000);
    await expectHealthy(served);
  });

  it('refuses a one-letter prefix, which no index serves, with a message saying why', async () => {
    const result = await graphql(served, '{ search(query: "t*", first: 1) { totalCount } }');
    expect(result.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/at least 2 letters/) });
  });

  it('counts a chunked body as it streams and answers 413 with a JSON error, on /graphql and /queries (finding 3)', async () => {
    for (const path of ['/graphql', '/queries/measures-by-sector']) {
      const answer = await postChunked(`${served.origin}${path}`, 2 * 1024 * 1024);
      expect(answer.status, path).toBe(413);
      expect(JSON.parse(answer.body), path).toEqual({
        errors: [{ message: expect.stringMatching(/exceeds the limit of 1048576 bytes/), extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }],
      });
    }
    // A 100 MB stream is refused and cut off after a few MB more, not read to its end.
    const flood = await postChunked(`${served.origin}/queries/measures-by-sector`, 100 * 1024 * 1024);
    expect([0, 413]).toContain(flood.status);
    expect(flood.sent).toBeLessThan(100 * 1024 * 1024);
    await expectHealthy(served);
  });

  it('will not save a query over the limits, and will not run one that was stored before the limits existed (finding 4)', async () => {
    const document = `query Everything { ${aliased(100, '__schema { ...F }')} } ${DEEP_INTROSPECTION}`;
    const save = await graphql(
      served,
      `mutation { saveQuery(input: { name: "everything", title: "Everything", document: ${JSON.stringify(document)} }) { savedQuery { name } } }`,
      { authorization: `Bearer ${analystKey}` },
    );
    expect(save.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(save.body.errors?.[0]?.message).toMatch(/aliases/);

    // A row written straight to the store, as an older release would have accepted it.
    const store = createStore(openDatabase(databaseUrl));
    try {
      await store.savedQueries.save(authorOf({ kind: 'system', name: 'old release' }), {
        name: 'everything-old',
        title: 'Everything',
        document,
        operationName: 'Everything',
        documentHash: 'x'.repeat(64),
        defaultVariables: {},
      });
    } finally {
      await store.close();
    }
    const run = await fetch(`${served.origin}/queries/everything-old`);
    expect(run.status).toBe(422);
    expect(((await run.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('SAVED_QUERY_BROKEN');
    await expectHealthy(served);
  });
});

describe('the request contract (findings 10–16)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (app: TestApp, contentType: string, body: string, headers: Record<string, string> = {}) =>
    app.app.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });

  it('answers a global ID that names no node type as BAD_USER_INPUT, wherever it is given (finding 10)', async () => {
    for (const typename of ['ApiKey', '__proto__', 'PageInfo']) {
      const id = Buffer.from(`${typename}:1`).toString('base64');
      for (const query of [`{ node(id: "${id}") { id } }`, `{ stances(filter: { holders: ["${id}"] }) { totalCount } }`]) {
        const result = await t.graphql(query);
        expect(result.errors?.[0]?.extensions?.code, `${typename} in ${query}`).toBe('BAD_USER_INPUT');
      }
    }
  });

  it('answers a NUL byte in a search as BAD_USER_INPUT', async () => {
    const result = await t.graphql('{ search(query: "china\\u0000sanctions") { totalCount } }');
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/control characters \(found U\+0000\)/) });
  });

  it('says a write needs a key before it looks at the write’s input (finding 11)', async () => {
    const result = await t.graphql('mutation { updateTopic(input: { id: "@@", name: "x" }) { topic { id } } }');
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', requiredRole: 'EDITOR' });
    // With a key that may write, the same input is the bad ID it is.
    const editor = await t.createKey('EDITOR');
    const keyed = await t.graphql('mutation { updateTopic(input: { id: "@@", name: "x" }) { topic { id } } }', {}, { apiKey: editor });
    expect(keyed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses operations sent as a form, multipart, text or application/graphql, with a JSON body saying so (findings 12 and 16)', async () => {
    const editor = await t.createKey('EDITOR');
    const mutation = 'mutation { createTopic(input: { name: "Forged", slug: "forged" }) { topic { id } } }';
    const attempts: [string, string][] = [
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent(mutation)}`],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${mutation}\r\n--x--\r\n`],
      ['text/plain', JSON.stringify({ query: mutation })],
      ['application/graphql', mutation],
    ];
    for (const [type, body] of attempts) {
      const response = await post(t, type, body, { authorization: `Bearer ${editor}` });
      expect(response.status, type).toBe(415);
      expect(await response.json(), type).toEqual({ errors: [{ message: expect.stringMatching(/application\/json/), extensions: { code: 'BAD_REQUEST' } }] });
    }
    expect(await t.data('{ topic(slug: "forged") { id } }')).toEqual({ topic: null });
  });

  it('gives browsers CORS for the configured origins only, and never with credentials (finding 12)', async () => {
    const preflight = (app: TestApp, origin: string) =>
      app.app.fetch('http://yoga/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
    const open = await preflight(t, 'https://any.example');
    expect(open.headers.get('access-control-allow-origin')).toBe('https://any.example');
    expect(open.headers.get('access-control-allow-credentials')).toBeNull();

    const listed = await createTestApp({ config: { corsOrigins: ['https://news.example', 'https://desk.example'] } });
    try {
      expect((await preflight(listed, 'https://desk.example')).headers.get('access-control-allow-origin')).toBe('https://desk.example');
      expect((await preflight(listed, 'https://evil.example')).headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    } finally {
      await listed.close();
    }
    const closed = await createTestApp({ config: { corsOrigins: [] } });
    try {
      expect((await preflight(closed, 'https://any.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await closed.close();
    }
  });

  it('with PUBLIC_READ=false, tells an anonymous client nothing about the schema (finding 13)', async () => {
    const closed = await createTestApp({ config: { publicRead: false } });
    try {
      for (const query of [getIntrospectionQuery(), '{ actr(slug: "lu-kang") { name } }']) {
        const response = await post(closed, 'application/json', JSON.stringify({ query }));
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="stancegraph"');
        const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
        expect(body.errors).toEqual([{ message: expect.stringMatching(/^Not signed in/), extensions: { code: 'UNAUTHENTICATED', requiredRole: 'READER' } }]);
      }
    } finally {
      await closed.close();
    }
  });

  it('with PERSISTED_ONLY=true, makes no field suggestions (finding 13)', async () => {
    const persisted = await createTestApp({ config: { persistedOnly: true } });
    try {
      const result = await persisted.graphql('{ actr(slug: "lu-kang") { name } }');
      expect(result.errors?.[0]?.message).toBe('Cannot query field "actr" on type "Query".');
      const open = await t.graphql('{ actr(slug: "lu-kang") { name } }');
      expect(open.errors?.[0]?.message).toMatch(/Did you mean "actor"/);
    } finally {
      await persisted.close();
    }
  });

  it('limits requests per address and per key with 429, Retry-After and RATE_LIMITED, and counts failed keys against the address (finding 15)', async () => {
    const limited = await createTestApp({ config: { rateLimits: { anonymousPerMinute: 3, keyPerMinute: 5 } } });
    try {
      const from = (address: string, headers: Record<string, string> = {}) =>
        limited.app.fetch(
          'http://yoga/graphql',
          { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ __typename }' }) },
          { req: { socket: { remoteAddress: address } } },
        );
      for (let index = 0; index < 3; index++) expect((await from('127.0.0.2')).status).toBe(200);
      const refused = await from('127.0.0.2');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toEqual({ errors: [{ message: expect.stringMatching(/^Too many requests/), extensions: { code: 'RATE_LIMITED' } }] });
      // Another address is not affected, nor are health probes from this one.
      expect((await from('127.0.0.3')).status).toBe(200);
      const probe = await limited.app.fetch('http://yoga/health', {}, { req: { socket: { remoteAddress: '127.0.0.2' } } });
      expect(probe.status).toBe(200);

      // A key has its own allowance…
      const key = await limited.createKey('READER');
      for (let index = 0; index < 5; index++) expect((await from('127.0.0.4', { authorization: `Bearer ${key}` })).status).toBe(200);
      expect((await from('127.0.0.4', { authorization: `Bearer ${key}` })).status).toBe(429);
      // …and guessing keys from one address uses up that address's allowance, whatever key comes next.
      for (let index = 0; index < 3; index++) expect((await from('127.0.0.5', { authorization: `Bearer sg_guess${index}` })).status).toBe(401);
      expect((await from('127.0.0.5', { authorization: `Bearer sg_guess9` })).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('stops starting statements once a request’s time budget is spent, with REQUEST_TIMEOUT (finding 5)', async () => {
    const hurried = await createTestApp({ config: { requestTimeoutMs: 0 } });
    try {
      const result = await hurried.graphql('{ actor(slug: "lu-kang") { name } sanctionMeasure(slug: "us-eo-13722") { identifier } }');
      expect(result.errors?.map((error) => [error.path?.[0], error.extensions?.code])).toEqual([
        ['actor', 'REQUEST_TIMEOUT'],
        ['sanctionMeasure', 'REQUEST_TIMEOUT'],
      ]);
      expect(result.errors?.[0]?.message).toMatch(/time budget of 0 ms/);
    } finally {
      await hurried.close();
    }
  });

  it('gives each page of a streamed download the budget afresh, so only a page, not the download, is bounded', async () => {
    await runWithBudget(50, async () => {
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(() => checkBudget()).toThrow(BudgetExceeded);
      withRenewedBudget(() => expect(() => checkBudget()).not.toThrow());
    });
  });
});
