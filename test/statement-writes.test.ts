// Writing statements: createStatement (span checks, inferred dates), updateStatement, confirmStatements
// (the review queue), deleteStatement (stances lose that evidence) and the reviewStatuses filter.
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

const SEEDED = 'beijing-blasts-new-us-sanctions-on-north-korea';
const FIELDS = /* GraphQL */ `
  id text kind span { start end } speaker { slug } speakerRole saidOn saidOnInferred venue event { slug }
  reviewStatus confidence updatedAt article { slug }
`;
const CREATE = /* GraphQL */ `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { ${FIELDS} } } }`;
const UPDATE = /* GraphQL */ `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { ${FIELDS} } } }`;
const CONFIRM = /* GraphQL */ `mutation($input: ConfirmStatementsInput!) { confirmStatements(input: $input) { statements { ${FIELDS} } } }`;
const DELETE = /* GraphQL */ `mutation($input: DeleteStatementInput!) { deleteStatement(input: $input) { deletedStatementId } }`;
const STATEMENT = /* GraphQL */ `query($id: ID!) { node(id: $id) { ... on Statement { ${FIELDS} } } }`;

interface Statement {
  id: string;
  text: string;
  kind: string;
  span: { start: number; end: number };
  speaker: { slug: string };
  speakerRole: string | null;
  saidOn: string;
  saidOnInferred: boolean;
  venue: string | null;
  event: { slug: string } | null;
  reviewStatus: string;
  confidence: number | null;
  updatedAt: string;
  article: { slug: string };
}

/** An unannotated sentence of the seeded article. */
const UNQUOTED = 'China is not happy about the new U.S. sanctions against North Korea';

let test: TestApp;
let editor: string;
let body: string;
let articleId: string;

beforeEach(async () => {
  test = await createTestApp();
  editor = await test.createKey('EDITOR', 'Eda Editor');
  body = (await test.db.selectFrom('article').select('body').where('slug', '=', SEEDED).executeTakeFirstOrThrow()).body;
  articleId = await idOf(test, 'article', SEEDED);
});
afterEach(() => test.close());

function mutate(query: string, input: Record<string, unknown>) {
  return test.graphql<Record<string, any>>(query, { input }, { apiKey: editor });
}

async function ok<T = any>(query: string, input: Record<string, unknown>): Promise<T> {
  const data = await test.data<Record<string, T>>(query, { input }, { apiKey: editor });
  return Object.values(data)[0] as T;
}

function failure(result: GraphQLResponse<Record<string, any>>) {
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  expect(result.data ?? null).toBeNull();
  const [error] = result.errors ?? [];
  return { message: error?.message ?? '', code: error?.extensions?.code, problems: error?.extensions?.problems };
}

async function statement(id: string): Promise<Statement | null> {
  return (await test.data<{ node: Statement | null }>(STATEMENT, { id })).node;
}

/** The global ID of the seeded statement with this text. */
async function statementId(text: string): Promise<string> {
  const row = await test.db.selectFrom('statement').select('id').where('text', '=', text).executeTakeFirstOrThrow();
  return encodeGlobalID('Statement', row.id);
}

async function statementCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from statement`.execute(test.db);
  return Number(rows[0]?.n);
}

function spanOf(text: string, from = 0): { start: number; end: number } {
  const start = body.indexOf(text, from);
  if (start === -1) throw new Error(`not in the body: ${text}`);
  return { start, end: start + text.length };
}

describe('Mutation.createStatement', () => {
  it('reads the text from the span, dates it from the article (inferred), and marks it CONFIRMED', async () => {
    const { statement: created } = await ok<{ statement: Statement }>(CREATE, {
      article: articleId,
      speaker: await idOf(test, 'actor', 'china'),
      kind: 'PARAPHRASE',
      span: spanOf(UNQUOTED),
    });

    expect(created).toMatchObject({
      text: UNQUOTED,
      kind: 'PARAPHRASE',
      span: spanOf(UNQUOTED),
      speaker: { slug: 'china' },
      speakerRole: null,
      saidOn: '2016-03-17',
      saidOnInferred: true,
      venue: null,
      event: null,
      reviewStatus: 'CONFIRMED',
      confidence: null,
      article: { slug: SEEDED },
    });
    expect(await statement(created.id)).toEqual(created);
  });

  it('keeps a date, role, venue and event given, and accepts a matching text', async () => {
    const { statement: created } = await ok<{ statement: Statement }>(CREATE, {
      article: articleId,
      speaker: await idOf(test, 'actor', 'china'),
      kind: 'PARAPHRASE',
      span: spanOf(UNQUOTED),
      text: UNQUOTED,
      saidOn: '2016-03-16',
      speakerRole: 'Government',
      venue: 'Beijing',
      event: await idOf(test, 'event', 'chinese-foreign-ministry-briefing-2016-03-17'),
    });

    expect(created).toMatchObject({
      saidOn: '2016-03-16',
      saidOnInferred: false,
      speakerRole: 'Government',
      venue: 'Beijing',
      event: { slug: 'chinese-foreign-ministry-briefing-2016-03-17' },
    });
  });

  it.each([
    ['ending past the body', () => ({ start: body.length - 5, end: body.length + 1 }), 'input.span.end', () => `is past the end of the article body (${body.length} characters)`],
    ['ending where it starts', () => ({ start: 100, end: 100 }), 'input.span.end', () => 'must be greater than start (100)'],
    ['ending before it starts', () => ({ start: 100, end: 90 }), 'input.span.end', () => 'must be greater than start (100)'],
    ['starting before the body', () => ({ start: -1, end: 10 }), 'input.span.start', () => 'must not be negative'],
  ])('refuses a span %s, creating nothing', async (_why, span, path, message) => {
    const before = await statementCount();
    const error = failure(
      await mutate(CREATE, { article: articleId, speaker: await idOf(test, 'actor', 'china'), kind: 'PARAPHRASE', span: span() }),
    );

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path, message: message() }]);
    expect(await statementCount()).toBe(before);
  });

  it('refuses a text that is not at the span, saying where it does occur', async () => {
    const span = spanOf(UNQUOTED);
    const error = failure(
      await mutate(CREATE, {
        article: articleId,
        speaker: await idOf(test, 'actor', 'lu-kang'),
        kind: 'PARAPHRASE',
        span: { start: span.start + 1, end: span.end + 1 },
        text: UNQUOTED,
      }),
    );

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].path).toBe('input.text');
    expect(error.problems[0].message).toContain(`the text occurs at [${span.start}, ${span.end}]`);
    expect(error.problems[0].message).toContain(JSON.stringify(body.slice(span.start + 1, span.end + 1)));
  });

  it('says so when the text occurs nowhere in the body', async () => {
    const error = failure(
      await mutate(CREATE, {
        article: articleId,
        speaker: await idOf(test, 'actor', 'lu-kang'),
        kind: 'PARAPHRASE',
        span: spanOf(UNQUOTED),
        text: 'Words nobody said',
      }),
    );

    expect(error.problems[0].message).toContain('the text does not occur in the body');
  });

  it('refuses a second statement at the same span as CONFLICT', async () => {
    const error = failure(
      await mutate(CREATE, { article: articleId, speaker: await idOf(test, 'actor', 'china'), kind: 'PARAPHRASE', span: { start: 131, end: 210 } }),
    );

    expect(error.code).toBe('CONFLICT');
    expect(error.problems).toEqual([{ path: 'input.span', message: 'already has a statement' }]);
  });

  it('refuses a speaker that does not exist as NOT_FOUND', async () => {
    const error = failure(
      await mutate(CREATE, { article: articleId, speaker: encodeGlobalID('Actor', 99_999), kind: 'PARAPHRASE', span: spanOf(UNQUOTED) }),
    );

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.speaker', message: 'The speaker does not exist' }]);
  });
});

describe('Mutation.updateStatement', () => {
  it('moves the span, and the text follows it', async () => {
    const id = await statementId('paying attention to');
    const { statement: updated } = await ok<{ statement: Statement }>(UPDATE, { id, span: spanOf('paying attention') });

    expect(updated).toMatchObject({ text: 'paying attention', span: spanOf('paying attention'), speaker: { slug: 'lu-kang' } });
  });

  it('refuses a span another statement has, and a text that does not match', async () => {
    const id = await statementId('paying attention to');

    expect(failure(await mutate(UPDATE, { id, span: { start: 131, end: 210 } })).code).toBe('CONFLICT');
    const mismatch = failure(await mutate(UPDATE, { id, text: 'not the text' }));
    expect(mismatch.code).toBe('BAD_USER_INPUT');
    expect(mismatch.problems[0].path).toBe('input.text');
    expect((await statement(id))?.text).toBe('paying attention to');
  });

  it('changes the speaker, moving the statement between their lists', async () => {
    const id = await statementId('paying attention to');
    const counts = async () =>
      test.data<{ lu: { statements: { totalCount: number } }; china: { statements: { totalCount: number } } }>(
        `{ lu: actor(slug: "lu-kang") { statements { totalCount } } china: actor(slug: "china") { statements { totalCount } } }`,
      );
    const before = await counts();

    const { statement: updated } = await ok<{ statement: Statement }>(UPDATE, { id, speaker: await idOf(test, 'actor', 'china') });

    expect(updated.speaker).toEqual({ slug: 'china' });
    const after = await counts();
    expect(after.lu.statements.totalCount).toBe(before.lu.statements.totalCount - 1);
    expect(after.china.statements.totalCount).toBe(before.china.statements.totalCount + 1);
  });

  it('dates a statement, and reverts to the inferred publication date on null', async () => {
    // Seeded with an inferred date that is not the publication date.
    const id = await statementId('used banned ballistic missile technology');
    expect(await statement(id)).toMatchObject({ saidOn: '2016-02-07', saidOnInferred: true });

    expect((await ok<{ statement: Statement }>(UPDATE, { id, saidOn: '2016-02-08' })).statement).toMatchObject({
      saidOn: '2016-02-08',
      saidOnInferred: false,
    });
    expect((await ok<{ statement: Statement }>(UPDATE, { id, saidOn: null })).statement).toMatchObject({
      saidOn: '2016-03-17',
      saidOnInferred: true,
    });
  });

  it('sets the review status, and clears optional fields on null', async () => {
    const id = await statementId('paying attention to');
    const { statement: updated } = await ok<{ statement: Statement }>(UPDATE, { id, reviewStatus: 'PENDING', venue: null, event: null, speakerRole: null });

    expect(updated).toMatchObject({ reviewStatus: 'PENDING', venue: null, event: null, speakerRole: null, text: 'paying attention to' });
  });

  it('refuses null for the speaker, and an unknown statement as NOT_FOUND', async () => {
    const id = await statementId('paying attention to');
    const nullSpeaker = failure(await mutate(UPDATE, { id, speaker: null }));
    expect(nullSpeaker.code).toBe('BAD_USER_INPUT');
    expect(nullSpeaker.problems).toEqual([{ path: 'input.speaker', message: 'cannot be null; leave it out to keep the current value' }]);

    const missing = failure(await mutate(UPDATE, { id: encodeGlobalID('Statement', 99_999), kind: 'PARAPHRASE' }));
    expect(missing.code).toBe('NOT_FOUND');
  });
});

describe('Mutation.confirmStatements', () => {
  async function makePending(...texts: string[]): Promise<string[]> {
    const ids = await Promise.all(texts.map(statementId));
    await test.db
      .updateTable('statement')
      .set({ reviewStatus: 'PENDING', confidence: 0.7 })
      .where('id', 'in', ids.map((id) => Number(decodeGlobalID(id).id)))
      .execute();
    return ids;
  }

  it('confirms pending statements, returns them in the order given, and leaves confirmed ones untouched', async () => {
    const [a, b] = await makePending('paying attention to', 'up the ante quite significantly');
    const confirmed = await statementId('called for his release');
    const untouched = await statement(confirmed);

    const { statements } = await ok<{ statements: Statement[] }>(CONFIRM, { ids: [b, confirmed, a] });

    expect(statements.map((s) => [s.id, s.reviewStatus])).toEqual([
      [b, 'CONFIRMED'],
      [confirmed, 'CONFIRMED'],
      [a, 'CONFIRMED'],
    ]);
    // The importer's confidence stays: it records how the statement was found.
    expect(statements[0]?.confidence).toBe(0.7);
    expect(await statement(confirmed)).toEqual(untouched);
  });

  it('refuses an unknown ID as NOT_FOUND at its position, confirming none', async () => {
    const [pending] = await makePending('paying attention to');

    const error = failure(await mutate(CONFIRM, { ids: [pending, encodeGlobalID('Statement', 99_999)] }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.ids.1', message: 'The statement at ids.1 does not exist' }]);
    expect((await statement(pending!))?.reviewStatus).toBe('PENDING');
  });

  it('refuses an empty list', async () => {
    const error = failure(await mutate(CONFIRM, { ids: [] }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems[0].path).toBe('input.ids');
  });
});

describe('Query.statements', () => {
  it('lists the statements awaiting review with reviewStatuses: [PENDING]', async () => {
    const ids = await Promise.all(['paying attention to', 'called for his release'].map(statementId));
    await test.db.updateTable('statement').set({ reviewStatus: 'PENDING' }).where('id', 'in', ids.map((id) => Number(decodeGlobalID(id).id))).execute();
    const query = `query($filter: StatementFilter) { statements(filter: $filter, first: 100) { totalCount nodes { id reviewStatus } } }`;

    const pending = (await test.data<{ statements: { totalCount: number; nodes: { id: string; reviewStatus: string }[] } }>(query, { filter: { reviewStatuses: ['PENDING'] } })).statements;
    const confirmed = (await test.data<{ statements: { totalCount: number } }>(query, { filter: { reviewStatuses: ['CONFIRMED'] } })).statements;
    const both = (await test.data<{ statements: { totalCount: number } }>(query, { filter: { reviewStatuses: ['PENDING', 'CONFIRMED'] } })).statements;

    expect(pending.totalCount).toBe(2);
    expect(pending.nodes.map((node) => node.id).sort()).toEqual([...ids].sort());
    expect(confirmed.totalCount).toBe(18);
    expect(both.totalCount).toBe(20);

    await ok(CONFIRM, { ids });
    expect((await test.data<{ statements: { totalCount: number } }>(query, { filter: { reviewStatuses: ['PENDING'] } })).statements.totalCount).toBe(0);
  });
});

describe('Mutation.deleteStatement', () => {
  it('deletes the statement and takes it out of the evidence of the stances it supported', async () => {
    const id = await statementId('paying attention to');
    const evidence = async () => {
      const { stances } = await test.data<{ stances: { nodes: { slug: string; evidence: { id: string }[] }[] } }>(
        `{ stances(first: 100) { nodes { slug evidence { id } } } }`,
      );
      return stances.nodes.find((stance) => stance.slug === 'china-opposes-us-eo-13722')?.evidence.map((s) => s.id);
    };
    expect(await evidence()).toContain(id);
    const before = await statementCount();

    expect(await ok(DELETE, { id })).toEqual({ deletedStatementId: id });

    expect(await statement(id)).toBeNull();
    expect(await statementCount()).toBe(before - 1);
    const remaining = await evidence();
    expect(remaining).toHaveLength(2);
    expect(remaining).not.toContain(id);
    expect(failure(await mutate(DELETE, { id })).code).toBe('NOT_FOUND');
  });
});
