// Authentication and authorization: who may read (PUBLIC_READ), who may write (EDITOR and above),
// how a bad Authorization header fails the whole request, and how keys are stored and tracked.
import { createHash } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../schema/index.js';
import { generateApiKey } from '../server/auth/keys.js';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

let test: TestApp;

beforeEach(async () => {
  test = await createTestApp();
});
afterEach(() => test.close());

const LU_KANG = /* GraphQL */ `{ actor(slug: "lu-kang") { name } }`;
const VIEWER = /* GraphQL */ `{ viewer { authenticated name role } }`;

/** Every row of every table (but api_key, whose lastUsedAt a request may touch). */
async function snapshot(app: TestApp = test): Promise<Record<string, unknown[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' and name <> 'api_key'
    order by name`.execute(app.db);
  const result: Record<string, unknown[]> = {};
  for (const { name } of tables) result[name] = (await sql`select * from ${sql.table(name)} order by rowid`.execute(app.db)).rows;
  return result;
}

/** POSTs a query with raw headers, for checks on the HTTP status and headers. */
async function post(query: string, headers: Record<string, string>, app: TestApp = test) {
  const response = await app.app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<Record<string, unknown>> };
}

function onlyError(result: GraphQLResponse<unknown>): { message: string; extensions: Record<string, any> } {
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  const [error] = result.errors ?? [];
  return { message: error?.message ?? '', extensions: error?.extensions ?? {} };
}

/** No stack trace, file path or SQL in anything a client receives. */
function expectNothingLeaked(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stack|\.ts:\d|node_modules|\bselect\b|\binsert into\b|\bupdate "|sqlite/i);
}

describe('PUBLIC_READ', () => {
  it('lets anonymous clients read while on (the default)', async () => {
    const result = await test.graphql(LU_KANG);

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ actor: { name: 'Lu Kang' } });
  });

  it('refuses anonymous reads as UNAUTHENTICATED while off, and lets any key read', async () => {
    const closed = await createTestApp({ config: { publicRead: false } });
    try {
      const anonymous = await closed.graphql(LU_KANG);
      const error = onlyError(anonymous);
      expect(error.extensions?.code).toBe('UNAUTHENTICATED');
      expect(error.extensions?.requiredRole).toBe('READER');
      expect(anonymous.data?.actor ?? null).toBeNull();

      for (const role of ['READER', 'ANALYST', 'EDITOR', 'ADMIN'] as const) {
        const apiKey = await closed.createKey(role);
        expect(await closed.data(LU_KANG, {}, { apiKey }), role).toEqual({ actor: { name: 'Lu Kang' } });
      }
    } finally {
      await closed.close();
    }
  });
});

interface MutationCase {
  name: string;
  query: string;
  /** Builds the variables; may prepare rows (before the snapshot is taken). */
  variables: (app: TestApp) => Promise<Record<string, unknown>>;
}

async function affiliationId(app: TestApp, memberSlug: string): Promise<string> {
  const row = await app.db
    .selectFrom('affiliation')
    .innerJoin('actor', 'actor.id', 'affiliation.memberId')
    .select('affiliation.id')
    .where('actor.slug', '=', memberSlug)
    .executeTakeFirstOrThrow();
  return encodeGlobalID('Affiliation', row.id);
}

async function statementId(app: TestApp, text: string): Promise<{ id: string; local: number }> {
  const row = await app.db.selectFrom('statement').select('id').where('text', '=', text).executeTakeFirstOrThrow();
  return { id: encodeGlobalID('Statement', row.id), local: row.id };
}

const ARTICLE = 'beijing-blasts-new-us-sanctions-on-north-korea';

// One mutation of each kind, with valid input: the refusals must come from the role alone.
const MUTATIONS: MutationCase[] = [
  {
    name: 'createTopic',
    query: `mutation($input: CreateTopicInput!) { createTopic(input: $input) { topic { slug } } }`,
    variables: async () => ({ input: { name: 'Secondary sanctions' } }),
  },
  {
    name: 'createActor',
    query: `mutation($input: CreateActorInput!) { createActor(input: $input) { actor { slug } } }`,
    variables: async () => ({ input: { name: 'Hua Chunying', kind: 'PERSON' } }),
  },
  {
    name: 'updateActor',
    query: `mutation($input: UpdateActorInput!) { updateActor(input: $input) { actor { description } } }`,
    variables: async (app) => ({ input: { id: await idOf(app, 'actor', 'lu-kang'), description: 'Changed.' } }),
  },
  {
    name: 'deleteActor',
    query: `mutation($input: DeleteActorInput!) { deleteActor(input: $input) { deletedActorId } }`,
    variables: async (app) => ({ input: { id: await idOf(app, 'actor', 'sony-pictures') } }),
  },
  {
    name: 'mergeActors',
    query: `mutation($input: MergeActorsInput!) { mergeActors(input: $input) { movedCount } }`,
    variables: async (app) => ({
      input: { keep: await idOf(app, 'actor', 'bush-institute'), remove: await idOf(app, 'actor', 'georgetown-university') },
    }),
  },
  {
    name: 'createAffiliation',
    query: `mutation($input: CreateAffiliationInput!) { createAffiliation(input: $input) { affiliation { role } } }`,
    variables: async (app) => ({
      input: { member: await idOf(app, 'actor', 'victor-cha'), organization: await idOf(app, 'actor', 'foreign-policy'), role: 'Contributor' },
    }),
  },
  {
    name: 'deleteAffiliation',
    query: `mutation($input: DeleteAffiliationInput!) { deleteAffiliation(input: $input) { deletedAffiliationId } }`,
    variables: async (app) => ({ input: { id: await affiliationId(app, 'lu-kang') } }),
  },
  {
    name: 'createArticle',
    query: `mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { slug } } }`,
    variables: async () => ({ input: { publication: 'Reuters', headline: 'A headline', body: 'A body.', publishedOn: '2016-03-18' } }),
  },
  {
    name: 'updateArticle',
    query: `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { headline } } }`,
    variables: async (app) => ({ input: { id: await idOf(app, 'article', ARTICLE), headline: 'A new headline' } }),
  },
  {
    name: 'deleteArticle',
    query: `mutation($input: DeleteArticleInput!) { deleteArticle(input: $input) { deletedArticleId } }`,
    variables: async (app) => ({ input: { id: await idOf(app, 'article', ARTICLE) } }),
  },
  {
    name: 'createStatement',
    query: `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { text } } }`,
    variables: async (app) => {
      const { body } = await app.db.selectFrom('article').select('body').where('slug', '=', ARTICLE).executeTakeFirstOrThrow();
      const text = 'China is not happy about the new U.S. sanctions against North Korea';
      const start = body.indexOf(text);
      return {
        input: {
          article: await idOf(app, 'article', ARTICLE),
          speaker: await idOf(app, 'actor', 'china'),
          kind: 'PARAPHRASE',
          span: { start, end: start + text.length },
        },
      };
    },
  },
  {
    name: 'updateStatement',
    query: `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { kind } } }`,
    variables: async (app) => ({ input: { id: (await statementId(app, 'paying attention to')).id, kind: 'DIRECT_QUOTE' } }),
  },
  {
    name: 'confirmStatements',
    query: `mutation($input: ConfirmStatementsInput!) { confirmStatements(input: $input) { statements { reviewStatus } } }`,
    variables: async (app) => {
      const { id, local } = await statementId(app, 'paying attention to');
      await app.db.updateTable('statement').set({ reviewStatus: 'PENDING' }).where('id', '=', local).execute();
      return { input: { ids: [id] } };
    },
  },
  {
    name: 'deleteStatement',
    query: `mutation($input: DeleteStatementInput!) { deleteStatement(input: $input) { deletedStatementId } }`,
    variables: async (app) => ({ input: { id: (await statementId(app, 'paying attention to')).id } }),
  },
];

describe('Mutation (authorization)', () => {
  it('declares a role on every mutation (EDITOR, or ANALYST for saved queries), so none can be added without a scope', () => {
    // Pothos keeps a field's options in its extensions; a mutation without authScopes would be open to all.
    const fields = Object.values(schema.getMutationType()?.getFields() ?? {});
    expect(fields.length).toBeGreaterThan(20);
    const scopes = Object.fromEntries(
      fields.map((field) => [field.name, (field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes]),
    );
    const ANALYST_MUTATIONS = ['saveQuery', 'deleteSavedQuery', 'restoreSavedQuery'];
    for (const [name, scope] of Object.entries(scopes)) {
      expect(scope, name).toEqual({ role: ANALYST_MUTATIONS.includes(name) ? 'ANALYST' : 'EDITOR' });
    }
  });

  it.each(MUTATIONS.map((mutation) => [mutation.name, mutation] as const))(
    '%s refuses anonymous, READER and ANALYST callers without writing anything, and works for EDITOR',
    async (_name, mutation) => {
      const variables = await mutation.variables(test);
      const before = await snapshot();

      const anonymous = await test.graphql(mutation.query, variables);
      const unauthenticated = onlyError(anonymous);
      expect(unauthenticated.extensions?.code).toBe('UNAUTHENTICATED');
      expect(unauthenticated.extensions?.requiredRole).toBe('EDITOR');
      expect(anonymous.data?.actor ?? null).toBeNull();

      for (const role of ['READER', 'ANALYST'] as const) {
        const refused = await test.graphql(mutation.query, variables, { apiKey: await test.createKey(role) });
        const forbidden = onlyError(refused);
        expect(forbidden.extensions?.code, role).toBe('FORBIDDEN');
        expect(forbidden.extensions?.requiredRole, role).toBe('EDITOR');
        expect(forbidden.message).toContain(`has role ${role}`);
        expect(refused.data ?? null).toBeNull();
      }

      // Nothing changed: every table (audit_log included) is as it was.
      expect(await snapshot()).toEqual(before);

      const allowed = await test.graphql(mutation.query, variables, { apiKey: await test.createKey('EDITOR') });
      expect(allowed.errors, JSON.stringify(allowed.errors)).toBeUndefined();
      expect(await snapshot()).not.toEqual(before);
    },
  );

  it('lets an ADMIN key write too', async () => {
    const apiKey = await test.createKey('ADMIN');
    for (const name of ['createTopic', 'updateActor', 'mergeActors', 'createStatement']) {
      const mutation = MUTATIONS.find((candidate) => candidate.name === name);
      if (!mutation) throw new Error(name);
      const result = await test.graphql(mutation.query, await mutation.variables(test), { apiKey });
      expect(result.errors, `${name}: ${JSON.stringify(result.errors)}`).toBeUndefined();
    }
    expect(await test.db.selectFrom('auditLog').select('actorName').distinct().execute()).toEqual([{ actorName: 'admin' }]);
  });
});

describe('Authorization header', () => {
  const cases: [string, () => Promise<string>][] = [
    ['a Basic scheme', async () => 'Basic x'],
    ['"Bearer" alone', async () => 'Bearer'],
    ['two tokens after Bearer', async () => `Bearer ${await test.createKey('EDITOR')} extra`],
    ['a key of the wrong shape', async () => 'Bearer not-a-key'],
    ['a well-formed key that was never issued', async () => `Bearer ${generateApiKey()}`],
    [
      'a revoked key',
      async () => {
        const { key, info } = await test.store.apiKeys.create('revoked', 'ADMIN');
        expect(await test.store.apiKeys.revoke(info.id)).toMatchObject({ id: info.id });
        return `Bearer ${key}`;
      },
    ],
  ];

  it.each(cases)('fails the whole request with 401 and a challenge for %s', async (_why, header) => {
    const authorization = await header();
    const before = await snapshot();

    for (const query of [LU_KANG, `mutation { createTopic(input: { name: "Blocked" }) { topic { slug } } }`]) {
      const response = await post(query, { authorization });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="stancegraph"');
      const error = onlyError(response.body);
      expect(error.extensions?.code).toBe('UNAUTHENTICATED');
      expect(error.message).toMatch(/^Invalid credentials/);
      expect(response.body).not.toHaveProperty('data');
      expectNothingLeaked(response.body);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('accepts the scheme in any case', async () => {
    const key = await test.createKey('EDITOR', 'Eda');
    const response = await post(VIEWER, { authorization: `bearer ${key}` });

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ viewer: { authenticated: true, name: 'Eda', role: 'EDITOR' } });
  });

  it('stops accepting a key once it is revoked', async () => {
    const { key, info } = await test.store.apiKeys.create('soon revoked', 'EDITOR');
    expect((await post(VIEWER, { authorization: `Bearer ${key}` })).status).toBe(200);

    await test.store.apiKeys.revoke(info.id);

    expect((await post(VIEWER, { authorization: `Bearer ${key}` })).status).toBe(401);
    expect(await test.store.apiKeys.revoke(info.id)).toBeUndefined();
  });
});

describe('API keys', () => {
  it('stores only the SHA-256 hash and a short prefix of a key', async () => {
    const { key, info } = await test.store.apiKeys.create('Eda Editor', 'EDITOR');
    const row = await test.db.selectFrom('apiKey').selectAll().where('id', '=', info.id).executeTakeFirstOrThrow();

    expect(key).toMatch(/^sg_[A-Za-z0-9_-]{43}$/);
    expect(row.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(key.startsWith(row.prefix)).toBe(true);
    expect(row.prefix.length).toBeLessThan(12);
    expect(info).not.toHaveProperty('keyHash');
  });

  it('records when a key was last used, without a write on every request', async () => {
    const { key, info } = await test.store.apiKeys.create('reader', 'READER');
    expect(info.lastUsedAt).toBeNull();
    const before = new Date().toISOString();

    await test.data(LU_KANG, {}, { apiKey: key });
    const used = await test.db.selectFrom('apiKey').select('lastUsedAt').where('id', '=', info.id).executeTakeFirstOrThrow();
    expect(used.lastUsedAt).not.toBeNull();
    expect(used.lastUsedAt! >= before && used.lastUsedAt! <= new Date().toISOString()).toBe(true);

    test.resetQueries();
    await test.data(LU_KANG, {}, { apiKey: key });
    expect(test.queries.filter((query) => /^update "api_key"/.test(query))).toEqual([]);
  });
});

describe('error responses', () => {
  it('carry a code and a message, but no stack trace or SQL, even for an unexpected failure', async () => {
    const editor = await test.createKey('EDITOR');
    const victorCha = await idOf(test, 'actor', 'victor-cha');
    const bush = await idOf(test, 'actor', 'bush-institute');
    const { createAffiliation } = await test.data<{ createAffiliation: { affiliation: { id: string } } }>(
      `mutation($input: CreateAffiliationInput!) { createAffiliation(input: $input) { affiliation { id } } }`,
      { input: { member: victorCha, organization: bush, role: 'Adviser' } },
      { apiKey: editor },
    );
    // Renaming it to the role Victor Cha already has there: the database's unique constraint refuses it.
    const conflict = await test.graphql(
      `mutation($input: UpdateAffiliationInput!) { updateAffiliation(input: $input) { affiliation { role } } }`,
      { input: { id: createAffiliation.affiliation.id, role: 'Senior fellow on North Korea' } },
      { apiKey: editor },
    );
    expect(onlyError(conflict).extensions?.code).toBe('CONFLICT');
    expectNothingLeaked(conflict);

    // A failure nobody planned for (the database is gone) is masked.
    await test.db.destroy();
    const broken = await test.graphql(LU_KANG);
    const error = onlyError(broken);
    expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('Unexpected error.');
    expectNothingLeaked(broken);
  });
});

describe('Query.viewer', () => {
  it('names the key and its role', async () => {
    const apiKey = await test.createKey('ANALYST', 'Ana Lyst');

    expect(await test.data(VIEWER, {}, { apiKey })).toEqual({ viewer: { authenticated: true, name: 'Ana Lyst', role: 'ANALYST' } });
  });

  it('says authenticated false without a key', async () => {
    expect(await test.data(VIEWER)).toEqual({ viewer: { authenticated: false, name: null, role: null } });
  });
});
