// `migrate` killed with SIGKILL part-way: every migration runs in one transaction, so a kill leaves
// the store where it was before (or, if the commit made it, fully migrated), and the next run
// finishes the job. The store is large enough that 0004's full-text index fill takes a second or
// two, and real processes are killed at moments spread across that window.
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { openDatabase } from '../server/store/database.js';
import { migrateTo, migrateToLatest } from '../server/store/migrate.js';
import { runCommand, startCommand } from './helpers/processes.js';

const SQLite = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

/** Articles in the store before 0004 runs: about a second of index fill. */
const ARTICLES = 5_000;
const KILLS = 4;

let dir: string;
let template: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stancegraph-hostile-migrations-'));
  template = join(dir, 'template.sqlite');
  const db = openDatabase(template);
  await migrateTo(db, '0003_saved_queries');
  await db.destroy();
  const raw = new SQLite(template);
  // Bodies of some 3,000 characters with a searchable word every few: enough text for FTS5 to chew on.
  raw.exec(`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ARTICLES})
    insert into article (slug, publication, headline, body, published_on, language, created_at, updated_at)
    select 'article-' || i, 'Wire', 'Headline ' || i || ' on sanctions', replace(hex(randomblob(1500)), 'A', ' sanctions '),
      '2020-01-01', 'en', '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z'
    from n`);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the template store, with 0001–0003 applied and 0004 pending. */
function freshCopy(name: string): string {
  const file = join(dir, `${name}.sqlite`);
  copyFileSync(template, file);
  return file;
}

interface StoreState {
  applied: string[];
  hasSearchIndex: boolean;
  indexed: number;
  triggers: number;
  integrity: string;
}

/** Reads what is in the file, read-only, as the next process would find it (WAL recovery included). */
function stateOf(file: string): StoreState {
  const raw = new SQLite(file, { readonly: true });
  try {
    const applied = (raw.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((row) => row.name);
    const hasSearchIndex = raw.prepare(`select 1 from sqlite_master where name = 'search_index'`).get() !== undefined;
    const indexed = hasSearchIndex ? (raw.prepare('select count(*) as n from search_index').get() as { n: number }).n : 0;
    const triggers = (raw.prepare(`select count(*) as n from sqlite_master where type = 'trigger' and name like 'search_index_%'`).get() as { n: number }).n;
    const integrity = String(raw.pragma('integrity_check(1)', { simple: true }));
    return { applied, hasSearchIndex, indexed, triggers, integrity };
  } finally {
    raw.close();
  }
}

/** 0004 either did not happen at all or happened completely: never a table without its migration row. */
function expectAllOrNothing(state: StoreState): void {
  expect(state.integrity).toBe('ok');
  if (state.applied.includes('0004_search')) {
    expect(state.hasSearchIndex).toBe(true);
    expect(state.triggers).toBe(18);
    // A headline and a body per article.
    expect(state.indexed).toBe(ARTICLES * 2);
  } else {
    expect(state.applied).toEqual(['0001_core', '0002_writes', '0003_saved_queries']);
    expect(state.hasSearchIndex).toBe(false);
    expect(state.triggers).toBe(0);
  }
}

const SLOW = { timeout: 300_000 };

describe('migrate killed with SIGKILL', SLOW, () => {
  it('leaves each migration applied completely or not at all, and the next run completes it', async () => {
    // How much 0004 writes on this store (its WAL, in-process): the kills are spread across that,
    // by how far the killed process has got rather than by the clock, so load does not move them.
    const timed = freshCopy('timed');
    const db = openDatabase(timed);
    const started = performance.now();
    await migrateToLatest(db);
    const fillMs = performance.now() - started;
    const walTotal = walBytes(timed);
    await db.destroy();
    expectAllOrNothing(stateOf(timed));

    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= KILLS; attempt++) {
      const file = freshCopy(`killed-${attempt}`);
      const command = startCommand(['migrate'], { DATABASE_URL: file });
      // 0004's pages spill into the WAL as it goes (0001–0003 are applied, so nothing else writes):
      // kill at a different point of the fill each time, from a tenth of the way to four fifths.
      const target = walTotal * (0.1 + (0.7 * (attempt - 1)) / (KILLS - 1));
      await until(() => walBytes(file) >= target || command.child.exitCode !== null, 120_000, 1);
      const walBeforeKill = walBytes(file);
      command.child.kill('SIGKILL');
      const { signal } = await command.exited;

      const afterKill = stateOf(file);
      expectAllOrNothing(afterKill);
      const at = signal !== 'SIGKILL' ? 'not killed' : afterKill.applied.includes('0004_search') ? 'after commit' : 'mid-migration';
      outcomes.push(`${at} (WAL ${Math.round(walBeforeKill / 1024)} KiB)`);

      const again = await runCommand(['migrate'], { DATABASE_URL: file });
      expect(again.code, again.output).toBe(0);
      expect(again.output).toMatch(afterKill.applied.includes('0004_search') ? /nothing to do/ : /applied 0004_search/);
      const final = stateOf(file);
      expect(final.applied).toEqual(Object.keys(migrations));
      expectAllOrNothing(final);
    }
    console.log(`0004 takes ${Math.round(fillMs)} ms and writes ${Math.round(walTotal / 1024)} KiB of WAL on ${ARTICLES} articles; kills: ${outcomes.join(', ')}`);
    // The point of the test: kills landed while 0004 was writing.
    expect(outcomes.filter((outcome) => outcome.startsWith('mid-migration')).length).toBeGreaterThanOrEqual(KILLS - 1);
  });
});

function walBytes(file: string): number {
  return existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean, timeoutMs: number, pollMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(pollMs);
  }
}
