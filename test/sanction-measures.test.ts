// Sanction measures as the seed article reports them: E.O. 13722, UNSCR 2270, E.O. 13687 and the
// undated U.S. penalties on the Propaganda and Agitation Department; who issued and signed them,
// whom they target, what they do, what triggered them, how they relate, and every way to list them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, idOf, type TestApp } from './helpers/test-app.js';

const EO_13722 = 'us-eo-13722';
const UNSCR_2270 = 'unscr-2270';
const EO_13687 = 'us-eo-13687';
const PENALTIES = 'us-penalties-propaganda-and-agitation-department';

interface SlugNode {
  slug: string;
}
interface MeasurePage {
  sanctionMeasures: {
    totalCount: number;
    nodes: SlugNode[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}
interface Relation {
  kind: string;
  note: string | null;
  from: SlugNode;
  to: SlugNode;
}
interface ErrorResult {
  errors?: { extensions?: Record<string, unknown> }[];
}

const LIST_MEASURES = /* GraphQL */ `
  query Measures($filter: SanctionMeasureFilter, $orderBy: SanctionMeasureOrder, $first: Int, $after: String, $last: Int, $before: String) {
    sanctionMeasures(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      nodes { slug }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

let test: TestApp;

beforeAll(async () => {
  test = await createTestApp();
});
afterAll(() => test.close());

async function listMeasures(variables: Record<string, unknown>) {
  return (await test.data<MeasurePage>(LIST_MEASURES, variables)).sanctionMeasures;
}

async function measureSlugs(variables: Record<string, unknown>): Promise<string[]> {
  return (await listMeasures(variables)).nodes.map((node) => node.slug);
}

function errorCodes(result: ErrorResult): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}

describe('Query.sanctionMeasure', () => {
  it('gives E.O. 13722 its instrument, identifier, issuer, signatory, scope and dates', async () => {
    const { sanctionMeasure } = await test.data<{
      sanctionMeasure: {
        slug: string;
        name: string;
        instrument: string;
        identifier: string | null;
        issuer: { slug: string; name: string };
        signatory: { slug: string; name: string } | null;
        scope: string;
        signedOn: string | null;
        announcedOn: string | null;
      };
    }>(
      /* GraphQL */ `
        query($slug: String!) {
          sanctionMeasure(slug: $slug) {
            slug name instrument identifier scope signedOn announcedOn
            issuer { slug name }
            signatory { slug name }
          }
        }
      `,
      { slug: EO_13722 },
    );
    expect(sanctionMeasure).toEqual({
      slug: EO_13722,
      name: 'Executive Order 13722',
      instrument: 'EXECUTIVE_ORDER',
      identifier: 'E.O. 13722',
      issuer: { slug: 'united-states', name: 'United States' },
      signatory: { slug: 'barack-obama', name: 'Barack Obama' },
      scope: 'UNILATERAL',
      signedOn: '2016-03-15',
      announcedOn: '2016-03-16',
    });
  });

  it('gives E.O. 13722 exactly the financial, mining, transport and energy sectors', async () => {
    const { sanctionMeasure } = await test.data<{ sanctionMeasure: { sectors: string[] } }>(
      `query($slug: String!) { sanctionMeasure(slug: $slug) { sectors } }`,
      { slug: EO_13722 },
    );
    expect([...sanctionMeasure.sectors].sort()).toEqual(['ENERGY', 'FINANCIAL', 'MINING', 'TRANSPORT']);
  });

  it('lists the provisions of E.O. 13722 in the order of the instrument', async () => {
    const { sanctionMeasure } = await test.data<{ sanctionMeasure: { provisions: { kind: string; description: string }[] } }>(
      `query($slug: String!) { sanctionMeasure(slug: $slug) { provisions { kind description } } }`,
      { slug: EO_13722 },
    );
    expect(sanctionMeasure.provisions.map((provision) => provision.kind)).toEqual([
      'ASSET_FREEZE',
      'EXPORT_BAN',
      'INVESTMENT_BAN',
      'SECTORAL_SANCTIONS',
      'SECONDARY_SANCTIONS',
      'LABOR_EXPORT_BAN',
      'ASSET_FREEZE',
    ]);
    expect(sanctionMeasure.provisions[5]?.description).toContain('North Korean workers');
    expect(sanctionMeasure.provisions[6]?.description).toBe('Makes banks freeze the assets of those who break the blockade.');
  });

  it('was triggered by the January 6 nuclear test and the February 7 launch, oldest first', async () => {
    const { sanctionMeasure } = await test.data<{ sanctionMeasure: { triggeredBy: { slug: string; kind: string; occurredOn: string | null }[] } }>(
      `query($slug: String!) { sanctionMeasure(slug: $slug) { triggeredBy { slug kind occurredOn } } }`,
      { slug: EO_13722 },
    );
    expect(sanctionMeasure.triggeredBy).toEqual([
      { slug: 'north-korea-nuclear-test-2016-01-06', kind: 'NUCLEAR_TEST', occurredOn: '2016-01-06' },
      { slug: 'north-korea-rocket-launch-2016-02-07', kind: 'MISSILE_LAUNCH', occurredOn: '2016-02-07' },
    ]);
  });

  it('relates E.O. 13722 IN_VIEW_OF UNSCR 2270 and BUILDS_ON E.O. 13687', async () => {
    const { sanctionMeasure } = await test.data<{ sanctionMeasure: { relatedMeasures: Relation[] } }>(
      `query($slug: String!) { sanctionMeasure(slug: $slug) { relatedMeasures { kind note from { slug } to { slug } } } }`,
      { slug: EO_13722 },
    );
    const relations = sanctionMeasure.relatedMeasures.map(({ kind, from, to }) => ({ kind, from: from.slug, to: to.slug }));
    expect(relations).toHaveLength(2);
    expect(relations).toEqual(
      expect.arrayContaining([
        { kind: 'IN_VIEW_OF', from: EO_13722, to: UNSCR_2270 },
        { kind: 'BUILDS_ON', from: EO_13722, to: EO_13687 },
      ]),
    );
    const inViewOf = sanctionMeasure.relatedMeasures.find((relation) => relation.kind === 'IN_VIEW_OF');
    expect(inViewOf?.note).toContain('in view of');
  });

  it('shows E.O. 13722 among the measures that reference UNSCR 2270', async () => {
    const { sanctionMeasure } = await test.data<{ sanctionMeasure: { referencedBy: Relation[]; relatedMeasures: Relation[] } }>(
      `query($slug: String!) {
        sanctionMeasure(slug: $slug) {
          referencedBy { kind note from { slug } to { slug } }
          relatedMeasures { kind note from { slug } to { slug } }
        }
      }`,
      { slug: UNSCR_2270 },
    );
    expect(sanctionMeasure.referencedBy.map(({ kind, from, to }) => ({ kind, from: from.slug, to: to.slug }))).toContainEqual({
      kind: 'IN_VIEW_OF',
      from: EO_13722,
      to: UNSCR_2270,
    });
    expect(sanctionMeasure.relatedMeasures).toEqual([]);
  });

  it('gives UNSCR 2270 its instrument, scope, adoption date and the Security Council as issuer', async () => {
    const { sanctionMeasure } = await test.data<{
      sanctionMeasure: { instrument: string; identifier: string | null; scope: string; signedOn: string | null; issuer: { slug: string; name: string }; signatory: SlugNode | null };
    }>(
      `query($slug: String!) { sanctionMeasure(slug: $slug) { instrument identifier scope signedOn issuer { slug name } signatory { slug } } }`,
      { slug: UNSCR_2270 },
    );
    expect(sanctionMeasure).toEqual({
      instrument: 'UN_SECURITY_COUNCIL_RESOLUTION',
      identifier: 'UNSCR 2270',
      scope: 'MULTILATERAL',
      signedOn: '2016-03-02',
      issuer: { slug: 'un-security-council', name: 'United Nations Security Council' },
      signatory: null,
    });
  });

  it('dates E.O. 13687 to 2015-01-02 and ties it to the Sony Pictures cyber-attack', async () => {
    const { sanctionMeasure } = await test.data<{ sanctionMeasure: { signedOn: string | null; triggeredBy: { slug: string; title: string }[] } }>(
      `query($slug: String!) { sanctionMeasure(slug: $slug) { signedOn triggeredBy { slug title } } }`,
      { slug: EO_13687 },
    );
    expect(sanctionMeasure).toEqual({
      signedOn: '2015-01-02',
      triggeredBy: [{ slug: 'sony-pictures-cyber-attack-2014', title: 'Cyber-attack on Sony Pictures' }],
    });
  });

  it('keeps the Propaganda and Agitation Department penalties undated: a designation with null dates', async () => {
    const { sanctionMeasure } = await test.data<{
      sanctionMeasure: {
        instrument: string;
        identifier: string | null;
        scope: string;
        signedOn: string | null;
        announcedOn: string | null;
        effectiveOn: string | null;
        signatory: SlugNode | null;
        issuer: SlugNode;
        sectors: string[];
        provisions: { kind: string }[];
        triggeredBy: SlugNode[];
        targets: { nodes: { actor: { slug: string; name: string } }[] };
      };
    }>(
      `query($slug: String!) {
        sanctionMeasure(slug: $slug) {
          instrument identifier scope signedOn announcedOn effectiveOn
          signatory { slug } issuer { slug }
          sectors provisions { kind } triggeredBy { slug }
          targets { nodes { actor { slug name } } }
        }
      }`,
      { slug: PENALTIES },
    );
    expect(sanctionMeasure).toEqual({
      instrument: 'DESIGNATION',
      identifier: null,
      scope: 'UNILATERAL',
      signedOn: null,
      announcedOn: null,
      effectiveOn: null,
      signatory: null,
      issuer: { slug: 'united-states' },
      sectors: ['MEDIA'],
      provisions: [],
      triggeredBy: [],
      targets: { nodes: [{ actor: { slug: 'propaganda-and-agitation-department', name: 'Propaganda and Agitation Department' } }] },
    });
  });

  it('returns null for a slug nobody has', async () => {
    const data = await test.data<{ sanctionMeasure: null | SlugNode }>(`{ sanctionMeasure(slug: "us-eo-99999") { slug } }`);
    expect(data.sanctionMeasure).toBeNull();
  });

  it('rejects a malformed slug with BAD_USER_INPUT', async () => {
    const result = await test.graphql(`{ sanctionMeasure(slug: "US EO 13722") { slug } }`);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('SanctionMeasure.targets', () => {
  const TARGETS = /* GraphQL */ `
    query($slug: String!, $first: Int, $after: String) {
      sanctionMeasure(slug: $slug) {
        targets(first: $first, after: $after) {
          totalCount
          nodes { note actor { slug name } measure { slug } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  `;
  interface Targets {
    sanctionMeasure: {
      targets: {
        totalCount: number;
        nodes: { note: string | null; actor: { slug: string; name: string }; measure: SlugNode }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
  }

  it('lists the Government of North Korea and the Workers’ Party of Korea for E.O. 13722, with notes', async () => {
    const { targets } = (await test.data<Targets>(TARGETS, { slug: EO_13722 })).sanctionMeasure;
    expect(targets.totalCount).toBe(2);
    expect(targets.nodes).toEqual([
      {
        note: 'All property and interests in property blocked.',
        actor: { slug: 'government-of-north-korea', name: 'Government of North Korea' },
        measure: { slug: EO_13722 },
      },
      {
        note: 'All property and interests in property blocked.',
        actor: { slug: 'workers-party-of-korea', name: "Workers' Party of Korea" },
        measure: { slug: EO_13722 },
      },
    ]);
  });

  it('pages through the designation list one entry at a time', async () => {
    const first = (await test.data<Targets>(TARGETS, { slug: EO_13722, first: 1 })).sanctionMeasure.targets;
    expect(first.nodes.map((node) => node.actor.slug)).toEqual(['government-of-north-korea']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(2);
    const second = (await test.data<Targets>(TARGETS, { slug: EO_13722, first: 1, after: first.pageInfo.endCursor })).sanctionMeasure
      .targets;
    expect(second.nodes.map((node) => node.actor.slug)).toEqual(['workers-party-of-korea']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('targets North Korea itself for UNSCR 2270', async () => {
    const { targets } = (await test.data<Targets>(TARGETS, { slug: UNSCR_2270 })).sanctionMeasure;
    expect(targets.nodes.map((node) => node.actor.slug)).toEqual(['north-korea']);
  });
});

describe('Query.sanctionMeasures', () => {
  const ALL_BY_SIGNED_ON_DESC = [EO_13722, UNSCR_2270, EO_13687, PENALTIES];

  it('lists all four measures, most recently signed first, the undated one last', async () => {
    const list = await listMeasures({});
    expect(list.totalCount).toBe(4);
    expect(list.nodes.map((node) => node.slug)).toEqual(ALL_BY_SIGNED_ON_DESC);
  });

  describe('filter', () => {
    it('sectors [MINING] finds E.O. 13722 and UNSCR 2270', async () => {
      expect(await measureSlugs({ filter: { sectors: ['MINING'] } })).toEqual([EO_13722, UNSCR_2270]);
    });

    it('sectors matches any of the sectors given', async () => {
      expect(await measureSlugs({ filter: { sectors: ['MEDIA', 'GOVERNMENT'] } })).toEqual([EO_13687, PENALTIES]);
    });

    it('provisions [LABOR_EXPORT_BAN] finds only E.O. 13722', async () => {
      expect(await measureSlugs({ filter: { provisions: ['LABOR_EXPORT_BAN'] } })).toEqual([EO_13722]);
    });

    it('provisions [ASSET_FREEZE] finds the two executive orders, each once', async () => {
      // E.O. 13722 has two ASSET_FREEZE provisions; it must still appear once.
      const list = await listMeasures({ filter: { provisions: ['ASSET_FREEZE'] } });
      expect(list.nodes.map((node) => node.slug)).toEqual([EO_13722, EO_13687]);
      expect(list.totalCount).toBe(2);
    });

    it('scopes [MULTILATERAL] finds UNSCR 2270', async () => {
      expect(await measureSlugs({ filter: { scopes: ['MULTILATERAL'] } })).toEqual([UNSCR_2270]);
    });

    it('instruments [EXECUTIVE_ORDER] finds E.O. 13722 and E.O. 13687', async () => {
      expect(await measureSlugs({ filter: { instruments: ['EXECUTIVE_ORDER'] } })).toEqual([EO_13722, EO_13687]);
    });

    it('issuers finds what the United States and the Security Council imposed', async () => {
      const unitedStates = await idOf(test, 'actor', 'united-states');
      const securityCouncil = await idOf(test, 'actor', 'un-security-council');
      expect(await measureSlugs({ filter: { issuers: [unitedStates] } })).toEqual([EO_13722, EO_13687, PENALTIES]);
      expect(await measureSlugs({ filter: { issuers: [securityCouncil] } })).toEqual([UNSCR_2270]);
    });

    it('targets finds the measures on an actor’s designation list', async () => {
      const government = await idOf(test, 'actor', 'government-of-north-korea');
      const department = await idOf(test, 'actor', 'propaganda-and-agitation-department');
      const china = await idOf(test, 'actor', 'china');
      expect(await measureSlugs({ filter: { targets: [government] } })).toEqual([EO_13722, EO_13687]);
      expect(await measureSlugs({ filter: { targets: [department] } })).toEqual([PENALTIES]);
      expect(await measureSlugs({ filter: { targets: [china] } })).toEqual([]);
    });

    it('triggeredBy finds the measures an event triggered', async () => {
      const nuclearTest = await idOf(test, 'event', 'north-korea-nuclear-test-2016-01-06');
      const cyberAttack = await idOf(test, 'event', 'sony-pictures-cyber-attack-2014');
      expect(await measureSlugs({ filter: { triggeredBy: [nuclearTest] } })).toEqual([EO_13722, UNSCR_2270]);
      expect(await measureSlugs({ filter: { triggeredBy: [cyberAttack] } })).toEqual([EO_13687]);
    });

    it('signedOn keeps measures signed within the range, bounds included, and never the undated one', async () => {
      expect(await measureSlugs({ filter: { signedOn: { from: '2016-01-01', to: '2016-03-10' } } })).toEqual([UNSCR_2270]);
      expect(await measureSlugs({ filter: { signedOn: { from: '2016-03-02', to: '2016-03-15' } } })).toEqual([EO_13722, UNSCR_2270]);
      expect(await measureSlugs({ filter: { signedOn: { to: '2015-12-31' } } })).toEqual([EO_13687]);
      expect(await measureSlugs({ filter: { signedOn: { from: '2015-01-01' } } })).toEqual([EO_13722, UNSCR_2270, EO_13687]);
      expect(await measureSlugs({ filter: { signedOn: { from: '2016-03-16' } } })).toEqual([]);
    });

    it('announcedOn keeps measures made public within the range', async () => {
      expect(await measureSlugs({ filter: { announcedOn: { from: '2016-03-16', to: '2016-03-16' } } })).toEqual([EO_13722]);
    });

    it('combines fields with AND', async () => {
      expect(await measureSlugs({ filter: { instruments: ['EXECUTIVE_ORDER'], sectors: ['MINING'] } })).toEqual([EO_13722]);
      expect(await measureSlugs({ filter: { scopes: ['MULTILATERAL'], provisions: ['LABOR_EXPORT_BAN'] } })).toEqual([]);
    });

    it('rejects an empty list and a range that ends before it starts with BAD_USER_INPUT', async () => {
      const empty = await test.graphql(LIST_MEASURES, { filter: { sectors: [] } });
      expect(errorCodes(empty)).toEqual(['BAD_USER_INPUT']);
      const backwards = await test.graphql(LIST_MEASURES, { filter: { signedOn: { from: '2016-03-15', to: '2016-03-01' } } });
      expect(errorCodes(backwards)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('orderBy', () => {
    it('SIGNED_ON DESC puts the undated measure last', async () => {
      expect(await measureSlugs({ orderBy: { field: 'SIGNED_ON', direction: 'DESC' } })).toEqual(ALL_BY_SIGNED_ON_DESC);
    });

    it('SIGNED_ON ASC puts the undated measure last as well', async () => {
      expect(await measureSlugs({ orderBy: { field: 'SIGNED_ON', direction: 'ASC' } })).toEqual([EO_13687, UNSCR_2270, EO_13722, PENALTIES]);
    });

    it('ANNOUNCED_ON ASC orders by the day made public, nulls last', async () => {
      expect(await measureSlugs({ orderBy: { field: 'ANNOUNCED_ON', direction: 'ASC' } })).toEqual([
        EO_13687,
        UNSCR_2270,
        EO_13722,
        PENALTIES,
      ]);
    });

    it('NAME ASC and DESC order by the measure’s name', async () => {
      // "Executive Order 13687" < "Executive Order 13722" < "U.S. penalties …" < "UN Security Council …"
      const ascending = [EO_13687, EO_13722, PENALTIES, UNSCR_2270];
      expect(await measureSlugs({ orderBy: { field: 'NAME', direction: 'ASC' } })).toEqual(ascending);
      expect(await measureSlugs({ orderBy: { field: 'NAME', direction: 'DESC' } })).toEqual([...ascending].reverse());
    });
  });

  describe('pagination', () => {
    const orders = [
      { field: 'SIGNED_ON', direction: 'DESC' },
      { field: 'SIGNED_ON', direction: 'ASC' },
      { field: 'ANNOUNCED_ON', direction: 'DESC' },
      { field: 'NAME', direction: 'ASC' },
    ] as const;

    it.each(orders)('first: 1 with after = endCursor visits every measure once, as one page does ($field $direction)', async (orderBy) => {
      const onePage = await measureSlugs({ orderBy, first: 4 });
      const visited: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const list = await listMeasures({ orderBy, first: 1, after });
        visited.push(...list.nodes.map((node) => node.slug));
        expect(list.pageInfo.hasPreviousPage).toBe(after !== null);
        if (!list.pageInfo.hasNextPage) break;
        after = list.pageInfo.endCursor;
      }
      expect(onePage).toHaveLength(4);
      expect(visited).toEqual(onePage);
      expect(new Set(visited).size).toBe(4);
    });

    it('a page after the undated measure is empty', async () => {
      const all = await listMeasures({ first: 4 });
      expect(all.nodes.at(-1)?.slug).toBe(PENALTIES);
      const beyond = await listMeasures({ first: 4, after: all.pageInfo.endCursor });
      expect(beyond.nodes).toEqual([]);
      expect(beyond.pageInfo.hasNextPage).toBe(false);
    });

    it('last: 1 with before = startCursor reads the same list backwards, across the null', async () => {
      const orderBy = { field: 'SIGNED_ON', direction: 'DESC' };
      const visited: string[] = [];
      let before: string | null = null;
      for (let page = 0; page < 10; page++) {
        const list = await listMeasures({ orderBy, last: 1, before });
        visited.unshift(...list.nodes.map((node) => node.slug));
        if (!list.pageInfo.hasPreviousPage) break;
        before = list.pageInfo.startCursor;
      }
      expect(visited).toEqual(ALL_BY_SIGNED_ON_DESC);
    });

    it('rejects a cursor issued for another ordering with BAD_USER_INPUT', async () => {
      const byName = await listMeasures({ orderBy: { field: 'NAME', direction: 'ASC' }, first: 1 });
      const result = await test.graphql(LIST_MEASURES, { orderBy: { field: 'SIGNED_ON', direction: 'DESC' }, after: byName.pageInfo.endCursor });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    });
  });
});

describe('Actor.sanctionsIssued', () => {
  const ISSUED = /* GraphQL */ `
    query($slug: String!, $filter: SanctionMeasureFilter) {
      actor(slug: $slug) { sanctionsIssued(filter: $filter) { totalCount nodes { slug } } }
    }
  `;
  interface Issued {
    actor: { sanctionsIssued: { totalCount: number; nodes: SlugNode[] } };
  }

  it('lists the three measures the United States imposed, most recently signed first', async () => {
    const { sanctionsIssued } = (await test.data<Issued>(ISSUED, { slug: 'united-states' })).actor;
    expect(sanctionsIssued.totalCount).toBe(3);
    expect(sanctionsIssued.nodes.map((node) => node.slug)).toEqual([EO_13722, EO_13687, PENALTIES]);
  });

  it('lists UNSCR 2270 for the Security Council and nothing for China', async () => {
    expect((await test.data<Issued>(ISSUED, { slug: 'un-security-council' })).actor.sanctionsIssued.nodes).toEqual([{ slug: UNSCR_2270 }]);
    expect((await test.data<Issued>(ISSUED, { slug: 'china' })).actor.sanctionsIssued).toEqual({ totalCount: 0, nodes: [] });
  });

  it('applies a filter to the issuer’s measures', async () => {
    const { sanctionsIssued } = (await test.data<Issued>(ISSUED, { slug: 'united-states', filter: { instruments: ['DESIGNATION'] } })).actor;
    expect(sanctionsIssued).toEqual({ totalCount: 1, nodes: [{ slug: PENALTIES }] });
  });
});

describe('Actor.sanctionsAgainst', () => {
  const AGAINST = /* GraphQL */ `
    query($slug: String!) {
      actor(slug: $slug) { sanctionsAgainst { totalCount nodes { note measure { slug } actor { slug } } } }
    }
  `;
  interface Against {
    actor: { sanctionsAgainst: { totalCount: number; nodes: { note: string | null; measure: SlugNode; actor: SlugNode }[] } };
  }

  it('finds the two measures that target the Government of North Korea', async () => {
    const { sanctionsAgainst } = (await test.data<Against>(AGAINST, { slug: 'government-of-north-korea' })).actor;
    expect(sanctionsAgainst.totalCount).toBe(2);
    expect(sanctionsAgainst.nodes.map((node) => node.measure.slug).sort()).toEqual([EO_13687, EO_13722].sort());
    for (const node of sanctionsAgainst.nodes) expect(node.actor.slug).toBe('government-of-north-korea');
  });

  it('finds nothing against China', async () => {
    expect((await test.data<Against>(AGAINST, { slug: 'china' })).actor.sanctionsAgainst).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe('Event.triggeredMeasures', () => {
  it('links the Sony Pictures cyber-attack to E.O. 13687 and the sentencing to nothing', async () => {
    const data = await test.data<{ sony: { triggeredMeasures: SlugNode[] }; sentencing: { triggeredMeasures: SlugNode[] } }>(/* GraphQL */ `
      {
        sony: event(slug: "sony-pictures-cyber-attack-2014") { triggeredMeasures { slug } }
        sentencing: event(slug: "otto-warmbier-sentencing-2016-03-16") { triggeredMeasures { slug } }
      }
    `);
    expect(data.sony.triggeredMeasures).toEqual([{ slug: EO_13687 }]);
    expect(data.sentencing.triggeredMeasures).toEqual([]);
  });

  it('links the February 7 launch to E.O. 13722 and UNSCR 2270', async () => {
    const { event } = await test.data<{ event: { triggeredMeasures: SlugNode[] } }>(
      `{ event(slug: "north-korea-rocket-launch-2016-02-07") { triggeredMeasures { slug } } }`,
    );
    expect(event.triggeredMeasures.map((measure) => measure.slug).sort()).toEqual([EO_13722, UNSCR_2270].sort());
  });
});

describe('Article.mentionedMeasures', () => {
  it('lists the four measures the seed article mentions', async () => {
    const { article } = await test.data<{ article: { mentionedMeasures: SlugNode[] } }>(
      `{ article(slug: "beijing-blasts-new-us-sanctions-on-north-korea") { mentionedMeasures { slug } } }`,
    );
    expect(article.mentionedMeasures.map((measure) => measure.slug).sort()).toEqual([EO_13722, UNSCR_2270, EO_13687, PENALTIES].sort());
  });
});

describe('SanctionMeasure.articles', () => {
  it('finds the seed article for every measure it mentions', async () => {
    const data = await test.data<{ sanctionMeasures: { nodes: { slug: string; articles: { totalCount: number; nodes: { slug: string; headline: string }[] } }[] } }>(
      `{ sanctionMeasures { nodes { slug articles { totalCount nodes { slug headline } } } } }`,
    );
    expect(data.sanctionMeasures.nodes).toHaveLength(4);
    for (const measure of data.sanctionMeasures.nodes) {
      expect(measure.articles).toEqual({
        totalCount: 1,
        nodes: [{ slug: 'beijing-blasts-new-us-sanctions-on-north-korea', headline: 'Beijing Blasts New U.S. Sanctions on North Korea' }],
      });
    }
  });

  it('applies an article filter', async () => {
    const { sanctionMeasure } = await test.data<{ sanctionMeasure: { articles: { totalCount: number } } }>(
      `{ sanctionMeasure(slug: "us-eo-13722") { articles(filter: { publishedOn: { from: "2016-03-18" } }) { totalCount } } }`,
    );
    expect(sanctionMeasure.articles.totalCount).toBe(0);
  });
});

describe('Query.node (SanctionMeasure)', () => {
  it('fetches a measure by the ID sanctionMeasure(slug) returns', async () => {
    const id = await idOf(test, 'sanctionMeasure', EO_13722);
    const { node } = await test.data<{ node: { __typename: string; id: string; slug: string } | null }>(
      `query($id: ID!) { node(id: $id) { __typename id ... on SanctionMeasure { slug } } }`,
      { id },
    );
    expect(node).toEqual({ __typename: 'SanctionMeasure', id, slug: EO_13722 });
  });
});
