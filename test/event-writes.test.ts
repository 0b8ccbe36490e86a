// Writing events: createEvent, updateEvent and deleteEvent, with their participants, checks, audit
// log, and what a delete takes with it (stances toward the event) or leaves (statements made at it).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, idOf, type TestApp } from './helpers/test-app.js';

const CREATE = /* GraphQL */ `
  mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id slug title } } }
`;
const UPDATE = /* GraphQL */ `
  mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { id slug title } } }
`;
const DELETE = /* GraphQL */ `
  mutation($input: DeleteEventInput!) { deleteEvent(input: $input) { deletedEventId } }
`;
const EVENT = /* GraphQL */ `
  query($slug: String!) {
    event(slug: $slug) {
      id slug kind title occurredOn description updatedAt
      participants { actor { slug } role }
      triggeredMeasures { slug }
      stances { totalCount }
    }
  }
`;

interface Event {
  id: string;
  slug: string;
  kind: string;
  title: string;
  occurredOn: string | null;
  description: string | null;
  updatedAt: string;
  participants: { actor: { slug: string }; role: string | null }[];
  triggeredMeasures: { slug: string }[];
  stances: { totalCount: number };
}

const TABLES = [
  'event',
  'event_participant',
  'measure_trigger',
  'article_event_mention',
  'stance',
  'stance_evidence',
  'statement',
  'sanction_measure',
  'actor',
  'audit_log',
] as const;
type Table = (typeof TABLES)[number];

let test: TestApp;
let editor: string;
let ids: Record<string, string>;

beforeEach(async () => {
  test = await createTestApp();
  editor = await test.createKey('EDITOR', 'Eda Editor');
  ids = {
    northKorea: await idOf(test, 'actor', 'north-korea'),
    unitedStates: await idOf(test, 'actor', 'united-states'),
    china: await idOf(test, 'actor', 'china'),
    nuclearTest: await idOf(test, 'event', 'north-korea-nuclear-test-2016-01-06'),
    rocketLaunch: await idOf(test, 'event', 'north-korea-rocket-launch-2016-02-07'),
    briefing: await idOf(test, 'event', 'chinese-foreign-ministry-briefing-2016-03-17'),
    eo13722: await idOf(test, 'sanctionMeasure', 'us-eo-13722'),
  };
});
afterEach(() => test.close());

async function event(slug: string): Promise<Event | null> {
  return (await test.data<{ event: Event | null }>(EVENT, { slug })).event;
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

function fullInput(): Record<string, unknown> {
  return {
    kind: 'MISSILE_LAUNCH',
    title: 'North Korea’s missile launch of September 15, 2017',
    slug: 'north-korea-missile-launch-2017-09-15',
    occurredOn: '2017-09-15',
    description: 'An intermediate-range missile flew over Japan.',
    participants: [
      { actor: ids.northKorea, role: 'Launched the missile' },
      { actor: ids.unitedStates },
    ],
  };
}

describe('Mutation.createEvent', () => {
  it('creates an event with its participants, readable through Query.event', async () => {
    const data = await test.data(CREATE, { input: fullInput() }, { apiKey: editor });

    expect(data.createEvent.event.slug).toBe('north-korea-missile-launch-2017-09-15');
    expect(await event('north-korea-missile-launch-2017-09-15')).toMatchObject({
      id: data.createEvent.event.id,
      kind: 'MISSILE_LAUNCH',
      title: 'North Korea’s missile launch of September 15, 2017',
      occurredOn: '2017-09-15',
      description: 'An intermediate-range missile flew over Japan.',
      participants: [
        { actor: { slug: 'north-korea' }, role: 'Launched the missile' },
        { actor: { slug: 'united-states' }, role: null },
      ],
      triggeredMeasures: [],
      stances: { totalCount: 0 },
    });
  });

  it('writes the event, its participants and one audit entry, and nothing else', async () => {
    const before = await counts();
    await test.data(CREATE, { input: fullInput() }, { apiKey: editor });

    expect(await counts()).toEqual({ ...before, event: before.event + 1, event_participant: before.event_participant + 2, audit_log: 1 });
    const [entry] = await auditRows();
    expect(entry).toMatchObject({ operation: 'createEvent', entityType: 'Event', actorName: 'Eda Editor' });
    expect(JSON.parse(entry?.details ?? '{}').after).toMatchObject({
      slug: 'north-korea-missile-launch-2017-09-15',
      participants: [{ role: 'Launched the missile' }, { role: null }],
    });
  });

  it('makes the slug from the title when none is given, numbered when taken', async () => {
    const input = { kind: 'SUMMIT', title: 'Singapore summit' };
    const first = await test.data(CREATE, { input }, { apiKey: editor });
    const second = await test.data(CREATE, { input }, { apiKey: editor });

    expect([first.createEvent.event.slug, second.createEvent.event.slug]).toEqual(['singapore-summit', 'singapore-summit-2']);
    expect(await event('singapore-summit')).toMatchObject({ occurredOn: null, description: null, participants: [] });
  });

  it('leaves no partial rows and no audit entry when a participant does not exist', async () => {
    const before = await counts();
    const input = { ...fullInput(), participants: [{ actor: ids.northKorea }, { actor: encodeGlobalID('Actor', 99_999) }] };
    const error = failure(await test.graphql(CREATE, { input }, { apiKey: editor }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.participants.1.actor', message: 'The actor does not exist' }]);
    expect(await counts()).toEqual(before);
  });

  it('rejects an actor listed twice as BAD_USER_INPUT at the repeat', async () => {
    const input = { ...fullInput(), participants: [{ actor: ids.northKorea }, { actor: ids.china }, { actor: ids.northKorea, role: 'Again' }] };
    const error = failure(await test.graphql(CREATE, { input }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([{ path: 'input.participants.2.actor', message: 'repeats the same actor as participants.0.actor' }]);
  });

  it('rejects an Event ID where an Actor ID is expected as BAD_USER_INPUT', async () => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), participants: [{ actor: ids.nuclearTest }] } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe(`ID: ${ids.nuclearTest} is not of type: Actor`);
  });

  it.each([
    ['an unknown kind', { kind: 'PARADE' }, 'input.kind'],
    ['an impossible date', { occurredOn: '2017-13-01' }, 'input.occurredOn'],
    ['a missing title', { title: null }, 'input.title'],
  ])('rejects %s as BAD_USER_INPUT naming the field', async (_what, change, path) => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), ...change } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain(`at "${path}"`);
  });

  it.each([
    ['a blank title', () => ({ title: ' ' }), { path: 'input.title', message: 'must not be blank' }],
    ['a malformed slug', () => ({ slug: 'Not A Slug' }), { path: 'input.slug', message: 'must be lowercase letters, digits and single hyphens' }],
    [
      'an overlong role',
      () => ({ participants: [{ actor: ids.northKorea, role: 'x'.repeat(501) }] }),
      { path: 'input.participants.0.role', message: 'must be at most 500 characters' },
    ],
  ])('rejects %s with its path', async (_what, change, problem) => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), ...change() } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([problem]);
  });

  it('refuses a slug another event has as CONFLICT', async () => {
    const error = failure(await test.graphql(CREATE, { input: { ...fullInput(), slug: 'north-korea-nuclear-test-2016-01-06' } }, { apiKey: editor }));

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

describe('Mutation.updateEvent', () => {
  it('changes one field and leaves the others, and logs only that change', async () => {
    const before = await event('north-korea-nuclear-test-2016-01-06');
    await test.data(UPDATE, { input: { id: ids.nuclearTest, description: 'The fourth test.' } }, { apiKey: editor });
    const after = await event('north-korea-nuclear-test-2016-01-06');

    const { description: _d, updatedAt: beforeUpdatedAt, ...unchanged } = before as Event;
    expect(after).toMatchObject({ ...unchanged, description: 'The fourth test.' });
    expect((after as Event).updatedAt > beforeUpdatedAt).toBe(true);
    const [entry] = await auditRows();
    expect(entry).toMatchObject({ operation: 'updateEvent', entityType: 'Event', actorName: 'Eda Editor' });
    expect(JSON.parse(entry?.details ?? '{}')).toEqual({
      before: { description: 'North Korea\'s fourth nuclear test; the new U.S. penalties respond to it.' },
      after: { description: 'The fourth test.' },
    });
  });

  it('replaces the participants with exactly the list given', async () => {
    const participants = [{ actor: ids.unitedStates, role: 'Detected the test' }, { actor: ids.northKorea, role: 'Conducted the test' }];
    await test.data(UPDATE, { input: { id: ids.nuclearTest, participants } }, { apiKey: editor });

    expect((await event('north-korea-nuclear-test-2016-01-06'))?.participants).toEqual([
      { actor: { slug: 'united-states' }, role: 'Detected the test' },
      { actor: { slug: 'north-korea' }, role: 'Conducted the test' },
    ]);
    const details = JSON.parse((await auditRows())[0]?.details ?? '{}');
    expect(details.before.participants).toHaveLength(1);
    expect(details.after.participants).toHaveLength(2);
  });

  it('removes every participant when given []', async () => {
    await test.data(UPDATE, { input: { id: ids.nuclearTest, participants: [] } }, { apiKey: editor });

    expect((await event('north-korea-nuclear-test-2016-01-06'))?.participants).toEqual([]);
  });

  it('clears optional fields given as null', async () => {
    await test.data(UPDATE, { input: { id: ids.nuclearTest, occurredOn: null, description: null } }, { apiKey: editor });

    expect(await event('north-korea-nuclear-test-2016-01-06')).toMatchObject({ occurredOn: null, description: null, kind: 'NUCLEAR_TEST' });
  });

  it('rejects null for a field that cannot be empty as BAD_USER_INPUT, and changes nothing', async () => {
    const before = await event('north-korea-nuclear-test-2016-01-06');
    const error = failure(await test.graphql(UPDATE, { input: { id: ids.nuclearTest, title: null, participants: null } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problems).toEqual([
      { path: 'input.title', message: 'cannot be null; leave it out to keep the current value' },
      { path: 'input.participants', message: 'cannot be null; leave it out to keep the current value' },
    ]);
    expect(await event('north-korea-nuclear-test-2016-01-06')).toEqual(before);
  });

  it('is NOT_FOUND for an event that does not exist', async () => {
    const error = failure(await test.graphql(UPDATE, { input: { id: encodeGlobalID('Event', 99_999), title: 'X' } }, { apiKey: editor }));

    expect(error.code).toBe('NOT_FOUND');
    expect(error.problems).toEqual([{ path: 'input.id', message: 'The event does not exist' }]);
  });

  it('rejects a SanctionMeasure ID as the event to change as BAD_USER_INPUT', async () => {
    const error = failure(await test.graphql(UPDATE, { input: { id: ids.eo13722, title: 'X' } }, { apiKey: editor }));

    expect(error.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a slug another event has as CONFLICT', async () => {
    const error = failure(await test.graphql(UPDATE, { input: { id: ids.nuclearTest, slug: 'sony-pictures-cyber-attack-2014' } }, { apiKey: editor }));

    expect(error.code).toBe('CONFLICT');
  });

  it('is FORBIDDEN for a READER, and changes nothing', async () => {
    const error = failure(await test.graphql(UPDATE, { input: { id: ids.nuclearTest, title: 'X' } }, { apiKey: await test.createKey('READER') }));

    expect(error.code).toBe('FORBIDDEN');
    expect(await auditRows()).toEqual([]);
  });
});

describe('Mutation.deleteEvent', () => {
  it('deletes the event, its participants, its triggers and the stances toward it, and nothing else', async () => {
    const before = await counts();
    const data = await test.data(DELETE, { input: { id: ids.rocketLaunch } }, { apiKey: editor });

    expect(data.deleteEvent.deletedEventId).toBe(ids.rocketLaunch);
    expect(await event('north-korea-rocket-launch-2016-02-07')).toBeNull();
    // The launch had 1 participant, triggered 2 measures, is mentioned once, and 1 stance (1 evidence) is toward it.
    expect(await counts()).toEqual({
      ...before,
      event: before.event - 1,
      event_participant: before.event_participant - 1,
      measure_trigger: before.measure_trigger - 2,
      article_event_mention: before.article_event_mention - 1,
      stance: before.stance - 1,
      stance_evidence: before.stance_evidence - 1,
      audit_log: 2,
    });
    const measure = await test.data(`{ sanctionMeasure(slug: "us-eo-13722") { triggeredBy { slug } } }`);
    expect(measure.sanctionMeasure.triggeredBy).toEqual([{ slug: 'north-korea-nuclear-test-2016-01-06' }]);
    const entries = await auditRows();
    expect(entries.map(({ operation, entityType }) => [operation, entityType])).toEqual([
      ['deleteEvent', 'Event'],
      ['deleteEvent', 'Stance'],
    ]);
    expect(JSON.parse(entries[1]?.details ?? '{}').before.slug).toBe('us-and-allies-criticize-rocket-launch');
  });

  it('keeps the statements made at the event, without the event', async () => {
    const before = await counts();
    await test.data(DELETE, { input: { id: ids.briefing } }, { apiKey: editor });

    expect(await counts()).toMatchObject({ statement: before.statement, stance: before.stance });
    const lu = await test.data(`{ actor(slug: "lu-kang") { statements(first: 50) { nodes { event { slug } } } } }`);
    expect(lu.actor.statements.nodes.length).toBeGreaterThan(0);
    expect(lu.actor.statements.nodes.every((statement: { event: unknown }) => statement.event === null)).toBe(true);
    const details = JSON.parse((await auditRows())[0]?.details ?? '{}');
    expect(details.detachedStatementIds.length).toBe(lu.actor.statements.nodes.length);
  });

  it('is NOT_FOUND for an event that does not exist', async () => {
    const error = failure(await test.graphql(DELETE, { input: { id: encodeGlobalID('Event', 99_999) } }, { apiKey: editor }));

    expect(error.code).toBe('NOT_FOUND');
  });

  it('needs role EDITOR, and deletes nothing without it', async () => {
    const before = await counts();
    const anonymous = failure(await test.graphql(DELETE, { input: { id: ids.rocketLaunch } }));
    const reader = failure(await test.graphql(DELETE, { input: { id: ids.rocketLaunch } }, { apiKey: await test.createKey('READER') }));

    expect([anonymous.code, reader.code]).toEqual(['UNAUTHENTICATED', 'FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });
});
