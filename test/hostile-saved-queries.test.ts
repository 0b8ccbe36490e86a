// Saved queries under attack: what an anonymous client can learn while reads are closed, and what one
// analyst can do to another's work (delete it for good, before; now only their own, and nothing is
// lost: a delete keeps the query for a restore). Each test replays the attack and checks the outcome.
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../schema/index.js';
import { loadConfig } from '../server/config.js';
import { runQueryCommand } from '../server/saved-queries/cli.js';
import { loadSavedQuerySeeds } from '../server/saved-queries/seed.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const LIMITS = loadConfig({}).limits;

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

const SAVE = /* GraphQL */ `
  mutation Save($name: String!, $document: String!) {
    saveQuery(input: { name: $name, title: $name, document: $document }) { savedQuery { version } }
  }
`;
const DELETE = /* GraphQL */ `
  mutation Delete($name: String!) {
    deleteSavedQuery(input: { name: $name }) { deletedSavedQueryId }
  }
`;
const RESTORE = /* GraphQL */ `
  mutation Restore($name: String!) {
    restoreSavedQuery(input: { name: $name }) { savedQuery { name version status owner deletedAt deletedBy versions { version document } } }
  }
`;
const DELETED = /* GraphQL */ `
  {
    deletedSavedQueries { totalCount nodes { name version owner deletedAt deletedBy versions { version } } }
  }
`;
const TOPICS = (n: number) => `query TopicNames { topics(first: ${n}) { nodes { name } } }`;

/** The error of a refused mutation, and that it wrote nothing back. */
function refusal(result: { errors?: { message: string; extensions?: Record<string, any> }[]; data?: unknown }) {
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  const [error] = result.errors ?? [];
  return { code: error?.extensions?.code, message: error?.message, problems: error?.extensions?.problems };
}

describe('Mutation.deleteSavedQuery: who may delete whose', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;
  let bobAlias: string;
  let admin: string;
  beforeEach(async () => {
    t = await createTestApp({ savedQueries: true });
    alice = await t.createKey('ANALYST', 'alice');
    bob = await t.createKey('ANALYST', 'bob');
    // Same name as Alice's key: ownership goes by key, not by what a key is called.
    bobAlias = await t.createKey('ANALYST', 'alice');
    admin = await t.createKey('ADMIN', 'ops');
    await t.data(SAVE, { name: 'alice-topics', document: TOPICS(2) }, { apiKey: alice });
  });
  afterEach(() => t.close());

  const audit = () => t.db.selectFrom('auditLog').select(['operation', 'actorName', 'apiKeyId', 'entityId']).where('entityType', '=', 'SavedQuery').orderBy('id').execute();

  it('refuses an ANALYST deleting another ANALYST’s query with FORBIDDEN, and changes nothing', async () => {
    const before = await audit();
    for (const key of [bob, bobAlias, await t.createKey('EDITOR', 'eve')]) {
      expect(refusal(await t.graphql(DELETE, { name: 'alice-topics' }, { apiKey: key }))).toEqual({
        code: 'FORBIDDEN',
        message:
          'Forbidden: the saved query "alice-topics" was saved by another key; a key may delete only the saved queries it saved itself, unless it has role ADMIN.',
        problems: [{ path: 'input.name', message: 'was saved by another key' }],
      });
    }
    expect(await audit()).toEqual(before);
    expect((await t.app.fetch('http://yoga/queries/alice-topics')).status).toBe(200);
    expect((await t.data(`{ savedQuery(name: "alice-topics") { name } }`)).savedQuery).toEqual({ name: 'alice-topics' });
  });

  it('refuses an ANALYST deleting the seeded library (saved by no key), but not the ADMIN', async () => {
    expect(refusal(await t.graphql(DELETE, { name: 'measures-by-sector' }, { apiKey: alice }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.data(DELETE, { name: 'measures-by-sector' }, { apiKey: admin })).deleteSavedQuery.deletedSavedQueryId).toEqual(expect.any(String));
  });

  it('lets the author delete their own query, and an ADMIN anyone’s; each delete is in the audit log', async () => {
    await t.data(SAVE, { name: 'bob-topics', document: TOPICS(3) }, { apiKey: bob });
    await t.data(DELETE, { name: 'bob-topics' }, { apiKey: bob });
    await t.data(DELETE, { name: 'alice-topics' }, { apiKey: admin });
    const [aliceKey, bobKey, adminKey] = await Promise.all(
      ['alice-topics', 'bob-topics', 'ops'].map(async (name, i) =>
        i < 2
          ? (await t.db.selectFrom('savedQuery').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
          : (await t.db.selectFrom('apiKey').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id,
      ),
    );
    const deletes = (await audit()).filter((entry) => entry.operation === 'deleteSavedQuery');
    expect(deletes).toEqual([
      { operation: 'deleteSavedQuery', actorName: 'bob', apiKeyId: expect.any(Number), entityId: bobKey },
      { operation: 'deleteSavedQuery', actorName: 'ops', apiKeyId: adminKey, entityId: aliceKey },
    ]);
    const listed = await t.data(DELETED, {}, { apiKey: alice });
    expect(listed.deletedSavedQueries.nodes.map((q: { name: string; deletedBy: string }) => [q.name, q.deletedBy])).toEqual([
      ['alice-topics', 'ops'],
      ['bob-topics', 'bob'],
    ]);
  });

  it('refuses restoring another key’s deleted query the same way; the ADMIN may', async () => {
    await t.data(DELETE, { name: 'alice-topics' }, { apiKey: alice });
    expect(refusal(await t.graphql(RESTORE, { name: 'alice-topics' }, { apiKey: bob }))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('a key may restore only the saved queries it saved itself'),
    });
    expect((await t.data(RESTORE, { name: 'alice-topics' }, { apiKey: admin })).restoreSavedQuery.savedQuery.name).toBe('alice-topics');
  });

  it('needs role ANALYST to delete, restore or list deleted queries', async () => {
    const reader = await t.createKey('READER');
    for (const query of [DELETE, RESTORE]) {
      expect(refusal(await t.graphql(query, { name: 'alice-topics' }))).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(refusal(await t.graphql(query, { name: 'alice-topics' }, { apiKey: reader }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(refusal(await t.graphql(DELETED))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(refusal(await t.graphql(DELETED, {}, { apiKey: reader }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('Mutation.restoreSavedQuery', () => {
  let t: TestApp;
  let alice: string;
  beforeEach(async () => {
    t = await createTestApp({ savedQueries: true });
    alice = await t.createKey('ANALYST', 'alice');
    for (const n of [1, 2, 3]) await t.data(SAVE, { name: 'topic-names', document: TOPICS(n) }, { apiKey: alice });
  });
  afterEach(() => t.close());

  it('brings a deleted query back with every version; while deleted it is gone from every door', async () => {
    const id = (await t.data(`{ savedQuery(name: "topic-names") { id } }`)).savedQuery.id;
    const hash = (await t.db.selectFrom('savedQueryVersion').select('documentHash').where('document', '=', TOPICS(3)).executeTakeFirstOrThrow()).documentHash;
    await t.data(DELETE, { name: 'topic-names' }, { apiKey: alice });

    const gone = await t.data(
      `query($id: ID!) {
        savedQuery(name: "topic-names") { name }
        savedQueryVersion(name: "topic-names", version: 1) { version }
        savedQueries(first: 100) { nodes { name } }
        node(id: $id) { id }
      }`,
      { id },
    );
    expect(gone).toMatchObject({ savedQuery: null, savedQueryVersion: null, node: null });
    expect(gone.savedQueries.nodes.map((q: { name: string }) => q.name)).not.toContain('topic-names');
    expect(refusal(await t.graphql(`{ runSavedQuery(name: "topic-names") { version } }`))).toMatchObject({ code: 'NOT_FOUND' });
    for (const init of [{}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }]) {
      expect((await t.app.fetch('http://yoga/queries/topic-names?format=csv', init)).status).toBe(404);
    }
    expect(await t.store.savedQueries.hasDocumentHash(hash)).toBeUndefined();

    const listed = await t.data(DELETED, {}, { apiKey: alice });
    expect(listed.deletedSavedQueries).toEqual({
      totalCount: 1,
      nodes: [{ name: 'topic-names', version: 3, owner: 'alice', deletedAt: expect.any(String), deletedBy: 'alice', versions: [{ version: 3 }, { version: 2 }, { version: 1 }] }],
    });

    const restored = await t.data(RESTORE, { name: 'topic-names' }, { apiKey: alice });
    expect(restored.restoreSavedQuery.savedQuery).toEqual({
      name: 'topic-names',
      version: 3,
      status: 'OK',
      owner: 'alice',
      deletedAt: null,
      deletedBy: null,
      versions: [3, 2, 1].map((n) => ({ version: n, document: TOPICS(n) })),
    });
    const v1 = await t.app.fetch('http://yoga/queries/topic-names?version=1');
    expect(v1.headers.get('x-stancegraph-query-version')).toBe('1');
    expect(((await v1.json()) as { data: { topics: { nodes: unknown[] } } }).data.topics.nodes).toHaveLength(1);
    expect(await t.store.savedQueries.hasDocumentHash(hash)).toBe(TOPICS(3));
    expect((await t.data(DELETED, {}, { apiKey: alice })).deletedSavedQueries.totalCount).toBe(0);

    const queryId = (await t.db.selectFrom('savedQuery').select('id').where('name', '=', 'topic-names').executeTakeFirstOrThrow()).id;
    const entries = await t.db
      .selectFrom('auditLog')
      .select(['operation', 'actorName', 'details'])
      .where('entityType', '=', 'SavedQuery')
      .where('entityId', '=', queryId)
      .orderBy('id')
      .execute();
    expect(entries.map((entry) => entry.operation)).toEqual(['saveQuery', 'saveQuery', 'saveQuery', 'deleteSavedQuery', 'restoreSavedQuery']);
    expect(JSON.parse(entries.at(-1)?.details ?? '{}')).toEqual({
      name: 'topic-names',
      before: { deletedAt: expect.any(String), deletedByKeyId: expect.any(Number), deletedByName: 'alice' },
      after: { deletedAt: null, deletedByKeyId: null, deletedByName: null },
    });
  });

  it('keeps a deleted name taken: saving under it is a CONFLICT that says to restore it', async () => {
    await t.data(DELETE, { name: 'topic-names' }, { apiKey: alice });
    const other = await t.createKey('ANALYST', 'mallory');
    for (const key of [alice, other]) {
      const error = refusal(await t.graphql(SAVE, { name: 'topic-names', document: TOPICS(9) }, { apiKey: key }));
      expect(error).toMatchObject({ code: 'CONFLICT', problems: [{ path: 'input.name', message: 'belongs to a deleted saved query' }] });
      expect(error.message).toMatch(/^The saved query "topic-names" was deleted on \d{4}-\d{2}-\d{2}; restore it \(restoreSavedQuery/);
    }
    expect(await t.db.selectFrom('savedQueryVersion').innerJoin('savedQuery', 'savedQuery.id', 'savedQueryVersion.savedQueryId').where('name', '=', 'topic-names').select('version').execute()).toHaveLength(3);
  });

  it('answers NOT_FOUND for a name no query has, and CONFLICT for a query that is not deleted', async () => {
    expect(refusal(await t.graphql(RESTORE, { name: 'no-such-query' }, { apiKey: alice }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(refusal(await t.graphql(RESTORE, { name: 'topic-names' }, { apiKey: alice }))).toMatchObject({
      code: 'CONFLICT',
      message: 'The saved query "topic-names" is not deleted.',
    });
  });

  it('checks a restored query against the schema as it is now', async () => {
    await t.data(DELETE, { name: 'topic-names' }, { apiKey: alice });
    // The schema moved on while it was deleted (simulated by a document that no longer fits).
    await t.db.updateTable('savedQueryVersion').set({ document: 'query TopicNames { topics { nodes { legalBasis } } }' }).where('document', '=', TOPICS(3)).execute();
    const restored = await t.data(RESTORE, { name: 'topic-names' }, { apiKey: alice });
    expect(restored.restoreSavedQuery.savedQuery.status).toBe('BROKEN');
    expect((await t.app.fetch('http://yoga/queries/topic-names')).status).toBe(422);
  });
});

describe('npm run query -- delete|restore|list --deleted, and npm run seed', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ savedQueries: true });
  });
  afterEach(() => t.close());

  async function cli(...args: string[]): Promise<string> {
    let text = '';
    const out = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    await runQueryCommand({ store: t.store, schema, limits: LIMITS, maxRows: 100, viewer: { kind: 'system', name: 'cli:ops' }, out }, args);
    return text;
  }

  it('deletes (keeping the versions), lists the deleted and restores, as the operator', async () => {
    expect(await cli('delete', 'measures-by-sector')).toBe('deleted "measures-by-sector"; its 1 version(s) are kept: `query restore measures-by-sector` brings it back\n');
    expect(await cli('list')).not.toContain('measures-by-sector');
    expect(await cli('list', '--deleted')).toMatch(/^NAME +VERSION +STATUS +TITLE\nmeasures-by-sector +v1 +OK +Sanction measures in a sector, and whom they target \(deleted \d{4}-\d{2}-\d{2} by cli:ops\)\n$/);
    await expect(cli('run', 'measures-by-sector')).rejects.toThrow('There is no saved query named "measures-by-sector".');
    expect(await cli('restore', 'measures-by-sector')).toBe('restored "measures-by-sector" with its 1 version(s) (OK); run it at /queries/measures-by-sector\n');
    expect(await cli('list', '--deleted')).toBe('no deleted saved queries\n');
    await expect(cli('restore', 'measures-by-sector')).rejects.toThrow('The saved query "measures-by-sector" is not deleted.');
    const operations = await t.db.selectFrom('auditLog').select(['operation', 'actorName']).where('entityType', '=', 'SavedQuery').where('operation', '!=', 'saveQuery').execute();
    expect(operations).toEqual([
      { operation: 'deleteSavedQuery', actorName: 'cli:ops' },
      { operation: 'restoreSavedQuery', actorName: 'cli:ops' },
    ]);
  });

  it('seeding again leaves a deleted library query deleted, and says so', async () => {
    await cli('delete', 'measures-by-sector');
    expect(await loadSavedQuerySeeds(t.store, schema, LIMITS)).toEqual({ saved: [], deleted: ['measures-by-sector'], kept: [] });
    expect(await t.store.savedQueries.findByName('measures-by-sector')).toBeUndefined();
    expect((await t.store.savedQueries.findAll({ deleted: true })).map((q) => q.name)).toEqual(['measures-by-sector']);
    await cli('restore', 'measures-by-sector');
    expect(await loadSavedQuerySeeds(t.store, schema, LIMITS)).toEqual({ saved: [], deleted: [], kept: [] });
  });
});
