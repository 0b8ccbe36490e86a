// `npm run bench -- --scale S|M|L|XS [--duration 10] [--connections 10] [--only 1,measure,…]
//                  [--seed 1] [--regenerate] [--results-dir bench/results] [--data-dir bench/.data]`
//
// Generates (or reuses) the data for a scale, starts the app (bench/server.ts) and the raw ceiling
// (bench/raw-server.ts) in child processes on loopback, checks every operation answers correctly
// (and, for ops 1–4, exactly as the raw ceiling does), counts its SQL statements, loads it with
// autocannon, then prints a table, checks the issue's targets and writes bench/results/<scale>.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { getIntrospectionQuery, type GraphQLSchema } from 'graphql';
import { encodeCursor } from '../schema/connections.js';
import { type Child, startChild } from './children.js';
import { executionFloorMs, schemaFromIntrospection } from './floor.js';
import { generateData, type Manifest, SCALE_NAMES, SCALES, type ScaleName } from './generate.js';
import { buildOperations, graphqlRequest, type HttpRequest, type Operation, savedQueryCsvRequest, selects } from './operations.js';
import { formatReport, evaluateTargets, type Target } from './report.js';
import { openRawDatabase } from './sqlite.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const SQL_COUNT_PATH = '/__bench/sql-count';
/** Sequential requests per operation and server before timing, so the JIT and caches are warm. */
const WARMUP_REQUESTS = 30;

export interface BenchOptions {
  scale: ScaleName;
  /** Seconds of load per operation and server. */
  duration: number;
  connections: number;
  /** Operation ids or keys, comma-separated. */
  only?: string;
  seed: number;
  regenerate: boolean;
  resultsDir: string;
  dataDir: string;
  /** Progress lines (stderr by default); the report is returned and printed by the CLI. */
  log: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<BenchOptions, 'scale'> = {
  duration: 10,
  connections: 10,
  seed: 1,
  regenerate: false,
  resultsDir: join(BENCH_DIR, 'results'),
  dataDir: join(BENCH_DIR, '.data'),
  log: (line) => console.error(line),
};

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  bytesPerResponse: number;
}

export interface OperationResult extends LoadResult {
  id: string;
  key: string;
  title: string;
  /** SQL statements the store ran for one request. */
  sqlPerRequest: number;
  /** The same for a page of 5 and a double page (null when the operation has no page size). */
  sqlPerRequestSmallPage: number | null;
  sqlPerRequestLargePage: number | null;
  /** How far the SQL count may move with the types of items present (see Operation.sqlSlack). */
  sqlSlack: number;
  /** The SQL count grows with the data by design (a full CSV export). */
  sqlGrowsWithData: boolean;
  note: string | null;
  raw: LoadResult | null;
  /**
   * Milliseconds graphql-js takes to execute the operation over its answer held in memory and
   * stringify it (bench/floor.ts); null for operations without a raw ceiling.
   */
  executionFloorMs: number | null;
  /** The app's largest resident memory sampled while this operation ran, in bytes. */
  rssUnderLoadBytes: number;
  /** GraphQL requests/s over raw requests/s. */
  ratioToRaw: number | null;
  /** Whether the GraphQL response equalled the raw ceiling's (null without a ceiling). */
  matchesRaw: boolean | null;
}

export interface BenchResult {
  scale: ScaleName;
  seed: number;
  date: string;
  options: { duration: number; connections: number; only: string | null };
  machine: { cpu: string; cores: number; totalMemoryMB: number; node: string; platform: string };
  data: {
    articles: number;
    statements: number;
    rows: number;
    counts: Record<string, number>;
    dbBytes: number;
    generationSeconds: number;
    rowsPerSecond: number;
    /** The file was reused from an earlier run; the generation figures are that run's. */
    cached: boolean;
  };
  server: { idleRssBytes: number; peakRssBytes: number; peakRssUnderLoadBytes: number };
  deepCursor: { position: number; obtainedBy: string };
  operations: OperationResult[];
  skipped: { id: string; key: string; reason: string }[];
  targets: Target[];
  resultsFile: string;
}

export async function runBenchmark(partial: Partial<BenchOptions> & { scale: ScaleName }): Promise<BenchResult> {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, ...partial };
  const { log } = options;
  const generated = await generateData({ scale: options.scale, seed: options.seed, dataDir: options.dataDir, regenerate: options.regenerate, log });
  const { manifest } = generated;

  const app = await startChild('server', {
    DATABASE_URL: `file:${generated.file}`,
    PORT: '0',
    HOST: '127.0.0.1',
    AUTO_MIGRATE: 'false',
    AUTO_SEED: 'false',
    LOG_LEVEL: 'error',
    BENCH_COUNT_SQL: '1',
    // The load comes from one address, far above any client's fair share: measure the server, not its limiter.
    RATE_LIMIT_ANONYMOUS: '0',
  });
  let raw: Child | undefined;
  try {
    raw = await startChild('raw-server', { DATABASE_FILE: generated.file });
    log(`app on ${app.url} (pid ${app.pid}), raw ceiling on ${raw.url} (pid ${raw.pid})`);
    const deep = await findDeepCursor(generated.file, manifest, app.url, log);
    const schema = schemaFromIntrospection((await send(app.url, graphqlRequest(getIntrospectionQuery(), {}))).body);
    const { operations, skipped } = buildOperations({
      picks: manifest.picks,
      deepCursor: deep.cursor,
      hasSearch: schema.getQueryType()?.getFields().search !== undefined,
      hasSavedQueryCsv: await answersCsv(app.url, savedQueryCsvRequest(manifest.picks)),
    });
    for (const skip of skipped) log(`skipping ${skip.id} ${skip.key}: ${skip.reason}`);
    const selected = operations.filter((operation) => selects(options.only, operation));
    if (selected.length === 0) throw new Error(`--only ${options.only} matches no operation (${operations.map((o) => `${o.id} ${o.key}`).join(', ')})`);

    const results: OperationResult[] = [];
    const idleRss = await app.rss();
    let peakUnderLoad = 0;
    for (const operation of selected) {
      log(`${operation.id} ${operation.key}: checking`);
      const checked = await checkOperation(operation, app, raw);
      const floor = operation.raw ? executionFloor(schema, operation, checked.body) : null;
      log(`${operation.id} ${operation.key}: ${options.duration} s × ${options.connections} connections`);
      const sampler = sampleRss(app);
      const load = await loadTest(app.url, operation.request, options, checked.bytes);
      const rssUnderLoad = await sampler.stop();
      peakUnderLoad = Math.max(peakUnderLoad, rssUnderLoad);
      let rawLoad: LoadResult | null = null;
      if (operation.raw && checked.rawBytes !== null) {
        log(`${operation.id} ${operation.key}: raw ceiling`);
        rawLoad = await loadTest(raw.url, operation.raw, options, checked.rawBytes);
      }
      results.push({
        id: operation.id,
        key: operation.key,
        title: operation.title,
        ...load,
        sqlPerRequest: checked.sql,
        sqlPerRequestSmallPage: checked.sqlSmall,
        sqlPerRequestLargePage: checked.sqlLarge,
        sqlSlack: operation.sqlSlack,
        sqlGrowsWithData: operation.growsWithData ?? false,
        note: operation.describe ? operation.describe(checked.body) : null,
        raw: rawLoad,
        executionFloorMs: floor,
        rssUnderLoadBytes: rssUnderLoad,
        ratioToRaw: rawLoad ? load.requestsPerSecond / rawLoad.requestsPerSecond : null,
        matchesRaw: operation.raw ? true : null,
      });
    }

    const result: BenchResult = {
      scale: options.scale,
      seed: options.seed,
      date: new Date().toISOString().slice(0, 10),
      options: { duration: options.duration, connections: options.connections, only: options.only ?? null },
      machine: machineInfo(),
      data: {
        ...SCALES[options.scale],
        rows: manifest.rows,
        counts: manifest.counts,
        dbBytes: manifest.dbBytes,
        generationSeconds: manifest.seconds,
        rowsPerSecond: manifest.rowsPerSecond,
        cached: generated.cached,
      },
      server: { idleRssBytes: idleRss, peakRssBytes: await app.peakRss(), peakRssUnderLoadBytes: peakUnderLoad },
      deepCursor: { position: deep.position, obtainedBy: deep.obtainedBy },
      operations: results,
      skipped,
      targets: [],
      resultsFile: join(options.resultsDir, `${options.scale}.json`),
    };
    result.targets = evaluateTargets(result, readOtherResults(options.resultsDir, options.scale));
    mkdirSync(options.resultsDir, { recursive: true });
    const { resultsFile: _file, ...saved } = result;
    writeFileSync(result.resultsFile, `${JSON.stringify(saved, null, 2)}\n`);
    return result;
  } finally {
    await Promise.all([app.stop(), raw?.stop()]);
  }
}

// ---------------------------------------------------------------------------------------------

async function send(base: string, request: HttpRequest): Promise<{ status: number; contentType: string; body: string }> {
  const response = await fetch(`${base}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
}

async function sqlCountOf(app: Child, request: HttpRequest): Promise<number> {
  await send(app.url, { method: 'GET', path: SQL_COUNT_PATH, headers: {} });
  await send(app.url, request);
  const { body } = await send(app.url, { method: 'GET', path: SQL_COUNT_PATH, headers: {} });
  return (JSON.parse(body) as { count: number }).count;
}

/**
 * Before any timing: the operation answers 2xx with real data, and exactly what the raw ceiling
 * answers; then its SQL statements per request (page of 5, full, double), and a warm-up.
 */
async function checkOperation(operation: Operation, app: Child, raw: Child) {
  const response = await send(app.url, operation.request);
  const label = `operation ${operation.id} (${operation.key})`;
  if (response.status < 200 || response.status >= 300) throw new Error(`${label} answered ${response.status}: ${response.body.slice(0, 500)}`);
  const problem = operation.check(response.body);
  if (problem) throw new Error(`${label}: ${problem}`);
  let rawBytes: number | null = null;
  if (operation.raw) {
    const rawResponse = await send(raw.url, operation.raw);
    if (rawResponse.status !== 200) throw new Error(`raw ceiling for ${label} answered ${rawResponse.status}: ${rawResponse.body.slice(0, 500)}`);
    const differences = diff(JSON.parse(response.body), JSON.parse(rawResponse.body));
    if (differences.length > 0) {
      throw new Error(`the raw ceiling and GraphQL disagree on ${label}:\n${differences.map((line) => `  ${line}`).join('\n')}`);
    }
    rawBytes = Buffer.byteLength(rawResponse.body);
  }
  const sql = await sqlCountOf(app, operation.request);
  const sqlSmall = operation.pages ? await sqlCountOf(app, operation.pages.small) : null;
  const sqlLarge = operation.pages ? await sqlCountOf(app, operation.pages.large) : null;
  for (let i = 0; i < WARMUP_REQUESTS; i++) {
    await send(app.url, operation.request);
    if (operation.raw) await send(raw.url, operation.raw);
  }
  return { body: response.body, bytes: Buffer.byteLength(response.body), rawBytes, sql, sqlSmall, sqlLarge };
}

/** The execution floor of a GraphQL operation, over the answer the app gave it. */
function executionFloor(schema: GraphQLSchema, operation: Operation, body: string): number {
  const { query, variables } = JSON.parse(operation.request.body ?? '{}') as { query: string; variables?: Record<string, unknown> };
  return executionFloorMs(schema, query, variables ?? {}, (JSON.parse(body) as { data: unknown }).data);
}

/** Where two JSON values differ, as `path: graphql … raw …` lines (at most 10). */
export function diff(graphql: unknown, raw: unknown, path = '$', out: string[] = []): string[] {
  if (out.length >= 10 || isDeepStrictEqual(graphql, raw)) return out;
  const show = (value: unknown) => JSON.stringify(value)?.slice(0, 160) ?? 'undefined';
  if (Array.isArray(graphql) && Array.isArray(raw)) {
    if (graphql.length !== raw.length) out.push(`${path}: graphql has ${graphql.length} items, raw ${raw.length}`);
    for (let i = 0; i < Math.min(graphql.length, raw.length); i++) diff(graphql[i], raw[i], `${path}[${i}]`, out);
    return out;
  }
  if (graphql && raw && typeof graphql === 'object' && typeof raw === 'object' && !Array.isArray(graphql) && !Array.isArray(raw)) {
    const keys = new Set([...Object.keys(graphql), ...Object.keys(raw)]);
    for (const key of keys) diff((graphql as Record<string, unknown>)[key], (raw as Record<string, unknown>)[key], `${path}.${key}`, out);
    return out;
  }
  out.push(`${path}: graphql ${show(graphql)} ≠ raw ${show(raw)}`);
  return out;
}

async function loadTest(base: string, request: HttpRequest, options: BenchOptions, bytesPerResponse: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `${base}${request.path}`,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections: options.connections,
    duration: options.duration,
    timeout: 30,
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    bytesPerResponse,
  };
}

/** Samples the child's resident memory every 200 ms until stopped; returns the largest sample. */
function sampleRss(child: Child): { stop(): Promise<number> } {
  let largest = 0;
  const take = () =>
    child.rss().then(
      (rss) => void (largest = Math.max(largest, rss)),
      () => {},
    );
  void take();
  const timer = setInterval(() => void take(), 200);
  return {
    async stop() {
      clearInterval(timer);
      await take();
      return largest;
    },
  };
}

async function answersCsv(base: string, request: HttpRequest): Promise<boolean> {
  const response = await send(base, request);
  return response.status === 200 && response.contentType.startsWith('text/csv');
}

/** Statements up to which a walk with `first: 100` is cheap enough to do in setup. */
const WALK_LIMIT = 20_000;

/**
 * An `after` cursor 90% into the statements (newest first), rounded down to a page of 100. Small
 * scales walk there with `first: 100` pages, as a client would, and check the walk lands on the
 * cursor built from a keyed SQL query; larger scales build it from that query alone (a walk to row
 * 900,000 would take minutes and prove nothing the small-scale check does not).
 */
async function findDeepCursor(file: string, manifest: Manifest, appUrl: string, log: (line: string) => void) {
  const total = manifest.counts.statement ?? 0;
  const position = Math.max(100, Math.floor((total * 0.9) / 100) * 100);
  const db = openRawDatabase(file);
  const row = db
    .prepare('select said_on as saidOn, id from statement order by said_on desc, id desc limit 1 offset ?')
    .get(position - 1) as { saidOn: string; id: number };
  db.close();
  const built = encodeCursor('SAID_ON', row.saidOn, row.id);
  if (total > WALK_LIMIT) return { cursor: built, position, obtainedBy: 'built from a keyed SQL query (offset in setup only)' };

  log(`walking ${position / 100} pages of 100 statements to the deep cursor`);
  let after: string | null = null;
  for (let seen = 0; seen < position; seen += 100) {
    const { body } = await send(appUrl, graphqlRequest('query Walk($after: String) { statements(first: 100, after: $after) { pageInfo { endCursor } } }', { after }));
    after = (JSON.parse(body) as { data: { statements: { pageInfo: { endCursor: string } } } }).data.statements.pageInfo.endCursor;
  }
  if (after !== built) throw new Error(`walking to statement ${position} ended at cursor ${after}, but the keyed query gives ${built}`);
  return { cursor: built, position, obtainedBy: 'walked with first: 100 pages (and equal to the keyed-query cursor)' };
}

function machineInfo(): BenchResult['machine'] {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Results of the other scales in the results directory, for the data-size comparisons. */
function readOtherResults(dir: string, scale: ScaleName): Omit<BenchResult, 'resultsFile'>[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((file) => SCALE_NAMES.some((name) => name !== scale && file === `${name}.json`))
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<BenchResult, 'resultsFile'>);
}

// ---------------------------------------------------------------------------------------------
// CLI

export function parseBenchArgs(args: string[]): Partial<BenchOptions> & { scale: ScaleName } {
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: 'string', default: 'S' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      only: { type: 'string' },
      seed: { type: 'string' },
      regenerate: { type: 'boolean', default: false },
      'results-dir': { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const scale = (values.scale ?? 'S').toUpperCase();
  if (!(SCALE_NAMES as readonly string[]).includes(scale)) throw new Error(`--scale must be one of ${SCALE_NAMES.join(', ')}, got ${values.scale}`);
  const positive = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number from 1, got ${raw}`);
    return value;
  };
  const parsed: Partial<BenchOptions> & { scale: ScaleName } = { scale: scale as ScaleName, regenerate: values.regenerate ?? false };
  const duration = positive('duration', values.duration);
  const connections = positive('connections', values.connections);
  const seed = positive('seed', values.seed);
  if (duration !== undefined) parsed.duration = duration;
  if (connections !== undefined) parsed.connections = connections;
  if (seed !== undefined) parsed.seed = seed;
  if (values.only !== undefined) parsed.only = values.only;
  if (values['results-dir'] !== undefined) parsed.resultsDir = values['results-dir'];
  if (values['data-dir'] !== undefined) parsed.dataDir = values['data-dir'];
  return parsed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  Promise.resolve()
    .then(() => runBenchmark(parseBenchArgs(process.argv.slice(2))))
    .then((result) => {
      console.log(formatReport(result));
      console.log(`\nwrote ${result.resultsFile}`);
    })
    .catch((error: unknown) => {
      console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
