// The README's example queries run against the seed data, so the documentation cannot rot.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../schema/errors.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const CONFIG_SOURCE = readFileSync(new URL('../server/config.ts', import.meta.url), 'utf8');

function exampleQueries(): Map<string, string> {
  const section = README.split('## Example queries')[1]?.split('\n## ')[0] ?? '';
  const queries = new Map<string, string>();
  for (const [, query] of section.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const name = /query (\w+)/.exec(query ?? '')?.[1];
    if (name && query) queries.set(name, query);
  }
  return queries;
}

describe('README example queries', () => {
  let test: TestApp;
  const examples = exampleQueries();
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(() => test.close());

  it('are three, each named', () => {
    expect([...examples.keys()]).toEqual(['ResponsesToExecutiveOrder13722', 'WhatLuKangSaid', 'MiningSanctionsOf2016']);
  });

  it('ResponsesToExecutiveOrder13722: China opposes the order, with Lu Kang’s words as evidence', async () => {
    const { sanctionMeasure } = await test.data(examples.get('ResponsesToExecutiveOrder13722') ?? '');
    expect(sanctionMeasure.identifier).toBe('E.O. 13722');
    const china = sanctionMeasure.stances.nodes.find(
      (stance: { holder: { name: string }; position: string }) => stance.holder.name === 'China' && stance.position === 'OPPOSES',
    );
    expect(china.evidence.map((statement: { speaker: { name: string } }) => statement.speaker.name)).toContain('Lu Kang');
    expect(sanctionMeasure.stances.nodes.map((stance: { holder: { name: string } }) => stance.holder.name).sort()).toEqual([
      'China',
      'China',
      'Elizabeth Rosenberg',
      'Victor Cha',
    ]);
  });

  it('WhatLuKangSaid: six statements in reading order, spokesman of the Chinese Foreign Ministry', async () => {
    const { actor } = await test.data(examples.get('WhatLuKangSaid') ?? '');
    expect(actor.affiliations).toEqual([{ role: 'Spokesman', organization: { name: 'Chinese Foreign Ministry' } }]);
    expect(actor.statements.totalCount).toBe(6);
    const starts = actor.statements.nodes.map((statement: { span: { start: number } }) => statement.span.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(actor.statements.nodes[0].text).toBe('Beijing was opposed to any unilateral punishments against its ally in Pyongyang');
  });

  it('MiningSanctionsOf2016: E.O. 13722 and UNSCR 2270, each triggered by the January test and the February launch', async () => {
    const { sanctionMeasures } = await test.data(examples.get('MiningSanctionsOf2016') ?? '');
    expect(sanctionMeasures.nodes.map((measure: { identifier: string }) => measure.identifier)).toEqual(['E.O. 13722', 'UNSCR 2270']);
    for (const measure of sanctionMeasures.nodes) {
      expect(measure.triggeredBy.map((event: { occurredOn: string }) => event.occurredOn)).toEqual(['2016-01-06', '2016-02-07']);
    }
  });
});

describe('README saved-query URLs', () => {
  let test: TestApp;
  const section = README.split('## Saved queries')[1]?.split('\n## ')[0] ?? '';
  const urls = [...(section.match(/```http\n([\s\S]*?)```/)?.[1] ?? '').matchAll(/^GET (\S+)$/gm)].map((match) => match[1] as string);
  beforeAll(async () => {
    test = await createTestApp({ savedQueries: true });
  });
  afterAll(() => test.close());

  it('are four, one per seeded query', () => {
    expect(urls.map((url) => url.split('?')[0])).toEqual([
      '/queries/stances-toward-measure',
      '/queries/statements-by-actor',
      '/queries/measures-by-sector',
      '/queries/measure-timeline',
    ]);
  });

  it.each(urls)('GET %s answers 200 with rows', async (url) => {
    const response = await test.app.fetch(`http://yoga${url}`);
    expect(response.status).toBe(200);
    const body = await response.text();
    if (url.includes('format=csv')) {
      expect(response.headers.get('content-type')).toContain('text/csv');
      expect(body.split('\r\n').filter((line) => line !== '').length).toBeGreaterThan(1);
    } else {
      const result = JSON.parse(body) as { data: { actor: { statements: { nodes: unknown[] } } }; errors?: unknown };
      expect(result.errors).toBeUndefined();
      expect(result.data.actor.statements.nodes.length).toBeGreaterThan(0);
    }
  });
});

describe('README reference tables', () => {
  it('list every error code a client can get, each with when it happens', () => {
    const table = README.split('carry a stable `extensions.code`')[1]?.split('\n### ')[0] ?? '';
    const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('list every environment variable the configuration reads', () => {
    const table = README.split('## Configuration')[1]?.split('\n## ')[0] ?? '';
    const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    const read = [...CONFIG_SOURCE.matchAll(/\(\s*'([A-Z][A-Z_]+)'/g)].map((match) => match[1]);
    expect(new Set(read)).toEqual(new Set(documented.filter((name) => name !== undefined)));
  });
});
