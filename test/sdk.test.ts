// The typed client SDK (sdk/src) as a user runs it: every generated method over a real port against
// the seeded server, `request` with a custom typed document, `paginate` (counting the HTTP requests it
// makes), every kind of StancegraphError, the API key and headers on the wire, and the in-process path.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  createClient,
  isStancegraphError,
  paginate,
  SanctionMeasureDocument,
  type StancegraphClient,
  StancegraphError,
} from '../sdk/src/index.js';
import { ErrorCode } from '../schema/errors.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const ARTICLE = 'beijing-blasts-new-us-sanctions-on-north-korea';
const EO_13722 = 'us-eo-13722';

let test: TestApp;
let server: http.Server;
let url: string;
let client: StancegraphClient;
/** The headers of every request the real server received, in order. */
const received: http.IncomingHttpHeaders[] = [];
/** IDs the API returned, for the calls that take IDs. */
let luKangId: string;
let eo13722Id: string;
let articleId: string;
/** A real reader key: the server refuses unknown keys. */
let readerKey: string;

beforeAll(async () => {
  test = await createTestApp();
  server = http.createServer(test.app);
  server.on('request', (request: http.IncomingMessage) => received.push(request.headers));
  url = `http://127.0.0.1:${await listen(server)}/graphql`;
  client = createClient({ url });
  readerKey = await test.createKey('READER', 'sdk-test');

  const [actor, measure, article] = await Promise.all([
    client.actor({ slug: 'lu-kang', first: 1 }),
    client.sanctionMeasure({ slug: EO_13722, first: 1 }),
    client.article({ slug: ARTICLE, first: 1 }),
  ]);
  luKangId = required(actor.actor).id;
  eo13722Id = required(measure.sanctionMeasure).id;
  articleId = required(article.article).id;
});
afterAll(async () => {
  await close(server);
  await test.close();
});

function listen(target: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    target.once('error', reject);
    target.listen(0, '127.0.0.1', () => resolve((target.address() as AddressInfo).port));
  });
}

function close(target: http.Server): Promise<void> {
  if (!target.listening) return Promise.resolve();
  target.closeAllConnections();
  return new Promise((resolve, reject) => target.close((error) => (error ? reject(error) : resolve())));
}

function required<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

/** The StancegraphError a call rejects with (fails the test if it resolves or throws anything else). */
async function failureOf(call: Promise<unknown>): Promise<StancegraphError> {
  const error = await call.then(
    () => new Error('expected the call to fail'),
    (thrown: unknown) => thrown,
  );
  expect(isStancegraphError(error)).toBe(true);
  return error as StancegraphError;
}

/** A client whose every HTTP request is counted. */
function countingClient(options: Partial<ClientOptions> = {}) {
  const counter = { requests: 0 };
  const countingFetch: typeof fetch = (input, init) => {
    counter.requests++;
    return fetch(input, init);
  };
  return { counter, client: createClient({ url, ...options, fetch: countingFetch }) };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const sorted = (values: readonly string[]) => [...values].sort();

describe('createClient over a real port', () => {
  it('client.node fetches an object by an ID another call returned', async () => {
    const { node } = await client.node({ id: luKangId });
    expect(node).toEqual({ __typename: 'Actor', id: luKangId, slug: 'lu-kang', name: 'Lu Kang', actorKind: 'PERSON' });

    const { statements } = await client.statements({ first: 1, filter: { speakers: [luKangId] } });
    const statementId = required(statements.nodes[0]).id;
    const statement = (await client.node({ id: statementId })).node;
    expect(statement?.__typename).toBe('Statement');
    if (statement?.__typename !== 'Statement') return;
    expect(statement.speaker).toEqual({ id: luKangId, name: 'Lu Kang' });
    expect(statement.text).toBe(required(statements.nodes[0]).text);
  });

  it('client.nodes keeps the order of the IDs and answers null for a well-formed ID that matches nothing', async () => {
    const missing = Buffer.from('Actor:999999').toString('base64');
    const { nodes } = await client.nodes({ ids: [eo13722Id, missing, luKangId, articleId] });
    expect(nodes).toHaveLength(4);
    expect(nodes[0]).toMatchObject({ __typename: 'SanctionMeasure', id: eo13722Id, slug: EO_13722, identifier: 'E.O. 13722' });
    expect(nodes[1]).toBeNull();
    expect(nodes[2]).toMatchObject({ __typename: 'Actor', id: luKangId, slug: 'lu-kang' });
    expect(nodes[3]).toMatchObject({ __typename: 'Article', id: articleId, slug: ARTICLE, publishedOn: '2016-03-17' });
  });

  it('client.article returns the article, what it mentions and a page of its statements', async () => {
    const { article } = await client.article({ slug: ARTICLE, first: 5 });
    expect(article).toMatchObject({
      id: articleId,
      headline: 'Beijing Blasts New U.S. Sanctions on North Korea',
      publication: 'Foreign Policy',
      publishedOn: '2016-03-17',
      language: 'en',
    });
    expect(sorted(required(article).mentionedMeasures.map((measure) => measure.slug))).toEqual(
      sorted([EO_13722, 'us-penalties-propaganda-and-agitation-department', 'unscr-2270', 'us-eo-13687']),
    );
    expect(required(article).mentionedActors.map((actor) => actor.slug)).toContain('lu-kang');

    const statements = required(article).statements;
    expect(statements.totalCount).toBe(20);
    expect(statements.nodes).toHaveLength(5);
    expect(statements.pageInfo.hasNextPage).toBe(true);
    for (const statement of statements.nodes) expect(statement.article.id).toBe(articleId);

    const next = await client.article({ slug: ARTICLE, first: 5, after: statements.pageInfo.endCursor });
    const nextIds = required(next.article).statements.nodes.map((statement) => statement.id);
    expect(nextIds).toHaveLength(5);
    expect(nextIds.filter((id) => statements.nodes.some((statement) => statement.id === id))).toEqual([]);
  });

  it('client.articles filters by publication day', async () => {
    const onTheDay = await client.articles({ filter: { publishedOn: { from: '2016-03-17', to: '2016-03-17' } } });
    expect(onTheDay.articles.totalCount).toBe(1);
    expect(onTheDay.articles.nodes.map((article) => article.slug)).toEqual([ARTICLE]);

    const later = await client.articles({ filter: { publishedOn: { from: '2016-03-18' } } });
    expect(later.articles).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it('client.actor returns Lu Kang with his affiliation, his 6 statements and his stances', async () => {
    const { actor } = await client.actor({ slug: 'lu-kang', first: 10 });
    expect(actor).toMatchObject({ id: luKangId, name: 'Lu Kang', kind: 'PERSON', country: { slug: 'china' } });
    expect(required(actor).affiliations.map((affiliation) => [affiliation.role, affiliation.organization.slug])).toEqual([
      ['Spokesman', 'chinese-foreign-ministry'],
    ]);
    expect(required(actor).statements.totalCount).toBe(6);
    expect(required(actor).statements.nodes).toHaveLength(6);
    for (const statement of required(actor).statements.nodes) expect(statement.speaker.slug).toBe('lu-kang');
    // The spokesman speaks for China: the stances are China's, none is his own.
    expect(required(actor).stances).toEqual({ totalCount: 0, nodes: [] });

    const china = required((await client.actor({ slug: 'china', first: 1 })).actor);
    expect(china.stances.totalCount).toBe(8);
    expect(china.stances.nodes.map((stance) => stance.slug)).toContain('china-opposes-us-eo-13722');
    for (const stance of china.stances.nodes) expect(stance.holder.slug).toBe('china');
  });

  it('client.actors filters by kind', async () => {
    const { actors } = await client.actors({ filter: { kinds: ['STATE'] } });
    expect(actors.totalCount).toBe(3);
    expect(actors.nodes.map((actor) => actor.name)).toEqual(['China', 'North Korea', 'United States']);
    expect(actors.nodes.every((actor) => actor.kind === 'STATE')).toBe(true);
  });

  it('client.statements filters by speaker ID and kind', async () => {
    const { statements } = await client.statements({ filter: { speakers: [luKangId], kinds: ['DIRECT_QUOTE'] } });
    expect(statements.totalCount).toBe(3);
    expect(statements.nodes.every((statement) => statement.kind === 'DIRECT_QUOTE' && statement.speaker.id === luKangId)).toBe(true);
    expect(statements.nodes.map((statement) => statement.text)).toContain(
      'First, as I’ve said many times before, China always opposes any country imposing unilateral sanctions',
    );
  });

  it('client.stances filters by target ID', async () => {
    const { stances } = await client.stances({ filter: { targets: [eo13722Id] } });
    expect(stances.totalCount).toBe(4);
    expect(sorted(stances.nodes.map((stance) => stance.slug))).toEqual(
      sorted([
        'china-opposes-us-eo-13722',
        'china-concerned-about-us-eo-13722-labor-and-secondary-sanctions',
        'rosenberg-assesses-us-eo-13722',
        'cha-assesses-us-eo-13722',
      ]),
    );
    for (const stance of stances.nodes) {
      expect(stance.target).toMatchObject({ __typename: 'SanctionMeasure', id: eo13722Id, identifier: 'E.O. 13722' });
    }
  });

  it('client.sanctionMeasure returns E.O. 13722 with targets, provisions, triggers, relations and stances with evidence', async () => {
    const measure = required((await client.sanctionMeasure({ slug: EO_13722, first: 10 })).sanctionMeasure);
    expect(measure).toMatchObject({
      id: eo13722Id,
      name: 'Executive Order 13722',
      identifier: 'E.O. 13722',
      instrument: 'EXECUTIVE_ORDER',
      scope: 'UNILATERAL',
      signedOn: '2016-03-15',
      issuer: { slug: 'united-states' },
      signatory: { slug: 'barack-obama' },
    });
    expect(sorted(measure.sectors)).toEqual(['ENERGY', 'FINANCIAL', 'MINING', 'TRANSPORT']);
    expect(measure.targets.totalCount).toBe(2);
    expect(sorted(measure.targets.nodes.map((target) => target.actor.slug))).toEqual(['government-of-north-korea', 'workers-party-of-korea']);
    expect(measure.provisions).toHaveLength(7);
    expect(measure.provisions.map((provision) => provision.kind)).toContain('LABOR_EXPORT_BAN');
    expect(sorted(measure.triggeredBy.map((event) => event.slug))).toEqual(['north-korea-nuclear-test-2016-01-06', 'north-korea-rocket-launch-2016-02-07']);
    expect(measure.relatedMeasures.map((relation) => [relation.kind, relation.to.slug])).toEqual([
      ['IN_VIEW_OF', 'unscr-2270'],
      ['BUILDS_ON', 'us-eo-13687'],
    ]);

    expect(measure.stances.totalCount).toBe(4);
    const opposes = required(measure.stances.nodes.find((stance) => stance.slug === 'china-opposes-us-eo-13722'));
    expect(opposes).toMatchObject({ position: 'OPPOSES', holder: { slug: 'china' } });
    expect(opposes.evidence).toHaveLength(3);
    expect(opposes.evidence.every((statement) => statement.speaker.id === luKangId)).toBe(true);
    expect(opposes.evidence.map((statement) => statement.text)).toContain('paying attention to');

    const assessments = required((await client.sanctionMeasure({ slug: EO_13722, stanceFilter: { positions: ['ASSESSES'] } })).sanctionMeasure);
    expect(sorted(assessments.stances.nodes.map((stance) => stance.holder.slug))).toEqual(['elizabeth-rosenberg', 'victor-cha']);
  });

  it('client.sanctionMeasures filters by sector', async () => {
    const { sanctionMeasures } = await client.sanctionMeasures({ filter: { sectors: ['MINING'] } });
    expect(sanctionMeasures.totalCount).toBe(2);
    expect(sanctionMeasures.nodes.map((measure) => measure.identifier)).toEqual(['E.O. 13722', 'UNSCR 2270']);
    for (const measure of sanctionMeasures.nodes) expect(measure.sectors).toContain('MINING');
  });

  it('client.event returns the rocket launch with its participants, the measures it triggered and the stances toward it', async () => {
    const event = required((await client.event({ slug: 'north-korea-rocket-launch-2016-02-07' })).event);
    expect(event).toMatchObject({ kind: 'MISSILE_LAUNCH', occurredOn: '2016-02-07', title: "North Korea's rocket launch of February 7, 2016" });
    expect(event.participants.map((participant) => [participant.role, participant.actor.slug])).toEqual([['Launched the rocket', 'north-korea']]);
    expect(sorted(event.triggeredMeasures.map((measure) => measure.slug))).toEqual(['unscr-2270', EO_13722]);
    expect(event.stances.totalCount).toBe(1);
    expect(event.stances.nodes[0]).toMatchObject({ slug: 'us-and-allies-criticize-rocket-launch', position: 'CRITICIZES', holder: { slug: 'us-and-allies' } });
  });

  it('client.events lists events most recent first and filters by kind', async () => {
    const all = await client.events();
    expect(all.events.totalCount).toBe(5);
    expect(all.events.nodes.map((event) => event.occurredOn)).toEqual(['2016-03-17', '2016-03-16', '2016-02-07', '2016-01-06', '2014-11-24']);

    const tests = await client.events({ filter: { kinds: ['NUCLEAR_TEST'] } });
    expect(tests.events.nodes.map((event) => event.slug)).toEqual(['north-korea-nuclear-test-2016-01-06']);
  });

  it('client.topic returns a topic and the stances toward it', async () => {
    const topic = required((await client.topic({ slug: 'unilateral-sanctions' })).topic);
    expect(topic.name).toBe('Unilateral sanctions');
    expect(topic.stances.totalCount).toBe(1);
    const stance = required(topic.stances.nodes[0]);
    expect(stance).toMatchObject({ slug: 'china-opposes-unilateral-sanctions', position: 'OPPOSES', target: { __typename: 'Topic', slug: 'unilateral-sanctions' } });
    expect(stance.evidence).toHaveLength(3);
  });

  it('client.topics lists every topic', async () => {
    const { topics } = await client.topics();
    expect(topics.totalCount).toBe(4);
    expect(sorted(topics.nodes.map((topic) => topic.slug))).toEqual(
      sorted(['unilateral-sanctions', 'korean-peninsula-tensions', 'north-korea-nuclear-program', 'diplomatic-talks']),
    );
  });
});

describe('client.request', () => {
  it('runs a custom TypedDocumentNode and returns its typed data', async () => {
    const ActorsByKind = parse(/* GraphQL */ `
      query ActorsByKind($kinds: [ActorKind!]) {
        actors(first: 10, filter: { kinds: $kinds }) {
          totalCount
          nodes { slug name }
        }
      }
    `) as TypedDocumentNode<{ actors: { totalCount: number; nodes: { slug: string; name: string }[] } }, { kinds: string[] }>;

    const data = await client.request(ActorsByKind, { kinds: ['INTERNATIONAL_ORGANIZATION'] });
    expect(data.actors).toEqual({ totalCount: 1, nodes: [{ slug: 'un-security-council', name: 'United Nations Security Council' }] });
  });

  it('runs a generated document with per-call options', async () => {
    const data = await client.request(SanctionMeasureDocument, { slug: 'unscr-2270', first: 5 }, { headers: { 'x-request-id': 'generated' } });
    expect(data.sanctionMeasure).toMatchObject({ identifier: 'UNSCR 2270', scope: 'MULTILATERAL', issuer: { slug: 'un-security-council' } });
    expect(data.sanctionMeasure?.stances.nodes.map((stance) => stance.slug).sort()).toEqual([
      'china-criticizes-unscr-2270-effectiveness',
      'china-supports-unscr-2270',
    ]);
    expect(received.at(-1)?.['x-request-id']).toBe('generated');
  });
});

describe('paginate', () => {
  it('yields every statement exactly once over pages of 3, in ceil(20 / 3) requests', async () => {
    const onePage = await client.statements({ first: 100 });
    expect(onePage.statements.nodes).toHaveLength(20);

    const { counter, client: counting } = countingClient();
    const statements = await collect(paginate(counting.statements, {}, { pageSize: 3 }));
    const ids = statements.map((statement) => statement.id);
    expect(new Set(ids).size).toBe(20);
    expect(ids).toEqual(onePage.statements.nodes.map((statement) => statement.id));
    expect(counter.requests).toBe(Math.ceil(20 / 3));
  });

  it('keeps the filter on every page', async () => {
    const { counter, client: counting } = countingClient();
    const statements = await collect(paginate(counting.statements, { filter: { speakers: [luKangId] } }, { pageSize: 4 }));
    expect(statements).toHaveLength(6);
    expect(statements.every((statement) => statement.speaker.id === luKangId)).toBe(true);
    expect(counter.requests).toBe(2);
  });

  it('follows a nested connection: Victor Cha’s 7 statements over pages of 2', async () => {
    const { counter, client: counting } = countingClient();
    const statements = await collect(paginate(counting.actor, { slug: 'victor-cha' }, { pageSize: 2 }));
    expect(statements).toHaveLength(7);
    expect(new Set(statements.map((statement) => statement.id)).size).toBe(7);
    expect(statements.every((statement) => statement.speaker.slug === 'victor-cha')).toBe(true);
    expect(counter.requests).toBe(Math.ceil(7 / 2));
  });

  it('takes the connection `select` picks', async () => {
    const { counter, client: counting } = countingClient();
    const cha = await collect(paginate(counting.actor, { slug: 'victor-cha' }, { pageSize: 2, select: (data) => data.actor?.statements }));
    expect(cha.map((statement) => statement.speaker.slug)).toEqual(Array(7).fill('victor-cha'));

    const stances = await collect(
      paginate(counting.sanctionMeasure, { slug: EO_13722 }, { pageSize: 3, select: (data) => data.sanctionMeasure?.stances }),
    );
    expect(stances).toHaveLength(4);
    expect(stances.every((stance) => stance.target.__typename === 'SanctionMeasure')).toBe(true);
    expect(counter.requests).toBe(4 + 2);
  });

  it('stops after maxPages', async () => {
    const { counter, client: counting } = countingClient();
    const statements = await collect(paginate(counting.statements, {}, { pageSize: 5, maxPages: 2 }));
    expect(statements).toHaveLength(10);
    expect(counter.requests).toBe(2);
  });

  it('rejects a page size outside 1–100 with a RangeError before any request', async () => {
    const { counter, client: counting } = countingClient();
    await expect(collect(paginate(counting.statements, {}, { pageSize: 0 }))).rejects.toThrow(RangeError);
    await expect(collect(paginate(counting.statements, {}, { pageSize: 101 }))).rejects.toThrow(RangeError);
    await expect(collect(paginate(counting.statements, {}, { pageSize: 2.5 }))).rejects.toThrow(/whole number from 1 to 100/);
    expect(counter.requests).toBe(0);
  });
});

/** The string literals of the SDK's `ErrorCode` union, read from its source (it is a type only). */
function sdkErrorCodes(): string[] {
  const path = new URL('../sdk/src/error-codes.ts', import.meta.url);
  const source = ts.createSourceFile(path.pathname, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const alias = source.statements.find((node): node is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(node) && node.name.text === 'ErrorCode');
  const members = alias && ts.isUnionTypeNode(alias.type) ? alias.type.types : [];
  return members.map((member) => (ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal) ? member.literal.text : member.getText(source)));
}

// The SDK cannot import the server, so its codes are a copy; this keeps the copy equal.
describe('ErrorCode', () => {
  it("lists exactly the server's codes, in the server's order", () => {
    expect(sdkErrorCodes()).toEqual(Object.values(ErrorCode));
  });

  it("is named in full in the SDK's README", () => {
    const readme = readFileSync(new URL('../sdk/README.md', import.meta.url), 'utf8');
    expect(Object.values(ErrorCode).filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });
});

describe('StancegraphError', () => {
  let hanging: http.Server;
  let hangingUrl: string;
  const hangingSockets = new Set<Socket>();
  let badGateway: http.Server;
  let badGatewayUrl: string;
  let downUrl: string;

  beforeAll(async () => {
    // Accepts the request and never answers.
    hanging = http.createServer(() => {});
    hanging.on('connection', (socket: Socket) => {
      hangingSockets.add(socket);
      socket.once('close', () => hangingSockets.delete(socket));
    });
    hangingUrl = `http://127.0.0.1:${await listen(hanging)}/graphql`;

    // A proxy in front of a dead upstream: an HTTP error and no GraphQL body.
    badGateway = http.createServer((request, response) => {
      request.resume();
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('Bad Gateway');
    });
    badGatewayUrl = `http://127.0.0.1:${await listen(badGateway)}/graphql`;

    // A port that was bound and released: nothing listens there.
    const down = http.createServer();
    downUrl = `http://127.0.0.1:${await listen(down)}/graphql`;
    await close(down);
  });
  afterAll(async () => {
    destroySockets();
    await close(hanging);
    await close(badGateway);
  });

  function destroySockets() {
    for (const socket of hangingSockets) socket.destroy();
    hangingSockets.clear();
  }

  it('is kind graphql with BAD_USER_INPUT for a malformed ID', async () => {
    const error = await failureOf(client.node({ id: 'not-an-id' }));
    expect(error).toBeInstanceOf(StancegraphError);
    expect(error.kind).toBe('graphql');
    expect(error.operationName).toBe('Node');
    expect(typeof error.status).toBe('number');
    expect(error.codes).toContain('BAD_USER_INPUT');
    expect(error.hasCode('BAD_USER_INPUT')).toBe(true);
    expect(error.hasCode('INTERNAL_SERVER_ERROR')).toBe(false);
    expect(error.errors[0]?.path).toEqual(['node']);
    expect(error.message).toMatch(/^Node failed: .*\(BAD_USER_INPUT\)$/);
  });

  it('is kind graphql with BAD_USER_INPUT for an ID of the wrong type', async () => {
    const error = await failureOf(client.statements({ filter: { speakers: [articleId] } }));
    expect(error.kind).toBe('graphql');
    expect(error.operationName).toBe('Statements');
    expect(typeof error.status).toBe('number');
    expect(error.codes).toEqual(['BAD_USER_INPUT']);
    expect(error.hasCode('BAD_USER_INPUT')).toBe(true);
    expect(isStancegraphError(error)).toBe(true);
  });

  it('is kind graphql with BAD_USER_INPUT for a bad cursor', async () => {
    const error = await failureOf(client.statements({ first: 2, after: 'not-a-cursor' }));
    expect(error.kind).toBe('graphql');
    expect(error.operationName).toBe('Statements');
    expect(error.hasCode('BAD_USER_INPUT')).toBe(true);
    expect(error.errors[0]?.path).toEqual(['statements']);
  });

  it('is kind network when nothing listens on the port', async () => {
    const error = await failureOf(createClient({ url: downUrl }).topics());
    expect(error.kind).toBe('network');
    expect(error.operationName).toBe('Topics');
    expect(error.status).toBeUndefined();
    expect(error.errors).toEqual([]);
    expect(error.message).toMatch(/could not reach the server/);
  });

  it('is kind timeout when the server does not answer within timeoutMs', async () => {
    try {
      const started = Date.now();
      const error = await failureOf(createClient({ url: hangingUrl, timeoutMs: 200 }).topics());
      expect(error.kind).toBe('timeout');
      expect(error.operationName).toBe('Topics');
      expect(error.message).toMatch(/timed out after 200 ms/);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      destroySockets();
    }
  });

  it('is kind aborted when the caller’s signal cancels the request', async () => {
    try {
      const controller = new AbortController();
      const pending = failureOf(createClient({ url: hangingUrl }).topics({}, { signal: controller.signal }));
      setTimeout(() => controller.abort(), 50);
      const error = await pending;
      expect(error.kind).toBe('aborted');
      expect(error.operationName).toBe('Topics');
      expect(error.message).toMatch(/aborted/);
    } finally {
      destroySockets();
    }
  });

  it('is kind aborted when the caller aborts with a reason of its own', async () => {
    // A fetch that never answers and, like the real one, rejects with the signal's reason.
    const silent: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const controller = new AbortController();
    const pending = failureOf(createClient({ url, fetch: silent }).topics({}, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('user navigated away')), 20);
    expect((await pending).kind).toBe('aborted');
  });

  it('is kind http with the status when the server answers 200 with something that is not GraphQL', async () => {
    const portal: typeof fetch = async () => new Response('<html>Sign in to the Wi-Fi</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    const error = await failureOf(createClient({ url, fetch: portal }).topics());
    expect(error.kind).toBe('http');
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/not a GraphQL response/);
  });

  it('refuses a negative timeout when the client is created', () => {
    expect(() => createClient({ url, timeoutMs: -1 })).toThrow(RangeError);
  });

  it('is kind aborted when paginate’s signal is already aborted', async () => {
    const { counter, client: counting } = countingClient();
    const controller = new AbortController();
    controller.abort();
    const error = await failureOf(collect(paginate(counting.statements, {}, { pageSize: 5, signal: controller.signal })));
    expect(error.kind).toBe('aborted');
    expect(error.operationName).toBe('Statements');
    expect(counter.requests).toBe(1);
  });

  it('is kind http with the status for an HTTP error without GraphQL errors', async () => {
    const error = await failureOf(createClient({ url: badGatewayUrl }).topics());
    expect(error.kind).toBe('http');
    expect(error.status).toBe(502);
    expect(error.operationName).toBe('Topics');
    expect(error.errors).toEqual([]);
    expect(error.message).toBe('Topics failed: HTTP 502');
  });
});

describe('apiKey and headers', () => {
  it('sends the API key as a bearer token and the client’s and the call’s headers', async () => {
    const keyed = createClient({ url, apiKey: readerKey, headers: { 'x-client-name': 'sdk-test', 'x-tenant': 'client' } });

    const { topics } = await keyed.topics({ first: 1 }, { headers: { 'x-request-id': 'call-1', 'x-tenant': 'call' } });
    expect(topics.totalCount).toBe(4);
    expect(received.at(-1)).toMatchObject({
      authorization: `Bearer ${readerKey}`,
      'x-client-name': 'sdk-test',
      'x-request-id': 'call-1',
      'x-tenant': 'call',
    });

    await keyed.topics({ first: 1 });
    const next = required(received.at(-1));
    expect(next).toMatchObject({ authorization: `Bearer ${readerKey}`, 'x-client-name': 'sdk-test', 'x-tenant': 'client' });
    expect(next['x-request-id']).toBeUndefined();
  });

  it('treats header names case-insensitively: a call’s header replaces the client’s, apiKey replaces Authorization', async () => {
    const keyed = createClient({ url, apiKey: readerKey, headers: { Authorization: 'Basic zzz', 'X-Tenant': 'client' } });
    await keyed.topics({ first: 1 }, { headers: { 'x-tenant': 'call' } });
    expect(required(received.at(-1))).toMatchObject({ authorization: `Bearer ${readerKey}`, 'x-tenant': 'call' });
  });

  it('fails with kind graphql and UNAUTHENTICATED (HTTP 401) when the key is unknown or revoked', async () => {
    const error = await failureOf(createClient({ url, apiKey: 'sg_not-a-real-key' }).topics({ first: 1 }));
    expect(error.kind).toBe('graphql');
    expect(error.status).toBe(401);
    expect(error.codes).toEqual(['UNAUTHENTICATED']);
  });

  it('sends no authorization header without an API key', async () => {
    await client.topics({ first: 1 });
    expect(required(received.at(-1)).authorization).toBeUndefined();
  });
});

describe('createClient in process', () => {
  it('runs operations, paginate and errors through the app’s fetch, without a port', async () => {
    const before = received.length;
    const inProcess = createClient({ url: 'http://yoga/graphql', fetch: test.app.fetch as typeof fetch });

    const { sanctionMeasures } = await inProcess.sanctionMeasures({ filter: { sectors: ['MINING'] } });
    expect(sanctionMeasures.nodes.map((measure) => measure.slug)).toEqual([EO_13722, 'unscr-2270']);

    const cha = await collect(paginate(inProcess.actor, { slug: 'victor-cha' }, { pageSize: 3 }));
    expect(cha).toHaveLength(7);

    const error = await failureOf(inProcess.node({ id: 'not-an-id' }));
    expect(error.kind).toBe('graphql');
    expect(error.hasCode('BAD_USER_INPUT')).toBe(true);

    expect(received.length).toBe(before);
  });
});

describe('writes', () => {
  // An article of its own (a fixture under a publication no other test uses), so the reads above
  // keep the seeded data they count.
  const VENEZUELA = readFileSync(new URL('./fixtures/articles/venezuela-oil-license.txt', import.meta.url), 'utf8');
  const PUBLICATION = 'SDK Writes Test Wire';
  let editorKey: string;
  let editor: StancegraphClient;

  beforeAll(async () => {
    editorKey = await test.createKey('EDITOR', 'sdk-writes');
    editor = createClient({ url, apiKey: editorKey });
  });

  async function importVenezuela(publishedOn: string) {
    return (await editor.importArticle({ input: { text: VENEZUELA, publishedOn, publication: PUBLICATION, url: 'https://example.com/venezuela' } })).importArticle;
  }

  it('client.viewer says who the API key is', async () => {
    expect((await editor.viewer()).viewer).toEqual({ authenticated: true, name: 'sdk-writes', role: 'EDITOR' });
    expect((await createClient({ url, apiKey: readerKey }).viewer()).viewer).toEqual({ authenticated: true, name: 'sdk-test', role: 'READER' });
    expect((await client.viewer()).viewer).toMatchObject({ authenticated: false, role: null });
  });

  it('client.importArticle with an editor key returns the article and its typed, PENDING statements', async () => {
    const imported = await importVenezuela('2023-10-20');
    expect(imported.article).toMatchObject({
      headline: 'Venezuela Oil License Renewed for Six Months',
      section: 'Energy',
      publication: PUBLICATION,
      publishedOn: '2023-10-20',
      language: 'en',
    });
    expect(imported.statements.length).toBeGreaterThanOrEqual(5);
    for (const statement of imported.statements) {
      expect(statement.reviewStatus).toBe('PENDING');
      expect(statement.confidence).toBeGreaterThan(0);
      expect(statement.article.id).toBe(imported.article.id);
      expect(imported.article.body.slice(statement.span.start, statement.span.end)).toBe(statement.text);
    }
    const monaldi = required(imported.statements.find((statement) => statement.text.startsWith('This license keeps a few barrels flowing')));
    expect(monaldi.kind).toBe('DIRECT_QUOTE');
    expect(monaldi.speaker).toMatchObject({ name: 'Francisco Monaldi', kind: 'PERSON' });
    expect(imported.createdActors.map((actor) => actor.name)).toContain('Francisco Monaldi');

    // The same article again is a CONFLICT.
    const again = await failureOf(importVenezuela('2023-10-20'));
    expect(again.kind).toBe('graphql');
    expect(again.operationName).toBe('ImportArticle');
    expect(again.hasCode('CONFLICT')).toBe(true);
  });

  it('client.updateStatement corrects a statement and client.confirmStatements confirms the rest', async () => {
    const imported = await importVenezuela('2023-10-21');
    const [first, ...rest] = imported.statements;
    const corrected = await editor.updateStatement({ input: { id: required(first).id, venue: 'a conference call', reviewStatus: 'CONFIRMED' } });
    expect(corrected.updateStatement.statement).toMatchObject({ id: required(first).id, venue: 'a conference call', reviewStatus: 'CONFIRMED' });

    const confirmed = await editor.confirmStatements({ input: { ids: rest.map((statement) => statement.id), clientMutationId: 'review-1' } });
    expect(confirmed.confirmStatements.clientMutationId).toBe('review-1');
    expect(confirmed.confirmStatements.statements.map((statement) => statement.id)).toEqual(rest.map((statement) => statement.id));
    expect(confirmed.confirmStatements.statements.every((statement) => statement.reviewStatus === 'CONFIRMED')).toBe(true);

    const { statements } = await client.statements({ first: 100, filter: { articles: [imported.article.id], reviewStatuses: ['PENDING'] } });
    expect(statements.totalCount).toBe(0);

    // A deleted statement is gone: confirming it is NOT_FOUND, with the problem at its index.
    const deleted = await editor.deleteStatement({ input: { id: required(first).id } });
    expect(deleted.deleteStatement.deletedStatementId).toBe(required(first).id);
    const error = await failureOf(editor.confirmStatements({ input: { ids: [required(rest[0]).id, required(first).id] } }));
    expect(error.hasCode('NOT_FOUND')).toBe(true);
    expect(error.problems).toEqual([{ path: 'input.ids.1', message: expect.any(String), code: 'NOT_FOUND' }]);
  });

  it('client.createActor, updateActor, mergeActors, createStance, updateStance and deleteStance write rows of their own', async () => {
    const imported = await importVenezuela('2023-10-22');
    const monaldi = required(imported.statements.find((statement) => statement.speaker.name === 'Francisco Monaldi'));

    const { createActor } = await editor.createActor({ input: { name: 'SDK Test Institute', kind: 'ORGANIZATION', slug: 'sdk-test-institute' } });
    expect(createActor.actor).toMatchObject({ slug: 'sdk-test-institute', name: 'SDK Test Institute', kind: 'ORGANIZATION', aliases: [], country: null });
    const { updateActor } = await editor.updateActor({ input: { id: createActor.actor.id, aliases: ['STI'], description: 'Made by the SDK tests.' } });
    expect(updateActor.actor).toMatchObject({ id: createActor.actor.id, aliases: ['STI'], description: 'Made by the SDK tests.' });

    const duplicate = (await editor.createActor({ input: { name: 'S.D.K. Test Institute', kind: 'ORGANIZATION', slug: 'sdk-test-institute-2' } })).createActor.actor;
    const merged = (await editor.mergeActors({ input: { keep: createActor.actor.id, remove: duplicate.id } })).mergeActors;
    expect(merged.removedActorId).toBe(duplicate.id);
    expect(merged.actor.aliases).toEqual(expect.arrayContaining(['STI', 'S.D.K. Test Institute']));

    const created = (
      await editor.createStance({
        input: {
          holder: monaldi.speaker.id,
          position: 'ASSESSES',
          summary: 'Monaldi assesses the institute.',
          target: { actor: createActor.actor.id },
          evidence: [monaldi.id],
          article: imported.article.id,
        },
      })
    ).createStance.stance;
    expect(created).toMatchObject({ position: 'ASSESSES', asOf: '2023-10-22', holder: { id: monaldi.speaker.id } });
    expect(created.target.__typename === 'Actor' && created.target.slug).toBe('sdk-test-institute');
    expect(created.evidence.map((statement) => statement.id)).toEqual([monaldi.id]);

    const updated = (await editor.updateStance({ input: { id: created.id, position: 'CRITICIZES' } })).updateStance.stance;
    expect(updated).toMatchObject({ id: created.id, position: 'CRITICIZES', summary: 'Monaldi assesses the institute.' });
    expect((await editor.deleteStance({ input: { id: created.id } })).deleteStance.deletedStanceId).toBe(created.id);
    expect((await client.node({ id: created.id })).node).toBeNull();
  });

  it('client.updateArticle changes an article and what it mentions', async () => {
    const imported = await importVenezuela('2023-10-23');
    const { updateArticle } = await editor.updateArticle({
      input: { id: imported.article.id, dek: 'A test dek.', authors: ['A. Tester'], mentionedMeasures: [eo13722Id] },
    });
    expect(updateArticle.article).toMatchObject({ id: imported.article.id, dek: 'A test dek.', authors: ['A. Tester'] });
    expect(updateArticle.article.mentionedMeasures.map((measure) => measure.identifier)).toEqual(['E.O. 13722']);
  });

  it('refuses a write without an API key: kind graphql, UNAUTHENTICATED', async () => {
    const error = await failureOf(client.createActor({ input: { name: 'Anonymous Actor', kind: 'PERSON' } }));
    expect(error.kind).toBe('graphql');
    expect(error.operationName).toBe('CreateActor');
    expect(error.hasCode('UNAUTHENTICATED')).toBe(true);
    expect(error.codes).toEqual(['UNAUTHENTICATED']);
    expect(error.problems).toEqual([]);
    expect((await client.actors({ filter: { name: 'Anonymous Actor' } })).actors.totalCount).toBe(0);
  });

  it('refuses a write with a READER key: FORBIDDEN', async () => {
    const reader = createClient({ url, apiKey: readerKey });
    const error = await failureOf(reader.importArticle({ input: { text: VENEZUELA, publishedOn: '2023-10-24', publication: PUBLICATION } }));
    expect(error.kind).toBe('graphql');
    expect(error.hasCode('FORBIDDEN')).toBe(true);
    expect(error.hasCode('UNAUTHENTICATED')).toBe(false);
    expect(error.message).toMatch(/^ImportArticle failed: .*\(FORBIDDEN\)$/);
  });

  it('refuses bad input with BAD_USER_INPUT and the problem’s path in `problems`', async () => {
    const empty = await failureOf(editor.importArticle({ input: { text: '', publishedOn: '2023-10-25', publication: PUBLICATION } }));
    expect(empty.kind).toBe('graphql');
    expect(empty.hasCode('BAD_USER_INPUT')).toBe(true);
    expect(empty.problems).toEqual([{ path: 'input.text', message: 'must not be empty', code: 'BAD_USER_INPUT' }]);

    const badUrl = await failureOf(editor.importArticle({ input: { text: VENEZUELA, publishedOn: '2023-10-25', url: 'ftp://example.com/venezuela' } }));
    expect(badUrl.problems.map((problem) => problem.path)).toEqual(['input.url']);
    expect(badUrl.message).toMatch(/^ImportArticle failed: .*input\.url.*\(BAD_USER_INPUT\)$/);
  });
});
