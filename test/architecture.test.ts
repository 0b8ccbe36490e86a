// The dependency rules README "Architecture" draws, checked on every module's imports: the store
// knows nothing of GraphQL or HTTP, and the schema nothing of HTTP.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

function modules(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => (match[1] ?? match[2]) as string,
  );
}

/** The imports of the files in `folder` that break a rule, as `file → specifier`. */
function violations(folder: string, forbidden: (specifier: string, file: string) => boolean): string[] {
  return modules(folder).flatMap((file) => importsOf(file).filter((specifier) => forbidden(specifier, file)).map((specifier) => `${file} → ${specifier}`));
}

/** Where a relative specifier points, from the project root (`schema/errors.js`). */
function target(specifier: string, file: string): string {
  return specifier.startsWith('.') ? relative(ROOT, join(ROOT, file, '..', specifier)) : specifier;
}

describe('module boundaries', () => {
  it('the store imports no GraphQL, no HTTP and nothing of the schema or the app', () => {
    const found = violations('server/store', (specifier, file) => {
      const to = target(specifier, file);
      return /^(graphql|graphql-yoga|@graphql-yoga\/|@pothos\/|node:http)/.test(to) || /^(schema|sdk)\//.test(to) || /^server\/(app|main|saved-queries)/.test(to);
    });
    expect(found).toEqual([]);
  });

  it('the schema imports no HTTP: not Yoga, not node:http, not the app or its routes', () => {
    const found = violations('schema', (specifier, file) => {
      const to = target(specifier, file);
      return /^(graphql-yoga|@graphql-yoga\/|node:http)/.test(to) || /^server\/(app|main|saved-queries\/http|rate-limit)/.test(to);
    });
    expect(found).toEqual([]);
  });

  it('migrations are frozen history: they import no app code', () => {
    const found = violations('migrations', (specifier, file) => {
      const to = target(specifier, file);
      return !(to === 'kysely' || to.startsWith('migrations/'));
    });
    expect(found).toEqual([]);
  });

  it('finds the imports it checks (a rule that sees no imports could never fail)', () => {
    expect(importsOf('server/app.ts')).toContain('graphql-yoga');
    expect(importsOf('schema/builder.ts')).toContain('./errors.js');
    expect(modules('server/store').length).toBeGreaterThan(10);
  });
});
