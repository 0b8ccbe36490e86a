// PERSISTED_ONLY: the saved queries and the SDK's own operations are an allow-list, compared by the
// SHA-256 of the printed document (so formatting does not matter), or sent as the hash alone in
// `extensions.persistedQuery.sha256Hash`. Anything else is refused, except for ADMIN keys.
import { createHash } from 'node:crypto';
import { type DocumentNode, parse, print, stripIgnoredCharacters } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../sdk/src/index.js';
import { SanctionMeasureDocument, TopicsDocument } from '../sdk/src/generated/graphql.js';
import { createTestApp, type GraphQLResponse, type TestApp } from './helpers/test-app.js';

const ARBITRARY = '{ topics(first: 2) { nodes { name } } }';
const REFUSED =
  'This server only runs saved queries and the SDK’s operations: save the query (saveQuery) and run it with runSavedQuery or at /queries/<name>.';

/** sha256 hex of the printed document: what a persisted-query client sends. */
function hashOf(text: string): string {
  return createHash('sha256').update(print(parse(text))).digest('hex');
}

/** POSTs a GraphQL body as given (a query, a hash in extensions, or both). */
async function post(t: TestApp, body: Record<string, unknown>, apiKey?: string) {
  const response = await t.app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<Record<string, any>> };
}

function persisted(hash: string, variables?: Record<string, unknown>) {
  return { extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, ...(variables ? { variables } : {}) };
}

async function savedDocument(t: TestApp, name: string): Promise<string> {
  const row = await t.db
    .selectFrom('savedQueryVersion')
    .innerJoin('savedQuery', 'savedQuery.id', 'savedQueryVersion.savedQueryId')
    .select(['savedQueryVersion.document', 'savedQueryVersion.documentHash'])
    .where('savedQuery.name', '=', name)
    .executeTakeFirstOrThrow();
  expect(row.documentHash).toBe(hashOf(row.document));
  return row.document;
}

describe('PERSISTED_ONLY=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ savedQueries: true, config: { persistedOnly: true } });
  });
  afterAll(() => t.close());

  it('refuses any other document with 403 PERSISTED_QUERY_REQUIRED, whatever the role below ADMIN', async () => {
    for (const role of [undefined, 'READER', 'ANALYST', 'EDITOR'] as const) {
      const apiKey = role ? await t.createKey(role, `key-${role}`) : undefined;
      const result = await post(t, { query: ARBITRARY }, apiKey);
      expect(result.status, role).toBe(403);
      expect(result.body).toEqual({ errors: [{ message: REFUSED, extensions: { code: 'PERSISTED_QUERY_REQUIRED' } }] });
    }
    // Introspection and writes too.
    expect((await post(t, { query: '{ __schema { queryType { name } } }' })).status).toBe(403);
    const editor = await t.createKey('EDITOR', 'writer');
    const write = await post(t, { query: 'mutation { createTopic(input: { name: "Smuggled in" }) { topic { slug } } }' }, editor);
    expect(write.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED');
    expect(await t.db.selectFrom('topic').select('id').where('name', '=', 'Smuggled in').execute()).toEqual([]);
  });

  it('runs the SDK’s operations, however they are formatted', async () => {
    const texts = [print(TopicsDocument), stripIgnoredCharacters(print(TopicsDocument)), `# sent by hand\n${print(TopicsDocument).replace(/\n/g, '\n\n    ')}`];
    for (const query of texts) {
      const result = await post(t, { query, variables: { first: 2 } });
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.topics.nodes).toHaveLength(2);
    }
    // But not an edited one.
    const edited = print(TopicsDocument).replace('totalCount', '');
    expect((await post(t, { query: edited, variables: { first: 2 } })).status).toBe(403);
  });

  it('lets the SDK client work unchanged, runSavedQuery included', async () => {
    const client = createClient({ url: 'http://yoga/graphql', fetch: t.app.fetch as typeof fetch });
    expect((await client.sanctionMeasure({ slug: 'us-eo-13722' })).sanctionMeasure?.identifier).toBe('E.O. 13722');
    const run = await client.runSavedQuery({ name: 'measures-by-sector', variables: { sectors: ['DEFENSE'] } });
    expect(run.runSavedQuery.data).toMatchObject({ sanctionMeasures: { nodes: [{ identifier: 'UNSCR 2270' }] } });
  });

  it('runs a saved query’s document sent as text, in any formatting', async () => {
    const document = await savedDocument(t, 'measures-by-sector');
    for (const query of [document, stripIgnoredCharacters(document)]) {
      const result = await post(t, { query, variables: { sectors: ['DEFENSE'] } });
      expect(result.status).toBe(200);
      expect(result.body.data?.sanctionMeasures.nodes.map((m: { identifier: string }) => m.identifier)).toEqual(['UNSCR 2270']);
    }
  });

  it('runs a saved query or an SDK operation sent as its hash alone', async () => {
    const saved = await post(t, persisted(hashOf(await savedDocument(t, 'statements-by-actor')), { actor: 'victor-cha' }));
    expect(saved.status).toBe(200);
    expect(saved.body.data?.actor.name).toBe('Victor Cha');

    const sdkHash = hashOf(print(SanctionMeasureDocument as DocumentNode));
    const sdk = await post(t, persisted(sdkHash.toUpperCase(), { slug: 'unscr-2270' }));
    expect(sdk.status).toBe(200);
    expect(sdk.body.data?.sanctionMeasure.identifier).toBe('UNSCR 2270');

    // Over GET as well, the way persisted-query links are shared.
    const params = new URLSearchParams({
      extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sdkHash } }),
      variables: JSON.stringify({ slug: 'us-eo-13722' }),
    });
    const get = await t.app.fetch(`http://yoga/graphql?${params}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ data: { sanctionMeasure: { identifier: 'E.O. 13722' } } });
  });

  it('answers an unknown hash with 404 PERSISTED_QUERY_REQUIRED', async () => {
    const unknown = hashOf(ARBITRARY);
    const result = await post(t, persisted(unknown));
    expect(result.status).toBe(404);
    expect(result.body.errors).toEqual([
      { message: `No saved query or SDK operation has the hash ${unknown}.`, extensions: { code: 'PERSISTED_QUERY_REQUIRED' } },
    ]);
    // An ADMIN key does not make an unknown hash known.
    expect((await post(t, persisted(unknown), await t.createKey('ADMIN', 'admin-hash'))).status).toBe(404);
  });

  it('lets an ADMIN key run anything', async () => {
    const result = await post(t, { query: ARBITRARY }, await t.createKey('ADMIN'));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      data: { topics: { nodes: [{ name: "Diplomatic talks on North Korea's nuclear program" }, { name: "North Korea's nuclear program" }] } },
    });
  });

  it('leaves /queries/<name> working', async () => {
    const response = await t.app.fetch('http://yoga/queries/measures-by-sector?sectors=DEFENSE&format=csv');
    expect(response.status).toBe(200);
    expect((await response.text()).split('\r\n')[1]).toMatch(/^UN Security Council Resolution 2270,UNSCR 2270,/);
  });

  it('allows a query once it is saved, and every version of it', async () => {
    const analyst = await t.createKey('ANALYST', 'saver');
    const client = createClient({ url: 'http://yoga/graphql', fetch: t.app.fetch as typeof fetch, apiKey: analyst });
    const v1 = 'query TopicNames { topics(first: 2) { nodes { name } } }';
    const v2 = 'query TopicNames { topics(first: 2) { nodes { slug } } }';
    expect((await post(t, { query: v1 })).status).toBe(403);
    await client.saveQuery({ input: { name: 'topic-names', title: 'Topic names', document: v1 } });
    await client.saveQuery({ input: { name: 'topic-names', title: 'Topic names', document: v2 } });
    for (const query of [v1, v2]) {
      const result = await post(t, { query });
      expect(result.status, query).toBe(200);
      expect(result.body.data?.topics.nodes).toHaveLength(2);
    }
    await client.deleteSavedQuery({ input: { name: 'topic-names' } });
    expect((await post(t, { query: v2 })).status).toBe(403);
  });
});

describe('PERSISTED_ONLY=false (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ savedQueries: true });
  });
  afterAll(() => t.close());

  it('runs any document, for anyone', async () => {
    const result = await post(t, { query: ARBITRARY });
    expect(result.status).toBe(200);
    expect(result.body.data?.topics.nodes).toHaveLength(2);
    expect((await post(t, { query: print(TopicsDocument), variables: { first: 1 } })).body.data?.topics.nodes).toHaveLength(1);
  });
});
