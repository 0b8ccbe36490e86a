// Writing sanction measures: createSanctionMeasure, updateSanctionMeasure and deleteSanctionMeasure,
// with their lists (targets, sectors, provisions, triggers, relations), checks, audit log and cascade.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

const CREATE = /* GraphQL */ `
  mutation($input: CreateSanctionMeasureInput!) {
    createSanctionMeasure(input: $input) { clientMutationId sanctionMeasure { id slug name } }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation($input: UpdateSanctionMeasureInput!) {
    updateSanctionMeasure(input: $input) { sanctionMeasure { id slug name } }
  }
`;
const DELETE = /* GraphQL */ `
  mutation($input: DeleteSanctionMeasureInput!) { deleteSanctionMeasure(input: $input) { deletedSanctionMeasureId } }
`;
const MEASURE = /* GraphQL */ `
  query($slug: String!) {
    sanctionMeasure(slug: $slug) {
      id slug name instrument identifier scope signedOn announcedOn effectiveOn description updatedAt
      issuer { slug }
      signatory { slug }
      targets { nodes { actor { slug } note } }
      sectors
      provisions { kind description }
      triggeredBy { slug }
      relatedMeasures { kind to { slug } note }
      referencedBy { kind from { slug } }
      stances { totalCount }
    }
  }
`;

interface Measure {
  id: string;
  slug: string;
  name: string;
  instrument: string;
  identifier: string | null;
  scope: string;
  signedOn: string | null;
  announcedOn: string | null;
  effectiveOn: string | null;
  description: string | null;
  updatedAt: string;
  issuer: { slug: string };
  signatory: { slug: string } | null;
  targets: { nodes: { actor: { slug: string }; note: string | null }[] };
  sectors: string[];
  provisions: { kind: string; description: string }[];
  triggeredBy: { slug: string }[];
  relatedMeasures: { kind: string; to: { slug: string }; note: string | null }[];
  referencedBy: { kind: string; from: { slug: string } }[];
  stances: { totalCount: number };
}

const TABLES = [
  'sanction_measure',
  'measure_target',
  'measure_sector',
  'measure_provision',
  'measure_trigger',
  'measure_relation',
  'article_measure_mention',
  'stance',
  'stance_evidence',
  'statement',
  'actor',
  'event',
  'audit_log',
] as const;

let test: TestApp;
let editor: string;
let ids: Record<string, string>;

beforeEach(async () => {
  test = await createTestApp();
  editor = await test.createKey('EDITOR', 'Eda Editor');
  ids = {
    unitedStates: await idOf(test, 'actor', 'united-states'),
    obama: await idOf(test, 'actor', 'barack-obama'),
    northKorea: await idOf(test, 'actor', 'north-korea'),
    government: await idOf(test, 'actor', 'government-of-north-korea'),
    party: await idOf(test, 'actor', 'workers-party-of-korea'),
    nuclearTest: await idOf(test, 'event', 'north-korea-nuclear-test-2016-01-06'),
    rocketLaunch: await idOf(test, 'event', 'north-korea-rocket-launch-2016-02-07'),
    eo13722: await idOf(test, 'sanctionMeasure', 'us-eo-13722'),
    unscr2270: await idOf(test, 'sanctionMeasure', 'unscr-2270'),
  };
});
afterEach(() => test.close());

async function measure(slug: string): Promise<Measure | null> {
  return (await test.data<{ sanctionMeasure: Measure | null }>(MEASURE, { slug })).sanctionMeasure;
}

async function counts(): Promise<Record<(typeof TABLES)[number], number>> {
  const entries = await Promise.all(
    TABLES.map(async (table) => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(test.db);
      return [table, Number(rows[0]?.n)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<(typeof TABLES)[number], number>;
}

function auditRows() {
  return test.db.selectFrom('auditLog').selectAll().orderBy('id').execute();
}

/** The one error of a failed mutation, after checking that nothing came back as data. */
function failure(result: GraphQLResponse<Record<string, unknown>>) {
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  const [error] = result.errors ?? [];
  return { message: error?.message ?? '', code: error?.extensions?.code, problems: error?.extensions?.problems };
}

function fullInput(): Record<string, unknown> {
  return {
    clientMutationId: 'm-1',
    name: 'Executive Order 13810',
    slug: 'us-eo-13810',
    instrument: 'EXECUTIVE_ORDER',
    identifier: 'E.O. 13810',
    issuer: ids.unitedStates,
    signatory: ids.obama,
    scope: 'UNILATERAL',
    signedOn: '2017-09-20',
    announcedOn: '2017-09-21',
    effectiveOn: '2017-09-21',
    description: 'Imposing additional sanctions with respect to North Korea.',
    targets: [
      { actor: ids.party, note: 'Property blocked.' },
      { actor: ids.government },
    ],
    sectors: ['TRANSPORT', 'LABOR'],
    provisions: [
      { kind: 'SECONDARY_SANCTIONS', description: 'Reaches foreign banks that deal with North Korea.' },
      { kind: 'ASSET_FREEZE', description: 'Blocks the property of those designated.' },
    ],
    triggeredBy: [ids.rocketLaunch, ids.nuclearTest],
    relations: [{ kind: 'BUILDS_ON', measure: ids.eo13722, note: 'Expands E.O. 13722.' }],
  };
}

describe('Mutation.createSanctionMeasure', () => {
  it('creates a measure with every field and list, readable through Query.sanctionMeasure', async () => {
    const data = await test.data(CREATE, { input: fullInput() }, { apiKey: editor });

    expect(data.createSanctionMeasure.clientMutationId).toBe('m-1');
    expect(data.createSanctionMeasure.sanctionMeasure).toMatchObject({ slug: 'us-eo-13810', name: 'Executive Order 13810' });
    expect(await measure('us-eo-13810')).toMatchObject({
      id: data.createSanctionMeasure.sanctionMeasure.id,
      instrument: 'EXECUTIVE_ORDER',
      identifier: 'E.O. 13810',
      scope: 'UNILATERAL',
      signedOn: '2017-09-20',
      announcedOn: '2017-09-21',
      effectiveOn: '2017-09-21',
      description: 'Imposing additional sanctions with respect to North Korea.',
      issuer: { slug: 'united-states' },
      signatory: { slug: 'barack-obama' },
      targets: {
        nodes: [
          { actor: { slug: 'workers-party-of-korea' }, note: 'Property blocked.' },
          { actor: { slug: 'government-of-north-korea' }, note: null },
        ],
      },
      sectors: ['LABOR', 'TRANSPORT'],
      provisions: [
        { kind: 'SECONDARY_SANCTIONS', description: 'Reaches foreign banks that deal with North Korea.' },
        { kind: 'ASSET_FREEZE', description: 'Blocks the property of those designated.' },
      ],
      triggeredBy: [{ slug: 'north-korea-nuclear-test-2016-01-06' }, { slug: 'north-korea-rocket-launch-2016-02-07' }],
      relatedMeasures: [{ kind: 'BUILDS_ON', to: { slug: 'us-eo-13722' }, note: 'Expands E.O. 13722.' }],
      stances: { totalCount: 0 },
    });
    expect((await measure('us-eo-13722'))?.referencedBy).toContainEqual({ kind: 'BUILDS_ON', from: { slug: 'us-eo-13810' } });
  });

  it('writes the measure, its lists and one audit entry, and nothing else', async () => {
    const before = await counts();
    await test.data(CREATE, { input: fullInput() }, { apiKey: editor });

    expect(await counts()).toEqual({
      ...before,
      sanction_measure: before.sanction_measure + 1,
      measure_target: before.measure_target + 2,
      measure_sector: before.measure_sector + 2,
      measure_provision: before.measure_provision + 2,
      measure_trigger: before.measure_trigger + 2,
      measure_relation: before.measure_relation + 1,
      audit_log: 1,
    });
    const [entry] = await auditRows();
    expect(entry).toMatchObject({ operation: 'createSanctionMeasure', entityType: 'SanctionMeasure', actorName: 'Eda Editor' });
    expect(entry?.apiKeyId).toEqual(expect.any(Number));
    const details = JSON.parse(entry?.details ?? '{}');
    expect(details.after).toMatchObject({ slug: 'us-eo-13810', sectors: ['LABOR', 'TRANSPORT'] });
    expect(details.after.targets).toHaveLength(2);
    expect(details.after.provisions.map((provision: { kind: string }) => provision.kind)).toEqual(['SECONDARY_SANCTIONS', 'ASSET_FREEZE']);
  });

  it('needs only the required fields, and makes the slug from the name (numbered when taken)', async () => {
    const input = { name: 'Executive Order 13722', instrument: 'DESIGNATION', issuer: ids.unitedStates, scope: 'UNILATERAL' };
    const first = await test.data(CREATE, { input }, { apiKey: editor });
    const second = await test.data(CREATE, { input }, { apiKey: editor });

    expect(first.createSanctionMeasure.sanctionMeasure.slug).toBe('executive-order-13722');
    expect(second.createSanctionMeasure.sanctionMeasure.slug).toBe('executive-order-13722-2');
    expect(await measure('executive-order-13722')).toMatchObject({
      signatory: null,
      identifier: null,
      signedOn: null,
      targets: { nodes: [] },
      sectors: [],
      provisions: [],
      triggeredBy: [],
      relatedMeasures: [],
    });
  });

  it('leaves no partial rows and no audit entry when the third target does not exist', async () => {
    const before = await counts();
    const missing = encodeGlobalID('Actor', 99_999);
    const input = { ...fullInput(), targets: [{ actor: ids.party }, { actor: ids.government }, { actor: missing }] };
    const error = failure(await test.graphql(CREATE, { input }, { apiKey: editor }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.targets.2.actor', message: 'The actor does not exist' }]);
    expect(await counts()).toEqual(before);
    expect(await measure('us-eo-13810')).toBeNull();
  });

  it('names every missing reference at once, by path', async () => {
    const input = {
      ...fullInput(),
      issuer: encodeGlobalID('Actor', 99_998),
      triggeredBy: [ids.nuclearTest, encodeGlobalID('Event', 99_999)],
      relations: [{ kind: 'AMENDS', measure: encodeGlobalID('SanctionMeasure', 99_999) }],
    };
    const error = failure(await test.graphql(CREATE, { input }, { apiKey: editor }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([
      { path: 'input.issuer', message: 'The actor does not exist' },
      { path: 'input.triggeredBy.1', message: 'The event does not exist' },
      { path: 'input.relations.0.measure', message: 'The sanction measure does not exist' },
    ]);
    expect(error.message).toBe(
      'Not found: issuer: The actor does not exist; triggeredBy.1: The event does not exist; relations.0.measure: The sanction measure does not exist.',
    );
    expect(await measure('us-eo-13810')).toBeNull();
  });

  it('rejects repeated targets, sectors, triggers and relations as BAD_USER_INPUT, each at its path', async () => {
    const input = {
      ...fullInput(),
      targets: [{ actor: ids.party }, { actor: ids.government }, { actor: ids.party, note: 'again' }],
      sectors: ['LABOR', 'LABOR'],
      triggeredBy: [ids.nuclearTest, ids.nuclearTest],
      relations: [
        { kind: 'BUILDS_ON', measure: ids.eo13722 },
        { kind: 'IN_VIEW_OF', measure: ids.eo13722 },
        { kind: 'BUILDS_ON', measure: ids.eo13722 },
      ],
    };
    const error = failure(await test.graphql(CREATE, { input }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([
      { path: 'input.targets.2.actor', message: 'repeats the same actor as targets.0.actor' },
      { path: 'input.sectors.1', message: 'repeats the same sector as sectors.0' },
      { path: 'input.triggeredBy.1', message: 'repeats the same event as triggeredBy.0' },
      { path: 'input.relations.2', message: 'repeats the same relation as relations.0' },
    ]);
    expect(await measure('us-eo-13810')).toBeNull();
  });

  it('keeps two provisions of the same kind, in order', async () => {
    const provisions = [
      { kind: 'ASSET_FREEZE', description: 'First freeze.' },
      { kind: 'ASSET_FREEZE', description: 'Second freeze.' },
    ];
    await test.data(CREATE, { input: { ...fullInput(), provisions } }, { apiKey: editor });

    expect((await measure('us-eo-13810'))?.provisions).toEqual(provisions);
  });

  it('rejects an Actor ID where an Event ID is expected as BAD_USER_INPUT', async () => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), triggeredBy: [ids.nuclearTest, ids.party] } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(`ID: ${ids.party} is not of type: Event`);
    expect(await measure('us-eo-13810')).toBeNull();
  });

  it.each([
    ['an unknown instrument', { instrument: 'DECREE' }, 'input.instrument'],
    ['an impossible date', { signedOn: '2017-02-30' }, 'input.signedOn'],
    ['an unknown sector', { sectors: ['FISHING'] }, 'input.sectors[0]'],
    ['a provision without a kind', { provisions: [{ description: 'Does things.' }] }, 'input.provisions[0]'],
  ])('rejects %s as BAD_USER_INPUT naming the field', async (_what, change, path) => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), ...change } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain(`at "${path}"`);
  });

  it('rejects a blank name and an overlong target note with their paths', async () => {
    const input = { ...fullInput(), name: '   ', targets: [{ actor: ids.party, note: 'x'.repeat(501) }] };
    const error = failure(await test.graphql(CREATE, { input }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([
      { path: 'input.name', message: 'must not be blank' },
      { path: 'input.targets.0.note', message: 'must be at most 500 characters' },
    ]);
  });

  it('refuses a slug another measure has as CONFLICT', async () => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), slug: 'us-eo-13722' } }, { apiKey: editor }));

    expect(error.code).toBe('CONFLICT');
    expect(error.problems).toEqual([{ path: 'input.slug', message: 'is already taken' }]);
  });

  it('needs an API key (UNAUTHENTICATED) with role EDITOR (FORBIDDEN for a READER), and writes nothing', async () => {
    const before = await counts();
    const anonymous = failure(await test.graphql(CREATE, { input: fullInput() }));
    const reader = failure(await test.graphql(CREATE, { input: fullInput() }, { apiKey: await test.createKey('READER') }));

    expect(anonymous.code).toBe('UNAUTHENTICATED');
    expect(reader.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });
});

describe('Mutation.updateSanctionMeasure', () => {
  it('changes one field and leaves every other field and list as it was', async () => {
    const before = await measure('us-eo-13722');
    const data = await test.data(UPDATE, { input: { id: ids.eo13722, name: 'E.O. 13722 (2016)' } }, { apiKey: editor });
    const after = await measure('us-eo-13722');

    expect(data.updateSanctionMeasure.sanctionMeasure).toEqual({ id: ids.eo13722, slug: 'us-eo-13722', name: 'E.O. 13722 (2016)' });
    const { name: _n, updatedAt: beforeUpdatedAt, ...unchanged } = before as Measure;
    expect(after).toMatchObject(unchanged);
    expect((after as Measure).updatedAt > beforeUpdatedAt).toBe(true);
    const [entry] = await auditRows();
    expect(entry).toMatchObject({ operation: 'updateSanctionMeasure', entityType: 'SanctionMeasure', actorName: 'Eda Editor' });
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({
      before: { name: 'Executive Order 13722' },
      after: { name: 'E.O. 13722 (2016)' },
    });
  });

  it('replaces a list given with exactly its entries, in order, and leaves the lists not given', async () => {
    const before = await measure('us-eo-13722');
    await test.data(
      UPDATE,
      { input: { id: ids.eo13722, targets: [{ actor: ids.northKorea, note: 'The state.' }, { actor: ids.party }], sectors: ['FINANCIAL'] } },
      { apiKey: editor },
    );
    const after = await measure('us-eo-13722');

    expect(after?.targets.nodes).toEqual([
      { actor: { slug: 'north-korea' }, note: 'The state.' },
      { actor: { slug: 'workers-party-of-korea' }, note: null },
    ]);
    expect(after?.sectors).toEqual(['FINANCIAL']);
    expect(after?.provisions).toEqual(before?.provisions);
    expect(after?.triggeredBy).toEqual(before?.triggeredBy);
    expect(after?.relatedMeasures).toEqual(before?.relatedMeasures);
    const details = JSON.parse((await auditRows())[0]?.details ?? '{}');
    expect(Object.keys(details.after).sort()).toEqual(['sectors', 'targets']);
    expect(details.before.sectors).toEqual(['ENERGY', 'FINANCIAL', 'MINING', 'TRANSPORT']);
  });

  it('empties a list given as []', async () => {
    await test.data(UPDATE, { input: { id: ids.eo13722, provisions: [], relations: [], triggeredBy: [] } }, { apiKey: editor });
    const after = await measure('us-eo-13722');

    expect(after).toMatchObject({ provisions: [], relatedMeasures: [], triggeredBy: [] });
    expect(after?.targets.nodes).toHaveLength(2);
    expect((await measure('unscr-2270'))?.referencedBy).toEqual([]);
  });

  it('clears optional fields given as null', async () => {
    await test.data(
      UPDATE,
      { input: { id: ids.eo13722, signatory: null, identifier: null, signedOn: null, description: null } },
      { apiKey: editor },
    );

    expect(await measure('us-eo-13722')).toMatchObject({
      signatory: null,
      identifier: null,
      signedOn: null,
      description: null,
      announcedOn: '2016-03-16',
      issuer: { slug: 'united-states' },
    });
  });

  it('rejects null for a field that cannot be empty as BAD_USER_INPUT, and changes nothing', async () => {
    const before = await measure('us-eo-13722');
    const error = failure(await test.graphql(UPDATE, { input: { id: ids.eo13722, name: null, targets: null, issuer: null } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([
      { path: 'input.name', message: 'cannot be null; leave it out to keep the current value' },
      { path: 'input.issuer', message: 'cannot be null; leave it out to keep the current value' },
      { path: 'input.targets', message: 'cannot be null; leave it out to keep the current value' },
    ]);
    expect(await measure('us-eo-13722')).toEqual(before);
    expect(await auditRows()).toEqual([]);
  });

  it('refuses a relation of a measure to itself', async () => {
    const error = failure(
      await test.graphql(UPDATE, { input: { id: ids.eo13722, relations: [{ kind: 'AMENDS', measure: ids.eo13722 }] } }, { apiKey: editor }),
    );

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.relations.0.measure', message: 'a measure cannot relate to itself' }]);
  });

  it('is NOT_FOUND for a measure that does not exist', async () => {
    const error = failure(await test.graphql(UPDATE, { input: { id: encodeGlobalID('SanctionMeasure', 99_999), name: 'X' } }, { apiKey: editor }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.id', message: 'The sanction measure does not exist' }]);
  });

  it('is NOT_FOUND for a new signatory that does not exist, and changes nothing', async () => {
    const error = failure(
      await test.graphql(UPDATE, { input: { id: ids.eo13722, name: 'Renamed', signatory: encodeGlobalID('Actor', 99_999) } }, { apiKey: editor }),
    );

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.signatory', message: 'The actor does not exist' }]);
    expect((await measure('us-eo-13722'))?.name).toBe('Executive Order 13722');
  });

  it('refuses a slug another measure has as CONFLICT, and accepts its own', async () => {
    const taken = failure(await test.graphql(UPDATE, { input: { id: ids.eo13722, slug: 'unscr-2270' } }, { apiKey: editor }));
    const own = await test.graphql(UPDATE, { input: { id: ids.eo13722, slug: 'us-eo-13722' } }, { apiKey: editor });

    expect(taken.code).toBe('CONFLICT');
    expect(own.errors).toBeUndefined();
  });

  it('is FORBIDDEN for a READER', async () => {
    const error = failure(await test.graphql(UPDATE, { input: { id: ids.eo13722, name: 'X' } }, { apiKey: await test.createKey('READER') }));

    expect(error.code).toBe('FORBIDDEN');
    expect((await measure('us-eo-13722'))?.name).toBe('Executive Order 13722');
  });
});

describe('Mutation.deleteSanctionMeasure', () => {
  it('deletes the measure, its lists, the relations to it and the stances toward it, and nothing else', async () => {
    const before = await counts();
    const data = await test.data(DELETE, { input: { id: ids.eo13722 } }, { apiKey: editor });

    expect(data.deleteSanctionMeasure.deletedSanctionMeasureId).toBe(ids.eo13722);
    expect(await measure('us-eo-13722')).toBeNull();
    expect((await measure('unscr-2270'))?.referencedBy).toEqual([]);
    // E.O. 13722 had 2 targets, 4 sectors, 7 provisions, 2 triggers, 2 relations, 4 stances toward it.
    const stanceEvidence = 3 + 4 + 3 + 1;
    expect(await counts()).toEqual({
      ...before,
      sanction_measure: before.sanction_measure - 1,
      measure_target: before.measure_target - 2,
      measure_sector: before.measure_sector - 4,
      measure_provision: before.measure_provision - 7,
      measure_trigger: before.measure_trigger - 2,
      measure_relation: before.measure_relation - 2,
      article_measure_mention: before.article_measure_mention - 1,
      stance: before.stance - 4,
      stance_evidence: before.stance_evidence - stanceEvidence,
      audit_log: 5,
    });
    const stances = await test.data<{ stances: { nodes: { slug: string }[] } }>(`{ stances(first: 100) { nodes { slug } } }`);
    expect(stances.stances.nodes.map((stance) => stance.slug)).not.toContain('china-opposes-us-eo-13722');
  });

  it('logs the measure with its lists, and each stance that went with it', async () => {
    await test.data(DELETE, { input: { id: ids.eo13722 } }, { apiKey: editor });
    const entries = await auditRows();

    expect(entries.map(({ operation, entityType, actorName }) => ({ operation, entityType, actorName }))).toEqual([
      { operation: 'deleteSanctionMeasure', entityType: 'SanctionMeasure', actorName: 'Eda Editor' },
      ...Array(4).fill({ operation: 'deleteSanctionMeasure', entityType: 'Stance', actorName: 'Eda Editor' }),
    ]);
    const details = JSON.parse(entries[0]?.details ?? '{}');
    expect(details.before).toMatchObject({ slug: 'us-eo-13722', sectors: ['ENERGY', 'FINANCIAL', 'MINING', 'TRANSPORT'] });
    expect(details.before.provisions).toHaveLength(7);
    expect(entries.slice(1).map((entry) => JSON.parse(entry.details).before.slug)).toContain('china-opposes-us-eo-13722');
  });

  it('is NOT_FOUND for a measure that does not exist (a second delete, say)', async () => {
    await test.data(DELETE, { input: { id: ids.unscr2270 } }, { apiKey: editor });
    const error = failure(await test.graphql(DELETE, { input: { id: ids.unscr2270 } }, { apiKey: editor }));

    expect(error.code).toBe('NOT_FOUND');
  });

  it('needs role EDITOR, and deletes nothing without it', async () => {
    const before = await counts();
    const anonymous = failure(await test.graphql(DELETE, { input: { id: ids.eo13722 } }));
    const reader = failure(await test.graphql(DELETE, { input: { id: ids.eo13722 } }, { apiKey: await test.createKey('READER') }));

    expect([anonymous.code, reader.code]).toEqual(['UNAUTHENTICATED', 'FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });
});
