// Actors as the seed article names them: people, bodies and states, their aliases, countries and
// affiliations, the lists that find them, and the lists hanging off them (members, events, articles).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, idOf, type TestApp } from './helpers/test-app.js';

const ARTICLE = 'beijing-blasts-new-us-sanctions-on-north-korea';

interface SlugNode {
  slug: string;
}
interface NamedNode {
  slug: string;
  name: string;
}
interface AffiliationData {
  role: string;
  organization: NamedNode;
  member: SlugNode;
}
interface ActorData {
  slug: string;
  name: string;
  kind: string;
  aliases: string[];
  country: NamedNode | null;
  affiliations: AffiliationData[];
}
interface ErrorResult {
  errors?: { extensions?: Record<string, unknown> }[];
}

const ACTOR = /* GraphQL */ `
  query Actor($slug: String!) {
    actor(slug: $slug) {
      slug name kind aliases
      country { slug name }
      affiliations { role organization { slug name } member { slug } }
    }
  }
`;

const LIST_ACTORS = /* GraphQL */ `
  query Actors($filter: ActorFilter, $orderBy: ActorOrder, $first: Int, $after: String) {
    actors(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      nodes { slug name }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
interface ActorPage {
  actors: { totalCount: number; nodes: NamedNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

let test: TestApp;

beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test.close());

async function actor(slug: string): Promise<ActorData | null> {
  return (await test.data<{ actor: ActorData | null }>(ACTOR, { slug })).actor;
}

async function listActors(variables: Record<string, unknown>) {
  return (await test.data<ActorPage>(LIST_ACTORS, variables)).actors;
}

async function actorSlugs(variables: Record<string, unknown>): Promise<string[]> {
  return (await listActors({ first: 100, ...variables })).nodes.map((node) => node.slug);
}

function errorCodes(result: ErrorResult): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}

describe('Query.actor', () => {
  it('gives Lu Kang his kind, alias and country', async () => {
    const lu = await actor('lu-kang');
    expect(lu).toMatchObject({ slug: 'lu-kang', name: 'Lu Kang', kind: 'PERSON', country: { slug: 'china', name: 'China' } });
    expect(lu?.aliases).toContain('Lu');
  });

  it('returns null for a slug nobody has', async () => {
    expect(await actor('no-such-actor')).toBeNull();
  });

  it('rejects a malformed slug with BAD_USER_INPUT', async () => {
    const result = await test.graphql(ACTOR, { slug: 'Lu Kang' });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it('gives states their other names and no country', async () => {
    const china = await actor('china');
    const northKorea = await actor('north-korea');
    const unitedStates = await actor('united-states');
    expect(china?.aliases).toContain('Beijing');
    expect(northKorea?.aliases).toContain('Pyongyang');
    expect(unitedStates?.aliases).toContain('U.S.');
    for (const state of [china, northKorea, unitedStates]) {
      expect(state?.kind).toBe('STATE');
      expect(state?.country).toBeNull();
    }
  });

  it('gives the reporting’s short names as aliases, in the order recorded', async () => {
    expect((await actor('china'))?.aliases).toEqual(['Beijing', "People's Republic of China", 'PRC']);
    expect((await actor('government-of-north-korea'))?.aliases).toEqual([]);
  });
});

describe('Actor.affiliations', () => {
  it('makes Lu Kang the spokesman of the Chinese Foreign Ministry', async () => {
    expect((await actor('lu-kang'))?.affiliations).toEqual([
      { role: 'Spokesman', organization: { slug: 'chinese-foreign-ministry', name: 'Chinese Foreign Ministry' }, member: { slug: 'lu-kang' } },
    ]);
  });

  it('gives Victor Cha two affiliations: the Bush Institute and Georgetown University', async () => {
    const affiliations = (await actor('victor-cha'))?.affiliations ?? [];
    expect(affiliations).toHaveLength(2);
    expect(affiliations.map(({ role, organization }) => ({ role, organization: organization.name }))).toEqual(
      expect.arrayContaining([
        { role: 'Senior fellow on North Korea', organization: 'George W. Bush Institute' },
        { role: 'Director of Asian studies', organization: 'Georgetown University' },
      ]),
    );
  });

  it('places Elizabeth Rosenberg at the Center for a New American Security', async () => {
    const affiliations = (await actor('elizabeth-rosenberg'))?.affiliations ?? [];
    expect(affiliations.map(({ role, organization }) => [role, organization.slug])).toEqual([
      ['Sanctions expert', 'center-for-a-new-american-security'],
    ]);
  });

  it('makes Mark Toner deputy spokesman of the State Department', async () => {
    const toner = await actor('mark-toner');
    expect(toner?.affiliations.map(({ role, organization }) => [role, organization.slug, organization.name])).toEqual([
      ['Deputy spokesman', 'us-state-department', 'U.S. Department of State'],
    ]);
    expect((await actor('us-state-department'))?.aliases).toContain('State Department');
  });

  it('is empty for an actor with no recorded role', async () => {
    expect((await actor('china'))?.affiliations).toEqual([]);
  });
});

describe('Query.actors', () => {
  it('lists every actor by name, 22 in all', async () => {
    const list = await listActors({ first: 100 });
    expect(list.totalCount).toBe(22);
    const names = list.nodes.map((node) => node.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(list.nodes.map((node) => node.slug)).size).toBe(22);
  });

  it('filter kinds [STATE] finds the three states', async () => {
    expect(await actorSlugs({ filter: { kinds: ['STATE'] } })).toEqual(['china', 'north-korea', 'united-states']);
  });

  it('filter kinds matches any of the kinds given', async () => {
    expect(await actorSlugs({ filter: { kinds: ['COALITION', 'INTERNATIONAL_ORGANIZATION'] } })).toEqual([
      'us-and-allies',
      'un-security-council',
    ]);
  });

  it('filter name matches aliases case-insensitively: "pyong" finds North Korea, "beijing" China', async () => {
    expect(await actorSlugs({ filter: { name: 'pyong' } })).toEqual(['north-korea']);
    expect(await actorSlugs({ filter: { name: 'beijing' } })).toEqual(['china']);
    expect(await actorSlugs({ filter: { name: 'PYONGYANG' } })).toEqual(['north-korea']);
  });

  it('filter name matches names case-insensitively, each actor once even when an alias matches too', async () => {
    // "Lu Kang" matches by name and by its alias "Lu".
    const list = await listActors({ first: 100, filter: { name: 'LU KANG' } });
    expect(list.nodes.map((node) => node.slug)).toEqual(['lu-kang']);
    expect(list.totalCount).toBe(1);
    const toner = await listActors({ first: 100, filter: { name: 'toner' } });
    expect(toner.nodes.map((node) => node.slug)).toEqual(['mark-toner']);
    expect(toner.totalCount).toBe(1);
  });

  it('filter name treats LIKE wildcards literally', async () => {
    for (const name of ['%', '_', 'n_rth korea', 'north%korea', 'lu%', '\\']) {
      expect(await actorSlugs({ filter: { name } }), name).toEqual([]);
    }
    // Punctuation that is not a wildcard still matches as written.
    expect(await actorSlugs({ filter: { name: 'u.s.' } })).toEqual(expect.arrayContaining(['united-states', 'us-state-department']));
  });

  it('filter countries finds the actors of a state', async () => {
    const china = await idOf(test, 'actor', 'china');
    const northKorea = await idOf(test, 'actor', 'north-korea');
    expect(await actorSlugs({ filter: { countries: [china] } })).toEqual(['chinese-foreign-ministry', 'lu-kang']);
    expect(await actorSlugs({ filter: { countries: [northKorea] } })).toEqual([
      'government-of-north-korea',
      'kim-jong-un',
      'propaganda-and-agitation-department',
      'workers-party-of-korea',
    ]);
  });

  it('combines filter fields with AND', async () => {
    const unitedStates = await idOf(test, 'actor', 'united-states');
    expect(await actorSlugs({ filter: { kinds: ['PERSON'], countries: [unitedStates] } })).toEqual([
      'barack-obama',
      'elizabeth-rosenberg',
      'mark-toner',
      'otto-warmbier',
      'victor-cha',
    ]);
    expect(await actorSlugs({ filter: { kinds: ['PERSON'], name: 'beijing' } })).toEqual([]);
  });

  it('orderBy NAME ASC and DESC order by name', async () => {
    const northKorea = await idOf(test, 'actor', 'north-korea');
    const ascending = ['government-of-north-korea', 'kim-jong-un', 'propaganda-and-agitation-department', 'workers-party-of-korea'];
    expect(await actorSlugs({ filter: { countries: [northKorea] }, orderBy: { field: 'NAME', direction: 'ASC' } })).toEqual(ascending);
    expect(await actorSlugs({ filter: { countries: [northKorea] }, orderBy: { field: 'NAME', direction: 'DESC' } })).toEqual(
      [...ascending].reverse(),
    );
    const all = await actorSlugs({ orderBy: { field: 'NAME', direction: 'ASC' } });
    expect(await actorSlugs({ orderBy: { field: 'NAME', direction: 'DESC' } })).toEqual([...all].reverse());
  });

  it('pages through every actor, five at a time, each once', async () => {
    const visited: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const list = await listActors({ first: 5, after });
      visited.push(...list.nodes.map((node) => node.slug));
      if (!list.pageInfo.hasNextPage) break;
      after = list.pageInfo.endCursor;
    }
    expect(visited).toEqual(await actorSlugs({}));
    expect(visited).toHaveLength(22);
  });

  it('rejects a blank name filter with BAD_USER_INPUT', async () => {
    for (const name of ['', '   ']) {
      const result = await test.graphql(LIST_ACTORS, { filter: { name } });
      expect(errorCodes(result), JSON.stringify(name)).toEqual(['BAD_USER_INPUT']);
    }
  });
});

describe('Actor.members', () => {
  const MEMBERS = /* GraphQL */ `
    query($slug: String!) {
      actor(slug: $slug) { members { totalCount nodes { role member { slug name } organization { slug } } } }
    }
  `;
  interface Members {
    actor: { members: { totalCount: number; nodes: { role: string; member: NamedNode; organization: SlugNode }[] } };
  }

  it('includes Victor Cha among Georgetown University’s members', async () => {
    const { members } = (await test.data<Members>(MEMBERS, { slug: 'georgetown-university' })).actor;
    expect(members.totalCount).toBe(1);
    expect(members.nodes).toEqual([
      { role: 'Director of Asian studies', member: { slug: 'victor-cha', name: 'Victor Cha' }, organization: { slug: 'georgetown-university' } },
    ]);
  });

  it('includes Lu Kang among the Chinese Foreign Ministry’s members and the United States in its coalition', async () => {
    const ministry = (await test.data<Members>(MEMBERS, { slug: 'chinese-foreign-ministry' })).actor.members;
    expect(ministry.nodes.map((node) => node.member.slug)).toEqual(['lu-kang']);
    const coalition = (await test.data<Members>(MEMBERS, { slug: 'us-and-allies' })).actor.members;
    expect(coalition.nodes.map((node) => [node.member.slug, node.role])).toEqual([['united-states', 'Member']]);
  });

  it('is empty for an actor nobody belongs to', async () => {
    expect((await test.data<Members>(MEMBERS, { slug: 'lu-kang' })).actor.members).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe('Actor.events', () => {
  const EVENTS = /* GraphQL */ `
    query($slug: String!, $filter: EventFilter) {
      actor(slug: $slug) { events(filter: $filter) { totalCount nodes { slug occurredOn } } }
    }
  `;
  interface Events {
    actor: { events: { totalCount: number; nodes: { slug: string; occurredOn: string | null }[] } };
  }

  it('has Lu Kang take part in the March 17 briefing', async () => {
    const { events } = (await test.data<Events>(EVENTS, { slug: 'lu-kang' })).actor;
    expect(events).toEqual({
      totalCount: 1,
      nodes: [{ slug: 'chinese-foreign-ministry-briefing-2016-03-17', occurredOn: '2016-03-17' }],
    });
  });

  it('lists North Korea’s four events, most recent first, and narrows them with a filter', async () => {
    const { events } = (await test.data<Events>(EVENTS, { slug: 'north-korea' })).actor;
    expect(events.totalCount).toBe(4);
    expect(events.nodes.map((event) => event.slug)).toEqual([
      'otto-warmbier-sentencing-2016-03-16',
      'north-korea-rocket-launch-2016-02-07',
      'north-korea-nuclear-test-2016-01-06',
      'sony-pictures-cyber-attack-2014',
    ]);
    const tests = (await test.data<Events>(EVENTS, { slug: 'north-korea', filter: { kinds: ['NUCLEAR_TEST'] } })).actor.events;
    expect(tests.nodes.map((event) => event.slug)).toEqual(['north-korea-nuclear-test-2016-01-06']);
    expect(tests.totalCount).toBe(1);
  });

  it('is empty for an actor that took part in nothing', async () => {
    expect((await test.data<Events>(EVENTS, { slug: 'victor-cha' })).actor.events).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe('Actor.articles', () => {
  it('finds the seed article for Lu Kang and for the coalition it mentions', async () => {
    const data = await test.data<{
      lu: { articles: { totalCount: number; nodes: SlugNode[] } };
      allies: { articles: { totalCount: number; nodes: SlugNode[] } };
    }>(/* GraphQL */ `
      {
        lu: actor(slug: "lu-kang") { articles { totalCount nodes { slug } } }
        allies: actor(slug: "us-and-allies") { articles { totalCount nodes { slug } } }
      }
    `);
    expect(data.lu.articles).toEqual({ totalCount: 1, nodes: [{ slug: ARTICLE }] });
    expect(data.allies.articles).toEqual({ totalCount: 1, nodes: [{ slug: ARTICLE }] });
  });
});

describe('Article.mentionedActors', () => {
  it('includes every actor the annotation lists, Lu Kang and Otto Warmbier among them', async () => {
    const { article } = await test.data<{ article: { mentionedActors: NamedNode[] } }>(
      `query($slug: String!) { article(slug: $slug) { mentionedActors { slug name } } }`,
      { slug: ARTICLE },
    );
    expect(article.mentionedActors).toHaveLength(22);
    expect(article.mentionedActors).toContainEqual({ slug: 'lu-kang', name: 'Lu Kang' });
    expect(article.mentionedActors).toContainEqual({ slug: 'otto-warmbier', name: 'Otto Frederick Warmbier' });
  });
});

describe('Query.node and Query.nodes (Actor)', () => {
  const NODE = /* GraphQL */ `
    query($id: ID!) { node(id: $id) { __typename id ... on Actor { slug name } } }
  `;
  const NODES = /* GraphQL */ `
    query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Actor { slug } } }
  `;
  const MISSING_ACTOR_ID = Buffer.from('Actor:999999').toString('base64');

  it('fetches the same actor by the ID actor(slug) returns', async () => {
    const id = await idOf(test, 'actor', 'lu-kang');
    const { node } = await test.data<{ node: { __typename: string; id: string; slug: string; name: string } | null }>(NODE, { id });
    expect(node).toEqual({ __typename: 'Actor', id, slug: 'lu-kang', name: 'Lu Kang' });
  });

  it('returns null for a well-formed ID that does not exist', async () => {
    const { node } = await test.data<{ node: SlugNode | null }>(NODE, { id: MISSING_ACTOR_ID });
    expect(node).toBeNull();
  });

  it('keeps the order of the IDs given, with null for the missing one', async () => {
    const china = await idOf(test, 'actor', 'china');
    const lu = await idOf(test, 'actor', 'lu-kang');
    const { nodes } = await test.data<{ nodes: ({ __typename: string; id: string; slug: string } | null)[] }>(NODES, {
      ids: [lu, MISSING_ACTOR_ID, china],
    });
    expect(nodes).toEqual([{ __typename: 'Actor', id: lu, slug: 'lu-kang' }, null, { __typename: 'Actor', id: china, slug: 'china' }]);
  });

  it('rejects an ID that is not a global ID with BAD_USER_INPUT', async () => {
    const result = await test.graphql(NODE, { id: Buffer.from('Actor:lu-kang').toString('base64') });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});
