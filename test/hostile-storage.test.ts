// Two processes writing one store: a real server next to a real NDJSON importer, or next to a
// process that holds SQLite's write lock. Writes wait for the lock (the 5 s busy timeout), and a
// store still locked after that answers STORE_BUSY with 503 and Retry-After, never
// INTERNAL_SERVER_ERROR; an importer that cannot get the lock stops at a batch boundary and says
// which line it reached.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeeds } from '../seeds/load.js';
import { openDatabase } from '../server/store/database.js';
import { createStore } from '../server/store/index.js';
import { migrateToLatest } from '../server/store/migrate.js';
import { postGraphQL, ROOT, runCommand, type Server, startCommand, startServer } from './helpers/processes.js';

const SQLite = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

let dir: string;
let file: string;
let editorKey: string;
const servers: Server[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stancegraph-hostile-storage-'));
  file = join(dir, 'store.sqlite');
  const store = createStore(openDatabase(file));
  await migrateToLatest(store.db);
  await loadSeeds(store.db);
  editorKey = (await store.apiKeys.create('editor', 'EDITOR')).key;
  await store.close();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function serve(): Promise<Server> {
  const server = await startServer({ DATABASE_URL: file });
  servers.push(server);
  return server;
}

let topics = 0;
/** One write through the API: a new topic (its own slug, so writes never conflict with each other). */
function createTopic(server: Server) {
  const name = `Concurrent topic ${++topics}`;
  return postGraphQL(server.url, 'mutation($name: String!) { createTopic(input: { name: $name }) { topic { slug } } }', { name }, {
    authorization: `Bearer ${editorKey}`,
  });
}

/**
 * Another process that takes the store's write lock (BEGIN IMMEDIATE), writes a row, holds the lock
 * for `holdMs` and commits. Resolves once the lock is held; `released` once the process has exited.
 */
async function holdWriteLock(holdMs: number): Promise<{ released: Promise<void> }> {
  const script = `
    const SQLite = require('better-sqlite3');
    const db = new SQLite(process.argv[1]);
    db.pragma('busy_timeout = 10000');
    db.exec('begin immediate');
    db.prepare("update topic set description = 'held' where id = (select min(id) from topic)").run();
    console.log('locked');
    setTimeout(() => { db.exec('commit'); db.close(); }, Number(process.argv[2]));
  `;
  const child = spawn(process.execPath, ['-e', script, file, String(holdMs)], { cwd: ROOT });
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return { released };
}

/** An NDJSON file of `count` topic records, after the header line. */
function topicFile(count: number, prefix = 'imported'): string {
  const lines = [JSON.stringify({ type: 'stancegraph-export', version: 1 })];
  for (let i = 1; i <= count; i++) lines.push(JSON.stringify({ type: 'topic', slug: `${prefix}-topic-${i}`, name: `Imported topic ${i}` }));
  const path = join(dir, `${prefix}.ndjson`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const SLOW = { timeout: 120_000 };

describe('a server beside another writer', SLOW, () => {
  it('waits for a lock held for less than the busy timeout, and the write succeeds', async () => {
    const server = await serve();
    const lock = await holdWriteLock(1_500);
    const started = performance.now();
    const results = await Promise.all([createTopic(server), createTopic(server), createTopic(server)]);
    const elapsed = performance.now() - started;
    await lock.released;
    for (const result of results) {
      expect(result.body.errors).toBeUndefined();
      expect(result.status).toBe(200);
    }
    // They did wait for the other writer (a deferred BEGIN failed at once, or when it committed).
    expect(elapsed).toBeGreaterThan(1_000);
  });

  it('answers STORE_BUSY with 503 and Retry-After when the lock is held past the timeout, then writes again', async () => {
    const server = await serve();
    const lock = await holdWriteLock(7_500);
    const started = performance.now();
    const busy = await createTopic(server);
    const elapsed = performance.now() - started;
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('5');
    expect(busy.body.errors?.map((error) => error.extensions?.code)).toEqual(['STORE_BUSY']);
    expect(busy.body.errors?.[0]?.message).toContain('busy');
    // It waited out the busy timeout, no more.
    expect(elapsed).toBeGreaterThan(4_500);
    expect(elapsed).toBeLessThan(7_500);
    await lock.released;
    const after = await createTopic(server);
    expect(after.body.errors).toBeUndefined();
  });

  it('keeps writing while a real NDJSON import runs: every write succeeds or is STORE_BUSY, never INTERNAL_SERVER_ERROR', async () => {
    const server = await serve();
    const input = topicFile(20_000);
    const importer = startCommand(['import', '--format', 'ndjson', '--batch-size', '200', input], { DATABASE_URL: file });
    let importing = true;
    void importer.exited.then(() => (importing = false));
    const results: { code: string; ms: number }[] = [];
    // Writes in a steady stream for as long as the import runs (bounded: at most 400 of them).
    while (importing && results.length < 400) {
      const started = performance.now();
      const result = await createTopic(server);
      results.push({ code: result.body.errors ? String(result.body.errors[0]?.extensions?.code) : 'ok', ms: performance.now() - started });
    }
    const { code } = await importer.exited;
    expect(code, importer.output()).toBe(0);
    expect(importer.output()).toMatch(/imported 20000 of 20000 record\(s\)/);
    expect(results.length).toBeGreaterThan(5);
    expect(results.filter((result) => result.code !== 'ok' && result.code !== 'STORE_BUSY')).toEqual([]);
    // STORE_BUSY only after the busy timeout: a write that gave up at once (a deferred BEGIN failing
    // on its upgrade to a writer) is the fault this guards against. A batch of 200 takes far less
    // than 5 s, so in practice every write gets through.
    expect(results.filter((result) => result.code === 'STORE_BUSY' && result.ms < 4_500)).toEqual([]);
    console.log(`${results.length} writes during the import: ${results.filter((result) => result.code === 'ok').length} ok, slowest ${Math.round(Math.max(...results.map((result) => result.ms)))} ms`);
  });
});

describe('an NDJSON import beside another writer', SLOW, () => {
  it('stops at a batch boundary when the store stays busy, names the line, and a re-run completes it', async () => {
    const input = topicFile(20_000);
    const importer = startCommand(['import', '--format', 'ndjson', '--batch-size', '100', input], { DATABASE_URL: file });
    // Once some batches are in, another process takes the lock (between two batches) for longer
    // than the importer waits.
    await until(() => importedTopics() > 0 || importer.child.exitCode !== null, 60_000);
    const lock = await holdWriteLock(7_000);
    const { code } = await importer.exited;
    await lock.released;
    const output = importer.output();
    expect(code, output).toBe(1);
    const match = /line (\d+): stopped here: another process kept the store locked for more than 5 s\. Nothing from line \1 on was written; the (\d+) batch\(es\) before it were\. Re-running the same import is safe/.exec(output);
    expect(match, output).not.toBeNull();
    const [line, batches] = [Number(match?.[1]), Number(match?.[2])];
    // A batch boundary: the header is line 1, then batches of 100 records.
    expect((line - 2) % 100).toBe(0);
    expect(batches).toBe((line - 2) / 100);
    expect(importedTopics()).toBe(batches * 100);
    expect(output).not.toContain('    at '); // a message, not a stack

    const rerun = await runCommand(['import', '--format', 'ndjson', '--batch-size', '100', input], { DATABASE_URL: file });
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toContain(`topic: ${20_000 - batches * 100} inserted, 0 updated, ${batches * 100} unchanged`);
    expect(importedTopics()).toBe(20_000);
  });
});

/** How many topics the importer has committed so far (read through a connection of our own). */
function importedTopics(): number {
  const raw = new SQLite(file, { readonly: true });
  try {
    return (raw.prepare(`select count(*) as n from topic where slug like 'imported-topic-%'`).get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
