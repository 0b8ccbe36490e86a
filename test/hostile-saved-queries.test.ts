// Saved queries under attack: what an anonymous client can learn while reads are closed, and what one
// analyst can do to another's work. Each test replays the attack and checks what the attacker gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const CHALLENGE = 'Bearer realm="stancegraph"';

/** Status, the headers that could tell requests apart, and the body, of one /queries response. */
async function observed(t: TestApp, path: string, init: RequestInit = {}) {
  const response = await t.app.fetch(`http://yoga/queries/${path}`, init);
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    version: response.headers.get('x-stancegraph-query-version'),
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
}

describe('GET/POST /queries/<name> with PUBLIC_READ=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ savedQueries: true, config: { publicRead: false } });
  });
  afterAll(() => t.close());

  // Before: 401 for a name that exists, 404 for one that does not, and 400s naming the variables.
  const probes: [string, string, RequestInit?][] = [
    ['an existing query', 'measures-by-sector'],
    ['a missing query', 'no-such-query'],
    ['an existing query as CSV', 'measures-by-sector?format=csv'],
    ['an unknown parameter (which used to list the variables)', 'measures-by-sector?bogus=1'],
    ['a malformed variable (which used to name it and its type)', 'statements-by-actor?from=not-a-date'],
    ['a missing version', 'measures-by-sector?version=99'],
    ['a bad version', 'measures-by-sector?version=x'],
    ['a bad format', 'measures-by-sector?format=xml'],
    ['a malformed name', '%E0%A4%A'],
    ['no name at all', ''],
    ['a POST with variables', 'measures-by-sector', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sectors":["ENERGY"]}' }],
    ['a POST to a missing query', 'no-such-query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
    ['a POST that is not JSON', 'measures-by-sector', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }],
    ['another method', 'measures-by-sector', { method: 'DELETE' }],
  ];

  it('answers every anonymous request with the same 401, before looking anything up', async () => {
    const answers = [];
    for (const [why, path, init] of probes) {
      t.resetQueries();
      const answer = await observed(t, path, init);
      expect(answer.status, why).toBe(401);
      // Nothing about saved queries was read to answer it (the response could not depend on it).
      expect(t.queries.filter((sql) => sql.includes('saved_query')), why).toEqual([]);
      answers.push(answer);
    }
    const [first] = answers;
    for (const [index, answer] of answers.entries()) expect(answer, probes[index]?.[0]).toEqual(first);
    expect(first).toMatchObject({ challenge: CHALLENGE, version: null, contentType: 'application/json; charset=utf-8' });
    for (const secret of ['sectors', 'first', 'measures-by-sector', 'no-such-query', 'sanctionMeasures', 'actor']) {
      expect(first?.body).not.toContain(secret);
    }
  });

  it('says what GraphQL says to an anonymous read: the same message, code and required role', async () => {
    const graphql = await t.graphql('{ savedQueries { nodes { name } } }');
    const [refusal] = graphql.errors ?? [];
    const answer = JSON.parse((await observed(t, 'measures-by-sector')).body) as { errors: unknown[] };
    expect(answer).toEqual({ errors: [{ message: refusal?.message, extensions: refusal?.extensions }] });
    expect(refusal?.extensions).toEqual({ code: 'UNAUTHENTICATED', requiredRole: 'READER' });
  });

  it('still tells a bad key from a missing name, and a key holder from an anonymous client', async () => {
    const badKey = await observed(t, 'no-such-query', { headers: { authorization: 'Bearer sg_not-a-key' } });
    expect(badKey).toMatchObject({ status: 401, challenge: CHALLENGE });
    expect(JSON.parse(badKey.body).errors[0].message).toMatch(/^Invalid credentials/);

    const reader = { authorization: `Bearer ${await t.createKey('READER')}` };
    expect(await observed(t, 'measures-by-sector', { headers: reader })).toMatchObject({ status: 200, version: '1' });
    expect(await observed(t, 'no-such-query', { headers: reader })).toMatchObject({ status: 404 });
    expect(await observed(t, 'measures-by-sector?bogus=1', { headers: reader })).toMatchObject({ status: 400 });
  });
});

describe('SavedQuery.owner and SavedQueryVersion.author', () => {
  let t: TestApp;
  let analyst: string;
  beforeAll(async () => {
    t = await createTestApp({ savedQueries: true });
    analyst = await t.createKey('ANALYST', 'Jane Doe (sanctions desk)');
    const saved = await t.graphql(
      `mutation { saveQuery(input: { name: "topic-names", title: "Topic names", document: "query TopicNames { topics { nodes { name } } }" }) { savedQuery { owner } } }`,
      {},
      { apiKey: analyst },
    );
    expect(saved.data).toEqual({ saveQuery: { savedQuery: { owner: 'Jane Doe (sanctions desk)' } } });
  });
  afterAll(() => t.close());

  const WHO = `{
    savedQuery(name: "topic-names") { id owner versions { author } }
    savedQueries(first: 100) { nodes { owner versions { author } } }
    savedQueryVersion(name: "topic-names", version: 1) { author }
    runSavedQuery(name: "topic-names") { savedQuery { owner } }
  }`;

  it('are null for anonymous readers (PUBLIC_READ on): key names do not leak, by any path', async () => {
    const data = await t.data(WHO);
    expect(data.savedQuery).toMatchObject({ owner: null, versions: [{ author: null }] });
    expect(data.savedQueries.nodes.map((q: { owner: unknown }) => q.owner)).toEqual(Array(5).fill(null));
    expect(data.savedQueries.nodes.flatMap((q: { versions: { author: unknown }[] }) => q.versions.map((v) => v.author))).toEqual(Array(5).fill(null));
    expect(data.savedQueryVersion).toEqual({ author: null });
    expect(data.runSavedQuery.savedQuery).toEqual({ owner: null });
    const byId = await t.data(`query($id: ID!) { node(id: $id) { ... on SavedQuery { owner versions { author } } } }`, { id: data.savedQuery.id });
    expect(byId.node).toEqual({ owner: null, versions: [{ author: null }] });
    expect(JSON.stringify(await t.graphql(WHO))).not.toContain('Jane');
  });

  it('are shown to any key, READER included', async () => {
    const data = await t.data(WHO, {}, { apiKey: await t.createKey('READER') });
    expect(data.savedQuery).toMatchObject({ owner: 'Jane Doe (sanctions desk)', versions: [{ author: 'Jane Doe (sanctions desk)' }] });
    expect(data.savedQueryVersion).toEqual({ author: 'Jane Doe (sanctions desk)' });
    expect(data.runSavedQuery.savedQuery).toEqual({ owner: 'Jane Doe (sanctions desk)' });
  });
});
