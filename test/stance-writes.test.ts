// Writing stances: createStance, updateStance and deleteStance, with their one target, evidence,
// defaults (slug, asOf), checks and audit log.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

const CREATE = /* GraphQL */ `
  mutation($input: CreateStanceInput!) { createStance(input: $input) { stance { id slug } } }
`;
const UPDATE = /* GraphQL */ `
  mutation($input: UpdateStanceInput!) { updateStance(input: $input) { stance { id slug summary } } }
`;
const DELETE = /* GraphQL */ `
  mutation($input: DeleteStanceInput!) { deleteStance(input: $input) { deletedStanceId } }
`;
const STANCE = /* GraphQL */ `
  query($id: ID!) {
    node(id: $id) {
      ... on Stance {
        id slug position summary asOf updatedAt
        holder { slug }
        target {
          __typename
          ... on SanctionMeasure { slug }
          ... on Actor { slug }
          ... on Event { slug }
          ... on Topic { slug }
        }
        article { slug }
        evidence { id text }
      }
    }
  }
`;

interface Stance {
  id: string;
  slug: string;
  position: string;
  summary: string;
  asOf: string;
  updatedAt: string;
  holder: { slug: string };
  target: { __typename: string; slug: string };
  article: { slug: string } | null;
  evidence: { id: string; text: string }[];
}

const TABLES = ['stance', 'stance_evidence', 'statement', 'actor', 'sanction_measure', 'event', 'topic', 'article', 'audit_log'] as const;
type Table = (typeof TABLES)[number];

let test: TestApp;
let editor: string;
let ids: Awaited<ReturnType<typeof loadIds>>;
/** The seed article's statements by their opening words. */
let statements: { id: string; text: string }[];

beforeEach(async () => {
  test = await createTestApp();
  editor = await test.createKey('EDITOR', 'Eda Editor');
  ids = await loadIds();
  const data = await test.data<{ statements: { nodes: { id: string; text: string }[] } }>(
    `{ statements(first: 100, orderBy: { field: SPAN_START, direction: ASC }) { nodes { id text } } }`,
  );
  statements = data.statements.nodes;
});
afterEach(() => test.close());

async function loadIds() {
  return {
    china: await idOf(test, 'actor', 'china'),
    victorCha: await idOf(test, 'actor', 'victor-cha'),
    northKorea: await idOf(test, 'actor', 'north-korea'),
    eo13722: await idOf(test, 'sanctionMeasure', 'us-eo-13722'),
    unscr2270: await idOf(test, 'sanctionMeasure', 'unscr-2270'),
    nuclearTest: await idOf(test, 'event', 'north-korea-nuclear-test-2016-01-06'),
    unilateral: await idOf(test, 'topic', 'unilateral-sanctions'),
    article: await idOf(test, 'article', 'beijing-blasts-new-us-sanctions-on-north-korea'),
    chinaOpposesEo: (await stanceBySlug('china-opposes-us-eo-13722')).id,
  };
}

async function stanceBySlug(slug: string): Promise<{ id: string }> {
  const data = await test.data<{ stances: { nodes: { id: string; slug: string }[] } }>(`{ stances(first: 100) { nodes { id slug } } }`);
  const found = data.stances.nodes.find((stance) => stance.slug === slug);
  if (!found) throw new Error(`no stance ${slug}`);
  return found;
}

async function stance(id: string): Promise<Stance | null> {
  return (await test.data<{ node: Stance | null }>(STANCE, { id })).node;
}

async function counts(): Promise<Record<Table, number>> {
  const entries = await Promise.all(
    TABLES.map(async (table) => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(test.db);
      return [table, Number(rows[0]?.n)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Table, number>;
}

function auditRows() {
  return test.db.selectFrom('auditLog').selectAll().orderBy('id').execute();
}

function failure(result: GraphQLResponse<Record<string, unknown>>) {
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  const [error] = result.errors ?? [];
  return { message: error?.message ?? '', code: error?.extensions?.code, problems: error?.extensions?.problems };
}

function statementId(startsWith: string): string {
  const found = statements.find((statement) => statement.text.startsWith(startsWith));
  if (!found) throw new Error(`no statement starting "${startsWith}"`);
  return found.id;
}

/** A second article with one statement, for evidence from outside the stance's article. */
async function addOtherArticle(): Promise<{ articleId: string; statementId: string }> {
  const now = '2026-01-01T00:00:00.000Z';
  const article = await test.db
    .insertInto('article')
    .values({
      slug: 'other-article',
      publication: 'Example Daily',
      headline: 'Another report',
      body: 'Beijing repeated its objection.',
      publishedOn: '2016-03-20',
      language: 'en',
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const china = await test.db.selectFrom('actor').select('id').where('slug', '=', 'china').executeTakeFirstOrThrow();
  const statement = await test.db
    .insertInto('statement')
    .values({
      articleId: article.id,
      speakerId: china.id,
      kind: 'PARAPHRASE',
      text: 'Beijing repeated its objection',
      spanStart: 0,
      spanEnd: 30,
      saidOn: '2016-03-20',
      saidOnInferred: 1,
      speakerRole: null,
      venue: null,
      eventId: null,
      confidence: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { articleId: encodeGlobalID('Article', article.id), statementId: encodeGlobalID('Statement', statement.id) };
}

function fullInput(): Record<string, unknown> {
  return {
    holder: ids.victorCha,
    position: 'CRITICIZES',
    target: { measure: ids.unscr2270 },
    summary: 'Says the U.N. sanctions have gaps China exploits.',
    asOf: '2016-03-18',
    article: ids.article,
    evidence: [statementId('up the ante'), statementId('This is a grade up')],
    slug: 'cha-criticizes-unscr-2270',
  };
}

describe('Mutation.createStance', () => {
  it('creates a stance with every field, readable through node(id:)', async () => {
    const data = await test.data(CREATE, { input: fullInput() }, { apiKey: editor });

    expect(await stance(data.createStance.stance.id)).toMatchObject({
      slug: 'cha-criticizes-unscr-2270',
      position: 'CRITICIZES',
      summary: 'Says the U.N. sanctions have gaps China exploits.',
      asOf: '2016-03-18',
      holder: { slug: 'victor-cha' },
      target: { __typename: 'SanctionMeasure', slug: 'unscr-2270' },
      article: { slug: 'beijing-blasts-new-us-sanctions-on-north-korea' },
      evidence: [
        { id: statementId('up the ante'), text: expect.any(String) },
        { id: statementId('This is a grade up'), text: expect.any(String) },
      ],
    });
    const toward = await test.data(`{ sanctionMeasure(slug: "unscr-2270") { stances { nodes { slug } } } }`);
    expect(toward.sanctionMeasure.stances.nodes).toContainEqual({ slug: 'cha-criticizes-unscr-2270' });
  });

  it('writes the stance, its evidence and one audit entry, and nothing else', async () => {
    const before = await counts();
    await test.data(CREATE, { input: fullInput() }, { apiKey: editor });

    expect(await counts()).toEqual({ ...before, stance: before.stance + 1, stance_evidence: before.stance_evidence + 2, audit_log: 1 });
    const [entry] = await auditRows();
    expect(entry).toMatchObject({ operation: 'createStance', entityType: 'Stance', actorName: 'Eda Editor' });
    expect(JSON.parse(entry?.details ?? '{}').after).toMatchObject({ slug: 'cha-criticizes-unscr-2270', position: 'CRITICIZES' });
    expect(JSON.parse(entry?.details ?? '{}').after.evidenceIds).toHaveLength(2);
  });

  it.each([
    ['an actor', () => ({ actor: ids.northKorea }), 'Actor', 'north-korea'],
    ['an event', () => ({ event: ids.nuclearTest }), 'Event', 'north-korea-nuclear-test-2016-01-06'],
    ['a topic', () => ({ topic: ids.unilateral }), 'Topic', 'unilateral-sanctions'],
  ])('takes %s as the target', async (_what, target, typename, slug) => {
    const data = await test.data(CREATE, { input: { ...fullInput(), slug: undefined, target: target() } }, { apiKey: editor });

    expect((await stance(data.createStance.stance.id))?.target).toEqual({ __typename: typename, slug });
  });

  it('makes the slug from the holder, the position and the target, numbered when taken', async () => {
    const input = { holder: ids.china, position: 'OPPOSES', target: { measure: ids.eo13722 }, summary: 'Opposes it.' };
    const first = await test.data(CREATE, { input }, { apiKey: editor });
    const second = await test.data(CREATE, { input }, { apiKey: editor });

    expect(first.createStance.stance.slug).toBe('china-opposes-executive-order-13722');
    expect(second.createStance.stance.slug).toBe('china-opposes-executive-order-13722-2');
  });

  it('dates the stance to the article’s publication when asOf is left out, else to today', async () => {
    const base = { holder: ids.china, position: 'SUPPORTS', target: { topic: ids.unilateral }, summary: 'Supports it.' };
    const withArticle = await test.data(CREATE, { input: { ...base, article: ids.article } }, { apiKey: editor });
    const withoutArticle = await test.data(CREATE, { input: base }, { apiKey: editor });

    expect((await stance(withArticle.createStance.stance.id))?.asOf).toBe('2016-03-17');
    expect((await stance(withoutArticle.createStance.stance.id))).toMatchObject({
      asOf: new Date().toISOString().slice(0, 10),
      article: null,
      evidence: [],
    });
  });

  it('accepts evidence from another article than the stance’s', async () => {
    const other = await addOtherArticle();
    const data = await test.data(
      CREATE,
      { input: { ...fullInput(), evidence: [statementId('up the ante'), other.statementId] } },
      { apiKey: editor },
    );

    expect((await stance(data.createStance.stance.id))?.evidence.map((statement) => statement.id)).toEqual([
      statementId('up the ante'),
      other.statementId,
    ]);
  });

  it.each([
    ['no target', {}, 'must name one of measure, actor, event or topic'],
    ['two targets', { measure: 'M', topic: 'T' }, 'must name exactly one of measure, actor, event or topic, not 2 (measure, topic)'],
  ])('rejects %s as BAD_USER_INPUT at input.target', async (_what, shape, message) => {
    const target = Object.fromEntries(Object.keys(shape).map((key) => [key, key === 'measure' ? ids.eo13722 : ids.unilateral]));
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), target } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.target', message }]);
  });

  it('refuses a stance of an actor toward itself', async () => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), target: { actor: ids.victorCha } } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.target.actor', message: 'an actor cannot hold a stance toward itself' }]);
  });

  it('rejects repeated evidence as BAD_USER_INPUT at the repeat', async () => {
    const evidence = [statementId('up the ante'), statementId('This is a grade up'), statementId('up the ante')];
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), evidence } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.evidence.2', message: 'repeats the same statement as evidence.0' }]);
  });

  it('is NOT_FOUND, naming each path, for a holder, target or evidence that does not exist, and writes nothing', async () => {
    const before = await counts();
    const input = {
      ...fullInput(),
      holder: encodeGlobalID('Actor', 99_999),
      target: { measure: encodeGlobalID('SanctionMeasure', 99_999) },
      evidence: [statementId('up the ante'), encodeGlobalID('Statement', 99_999)],
    };
    const error = failure(await test.graphql(CREATE, { input }, { apiKey: editor }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([
      { path: 'input.holder', message: 'The actor does not exist' },
      { path: 'input.target.measure', message: 'The sanction measure does not exist' },
      { path: 'input.evidence.1', message: 'The statement does not exist' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('rejects an Actor ID where a Statement ID is expected as BAD_USER_INPUT', async () => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), evidence: [ids.china] } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(`ID: ${ids.china} is not of type: Statement`);
  });

  it.each([
    ['an unknown position', { position: 'LOVES' }, 'input.position'],
    ['an impossible date', { asOf: '2016-02-30' }, 'input.asOf'],
    ['a missing summary', { summary: null }, 'input.summary'],
  ])('rejects %s as BAD_USER_INPUT naming the field', async (_what, change, path) => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), ...change } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain(`at "${path}"`);
  });

  it('refuses a slug another stance has as CONFLICT', async () => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), slug: 'china-opposes-us-eo-13722' } }, { apiKey: editor }));

    expect(error.code).toBe('CONFLICT');
    expect(error.problems).toEqual([{ path: 'input.slug', message: 'is already taken' }]);
  });

  it('needs an API key (UNAUTHENTICATED) with role EDITOR (FORBIDDEN for a READER), and writes nothing', async () => {
    const before = await counts();
    const anonymous = failure(await test.graphql(CREATE, { input: fullInput() }));
    const reader = failure(await test.graphql(CREATE, { input: fullInput() }, { apiKey: await test.createKey('READER') }));

    expect([anonymous.code, reader.code]).toEqual(['UNAUTHENTICATED', 'FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });
});

describe('Mutation.updateStance', () => {
  it('changes one field and leaves the others, and logs only that change', async () => {
    const before = await stance(ids.chinaOpposesEo);
    const data = await test.data(UPDATE, { input: { id: ids.chinaOpposesEo, position: 'CRITICIZES' } }, { apiKey: editor });
    const after = await stance(ids.chinaOpposesEo);

    expect(data.updateStance.stance.slug).toBe('china-opposes-us-eo-13722');
    const { position: _p, updatedAt: beforeUpdatedAt, ...unchanged } = before as Stance;
    expect(after).toMatchObject({ ...unchanged, position: 'CRITICIZES' });
    expect((after as Stance).updatedAt > beforeUpdatedAt).toBe(true);
    const [entry] = await auditRows();
    expect(entry).toMatchObject({ operation: 'updateStance', entityType: 'Stance', actorName: 'Eda Editor' });
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({ before: { position: 'OPPOSES' }, after: { position: 'CRITICIZES' } });
  });

  it('replaces the evidence with exactly the statements given', async () => {
    const evidence = [statementId('up the ante')];
    await test.data(UPDATE, { input: { id: ids.chinaOpposesEo, evidence } }, { apiKey: editor });

    expect((await stance(ids.chinaOpposesEo))?.evidence.map((statement) => statement.id)).toEqual(evidence);
    const details = JSON.parse((await auditRows())[0]?.details ?? '{}');
    expect(details.before.evidenceIds).toHaveLength(3);
    expect(details.after.evidenceIds).toHaveLength(1);
  });

  it('removes all evidence when given []', async () => {
    await test.data(UPDATE, { input: { id: ids.chinaOpposesEo, evidence: [] } }, { apiKey: editor });

    expect((await stance(ids.chinaOpposesEo))?.evidence).toEqual([]);
  });

  it('moves the stance to a new target, clearing the old one', async () => {
    await test.data(UPDATE, { input: { id: ids.chinaOpposesEo, target: { topic: ids.unilateral } } }, { apiKey: editor });

    expect((await stance(ids.chinaOpposesEo))?.target).toEqual({ __typename: 'Topic', slug: 'unilateral-sanctions' });
    const toward = await test.data(`{ sanctionMeasure(slug: "us-eo-13722") { stances { nodes { slug } } } }`);
    expect(toward.sanctionMeasure.stances.nodes).not.toContainEqual({ slug: 'china-opposes-us-eo-13722' });
  });

  it('refuses a new holder that is the actor the stance is toward', async () => {
    const cha = (await stanceBySlug('cha-assesses-china-enforcement')).id;
    const error = failure(await test.graphql(UPDATE, { input: { id: cha, holder: ids.china } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.holder', message: 'an actor cannot hold a stance toward itself' }]);
  });

  it('clears the article given as null', async () => {
    await test.data(UPDATE, { input: { id: ids.chinaOpposesEo, article: ids.article } }, { apiKey: editor });
    expect((await stance(ids.chinaOpposesEo))?.article).toEqual({ slug: 'beijing-blasts-new-us-sanctions-on-north-korea' });

    await test.data(UPDATE, { input: { id: ids.chinaOpposesEo, article: null } }, { apiKey: editor });
    expect((await stance(ids.chinaOpposesEo))?.article).toBeNull();
  });

  it('rejects null for a field that cannot be empty as BAD_USER_INPUT, and changes nothing', async () => {
    const before = await stance(ids.chinaOpposesEo);
    const error = failure(
      await test.graphql(UPDATE, { input: { id: ids.chinaOpposesEo, summary: null, target: null, evidence: null } }, { apiKey: editor }),
    );

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([
      { path: 'input.target', message: 'cannot be null; leave it out to keep the current value' },
      { path: 'input.summary', message: 'cannot be null; leave it out to keep the current value' },
      { path: 'input.evidence', message: 'cannot be null; leave it out to keep the current value' },
    ]);
    expect(await stance(ids.chinaOpposesEo)).toEqual(before);
  });

  it('is NOT_FOUND for a stance that does not exist, and for a new article that does not exist', async () => {
    const missingStance = failure(await test.graphql(UPDATE, { input: { id: encodeGlobalID('Stance', 99_999), summary: 'X' } }, { apiKey: editor }));
    const missingArticle = failure(
      await test.graphql(UPDATE, { input: { id: ids.chinaOpposesEo, article: encodeGlobalID('Article', 99_999) } }, { apiKey: editor }),
    );

    expect(missingStance.code).toBe('NOT_FOUND');
    expect(missingStance.problems).toEqual([{ path: 'input.id', message: 'The stance does not exist' }]);
    expect(missingArticle.code).toBe('NOT_FOUND');
    expect(missingArticle.problems).toEqual([{ path: 'input.article', message: 'The article does not exist' }]);
  });

  it('refuses a slug another stance has as CONFLICT', async () => {
    const error = failure(await test.graphql(UPDATE, { input: { id: ids.chinaOpposesEo, slug: 'china-supports-unscr-2270' } }, { apiKey: editor }));

    expect(error.code).toBe('CONFLICT');
  });

  it('is FORBIDDEN for a READER, and changes nothing', async () => {
    const error = failure(await test.graphql(UPDATE, { input: { id: ids.chinaOpposesEo, summary: 'X' } }, { apiKey: await test.createKey('READER') }));

    expect(error.code).toBe('FORBIDDEN');
    expect(await auditRows()).toEqual([]);
  });
});

describe('Mutation.deleteStance', () => {
  it('deletes the stance and its evidence links, keeping the statements', async () => {
    const before = await counts();
    const data = await test.data(DELETE, { input: { id: ids.chinaOpposesEo } }, { apiKey: editor });

    expect(data.deleteStance.deletedStanceId).toBe(ids.chinaOpposesEo);
    expect(await stance(ids.chinaOpposesEo)).toBeNull();
    expect(await counts()).toEqual({ ...before, stance: before.stance - 1, stance_evidence: before.stance_evidence - 3, audit_log: 1 });
    const [entry] = await auditRows();
    expect(entry).toMatchObject({ operation: 'deleteStance', entityType: 'Stance', actorName: 'Eda Editor' });
    expect(JSON.parse(entry?.details ?? '{}').before).toMatchObject({ slug: 'china-opposes-us-eo-13722', evidenceIds: expect.any(Array) });
  });

  it('is NOT_FOUND for a stance that does not exist', async () => {
    const error = failure(await test.graphql(DELETE, { input: { id: encodeGlobalID('Stance', 99_999) } }, { apiKey: editor }));

    expect(error.code).toBe('NOT_FOUND');
  });

  it('needs role EDITOR, and deletes nothing without it', async () => {
    const before = await counts();
    const anonymous = failure(await test.graphql(DELETE, { input: { id: ids.chinaOpposesEo } }));
    const reader = failure(await test.graphql(DELETE, { input: { id: ids.chinaOpposesEo } }, { apiKey: await test.createKey('READER') }));

    expect([anonymous.code, reader.code]).toEqual(['UNAUTHENTICATED', 'FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });
});
