// The benchmark harness (bench/), run at scale XS for a second per operation so it cannot rot: every
// operation answers without errors, ops 1–4 answer exactly as the raw ceiling does (the harness
// fails otherwise), SQL statements per request stay small and do not grow with the page, and the
// results file is written where it was asked to be.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchResult, runBenchmark } from '../bench/main.js';
import { formatReport } from '../bench/report.js';

describe('npm run bench (scale XS)', () => {
  let dir: string;
  let result: BenchResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stancegraph-bench-'));
    result = await runBenchmark({
      scale: 'XS',
      duration: 1,
      connections: 2,
      dataDir: join(dir, 'data'),
      resultsDir: join(dir, 'results'),
      log: () => {},
    });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every operation under load without errors or non-2xx responses', () => {
    expect(result.operations.map((op) => op.id)).toEqual(expect.arrayContaining(['0', '1', '2', '3', '4', '5']));
    for (const op of result.operations) {
      expect(op.requests, op.key).toBeGreaterThan(0);
      expect(op.errors + op.timeouts + op.non2xx, op.key).toBe(0);
      expect(op.bytesPerResponse, op.key).toBeGreaterThan(0);
    }
  });

  it('checks ops 1–4 against the raw ceiling, and loads the ceiling too', () => {
    for (const id of ['1', '2', '3', '4']) {
      const op = result.operations.find((candidate) => candidate.id === id);
      expect(op?.matchesRaw, id).toBe(true);
      expect(op?.raw?.requests, id).toBeGreaterThan(0);
      expect(op?.raw && op.raw.errors + op.raw.non2xx, id).toBe(0);
      expect(op?.ratioToRaw, id).toBeGreaterThan(0);
      // graphql-js reproduced the answer from memory (the harness throws otherwise) and was timed.
      expect(op?.executionFloorMs, id).toBeGreaterThan(0);
    }
  });

  it('reports where the time goes, with the bound the stack sets', () => {
    const report = formatReport(result);

    expect(report).toContain('### Where the time goes');
    expect(report).toMatch(/^\| 1 +\| +[\d.]+ \| +[\d.]+ \| +[\d.]+ \| +[\d.]+ \| +\d+% \|$/m);
    expect(result.targets.find((target) => target.name.startsWith('ops 1–3'))?.detail).toMatch(/1: \d+% \(stack bound \d+%\)/);
  });

  it('runs a small number of SQL statements per request, whatever the page size', () => {
    // Op 0 reads no data, so it runs no SQL at all.
    expect(result.operations.find((op) => op.id === '0')?.sqlPerRequest).toBe(0);
    for (const op of result.operations.filter((candidate) => candidate.id !== '0')) {
      expect(op.sqlPerRequest, op.key).toBeGreaterThan(0);
      expect(op.sqlPerRequest, op.key).toBeLessThanOrEqual(op.id === '6b' ? 30 : 12);
      if (op.sqlPerRequestSmallPage === null || op.sqlPerRequestLargePage === null) continue;
      // An N+1 would add dozens; a loader per kind of union member present adds at most sqlSlack.
      const counts = [op.sqlPerRequestSmallPage, op.sqlPerRequest, op.sqlPerRequestLargePage];
      expect(Math.max(...counts) - Math.min(...counts), op.key).toBeLessThanOrEqual(op.sqlSlack);
    }
    expect(result.targets.find((target) => target.name.includes('constant in page size'))?.status).toBe('PASS');
  });

  it('writes the results file to the results directory it was given', () => {
    const file = join(dir, 'results', 'XS.json');
    expect(result.resultsFile).toBe(file);
    expect(existsSync(file)).toBe(true);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Omit<BenchResult, 'resultsFile'>;
    expect(saved.scale).toBe('XS');
    expect(saved.data.statements).toBe(500);
    expect(saved.data.counts.statement).toBe(500);
    expect(saved.machine.cores).toBeGreaterThan(0);
    expect(saved.operations).toHaveLength(result.operations.length);
    expect(saved.targets.map((target) => target.status)).not.toContain(undefined);
  });
});
