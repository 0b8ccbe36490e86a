// The command line as a user runs it (`npm start`, `npm run migrate`, `npm run seed`): real
// processes, a real port, a real SQLite file.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MAIN = ['--import', 'tsx', 'server/main.ts'];

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stancegraph-cli-'));
  env = { ...(process.env as Record<string, string>), DATABASE_URL: join(dir, 'nested', 'store.sqlite'), PORT: '0', LOG_LEVEL: 'warn' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [...MAIN, ...args], { cwd: ROOT, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `serve` and resolves with the URL it prints once it listens. */
function startServer(extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [...MAIN, 'serve'], { cwd: ROOT, env: { ...env, ...extraEnv } });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

// Each command is a fresh Node process compiling TypeScript: slow on a loaded machine.
const SLOW = { timeout: 120_000 };

describe('serve', SLOW, () => {
  it('migrates and seeds a new store, answers over HTTP, and stops cleanly on SIGTERM', async () => {
    const { child, url, output } = await startServer();
    try {
      expect(output()).toContain('applied 0001_core');
      expect(output()).toContain('applied 0002_writes');
      expect(output()).toContain('loading the seed documents');

      const health = await fetch(url.replace('/graphql', '/health'));
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });

      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ sanctionMeasure(slug: "us-eo-13722") { identifier stances { totalCount } } }' }),
      });
      expect(await response.json()).toEqual({ data: { sanctionMeasure: { identifier: 'E.O. 13722', stances: { totalCount: 4 } } } });
    } finally {
      const exited = exitOf(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('does not seed again on the next start', async () => {
    expect(run(['migrate']).status).toBe(0);
    expect(run(['seed']).status).toBe(0);
    const { child, output } = await startServer();
    const exited = exitOf(child);
    child.kill('SIGTERM');
    await exited;
    expect(output()).not.toContain('loading the seed documents');
  });

  it('refuses to start on an unmigrated store when AUTO_MIGRATE is off', () => {
    const result = run(['serve'], { AUTO_MIGRATE: 'false' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('pending migrations');
  });
});

describe('migrate', SLOW, () => {
  it('applies, reports, reverts and re-applies the migrations', () => {
    const names = Object.keys(migrations);
    const last = names.at(-1) as string;
    expect(run(['migrate', 'status']).stdout).toContain(names.map((name) => `pending  ${name}`).join('\n'));
    expect(run(['migrate']).stdout).toContain(names.map((name) => `applied ${name}`).join('\n'));
    expect(run(['migrate']).stdout).toContain('nothing to do');
    expect(run(['migrate', 'status']).stdout).toContain(`applied  ${last}`);
    expect(run(['migrate', 'down']).stdout).toContain(`reverted ${last}`);
    expect(run(['migrate', 'status']).stdout).toContain(`applied  ${names.at(-2)}\npending  ${last}`);
    expect(run(['migrate', 'latest']).stdout).toContain(`applied ${last}`);
    expect(run(['migrate', 'sideways']).status).toBe(1);
  });
});

describe('seed', SLOW, () => {
  it('loads the seed documents once and changes nothing the second time', () => {
    run(['migrate']);
    const first = run(['seed']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('statement: 20 inserted');
    const second = run(['seed']);
    expect(second.stdout).toContain('no changes');
    expect(second.stdout).toContain('saved queries: unchanged');
    expect(second.stdout).not.toContain('kept');
  });

  it('keeps what an editor changed and says whose it is', () => {
    expect(run(['seed']).status).toBe(0);
    const file = join(dir, 'cha.ndjson');
    writeFileSync(file, `${JSON.stringify({ type: 'actor', slug: 'victor-cha', name: 'Victor Cha', kind: 'PERSON', aliases: ['Cha'], country: 'united-states', description: 'Korea Chair at CSIS.' })}\n`);
    expect(run(['import', '--format', 'ndjson', file]).status).toBe(0);

    const reseeded = run(['seed']);

    expect(reseeded.status).toBe(0);
    expect(reseeded.stdout).toMatch(/\n {2}actor victor-cha: kept, edited by cli:\S+ on \d{4}-\d{2}-\d{2} \(importNdjson\)\n/);
    expect(reseeded.stdout).toContain('no changes');
    const exported = run(['export', '--format', 'ndjson']).stdout;
    expect(exported).toContain('"description":"Korea Chair at CSIS."');
  });
});

describe('configuration errors', SLOW, () => {
  it('exits with a message naming the bad variable, not a stack trace', () => {
    const result = run(['serve'], { PORT: 'eighty', MAX_QUERY_DEPTH: '0' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT must be a whole number');
    expect(result.stderr).toContain('MAX_QUERY_DEPTH must be a whole number');
    expect(result.stderr).not.toMatch(/\s+at .+\.ts:\d+/);
  });

  it('rejects an unknown command with the usage', () => {
    const result = run(['dance']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown command "dance"');
    expect(result.stderr).toContain('Usage:');
  });

  it('rejects a database URL it cannot serve', () => {
    const result = run(['migrate'], { DATABASE_URL: 'postgres://localhost/stancegraph' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('only SQLite');
  });
});

describe('keys', SLOW, () => {
  it('creates a key that is printed once and works, lists it without the key, and revokes it', async () => {
    const created = run(['keys', 'create', '--role', 'editor', '--name', 'desk']);
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sg_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown only now');

    const listed = run(['keys', 'list']);
    expect(listed.stdout).toMatch(/1\s+desk\s+EDITOR\s+sg_\S+…\s+.*never\s+active/);
    expect(listed.stdout).not.toContain(key);

    const { child, url } = await startServer();
    const createTopic = (apiKey: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ query: 'mutation { createTopic(input: { name: "Export controls" }) { topic { slug } } }' }),
      });
    try {
      expect(await (await createTopic(key)).json()).toEqual({ data: { createTopic: { topic: { slug: 'export-controls' } } } });
      expect(run(['keys', 'revoke', '1']).stdout).toContain('revoked key 1 "desk"');
      const refused = await createTopic(key);
      expect(refused.status).toBe(401);
    } finally {
      const exited = exitOf(child);
      child.kill('SIGTERM');
      await exited;
    }
    expect(run(['keys', 'list']).stdout).toMatch(/revoked \d{4}-\d{2}-\d{2}/);
  });

  it('explains a bad role, a missing name and an unknown key instead of failing with a stack', () => {
    for (const [args, message] of [
      [['keys', 'create', '--role', 'boss', '--name', 'x'], '--role must be one of reader, analyst, editor, admin'],
      [['keys', 'create', '--role', 'reader'], '--name is required'],
      [['keys', 'revoke', '9'], 'no active key with ID 9'],
      [['keys'], 'keys needs a command'],
    ] as const) {
      const result = run([...args]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toMatch(/\s+at .+\.ts:\d+/);
    }
  });
});

describe('import (plain text)', SLOW, () => {
  const SEED_TEXT = join(ROOT, 'seeds', 'beijing-blasts-new-us-sanctions-on-north-korea', 'article.txt');

  it('imports an article, lists its pending statements, and refuses the same article twice', () => {
    expect(run(['seed']).status).toBe(0);
    const imported = run(['import', '--published-on', '2016-03-17', '--publication', 'Wire copy', SEED_TEXT]);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/imported article\.txt as beijing-blasts-new-us-sanctions-on-north-korea-2: \d+ statements pending review/);
    // The seed already knows the speakers: they are matched, not duplicated.
    expect(imported.stdout).toMatch(/[1-9]\d* known actor\(s\) matched/);
    expect(imported.stdout).toContain('DIRECT_QUOTE Victor Cha');

    const again = run(['import', '--published-on', '2016-03-17', '--publication', 'Wire copy', SEED_TEXT, join(dir, 'missing.txt')]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('2 of 2 file(s) not imported');
    expect(again.stderr).toContain('already imported, as "beijing-blasts-new-us-sanctions-on-north-korea-2"');
    expect(again.stderr).toContain('missing.txt: ENOENT');
  });

  it('requires a real publication date', () => {
    expect(run(['import', SEED_TEXT]).stderr).toContain('--published-on is required');
    expect(run(['import', '--published-on', '2016-02-30', SEED_TEXT]).stderr).toContain('must be a real date');
  });
});

describe('export and import --format ndjson', SLOW, () => {
  it('round-trips the graph through a file into an empty store', () => {
    expect(run(['seed']).status).toBe(0);
    const file = join(dir, 'graph.ndjson');
    const exported = run(['export', '--output', file]);
    expect(exported.status).toBe(0);

    const other = { DATABASE_URL: join(dir, 'other.sqlite') };
    const imported = run(['import', '--format', 'ndjson', file], other);
    expect(imported.status).toBe(0);
    const again = join(dir, 'again.ndjson');
    expect(run(['export', '--output', again], other).status).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'));

    const stdout = run(['export'], other);
    expect(stdout.stdout).toBe(readFileSync(file, 'utf8'));
  });
});

describe('query', SLOW, () => {
  it('lists the seeded queries, runs one as CSV, saves, shows and runs a new one, and explains an invalid one', () => {
    expect(run(['seed']).status).toBe(0);
    const listed = run(['query', 'list']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^NAME\s+VERSION\s+STATUS\s+TITLE\n/);
    for (const name of ['measures-by-sector', 'stances-toward-measure', 'statements-by-actor']) {
      expect(listed.stdout).toMatch(new RegExp(`\\n${name}\\s+v1\\s+OK\\s+\\S`));
    }

    const csv = run(['query', 'run', 'measures-by-sector', '--var', 'sectors=MINING', '--format', 'csv']);
    expect(csv.status).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe('name,identifier,instrument,scope,signedOn,issuer.name,sectors,targets.nodes.actor.name,targets.nodes.actor.kind');
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(['E.O. 13722', 'UNSCR 2270', undefined]);

    const file = join(dir, 'my-q.graphql');
    writeFileSync(file, 'query MyQuery($first: Int = 2) {\n  topics(first: $first) { nodes { slug } }\n}\n');
    const saved = run(['query', 'save', 'my-q', '--file', file, '--title', 'My query']);
    expect(saved.stdout).toBe('saved "my-q" as version 1; run it at /queries/my-q\n');
    const shown = run(['query', 'show', 'my-q']);
    expect(shown.stdout).toContain('My query (my-q, version 1 of 1, OK)');
    expect(shown.stdout).toContain('query MyQuery($first: Int = 2) {');
    const ran = run(['query', 'run', 'my-q', '--var', 'first=1']);
    expect(ran.status).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ data: { topics: { nodes: [{ slug: 'diplomatic-talks' }] } } });

    const bad = join(dir, 'bad.graphql');
    writeFileSync(bad, 'query Bad { topics { nodes { nam } } }\n');
    const refused = run(['query', 'save', 'bad', '--file', bad]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('The document cannot be saved: Cannot query field "nam" on type "Topic". Did you mean "name"?');
    expect(refused.stderr).not.toMatch(/\s+at .+\.ts:\d+/);
  });

  it('deletes a query but keeps it: seeding again leaves it deleted and says so, and restore brings it back', () => {
    expect(run(['seed']).status).toBe(0);
    expect(run(['query', 'delete', 'measures-by-sector']).stdout).toBe(
      'deleted "measures-by-sector"; its 1 version(s) are kept: `query restore measures-by-sector` brings it back\n',
    );
    const reseeded = run(['seed']);
    expect(reseeded.status).toBe(0);
    expect(reseeded.stdout).toContain('saved query "measures-by-sector" was deleted: left deleted (`npm run query -- restore measures-by-sector` brings it back)');
    expect(run(['query', 'list']).stdout).not.toContain('measures-by-sector');
    expect(run(['query', 'list', '--deleted']).stdout).toMatch(/\nmeasures-by-sector\s+v1\s+OK\s+.+\(deleted \d{4}-\d{2}-\d{2} by cli:/);
    expect(run(['query', 'restore', 'measures-by-sector']).stdout).toBe(
      'restored "measures-by-sector" with its 1 version(s) (OK); run it at /queries/measures-by-sector\n',
    );
    expect(run(['query', 'list']).stdout).toMatch(/\nmeasures-by-sector\s+v1\s+OK/);
  });
});
