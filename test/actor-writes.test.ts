// Writing actors: createActor, updateActor, deleteActor, mergeActors and the affiliation mutations,
// with the checks they make (slugs, countries, self-affiliation, dates) and what they leave behind.
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

const ARTICLE = 'beijing-blasts-new-us-sanctions-on-north-korea';

const CREATE = /* GraphQL */ `
  mutation($input: CreateActorInput!) {
    createActor(input: $input) { clientMutationId actor { id slug name kind description aliases country { slug } } }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation($input: UpdateActorInput!) {
    updateActor(input: $input) { actor { id slug name kind description aliases country { slug } } }
  }
`;
const DELETE = /* GraphQL */ `mutation($input: DeleteActorInput!) { deleteActor(input: $input) { deletedActorId } }`;
const MERGE = /* GraphQL */ `
  mutation($input: MergeActorsInput!) {
    mergeActors(input: $input) {
      removedActorId
      movedCount
      actor { slug name aliases description country { slug } }
    }
  }
`;
const CREATE_AFFILIATION = /* GraphQL */ `
  mutation($input: CreateAffiliationInput!) {
    createAffiliation(input: $input) { affiliation { id role startedOn endedOn member { slug } organization { slug } } }
  }
`;
const UPDATE_AFFILIATION = /* GraphQL */ `
  mutation($input: UpdateAffiliationInput!) {
    updateAffiliation(input: $input) { affiliation { id role startedOn endedOn } }
  }
`;
const DELETE_AFFILIATION = /* GraphQL */ `
  mutation($input: DeleteAffiliationInput!) { deleteAffiliation(input: $input) { deletedAffiliationId } }
`;
const ACTOR = /* GraphQL */ `
  query($slug: String!) {
    actor(slug: $slug) {
      id slug name kind description aliases
      country { slug }
      affiliations { role startedOn endedOn organization { slug } }
      statements { totalCount }
    }
  }
`;
const NODE = /* GraphQL */ `query($id: ID!) { node(id: $id) { id __typename } }`;

interface Actor {
  id: string;
  slug: string;
  name: string;
  kind: string;
  description: string | null;
  aliases: string[];
  country: { slug: string } | null;
  affiliations: { role: string; startedOn: string | null; endedOn: string | null; organization: { slug: string } }[];
  statements: { totalCount: number };
}

let test: TestApp;
let editor: string;

beforeEach(async () => {
  test = await createTestApp();
  editor = await test.createKey('EDITOR', 'Eda Editor');
});
afterEach(() => test.close());

function mutate(query: string, input: Record<string, unknown>) {
  return test.graphql<Record<string, any>>(query, { input }, { apiKey: editor });
}

/** Runs a mutation that must succeed and returns its payload. */
async function ok<T = any>(query: string, input: Record<string, unknown>): Promise<T> {
  const data = await test.data<Record<string, T>>(query, { input }, { apiKey: editor });
  return Object.values(data)[0] as T;
}

async function actor(slug: string): Promise<Actor | null> {
  return (await test.data<{ actor: Actor | null }>(ACTOR, { slug })).actor;
}

async function node(id: string) {
  return (await test.data<{ node: { id: string; __typename: string } | null }>(NODE, { id })).node;
}

/** The one error of a failed mutation, after checking that no data came back. */
function failure(result: GraphQLResponse<Record<string, any>>) {
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  expect(result.data ?? null).toBeNull();
  const [error] = result.errors ?? [];
  return { message: error?.message ?? '', code: error?.extensions?.code, problems: error?.extensions?.problems };
}

/** Every row of every table but api_key (whose lastUsedAt a request touches). */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' and name <> 'api_key'
    order by name`.execute(test.db);
  const result: Record<string, unknown[]> = {};
  for (const { name } of tables) result[name] = (await sql`select * from ${sql.table(name)} order by rowid`.execute(test.db)).rows;
  return result;
}

function localId(id: string): number {
  return Number(decodeGlobalID(id).id);
}

describe('Mutation.createActor', () => {
  it('creates an actor with a slug made from its name, echoing clientMutationId', async () => {
    const china = await idOf(test, 'actor', 'china');
    const result = await test.data<{ createActor: { clientMutationId: string; actor: Actor } }>(
      CREATE,
      { input: { clientMutationId: 'c1', name: 'Hua Chunying', kind: 'PERSON', country: china, description: 'A spokeswoman.' } },
      { apiKey: editor },
    );

    expect(result.createActor.clientMutationId).toBe('c1');
    expect(result.createActor.actor).toMatchObject({
      slug: 'hua-chunying',
      name: 'Hua Chunying',
      kind: 'PERSON',
      description: 'A spokeswoman.',
      aliases: [],
      country: { slug: 'china' },
    });
    expect(await actor('hua-chunying')).toMatchObject({ id: result.createActor.actor.id, name: 'Hua Chunying' });
  });

  it('appends -2, -3 to a slug already taken', async () => {
    const slugs = [];
    for (let i = 0; i < 3; i++) slugs.push((await ok(CREATE, { name: 'Lu Kang', kind: 'PERSON' })).actor.slug);

    // The seeded Lu Kang has lu-kang.
    expect(slugs).toEqual(['lu-kang-2', 'lu-kang-3', 'lu-kang-4']);
  });

  it('refuses a given slug that is taken as CONFLICT, creating nothing', async () => {
    const before = await test.db.selectFrom('actor').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const error = failure(await mutate(CREATE, { name: 'Another Lu', kind: 'PERSON', slug: 'lu-kang' }));

    expect(error.code).toBe('CONFLICT');
    expect(error.problems).toEqual([{ path: 'input.slug', message: 'is already taken' }]);
    expect(await test.db.selectFrom('actor').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('trims aliases and drops case-insensitive duplicates, keeping the first spelling', async () => {
    const { actor: created } = await ok(CREATE, { name: 'Hua Chunying', kind: 'PERSON', aliases: ['  Hua ', 'hua', 'Ms. Hua', 'HUA', 'Ms. Hua '] });

    expect(created.aliases).toEqual(['Hua', 'Ms. Hua']);
  });

  it('refuses a country that is not a STATE, at input.country', async () => {
    const ministry = await idOf(test, 'actor', 'chinese-foreign-ministry');
    const error = failure(await mutate(CREATE, { name: 'Hua Chunying', kind: 'PERSON', country: ministry }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.country', message: 'must be a STATE, not a GOVERNMENT_BODY' }]);
    expect(await actor('hua-chunying')).toBeNull();
  });

  it('refuses a country for a STATE', async () => {
    const china = await idOf(test, 'actor', 'china');
    const error = failure(await mutate(CREATE, { name: 'Taiwan', kind: 'STATE', country: china }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.country', message: 'a STATE has no country of its own' }]);
    expect(await actor('taiwan')).toBeNull();
  });

  it('refuses a country that does not exist as NOT_FOUND', async () => {
    const error = failure(await mutate(CREATE, { name: 'Hua Chunying', kind: 'PERSON', country: encodeGlobalID('Actor', 99_999) }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.country', message: 'The actor does not exist' }]);
  });

  it('refuses a blank name', async () => {
    const error = failure(await mutate(CREATE, { name: '   ', kind: 'PERSON' }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.name', message: 'must not be blank' }]);
  });
});

describe('Mutation.updateActor', () => {
  it('changes only the fields given', async () => {
    const before = await actor('lu-kang');
    const { actor: updated } = await ok(UPDATE, { id: before?.id, description: 'Spokesman, later ambassador.' });

    expect(updated).toEqual({
      id: before?.id,
      slug: 'lu-kang',
      name: 'Lu Kang',
      kind: 'PERSON',
      description: 'Spokesman, later ambassador.',
      aliases: ['Lu'],
      country: { slug: 'china' },
    });
  });

  it('replaces the aliases with the list given; an empty list removes them all', async () => {
    const id = await idOf(test, 'actor', 'china');

    expect((await ok(UPDATE, { id, aliases: ['Beijing', ' PRC ', 'prc', 'Middle Kingdom'] })).actor.aliases).toEqual(['Beijing', 'PRC', 'Middle Kingdom']);
    expect((await actor('china'))?.aliases).toEqual(['Beijing', 'PRC', 'Middle Kingdom']);
    expect((await ok(UPDATE, { id, aliases: [] })).actor.aliases).toEqual([]);
  });

  it('refuses null for a name, changing nothing', async () => {
    const id = await idOf(test, 'actor', 'lu-kang');
    const before = await snapshot();
    const error = failure(await mutate(UPDATE, { id, name: null, description: 'Not written.' }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.name', message: 'cannot be null; leave it out to keep the current value' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('clears the country and the description on null', async () => {
    const id = await idOf(test, 'actor', 'lu-kang');
    const { actor: updated } = await ok(UPDATE, { id, country: null, description: null });

    expect(updated).toMatchObject({ country: null, description: null, name: 'Lu Kang', aliases: ['Lu'] });
  });

  it('refuses the global ID of another type (a Topic as country) as BAD_USER_INPUT', async () => {
    const id = await idOf(test, 'actor', 'lu-kang');
    const topic = await idOf(test, 'topic', 'unilateral-sanctions');
    const before = await snapshot();
    const error = failure(await mutate(UPDATE, { id, country: topic }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('Actor');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a slug another actor has as CONFLICT, and renames to a free one', async () => {
    const id = await idOf(test, 'actor', 'lu-kang');

    expect(failure(await mutate(UPDATE, { id, slug: 'victor-cha' })).code).toBe('CONFLICT');
    expect((await ok(UPDATE, { id, slug: 'lu-kang-spokesman' })).actor.slug).toBe('lu-kang-spokesman');
    expect(await actor('lu-kang')).toBeNull();
  });

  it('refuses to make a STATE with citizens into another kind', async () => {
    const error = failure(await mutate(UPDATE, { id: await idOf(test, 'actor', 'china'), kind: 'COALITION' }));

    expect(error.code).toBe('CONFLICT');
    expect(error.problems).toEqual([{ path: 'input.kind', message: 'other actors name this state as their country' }]);
    expect((await actor('china'))?.kind).toBe('STATE');
  });

  it('refuses an actor that does not exist as NOT_FOUND', async () => {
    const error = failure(await mutate(UPDATE, { id: encodeGlobalID('Actor', 99_999), name: 'Ghost' }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.id', message: 'The actor does not exist' }]);
  });

  it('runs a bounded number of SQL statements for a payload with nested fields', async () => {
    const id = await idOf(test, 'actor', 'victor-cha');
    test.resetQueries();
    const data = await test.data<{ updateActor: { actor: { aliases: string[]; affiliations: { organization: { name: string } }[] } } }>(
      `mutation($input: UpdateActorInput!) {
        updateActor(input: $input) { actor { name aliases affiliations { role organization { name country { name } } } } }
      }`,
      { input: { id, aliases: ['Cha', 'Dr. Cha'] } },
      { apiKey: editor },
    );

    expect(data.updateActor.actor.aliases).toEqual(['Cha', 'Dr. Cha']);
    expect(data.updateActor.actor.affiliations.map((a) => a.organization.name).sort()).toEqual(['George W. Bush Institute', 'Georgetown University']);
    // Measured at 15: the key lookup and its first-use lastUsedAt update; the write (begin, actor and
    // country reads, update, alias read/delete/insert, audit insert, commit); then one batched query
    // per nested level: aliases, affiliations, organizations, their countries. A nested field that
    // stopped batching would add a query per row.
    const afterCommit = test.queries.slice(test.queries.indexOf('commit') + 1);
    expect(afterCommit, test.queries.join('\n')).toHaveLength(4);
    expect(test.queries.length, test.queries.join('\n')).toBeLessThanOrEqual(15);
  });
});

describe('Mutation.deleteActor', () => {
  it('refuses an actor that speaks in statements as CONFLICT, deleting nothing', async () => {
    const id = await idOf(test, 'actor', 'lu-kang');
    const before = await snapshot();
    const error = failure(await mutate(DELETE, { id }));

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('the speaker of 6 statements');
    expect(error.problems).toEqual([{ path: 'input.id', message: 'still the speaker of 6 statements' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses the holder of stances', async () => {
    const error = failure(await mutate(DELETE, { id: await idOf(test, 'actor', 'us-state-department') }));

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('the holder of 1 stance');
  });

  it('deletes a fresh actor with its aliases and affiliations; node(id) then returns null', async () => {
    const { actor: created } = await ok(CREATE, { name: 'Hua Chunying', kind: 'PERSON', aliases: ['Hua'] });
    await ok(CREATE_AFFILIATION, { member: created.id, organization: await idOf(test, 'actor', 'chinese-foreign-ministry'), role: 'Spokeswoman' });
    expect(await node(created.id)).toEqual({ id: created.id, __typename: 'Actor' });

    const result = await ok(DELETE, { id: created.id });

    expect(result).toEqual({ deletedActorId: created.id });
    expect(await node(created.id)).toBeNull();
    expect(await actor('hua-chunying')).toBeNull();
    const local = localId(created.id);
    expect(await test.db.selectFrom('actorAlias').select('id').where('actorId', '=', local).execute()).toEqual([]);
    expect(await test.db.selectFrom('affiliation').select('id').where('memberId', '=', local).execute()).toEqual([]);
  });

  it('refuses an actor that no longer exists as NOT_FOUND', async () => {
    const { actor: created } = await ok(CREATE, { name: 'Hua Chunying', kind: 'PERSON' });
    await ok(DELETE, { id: created.id });

    expect(failure(await mutate(DELETE, { id: created.id })).code).toBe('NOT_FOUND');
  });
});

describe('Mutation.createAffiliation', () => {
  it('records a role with dates, listed among the member’s affiliations', async () => {
    const victorCha = await idOf(test, 'actor', 'victor-cha');
    const { affiliation } = await ok(CREATE_AFFILIATION, {
      member: victorCha,
      organization: await idOf(test, 'actor', 'foreign-policy'),
      role: ' Contributor ',
      startedOn: '2015-01-01',
      endedOn: '2016-12-31',
    });

    expect(affiliation).toMatchObject({
      role: 'Contributor',
      startedOn: '2015-01-01',
      endedOn: '2016-12-31',
      member: { slug: 'victor-cha' },
      organization: { slug: 'foreign-policy' },
    });
    expect((await actor('victor-cha'))?.affiliations.map((a) => a.organization.slug).sort()).toEqual([
      'bush-institute',
      'foreign-policy',
      'georgetown-university',
    ]);
  });

  it('refuses to affiliate an actor with itself', async () => {
    const id = await idOf(test, 'actor', 'victor-cha');
    const error = failure(await mutate(CREATE_AFFILIATION, { member: id, organization: id, role: 'Self' }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.organization', message: 'an actor cannot be affiliated with itself' }]);
  });

  it('refuses a duplicate role as CONFLICT', async () => {
    const error = failure(
      await mutate(CREATE_AFFILIATION, {
        member: await idOf(test, 'actor', 'victor-cha'),
        organization: await idOf(test, 'actor', 'bush-institute'),
        role: 'Senior fellow on North Korea',
      }),
    );

    expect(error.code).toBe('CONFLICT');
    expect(error.problems).toEqual([{ path: 'input.role', message: 'already exists' }]);
    expect((await actor('victor-cha'))?.affiliations).toHaveLength(2);
  });

  it('refuses an end before the start', async () => {
    const error = failure(
      await mutate(CREATE_AFFILIATION, {
        member: await idOf(test, 'actor', 'victor-cha'),
        organization: await idOf(test, 'actor', 'foreign-policy'),
        role: 'Contributor',
        startedOn: '2016-03-17',
        endedOn: '2016-03-16',
      }),
    );

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.endedOn', message: 'must not be before startedOn' }]);
    expect((await actor('victor-cha'))?.affiliations).toHaveLength(2);
  });
});

describe('Mutation.updateAffiliation', () => {
  async function luKangSpokesman(): Promise<string> {
    const row = await test.db
      .selectFrom('affiliation')
      .innerJoin('actor', 'actor.id', 'affiliation.memberId')
      .select('affiliation.id')
      .where('actor.slug', '=', 'lu-kang')
      .executeTakeFirstOrThrow();
    return encodeGlobalID('Affiliation', row.id);
  }

  it('changes the role and dates given, and clears a date on null', async () => {
    const id = await luKangSpokesman();

    expect((await ok(UPDATE_AFFILIATION, { id, role: 'Chief spokesman', startedOn: '2015-01-01', endedOn: '2019-07-01' })).affiliation).toEqual({
      id,
      role: 'Chief spokesman',
      startedOn: '2015-01-01',
      endedOn: '2019-07-01',
    });
    expect((await ok(UPDATE_AFFILIATION, { id, endedOn: null })).affiliation).toEqual({
      id,
      role: 'Chief spokesman',
      startedOn: '2015-01-01',
      endedOn: null,
    });
  });

  it('refuses an end before the start already recorded', async () => {
    const id = await luKangSpokesman();
    await ok(UPDATE_AFFILIATION, { id, startedOn: '2015-01-01' });
    const error = failure(await mutate(UPDATE_AFFILIATION, { id, endedOn: '2014-12-31' }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.endedOn', message: 'must not be before startedOn' }]);
  });

  it('refuses null for the role', async () => {
    const error = failure(await mutate(UPDATE_AFFILIATION, { id: await luKangSpokesman(), role: null }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.role', message: 'cannot be null; leave it out to keep the current value' }]);
  });
});

describe('Mutation.deleteAffiliation', () => {
  it('deletes an affiliation; deleting it again is NOT_FOUND', async () => {
    const victorCha = await idOf(test, 'actor', 'victor-cha');
    const { affiliation } = await ok(CREATE_AFFILIATION, {
      member: victorCha,
      organization: await idOf(test, 'actor', 'foreign-policy'),
      role: 'Contributor',
    });

    expect(await ok(DELETE_AFFILIATION, { id: affiliation.id })).toEqual({ deletedAffiliationId: affiliation.id });
    expect(await node(affiliation.id)).toBeNull();
    expect((await actor('victor-cha'))?.affiliations).toHaveLength(2);
    expect(failure(await mutate(DELETE_AFFILIATION, { id: affiliation.id })).code).toBe('NOT_FOUND');
  });
});

describe('Mutation.mergeActors', () => {
  /**
   * Every column with a foreign key to actor, read from the migrated schema (not from the store's
   * own introspection, and not listed here: a table added later is included by itself).
   */
  async function columnsReferencingActor(): Promise<[table: string, column: string][]> {
    const { rows } = await sql<{ table: string; column: string }>`
      select t.name as "table", f."from" as "column"
      from pragma_table_list as t, pragma_foreign_key_list(t.name) as f
      where t.schema = 'main' and t.type = 'table' and f."table" = 'actor'
      order by t.name, f."from"`.execute(test.db);
    return rows.map((row) => [row.table, row.column]);
  }

  /** Every column that can point at an actor, with the rows pointing at `id`. */
  async function referencesTo(id: number): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const [table, column] of await columnsReferencingActor()) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${id}`.execute(test.db);
      result[`${table}.${column}`] = Number(rows[0]?.n);
    }
    return result;
  }

  async function rowCounts(): Promise<Record<string, number>> {
    return Object.fromEntries(Object.entries(await snapshot()).map(([table, rows]) => [table, rows.length]));
  }

  /**
   * "Kang Lu", a duplicate of Lu Kang, with one of everything: a statement, a stance held and one
   * toward it, an alias Lu Kang has and one he lacks, his Spokesman affiliation and a new one, a
   * mention in the article that already mentions Lu Kang and one in an article that does not, a
   * role in the briefing Lu Kang attended and in an event he did not.
   */
  async function duplicate() {
    const china = await idOf(test, 'actor', 'china');
    const ministry = await idOf(test, 'actor', 'chinese-foreign-ministry');
    const article = await idOf(test, 'article', ARTICLE);
    const { actor: kangLu } = await ok(CREATE, { name: 'Kang Lu', kind: 'PERSON', aliases: ['Lu', 'Spokesman Lu'] });
    await ok(CREATE_AFFILIATION, { member: kangLu.id, organization: ministry, role: 'Spokesman' });
    await ok(CREATE_AFFILIATION, { member: kangLu.id, organization: ministry, role: 'Deputy director' });
    const { body } = await test.db.selectFrom('article').select('body').where('slug', '=', ARTICLE).executeTakeFirstOrThrow();
    const text = 'China is not happy about the new U.S. sanctions against North Korea';
    const start = body.indexOf(text);
    await ok(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } } }`, {
      article,
      speaker: kangLu.id,
      kind: 'PARAPHRASE',
      span: { start, end: start + text.length },
    });
    const { article: other } = await ok(`mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { id } } }`, {
      publication: 'Xinhua',
      headline: 'Spokesman Kang Lu speaks',
      body: 'Kang Lu spoke.',
      publishedOn: '2016-03-18',
      mentionedActors: [kangLu.id],
    });

    const kangLuId = localId(kangLu.id);
    const luKangId = localId(await idOf(test, 'actor', 'lu-kang'));
    const articleId = localId(article);
    const now = new Date().toISOString();
    await test.db.insertInto('articleActorMention').values({ articleId, actorId: kangLuId }).execute();
    const stance = { position: 'OPPOSES' as const, summary: 'x', asOf: '2016-03-17', articleId, createdAt: now, updatedAt: now };
    const topic = await test.db.selectFrom('topic').select('id').where('slug', '=', 'unilateral-sanctions').executeTakeFirstOrThrow();
    await test.db.insertInto('stance').values({ ...stance, slug: 'kang-lu-opposes-sanctions', holderId: kangLuId, targetTopicId: topic.id }).execute();
    await test.db.insertInto('stance').values({ ...stance, slug: 'china-on-kang-lu', holderId: localId(china), targetActorId: kangLuId }).execute();
    const briefing = await test.db.selectFrom('event').select('id').where('slug', '=', 'chinese-foreign-ministry-briefing-2016-03-17').executeTakeFirstOrThrow();
    const sentencing = await test.db.selectFrom('event').select('id').where('slug', '=', 'otto-warmbier-sentencing-2016-03-16').executeTakeFirstOrThrow();
    await test.db.insertInto('eventParticipant').values([
      { eventId: briefing.id, actorId: kangLuId, role: 'Spokesman' },
      { eventId: sentencing.id, actorId: kangLuId, role: 'Commentator' },
    ]).execute();

    return { kangLu, kangLuId, luKangId, otherArticle: other.id as string };
  }

  it('moves every reference to the kept actor without doubling any, and deletes the duplicate', async () => {
    const { kangLu, kangLuId, luKangId, otherArticle } = await duplicate();
    const keptBefore = await referencesTo(luKangId);
    const removedBefore = await referencesTo(kangLuId);
    const luKang = await actor('lu-kang');
    expect(luKang?.statements.totalCount).toBe(6);

    const { mergeActors } = await test.data<{ mergeActors: any }>(MERGE, { input: { keep: luKang?.id, remove: kangLu.id } }, { apiKey: editor });

    expect(mergeActors.removedActorId).toBe(kangLu.id);
    // 1 statement + 1 stance held + 1 stance toward + 1 new event + 1 new article mention
    // + 1 new alias + 1 new affiliation + the removed name as an alias. Duplicates are dropped, not moved.
    expect(mergeActors.movedCount).toBe(8);
    expect(mergeActors.actor).toMatchObject({ slug: 'lu-kang', name: 'Lu Kang', description: 'Spokesman of the Chinese Foreign Ministry.', country: { slug: 'china' } });
    expect([...mergeActors.actor.aliases].sort()).toEqual(['Kang Lu', 'Lu', 'Spokesman Lu']);

    const kept = await actor('lu-kang');
    expect(kept?.statements.totalCount).toBe(7);
    expect(kept?.affiliations.map((a) => `${a.organization.slug}: ${a.role}`).sort()).toEqual([
      'chinese-foreign-ministry: Deputy director',
      'chinese-foreign-ministry: Spokesman',
    ]);
    expect(await referencesTo(kangLuId)).toEqual(Object.fromEntries(Object.keys(removedBefore).map((key) => [key, 0])));
    expect(await referencesTo(luKangId)).toEqual({
      ...keptBefore,
      'statement.speaker_id': keptBefore['statement.speaker_id']! + 1,
      'stance.holder_id': 1,
      'stance.target_actor_id': 1,
      'event_participant.actor_id': keptBefore['event_participant.actor_id']! + 1,
      'article_actor_mention.actor_id': keptBefore['article_actor_mention.actor_id']! + 1,
      'actor_alias.actor_id': 3,
      'affiliation.member_id': 2,
    });

    const mentions = await test.data<{ article: { mentionedActors: { slug: string }[] } }>(
      `query($slug: String!) { article(slug: $slug) { mentionedActors { slug } } }`,
      { slug: ARTICLE },
    );
    expect(mentions.article.mentionedActors.filter((a) => a.slug === 'lu-kang')).toHaveLength(1);
    const other = await test.data<{ node: { mentionedActors: { slug: string }[] } }>(
      `query($id: ID!) { node(id: $id) { ... on Article { mentionedActors { slug } } } }`,
      { id: otherArticle },
    );
    expect(other.node.mentionedActors).toEqual([{ slug: 'lu-kang' }]);

    expect(await node(kangLu.id)).toBeNull();
    expect(await actor('kang-lu')).toBeNull();
  });

  // The schema decides what a merge moves: for every foreign key to actor, one existing row is pointed
  // at the duplicate, and after the merge each has moved to the kept actor and no row is lost.
  it('moves a reference from every column with a foreign key to actor, losing no row', async () => {
    const { actor: keep } = await ok(CREATE, { name: 'Keepland', kind: 'STATE' });
    const { actor: remove } = await ok(CREATE, { name: 'Removeland', kind: 'STATE' });
    const [keepId, removeId] = [localId(keep.id), localId(remove.id)];
    const columns = await columnsReferencingActor();
    // Guards against a check that looked at nothing: the core schema has 12 such columns.
    expect(columns.length).toBeGreaterThanOrEqual(12);
    for (const [table, column] of columns) {
      // A row that points at no actor through another column yet (an affiliation cannot be its own
      // organization), preferring one where this column is set (a stance has exactly one target).
      const others = columns.filter(([t, c]) => t === table && c !== column).map(([, c]) => sql`${sql.ref(c)} is not ${removeId}`);
      const { rows } = await sql<{ row: number }>`
        select rowid as "row" from ${sql.table(table)}
        where ${sql.ref(column)} is not ${removeId} ${others.length > 0 ? sql`and ${sql.join(others, sql` and `)}` : sql``}
          ${table === 'actor' ? sql`and id not in (${keepId}, ${removeId}) and kind <> 'STATE'` : sql``}
        order by ${sql.ref(column)} is null, rowid limit 1`.execute(test.db);
      expect(rows, `a row in ${table} to point at the duplicate through ${column}`).toHaveLength(1);
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${removeId} where rowid = ${rows[0]?.row}`.execute(test.db);
    }
    const removedBefore = await referencesTo(removeId);
    const countsBefore = await rowCounts();
    expect(Object.entries(removedBefore).filter(([, n]) => n !== 1)).toEqual([]);

    const { mergeActors } = await test.data<{ mergeActors: any }>(MERGE, { input: { keep: keep.id, remove: remove.id } }, { apiKey: editor });

    // Each reference moved, and the removed name became an alias.
    expect(mergeActors.movedCount).toBe(columns.length + 1);
    expect(await referencesTo(removeId)).toEqual(Object.fromEntries(columns.map(([table, column]) => [`${table}.${column}`, 0])));
    expect(await referencesTo(keepId)).toEqual({ ...removedBefore, 'actor_alias.actor_id': 2 });
    expect(await rowCounts()).toEqual({ ...countsBefore, actor: countsBefore.actor! - 1, actor_alias: countsBefore.actor_alias! + 1, audit_log: countsBefore.audit_log! + 1 });
  });

  it('moves the references in a table added after this code was written, without doubling a unique link', async () => {
    await sql`create table actor_note (id integer primary key, actor_id integer not null references actor (id) on delete cascade, note text not null, unique (actor_id, note))`.execute(test.db);
    const { actor: keep } = await ok(CREATE, { name: 'Hong Lei', kind: 'PERSON' });
    const { actor: remove } = await ok(CREATE, { name: 'Lei Hong', kind: 'PERSON' });
    const [keepId, removeId] = [localId(keep.id), localId(remove.id)];
    await sql`insert into actor_note (actor_id, note) values (${keepId}, 'spokesman'), (${removeId}, 'spokesman'), (${removeId}, 'diplomat')`.execute(test.db);

    const { mergeActors } = await test.data<{ mergeActors: any }>(MERGE, { input: { keep: keep.id, remove: remove.id } }, { apiKey: editor });

    expect(mergeActors.movedCount).toBe(2);
    const { rows } = await sql<{ actorId: number; note: string }>`select actor_id, note from actor_note order by note`.execute(test.db);
    expect(rows).toEqual([{ actorId: keepId, note: 'diplomat' }, { actorId: keepId, note: 'spokesman' }]);
  });

  it('fills a missing description and country from the removed actor', async () => {
    const { actor: keep } = await ok(CREATE, { name: 'Hong Lei', kind: 'PERSON' });
    const { actor: remove } = await ok(CREATE, {
      name: 'Lei Hong',
      kind: 'PERSON',
      country: await idOf(test, 'actor', 'china'),
      description: 'A spokesman.',
    });

    const { mergeActors } = await test.data<{ mergeActors: any }>(MERGE, { input: { keep: keep.id, remove: remove.id } }, { apiKey: editor });

    expect(mergeActors.actor).toMatchObject({ slug: 'hong-lei', description: 'A spokesman.', country: { slug: 'china' }, aliases: ['Lei Hong'] });
    expect(mergeActors.movedCount).toBe(1);
  });

  // Aliases move with the same case-insensitive duplicate check replaceAliases applies, and one equal
  // to the kept actor's own name is dropped.
  it('does not give the kept actor its own name as an alias', async () => {
    const { actor: duplicate } = await ok(CREATE, { name: 'Kang Lu', kind: 'PERSON', aliases: ['Lu Kang'] });

    const { mergeActors } = await test.data<{ mergeActors: any }>(MERGE, { input: { keep: await idOf(test, 'actor', 'lu-kang'), remove: duplicate.id } }, { apiKey: editor });

    expect(mergeActors.actor.aliases).toEqual(['Lu', 'Kang Lu']);
  });

  it('does not double an alias the kept actor has in another case', async () => {
    const { actor: duplicate } = await ok(CREATE, { name: 'Kang Lu', kind: 'PERSON', aliases: ['LU'] });

    const { mergeActors } = await test.data<{ mergeActors: any }>(MERGE, { input: { keep: await idOf(test, 'actor', 'lu-kang'), remove: duplicate.id } }, { apiKey: editor });

    expect(mergeActors.actor.aliases).toEqual(['Lu', 'Kang Lu']);
  });

  it('refuses to merge actors that hold stances toward each other, naming the stances, and changes nothing', async () => {
    const { kangLu, kangLuId, luKangId } = await duplicate();
    const now = new Date().toISOString();
    const articleId = localId(await idOf(test, 'article', ARTICLE));
    await test.db
      .insertInto('stance')
      .values({ slug: 'lu-kang-on-kang-lu', holderId: luKangId, targetActorId: kangLuId, position: 'CRITICIZES', summary: 'Lu Kang faults Kang Lu', asOf: '2016-03-17', articleId, createdAt: now, updatedAt: now })
      .execute();
    const before = await snapshot();

    const error = failure(await mutate(MERGE, { keep: await idOf(test, 'actor', 'lu-kang'), remove: kangLu.id }));

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/hold a stance toward each other.*delete or retarget it first/);
    expect(error.problems).toEqual([
      { path: 'input.remove', message: 'stance "lu-kang-on-kang-lu" (Lu Kang faults Kang Lu) is held by one of the two toward the other' },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to merge an actor into itself', async () => {
    const id = await idOf(test, 'actor', 'lu-kang');
    const before = await snapshot();
    const error = failure(await mutate(MERGE, { keep: id, remove: id }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.remove', message: 'must be a different actor from keep' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses actors of different kinds before writing anything', async () => {
    const before = await snapshot();
    const error = failure(
      await mutate(MERGE, { keep: await idOf(test, 'actor', 'lu-kang'), remove: await idOf(test, 'actor', 'chinese-foreign-ministry') }),
    );

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.remove', message: 'is a GOVERNMENT_BODY and keep is a PERSON; change one kind first' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an actor that does not exist as NOT_FOUND', async () => {
    const error = failure(await mutate(MERGE, { keep: await idOf(test, 'actor', 'lu-kang'), remove: encodeGlobalID('Actor', 99_999) }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.remove', message: 'The actor does not exist' }]);
  });

  it('changes nothing when it fails midway, after the references moved', async () => {
    const { kangLu } = await duplicate();
    // Make the last step (deleting the duplicate) fail, after every reference has been moved.
    await sql`create trigger fail_merge before delete on actor when old.slug = 'kang-lu' begin select raise(abort, 'merge interrupted'); end`.execute(test.db);
    const before = await snapshot();

    const error = failure(await mutate(MERGE, { keep: await idOf(test, 'actor', 'lu-kang'), remove: kangLu.id }));

    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('Unexpected error.');
    expect(await snapshot()).toEqual(before);
  });
});
