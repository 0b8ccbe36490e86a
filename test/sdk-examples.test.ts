// The SDK's examples (sdk/examples/) run against the seed data, so they cannot rot: in-process through
// the client's `fetch` option, and once each as the script a user runs, over a real port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as chinaOnExecutiveOrder } from '../sdk/examples/china-on-executive-order.js';
import { main as customQuery, WhatWasSaidDocument } from '../sdk/examples/custom-query.js';
import { createClient, type StancegraphClient } from '../sdk/src/index.js';
import { ROOT, run } from './helpers/sdk-package.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const LU_KANG_ON_UNILATERAL_SANCTIONS =
  'Any so-called unilateral sanctions imposed by any country should neither affect nor harm China’s reasonable interests';

let test: TestApp;
let client: StancegraphClient;

beforeAll(async () => {
  test = await createTestApp();
  client = createClient({ url: 'http://yoga/graphql', fetch: test.app.fetch as typeof fetch });
});
afterAll(() => test.close());

async function outputOf(example: (log: (line: string) => void) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  await example((line) => lines.push(line));
  return lines;
}

/** Runs an example as a script (`node --import tsx sdk/examples/<file>`) against the app on a real port. */
async function runScript(file: string, args: string[] = []) {
  const server = http.createServer(test.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  try {
    return await run(process.execPath, ['--import', 'tsx', `sdk/examples/${file}`, ...args], { cwd: ROOT, env: { ...process.env, STANCEGRAPH_URL: url } });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('sdk/examples/china-on-executive-order.ts', () => {
  it('prints China’s two stances on E.O. 13722, each followed by its evidence: speaker, kind and text', async () => {
    const lines = await outputOf((log) => chinaOnExecutiveOrder(client, log));

    const stances = lines.filter((line) => !line.startsWith('  '));
    expect(stances).toHaveLength(2);
    expect(stances.map((line) => line.split(':')[0]).sort()).toEqual(['China CONCERNED E.O. 13722', 'China OPPOSES E.O. 13722']);
    expect(lines).toContain(`  Lu Kang (DIRECT_QUOTE): “${LU_KANG_ON_UNILATERAL_SANCTIONS}”`);
    expect(lines).toContain('  Lu Kang (PARAPHRASE): “Beijing was opposed to any unilateral punishments against its ally in Pyongyang”');
    expect(lines).toContain('  Victor Cha (DIRECT_QUOTE): “China imports North Korean slave labor”');
    // Only China's stances: Victor Cha's and Elizabeth Rosenberg's own assessments are filtered out.
    expect(lines.join('\n')).not.toContain('a grade up');
    expect(lines.filter((line) => line.startsWith('  '))).toHaveLength(7);
  });

  it('runs as a script against STANCEGRAPH_URL', async () => {
    const result = await runScript('china-on-executive-order.ts');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Lu Kang (DIRECT_QUOTE): “${LU_KANG_ON_UNILATERAL_SANCTIONS}”`);
  });
});

describe('sdk/examples/custom-query.ts', () => {
  it('prints Lu Kang’s role and his six statements in reading order', async () => {
    const lines = await outputOf((log) => customQuery(client, 'lu-kang', log));

    expect(lines[0]).toBe('Lu Kang (Spokesman, Chinese Foreign Ministry): 6 statements');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toBe('  [131–210] PARAPHRASE: “Beijing was opposed to any unilateral punishments against its ally in Pyongyang”');
    expect(lines).toContain(`  [1268–1385] DIRECT_QUOTE: “${LU_KANG_ON_UNILATERAL_SANCTIONS}”`);
    const starts = lines.slice(1).map((line) => Number(/\[(\d+)–/.exec(line)?.[1]));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('returns the typed data of its document through client.request()', async () => {
    const { actor } = await client.request(WhatWasSaidDocument, { slug: 'lu-kang', first: 2 });

    expect(actor?.name).toBe('Lu Kang');
    expect(actor?.affiliations).toEqual([{ role: 'Spokesman', organization: { name: 'Chinese Foreign Ministry' } }]);
    expect(actor?.statements.totalCount).toBe(6);
    expect(actor?.statements.nodes).toEqual([
      { kind: 'PARAPHRASE', text: 'Beijing was opposed to any unilateral punishments against its ally in Pyongyang', span: { start: 131, end: 210 } },
      { kind: 'PARTIAL_QUOTE', text: 'paying attention to', span: { start: 338, end: 357 } },
    ]);
  });

  it('says so when the actor does not exist', async () => {
    expect(await outputOf((log) => customQuery(client, 'nobody', log))).toEqual(['No actor with slug "nobody".']);
  });

  it('runs as a script against STANCEGRAPH_URL, taking the actor from its argument', async () => {
    const result = await runScript('custom-query.ts', ['victor-cha']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Victor Cha\b.*: \d+ statements\n/);
    expect(result.stdout).toContain('“China imports North Korean slave labor”');
  });
});
