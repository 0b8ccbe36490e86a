// @stancegraph/sdk as it is published: `npm pack` of sdk/ (which builds it first, in `prepack`), the
// tarball's contents, and a throwaway app in a temp dir that installs the tarball, type-checks against
// it with NodeNext resolution and runs it under Node. Offline: the SDK's dependencies are linked from
// the repository's node_modules instead of installed from the registry.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockSdkDist, ROOT, run, typecheck } from './helpers/sdk-package.js';

const APP_TS = `import { createClient, isStancegraphError, paginate, type SanctionMeasureQuery, type StatementKind } from '@stancegraph/sdk';

const client = createClient({ url: 'http://localhost:4000/graphql', apiKey: 'sg_test', timeoutMs: 5_000 });

export async function identifierOf(slug: string): Promise<string | null> {
  const data: SanctionMeasureQuery = await client.sanctionMeasure({ slug, first: 1 });
  return data.sanctionMeasure?.identifier ?? null;
}

export async function quotesOf(speakerId: string): Promise<string[]> {
  const kinds: StatementKind[] = ['DIRECT_QUOTE'];
  const texts: string[] = [];
  try {
    for await (const statement of paginate(client.statements, { filter: { speakers: [speakerId], kinds } })) texts.push(statement.text);
  } catch (error) {
    if (isStancegraphError(error) && error.kind === 'graphql' && error.hasCode('BAD_USER_INPUT')) return [];
    throw error;
  }
  return texts;
}

// The package's types are real, not \`any\`: a number for \`slug\` is refused.
// @ts-expect-error TS2322: \`slug\` is a String
export const wrong = () => client.sanctionMeasure({ slug: 13722 });
`;

const APP_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    types: [],
  },
  files: ['app.ts'],
};

const RUN_MJS = `import * as sdk from '@stancegraph/sdk';

console.log(Object.keys(sdk).filter((name) => typeof sdk[name] === 'function').sort().join(' '));

// One call through a stubbed fetch: the built client, its typed error and its codes, at run time.
const answer = (body) => async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const ok = sdk.createClient({ url: 'http://stub/graphql', fetch: answer({ data: { sanctionMeasure: null } }) });
console.log(JSON.stringify(await ok.sanctionMeasure({ slug: 'us-eo-13722' })));
const failing = sdk.createClient({
  url: 'http://stub/graphql',
  fetch: answer({ errors: [{ message: 'Invalid ID', extensions: { code: 'BAD_USER_INPUT' } }], data: null }),
});
try {
  await failing.node({ id: 'nope' });
} catch (error) {
  console.log(error instanceof sdk.StancegraphError, error.kind, error.operationName, error.codes.join(','));
}
`;

let dir: string;
let tarball: string;
let entries: string[];
let app: string;

// `npm pack` rewrites sdk/dist (prepack builds it): hold the lock other test files take to read it.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stancegraph-sdk-package-'));
  const release = await lockSdkDist();
  try {
    const packed = await run('npm', ['pack', '--pack-destination', dir, '-w', 'sdk'], { cwd: ROOT });
    if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
  } finally {
    release();
  }
  const name = readdirSync(dir).find((file) => file.endsWith('.tgz'));
  if (!name) throw new Error(`npm pack left no tarball in ${dir}`);
  tarball = join(dir, name);
  entries = (await run('tar', ['-tzf', tarball])).stdout.split('\n').filter(Boolean).sort();

  app = join(dir, 'app');
  const sdk = join(app, 'node_modules', '@stancegraph', 'sdk');
  mkdirSync(sdk, { recursive: true });
  const extracted = await run('tar', ['-xzf', tarball, '-C', sdk, '--strip-components=1']);
  if (extracted.code !== 0) throw new Error(`tar -xzf failed: ${extracted.stderr}`);
  for (const dependency of ['graphql', 'graphql-request', '@graphql-typed-document-node/core']) {
    const link = join(app, 'node_modules', dependency);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dependency), link, 'dir');
  }
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'sdk-smoke', private: true, type: 'module', dependencies: { '@stancegraph/sdk': `file:${tarball}` } }, null, 2),
  );
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(APP_TSCONFIG, null, 2));
  writeFileSync(join(app, 'app.ts'), APP_TS);
  writeFileSync(join(app, 'run.mjs'), RUN_MJS);
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('@stancegraph/sdk as packed by npm', { timeout: 60_000 }, () => {
  it('holds the built entry point, its declarations, package.json and README, and no sources, tests or examples', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        'package/package.json',
        'package/README.md',
        'package/dist/index.js',
        'package/dist/index.d.ts',
        'package/dist/client.js',
        'package/dist/paginate.js',
        'package/dist/errors.js',
        'package/dist/generated/graphql.js',
        'package/dist/generated/graphql.d.ts',
        'package/dist/generated/sdk.js',
        'package/dist/generated/sdk.d.ts',
      ]),
    );
    expect(entries.every((entry) => entry.startsWith('package/'))).toBe(true);
    expect(entries.filter((entry) => /^package\/(src|examples|test)\/|\.test\.|\/codegen\.ts$|\/tsconfig\.json$/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.ts') && !entry.endsWith('.d.ts'))).toEqual([]);
  });

  it('type-checks an app that imports it with NodeNext resolution', async () => {
    const result = await typecheck(join(app, 'tsconfig.json'), ['--listFiles'], app);

    expect(result.stdout.split('\n').filter((line) => line.includes('error TS'))).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(join(app, 'node_modules', '@stancegraph', 'sdk', 'dist', 'index.d.ts'));
  });

  it('runs under Node from an .mjs file: its exported functions, and calls through a stubbed fetch', async () => {
    const result = await run(process.execPath, ['run.mjs'], { cwd: app });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'StancegraphError createClient getSdk isStancegraphError paginate',
      '{"sanctionMeasure":null}',
      'true graphql Node BAD_USER_INPUT',
      '',
    ]);
  });
});
