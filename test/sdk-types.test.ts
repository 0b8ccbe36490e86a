// The SDK's types as an app sees them: test/fixtures/sdk-consumer/consumer.ts imports '@stancegraph/sdk'
// (the workspace package, built to sdk/dist and resolved through its `exports`) and uses it correctly,
// and marks each misuse the types must reject with `// @ts-expect-error TSnnnn: why`. tsc proves both:
// it fails on a type error and on a marker with nothing to suppress.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSdk, lockSdkDist, ROOT, typecheck } from './helpers/sdk-package.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'sdk-consumer');
const CONSUMER = readFileSync(join(FIXTURE, 'consumer.ts'), 'utf8');
const SDK_README = readFileSync(join(ROOT, 'sdk', 'README.md'), 'utf8');
const MARKER = /^\s*\/\/ @ts-expect-error (TS\d+): /;

interface Expectation {
  /** 1-based line of the `@ts-expect-error` comment; the misuse is on the next line. */
  line: number;
  code: string;
}

function expectations(source: string): Expectation[] {
  return source.split('\n').flatMap((text, index) => {
    const code = MARKER.exec(text)?.[1];
    return code ? [{ line: index + 1, code }] : [];
  });
}

/** `file(line,column): error TSnnnn` diagnostics for consumer.ts, as `line code` pairs. */
function diagnostics(output: string): { line: number; code: string }[] {
  return [...output.matchAll(/consumer\.ts\((\d+),\d+\): error (TS\d+)/g)].map(([, line, code]) => ({ line: Number(line), code: code ?? '' }));
}

const temps: string[] = [];

/**
 * A project in a temp dir with the given files, resolving '@stancegraph/sdk' (and the packages the
 * files import) to the same places the fixture does; its tsconfig extends the fixture's.
 */
function project(files: Record<string, string>, compilerOptions: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'stancegraph-sdk-types-'));
  temps.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'sdk-consumer-copy', private: true, type: 'module' }));
  const tsconfig = { extends: join(FIXTURE, 'tsconfig.json'), compilerOptions, files: Object.keys(files) };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  const links: [string, string][] = [
    ['@stancegraph/sdk', join(ROOT, 'sdk')],
    ['graphql', join(ROOT, 'node_modules', 'graphql')],
    ['@graphql-typed-document-node/core', join(ROOT, 'node_modules', '@graphql-typed-document-node', 'core')],
    ['@types/node', join(ROOT, 'node_modules', '@types', 'node')],
  ];
  for (const [name, target] of links) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
  return join(dir, 'tsconfig.json');
}

describe('@stancegraph/sdk types, as an app type-checks them', { timeout: 120_000 }, () => {
  let release: (() => void) | undefined;
  const marked = expectations(CONSUMER);

  // Holds the sdk/dist lock until the last check has read the declarations.
  beforeAll(async () => {
    release = await lockSdkDist();
    await buildSdk();
  }, 240_000);
  afterAll(() => {
    release?.();
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  it('accept every correct use and reject every marked misuse: tsc exits 0 against the built package', async () => {
    expect(marked.length).toBeGreaterThanOrEqual(15);

    const result = await typecheck(join(FIXTURE, 'tsconfig.json'), ['--listFiles']);

    expect(result.stdout.split('\n').filter((line) => line.includes('error TS'))).toEqual([]);
    expect(result.code).toBe(0);
    // '@stancegraph/sdk' resolved through the package's `exports` to the built declarations.
    const files = result.stdout.split('\n');
    expect(files).toContain(join(ROOT, 'sdk', 'dist', 'index.d.ts'));
    expect(files).toContain(join(ROOT, 'sdk', 'dist', 'generated', 'graphql.d.ts'));
    expect(files.filter((file) => file.startsWith(join(ROOT, 'sdk', 'src')))).toEqual([]);
  });

  it('fail when a misuse is no longer marked, naming its line', async () => {
    // The variable of the wrong type: `client.actor({ slug: 42 })`.
    const lines = CONSUMER.split('\n');
    const marker = lines.findIndex((line) => MARKER.test(line) && line.includes('`slug` is a String'));
    expect(lines[marker + 1]).toContain('client.actor({ slug: 42 })');
    const withoutMarker = [...lines.slice(0, marker), ...lines.slice(marker + 1)].join('\n');

    const result = await typecheck(project({ 'consumer.ts': withoutMarker }));

    expect(result.code).not.toBe(0);
    // The misuse moved up into the marker's line.
    expect(diagnostics(result.stdout)).toEqual([{ line: marker + 1, code: 'TS2322' }]);
    expect(result.stdout).toContain(`consumer.ts(${marker + 1},`);
    expect(result.stdout).toContain("Type 'number' is not assignable to type 'string'");
  });

  it('reject each marked misuse with the error its marker names, and nothing else', async () => {
    // Every marker turned into a plain comment, so each misuse stays on its line.
    const unmarked = CONSUMER.split('\n')
      .map((line) => line.replace(MARKER, (match) => match.replace('@ts-expect-error', 'expected')))
      .join('\n');

    const result = await typecheck(project({ 'consumer.ts': unmarked }));

    expect(result.code).not.toBe(0);
    expect(diagnostics(result.stdout)).toEqual(marked.map(({ line, code }) => ({ line: line + 1, code })));
  });

  it('accept the TypeScript samples in sdk/README.md, each compiled as a module of an app', async () => {
    const samples = [...SDK_README.matchAll(/```ts\n([\s\S]*?)```/g)].map(([, code]) => code ?? '');
    expect(samples.length).toBeGreaterThanOrEqual(6);
    // A sample that uses the client without creating it continues an earlier one.
    const files = Object.fromEntries(
      samples.map((code, index) => {
        const client = /\bconst client\b/.test(code) ? '' : "declare const client: import('@stancegraph/sdk').StancegraphClient;\n";
        return [`readme-${index + 1}.ts`, `${code}${client}export {};\n`];
      }),
    );

    const result = await typecheck(project(files, { types: ['node'] }));

    expect(result.stdout.split('\n').filter((line) => line.includes('error TS'))).toEqual([]);
    expect(result.code).toBe(0);
  });
});
