// The benchmark's report: the issue's targets, checked (reported, never asserted), and the table.
import type { BenchResult, LoadResult, OperationResult } from './main.js';
import { SCALES, type ScaleName } from './generate.js';

export interface Target {
  name: string;
  /** The scale the issue sets the target at; the figure here was measured at `measuredAt`. */
  appliesAt: ScaleName | 'any';
  measuredAt: ScaleName;
  status: 'PASS' | 'MISS' | 'N/A';
  detail: string;
}

const MB = 2 ** 20;
const RSS_LIMIT_MB = 300;
const RAW_RATIO_TARGET = 0.5;
const DEEP_P99_FACTOR = 1.5;
const L_GENERATION_LIMIT_S = 600;

type Saved = Omit<BenchResult, 'resultsFile'>;

export function evaluateTargets(result: Saved, others: Saved[]): Target[] {
  const at = result.scale;
  const targets: Target[] = [];
  const status = (ok: boolean): Target['status'] => (ok ? 'PASS' : 'MISS');

  // An N+1 adds a statement per item: 45 more for a page of 50 than for a page of 5. A loader per
  // union member present (sqlSlack) may or may not run, whatever the page size.
  const paged = result.operations.filter((op) => op.sqlPerRequestSmallPage !== null && op.sqlPerRequestLargePage !== null);
  const spread = (op: OperationResult) =>
    Math.max(op.sqlPerRequest, op.sqlPerRequestSmallPage as number, op.sqlPerRequestLargePage as number) -
    Math.min(op.sqlPerRequest, op.sqlPerRequestSmallPage as number, op.sqlPerRequestLargePage as number);
  const growing = paged.filter((op) => spread(op) > op.sqlSlack);
  targets.push({
    name: 'SQL statements per request constant in page size',
    appliesAt: 'any',
    measuredAt: at,
    status: paged.length === 0 ? 'N/A' : status(growing.length === 0),
    detail: `${(growing.length === 0 ? paged : growing).map((op) => `${op.id}: ${sqlCounts(op)}`).join(', ')} (page of 5 → full → double; ops 1, 4 and 6a run one loader per kind of item present, so may differ by that)`,
  });

  const comparable = result.operations.filter((op) => !op.sqlGrowsWithData);
  const comparisons = others.flatMap((other) =>
    comparable.flatMap((op) => {
      const same = other.operations.find((o) => o.id === op.id);
      return same ? [{ scale: other.scale, id: op.id, here: op.sqlPerRequest, there: same.sqlPerRequest, slack: op.sqlSlack }] : [];
    }),
  );
  const differing = comparisons.filter((c) => Math.abs(c.here - c.there) > c.slack);
  const listed = (list: typeof comparisons) => list.map((c) => `${c.id}: ${c.here} here, ${c.there} at ${c.scale}`).join('; ');
  const excluded = result.operations.filter((op) => op.sqlGrowsWithData).map((op) => op.id);
  targets.push({
    name: 'SQL statements per request constant in data size',
    appliesAt: 'any',
    measuredAt: at,
    status: comparisons.length === 0 ? 'N/A' : status(differing.length === 0),
    detail:
      (comparisons.length === 0 ? 'no results of another scale to compare with' : listed(differing.length === 0 ? comparisons : differing)) +
      (excluded.length > 0 ? ` (${excluded.join(', ')} left out: a CSV export pages through the whole list, so its count grows with it)` : ''),
  });

  const ceilinged = result.operations.filter((op) => ['1', '2', '3'].includes(op.id) && op.ratioToRaw !== null);
  const slow = ceilinged.filter((op) => (op.ratioToRaw as number) < RAW_RATIO_TARGET);
  const noData = noDataOperation(result);
  targets.push({
    name: `ops 1–3 throughput ≥ ${RAW_RATIO_TARGET * 100}% of the raw ceiling`,
    appliesAt: 'M',
    measuredAt: at,
    status: ceilinged.length === 0 ? 'N/A' : status(slow.length === 0),
    detail: ceilinged
      .map((op) => {
        const bound = stackBound(op, noData);
        return `${op.id}: ${percent(op.ratioToRaw as number)}${bound === null ? '' : ` (stack bound ${percent(bound)})`}`;
      })
      .join(', '),
  });

  const first = result.operations.find((op) => op.id === '1');
  const deep = result.operations.find((op) => op.id === '4');
  targets.push({
    name: `deep page p99 ≤ ${DEEP_P99_FACTOR}× first page p99`,
    appliesAt: 'L',
    measuredAt: at,
    status: first && deep ? status(deep.latencyP99Ms <= DEEP_P99_FACTOR * first.latencyP99Ms) : 'N/A',
    detail: first && deep ? `${deep.latencyP99Ms} ms vs ${first.latencyP99Ms} ms (${(deep.latencyP99Ms / first.latencyP99Ms).toFixed(2)}×)` : 'needs ops 1 and 4',
  });

  const peak = Math.max(result.server.peakRssBytes, result.server.peakRssUnderLoadBytes) / MB;
  targets.push({
    name: `server RSS < ${RSS_LIMIT_MB} MB under load`,
    appliesAt: 'L',
    measuredAt: at,
    status: status(peak < RSS_LIMIT_MB),
    detail: `peak ${peak.toFixed(0)} MB (under load ${(result.server.peakRssUnderLoadBytes / MB).toFixed(0)} MB)`,
  });

  // Other scales project linearly in rows from this one (generation is a stream of inserts).
  const projected = at === 'L' ? result.data.generationSeconds : (result.data.generationSeconds * SCALES.L.statements) / SCALES[at].statements;
  targets.push({
    name: `scale L generated in < ${L_GENERATION_LIMIT_S / 60} min`,
    appliesAt: 'L',
    measuredAt: at,
    // XS is all fixed cost (migrations, schema); it says nothing about L.
    status: at === 'XS' ? 'N/A' : status(projected < L_GENERATION_LIMIT_S),
    detail:
      at === 'L'
        ? `${seconds(projected)} on ${result.machine.cores} cores`
        : `${seconds(result.data.generationSeconds)} at ${at}; projected ${seconds(projected)} at L on ${result.machine.cores} cores`,
  });
  return targets;
}

function noDataOperation(result: Saved): OperationResult | undefined {
  return result.operations.find((op) => op.id === '0');
}

/** Server time per request under load, in ms: the server runs on one thread, so 1000 / req/s. */
function msPerRequest(load: LoadResult): number {
  return 1000 / load.requestsPerSecond;
}

/**
 * The most of the raw ceiling's throughput a Yoga + graphql-js server could reach on an operation
 * if its resolvers and SQL cost nothing: raw's time per request over Yoga's for a request that reads
 * no data (op 0) plus graphql-js executing the answer held in memory.
 */
function stackBound(op: OperationResult, noData: OperationResult | undefined): number | null {
  if (!op.raw || op.executionFloorMs === null || !noData) return null;
  return Math.min(1, msPerRequest(op.raw) / (msPerRequest(noData) + op.executionFloorMs));
}

function sqlCounts(op: OperationResult): string {
  if (op.sqlPerRequestSmallPage === null || op.sqlPerRequestLargePage === null) return String(op.sqlPerRequest);
  return `${op.sqlPerRequestSmallPage} → ${op.sqlPerRequest} → ${op.sqlPerRequestLargePage}`;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(0)}%`;
}

function seconds(s: number): string {
  return s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < MB) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / MB).toFixed(1)} MiB`;
}

function milliseconds(ms: number): string {
  return ms.toFixed(2);
}

function integer(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function latency(load: LoadResult): string {
  return `${load.latencyP50Ms} / ${load.latencyP99Ms}`;
}

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAligned.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function failures(op: OperationResult): string {
  const bad = op.errors + op.non2xx + (op.raw ? op.raw.errors + op.raw.non2xx : 0);
  return bad === 0 ? '' : ` ⚠ ${bad} errors/non-2xx`;
}

/** The report as Markdown (it is pasted into the README and the issue). */
export function formatReport(result: Saved): string {
  const { data, machine } = result;
  const header = ['op', 'operation', 'req/s', 'p50 / p99 ms', 'SQL/req (5 → full → 2×)', 'bytes/resp', 'RSS MB', 'raw req/s', 'raw p50 / p99 ms', 'vs raw'];
  const rows = result.operations.map((op) => [
    op.id,
    op.key + failures(op),
    integer(op.requestsPerSecond),
    latency(op),
    sqlCounts(op),
    bytes(op.bytesPerResponse),
    integer(op.rssUnderLoadBytes / MB),
    op.raw ? integer(op.raw.requestsPerSecond) : '',
    op.raw ? latency(op.raw) : '',
    op.ratioToRaw === null ? '' : percent(op.ratioToRaw),
  ]);
  const noData = noDataOperation(result);
  const timed = result.operations.filter((op) => op.raw && op.executionFloorMs !== null);
  const timeTable =
    timed.length === 0
      ? []
      : [
          '',
          '### Where the time goes (ms of server time per request)',
          '',
          table(
            ['op', 'app', 'raw ceiling', 'Yoga, no data (op 0)', 'graphql-js over the answer in memory', 'stack bound vs raw'],
            timed.map((op) => {
              const bound = stackBound(op, noData);
              return [
                op.id,
                milliseconds(msPerRequest(op)),
                milliseconds(msPerRequest(op.raw as LoadResult)),
                noData ? milliseconds(msPerRequest(noData)) : '',
                milliseconds(op.executionFloorMs as number),
                bound === null ? '' : percent(bound),
              ];
            }),
            new Set([1, 2, 3, 4, 5]),
          ),
          '',
          'Server time is 1000 / req/s (one thread, saturated). The stack bound is the raw ceiling\'s time over',
          'Yoga\'s plus graphql-js\'s: the most of the ceiling a server on this stack could reach if its resolvers',
          'and SQL cost nothing.',
        ];
  const lines = [
    `## Benchmark: scale ${result.scale} (${integer(data.articles)} articles, ${integer(data.statements)} statements, seed ${result.seed})`,
    '',
    table(header, rows, new Set([2, 3, 4, 5, 6, 7, 8, 9])),
    '',
    `- ${result.options.connections} connections × ${result.options.duration} s per operation and server (autocannon, loopback); latency in ms`,
    `- server RSS ${bytes(result.server.idleRssBytes)} before load, peak ${bytes(result.server.peakRssBytes)} (${bytes(result.server.peakRssUnderLoadBytes)} sampled under load; RSS MB is the largest sample per operation); database ${bytes(data.dbBytes)}`,
    `- data: ${integer(data.rows)} rows generated in ${seconds(data.generationSeconds)} (${integer(data.rowsPerSecond)} rows/s)${data.cached ? ', reused from the cache' : ''}`,
    `- deep cursor at statement ${integer(result.deepCursor.position)}: ${result.deepCursor.obtainedBy}`,
    `- machine: ${machine.cpu}, ${machine.cores} cores, ${integer(machine.totalMemoryMB)} MB, Node ${machine.node}, ${machine.platform}`,
    ...result.operations.filter((op) => op.note).map((op) => `- ${op.id} ${op.key}: ${op.note}`),
    ...result.skipped.map((skip) => `- skipped ${skip.id} (${skip.key}): ${skip.reason}`),
    ...timeTable,
    '',
    '### Targets (reported, not asserted)',
    '',
    ...result.targets.map((target) => {
      const where = target.appliesAt === 'any' || target.appliesAt === target.measuredAt ? '' : ` (target is for ${target.appliesAt}; measured at ${target.measuredAt})`;
      return `- ${target.status} ${target.name}: ${target.detail}${where}`;
    }),
  ];
  return lines.join('\n');
}
