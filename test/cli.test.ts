// The command line as a user runs it (`npm start`, `npm run migrate`, `npm run seed`): real
// processes, a real port, a real SQLite file.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

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
    expect(run(['migrate', 'status']).stdout).toContain('pending  0001_core\npending  0002_writes');
    expect(run(['migrate']).stdout).toContain('applied 0001_core\napplied 0002_writes');
    expect(run(['migrate']).stdout).toContain('nothing to do');
    expect(run(['migrate', 'status']).stdout).toContain('applied  0002_writes');
    expect(run(['migrate', 'down']).stdout).toContain('reverted 0002_writes');
    expect(run(['migrate', 'status']).stdout).toContain('applied  0001_core\npending  0002_writes');
    expect(run(['migrate', 'latest']).stdout).toContain('applied 0002_writes');
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
