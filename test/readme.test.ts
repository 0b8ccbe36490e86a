// The README's example queries run against the seed data, so the documentation cannot rot.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

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
