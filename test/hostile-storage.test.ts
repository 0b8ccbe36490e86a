// Two processes writing one store: a real server next to a real NDJSON importer, or next to a
// process that holds SQLite's write lock. Writes wait for the lock (the 5 s busy timeout), and a
// store still locked after that answers STORE_BUSY with 503 and Retry-After, never
// INTERNAL_SERVER_ERROR; an importer that cannot get the lock stops at a batch boundary and says
// which line it reached.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, createReadStream, closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSeeds } from '../seeds/load.js';
import { BulkImportError, importNdjson } from '../server/ingest/bulk.js';
import { openDatabase } from '../server/store/database.js';
import { FAULT_WINDOW_MS, StorageMonitor } from '../server/store/health.js';
import { createStore } from '../server/store/index.js';
import { migrateToLatest } from '../server/store/migrate.js';
import { createTestApp } from './helpers/test-app.js';
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

async function serve(databaseUrl = file, options: Parameters<typeof startServer>[1] = {}): Promise<Server> {
  const server = await startServer({ DATABASE_URL: databaseUrl }, options);
  servers.push(server);
  return server;
}

let topics = 0;
/** One write through the API: a new topic (its own slug, so writes never conflict with each other). */
function createTopic(server: Pick<Server, 'url'>) {
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
    // SQLite's own busy wait sleeps and may keep missing the gaps between a busy writer's
    // transactions (an import commits and begins again within milliseconds): try without pause.
    db.pragma('busy_timeout = 0');
    const giveUp = Date.now() + 20000;
    for (;;) {
      try { db.exec('begin immediate'); break; } catch (error) { if (Date.now() > giveUp) throw error; }
    }
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
    // While the write waits for the lock, the server goes on answering: the wait is not SQLite's
    // (which would block the event loop) but the driver's, between short tries.
    const waiting = createTopic(server);
    let healthWorst = 0;
    for (let check = 0; check < 10; check++) {
      const asked = performance.now();
      const health = await fetch(`${server.origin}/health`);
      await health.arrayBuffer();
      healthWorst = Math.max(healthWorst, performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const busy = await waiting;
    const elapsed = performance.now() - started;
    expect(healthWorst).toBeLessThan(1_000);
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

// Storage faults: each is produced for real, and the test checks what an operator and a client see:
// the cause in the log (once, not masked by a failed ROLLBACK), a degraded /health, and a store file
// that is never quietly replaced.

async function health(server: Server): Promise<{ status: number; body: { status: string; database: string } }> {
  const response = await fetch(`${server.origin}/health`, { signal: AbortSignal.timeout(20_000) });
  return { status: response.status, body: (await response.json()) as { status: string; database: string } };
}

const READ = '{ topics(first: 1) { totalCount } }';

/** Mounting needs root (CAP_SYS_ADMIN); where it is refused, the page-limit test below stands in. */
function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'stancegraph-mount-probe-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return mounted;
}

/** Fills the volume holding `directory` with one file, to the last byte; returns the file. */
function fillVolume(directory: string): string {
  const filler = join(directory, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (const size of [1024 * 1024, 4096, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

describe('a full disk', SLOW, () => {
  it.runIf(canMountTmpfs())('on a real (small) tmpfs: writes fail with the cause logged, /health says degraded, and it recovers', async () => {
    const disk = join(dir, 'disk');
    mkdirSync(disk);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${16 * 1024 * 1024}`, 'tmpfs', disk]).status).toBe(0);
    try {
      const onDisk = join(disk, 'store.sqlite');
      copyFileSync(file, onDisk);
      const server = await serve(onDisk);
      expect((await createTopic(server)).body.errors).toBeUndefined();
      expect(await health(server)).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });

      const filler = fillVolume(disk);
      const failed = await createTopic(server);
      expect(failed.body.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      const degraded = await health(server);
      expect(degraded.status).toBe(503);
      expect(degraded.body.status).toBe('degraded');
      expect(degraded.body.database).toContain('disk full');
      // The log says why, and is not masked by the ROLLBACK of a transaction SQLite already ended.
      expect(server.output()).toContain('database or disk is full');
      expect(server.output()).not.toContain('cannot rollback');
      // Reads go on.
      expect((await postGraphQL(server.url, READ)).body.errors).toBeUndefined();

      rmSync(filler);
      expect((await createTopic(server)).body.errors).toBeUndefined();
      expect(await health(server)).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
      await server.stop();
    } finally {
      await Promise.all(servers.splice(0).map((server) => server.stop()));
      spawnSync('umount', ['-l', disk]);
    }
  });

  // SQLite fails a statement that needs a page beyond max_page_count with SQLITE_FULL, as on a full
  // disk, but leaves the transaction open (a full disk at COMMIT ends it, which is what a failed
  // ROLLBACK used to mask: only the tmpfs test above shows that part).
  it('at the page limit (PRAGMA max_page_count, SQLITE_FULL): the same, in-process, and it recovers', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const test = await createTestApp({ databaseUrl: file, seed: false, config: { logLevel: 'error' } });
    try {
      const key = await test.createKey('EDITOR');
      const health = async () => {
        const response = await test.app.fetch('http://yoga/health');
        return { status: response.status, body: (await response.json()) as { status: string; database: string } };
      };
      expect((await health()).status).toBe(200);
      // No page beyond those the file has: the next write that needs one fails as on a full disk.
      const { pages } = (await sql<{ pages: number }>`select page_count as pages from pragma_page_count()`.execute(test.db)).rows[0] as { pages: number };
      await sql.raw(`pragma max_page_count = ${pages}`).execute(test.db);
      // Topics with long descriptions until one needs a page the limit does not allow (bounded).
      let failed: Awaited<ReturnType<typeof test.graphql>> | undefined;
      for (let attempt = 1; attempt <= 100 && !failed?.errors; attempt++) {
        failed = await test.graphql('mutation($name: String!, $d: String) { createTopic(input: { name: $name, description: $d }) { topic { slug } } }', { name: `Big ${attempt}`, d: 'x'.repeat(900) }, { apiKey: key });
      }
      expect(failed?.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      const logged = errors.mock.calls.map((call) => call.map(String).join(' ')).join('\n');
      expect(logged).toContain('database or disk is full');
      expect(logged).not.toContain('cannot rollback');
      const degraded = await health();
      expect(degraded.status).toBe(503);
      expect(degraded.body).toMatchObject({ status: 'degraded' });
      expect(degraded.body.database).toContain('disk full');

      await sql.raw(`pragma max_page_count = ${pages + 1000}`).execute(test.db);
      const ok = await test.graphql('mutation { createTopic(input: { name: "Small again" }) { topic { slug } } }', {}, { apiKey: key });
      expect(ok.errors).toBeUndefined();
      expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
    } finally {
      errors.mockRestore();
      await test.close();
    }
  });
  it('stops an NDJSON import at the batch it could not write, naming its line', async () => {
    const db = openDatabase(file);
    try {
      const { pages } = (await sql<{ pages: number }>`select page_count as pages from pragma_page_count()`.execute(db)).rows[0] as { pages: number };
      await sql.raw(`pragma max_page_count = ${pages + 20}`).execute(db);
      const input = createReadStream(topicFile(5_000));
      const failure = await importNdjson(db, input, { author: { apiKeyId: null, name: 'test' }, batchSize: 100 }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(BulkImportError);
      const { line, message, summary } = failure as BulkImportError;
      expect(message).toMatch(new RegExp(`^line ${line}: stopped here: the store could not be written \\(database or disk is full\\)`));
      expect(message).toContain('Once that is fixed, re-running the same import is safe');
      expect((line - 2) % 100).toBe(0);
      expect(summary.batchesCommitted).toBe((line - 2) / 100);
    } finally {
      await db.destroy();
    }
  });
});

describe('a read-only store file', SLOW, () => {
  // Tests run as root, and root may write a file whatever its mode: chmod alone proves nothing.
  // So the server runs as nobody (uid 65534) when we are root, and then the file's mode applies,
  // as it does for any unprivileged service account (SQLite opens the file read-only and every write
  // fails with SQLITE_READONLY). Not root: chmod is enough on its own.
  it('serves reads, fails writes with the cause logged, and /health says degraded', async () => {
    const asRoot = process.getuid?.() === 0;
    chmodSync(dir, 0o777);
    chmodSync(file, 0o444);
    const server = await serve(file, asRoot ? { uid: 65534, gid: 65534 } : {});
    expect((await postGraphQL(server.url, READ)).body.errors).toBeUndefined();
    const failed = await createTopic(server);
    expect(failed.body.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(server.output()).toContain('attempt to write a readonly database');
    expect(server.output()).not.toContain('cannot rollback');
    const degraded = await health(server);
    expect(degraded.status).toBe(503);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.database).toContain('read-only');
  });
});

describe('a damaged store file', SLOW, () => {
  it('is named at start-up, /health says degraded, and the tables that are intact are still served', async () => {
    // Overwrite the root page of the statement table with garbage (the file is checkpointed and closed).
    const raw = new SQLite(file);
    const { rootpage } = raw.prepare(`select rootpage from sqlite_master where type = 'table' and name = 'statement'`).get() as { rootpage: number };
    const pageSize = Number(raw.pragma('page_size', { simple: true }));
    raw.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);

    const server = await serve();
    expect(server.output()).toContain(`the store ${file} is damaged`);
    const degraded = await health(server);
    expect(degraded.status).toBe(503);
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.database).toMatch(/^damaged: /);
    expect((await postGraphQL(server.url, READ)).body.errors).toBeUndefined();
    const broken = await postGraphQL(server.url, '{ statements(first: 1) { totalCount } }');
    expect(broken.body.errors?.map((error) => error.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(server.output()).toContain('malformed');
  });
});

describe('a store file that is not a database', SLOW, () => {
  it('refuses an empty (0-byte) file, naming it, and leaves it as it was', async () => {
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    const result = await runCommand(['serve'], { DATABASE_URL: empty });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`the store ${empty} is an empty file (0 bytes), not a database`);
    expect(statSync(empty).size).toBe(0);
    expect(existsSync(`${empty}-wal`)).toBe(false);
  });

  it('refuses a file that is not SQLite, naming it, and leaves it as it was', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'These are my notes, not a database.\n'.repeat(200));
    const before = readFileSync(notes);
    const result = await runCommand(['migrate'], { DATABASE_URL: notes });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`the store ${notes} is not a SQLite database`);
    expect(readFileSync(notes).equals(before)).toBe(true);
  });

  it('creates a missing directory on first start, and says so', async () => {
    const nested = join(dir, 'new', 'deeper', 'store.sqlite');
    const server = await serve(nested);
    expect(server.output()).toContain(`created the directory ${join(dir, 'new')} for the store`);
    expect(server.output()).toContain(`creating a new store at ${nested}`);
    expect((await health(server)).status).toBe(200);
  });
});

describe('StorageMonitor', () => {
  const probe = { ping: async () => {}, problems: () => [], damage: () => null };

  it('reports a storage fault for a minute, or until a write commits; damage until a restart', async () => {
    let now = 0;
    const monitor = new StorageMonitor(probe, () => now);
    monitor.recordFault('full', 'database or disk is full (SQLITE_FULL)');
    now = 30_000;
    expect(await monitor.report()).toEqual({ status: 'degraded', database: 'disk full: a statement failed 30 s ago with "database or disk is full (SQLITE_FULL)"' });
    now = FAULT_WINDOW_MS + 1;
    expect(await monitor.report()).toEqual({ status: 'ok', database: 'ok' });
    monitor.recordFault('read_only', 'attempt to write a readonly database (SQLITE_READONLY)');
    monitor.recordCommit();
    expect((await monitor.report()).status).toBe('ok');
    monitor.recordFault('damaged', 'database disk image is malformed (SQLITE_CORRUPT)');
    monitor.recordCommit();
    now += 10 * FAULT_WINDOW_MS;
    expect(await monitor.report()).toEqual({ status: 'degraded', database: 'damaged: database disk image is malformed (SQLITE_CORRUPT)' });
  });

  it('says unavailable when the store does not answer', async () => {
    const monitor = new StorageMonitor({ ...probe, ping: () => Promise.reject(new Error('closed')) });
    expect(await monitor.report()).toEqual({ status: 'unavailable', database: 'unreachable' });
  });
});
