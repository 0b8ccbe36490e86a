// Bulk import of the NDJSON format (server/ingest/records.ts): lines are read from a stream, checked
// one by one, and written in batches, each batch in one transaction. Records are matched by natural
// key, so importing the same file twice changes nothing the second time.
//
// A bad line (not JSON, an unknown type, a wrong field, a span that misses the body, a slug that
// names nothing, a row the store refuses) is never half-applied: each record is written under a
// savepoint. With onError 'skip' the line is reported and the rest of its batch still applies; with
// 'abort' its whole batch rolls back, the batches committed before it stay, and the import stops
// with a BulkImportError naming the line.
//
// Another process writing the same store (the server, say) makes a batch wait for the write lock
// (the store's busy timeout); if the store stays busy longer, the import stops before that batch with
// a BulkImportError naming its first line. Nothing of that batch was written, and re-running the
// import is safe: what the earlier batches wrote comes back unchanged.
//
// Every record that inserts or changes a row is written to the audit log (operation `importNdjson`,
// the row, the line and what happened), in its batch's transaction; records that change nothing are
// not, so importing the same file again leaves no trace.
//
// The export side lives in bulk-export.ts; this module re-exports it so callers need one import.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Author } from '../auth/viewer.js';
import { BUSY_TIMEOUT_MS, constraintViolation, type Db, isStoreBusy, storageFaultKind } from '../store/database.js';
import { nowTimestamp } from '../store/dates.js';
import { appendAudit } from '../store/writes.js';
import { GraphWriter, type RecordChange } from './bulk-writer.js';
import type { ProgressCallback } from './progress.js';
import {
  type BulkRecord,
  FORMAT_VERSION,
  HEADER_TYPE,
  type HeaderRecord,
  parseRecordLine,
  RECORD_TYPES,
  RecordProblem,
  type RecordType,
} from './records.js';

export { type ExportOptions, type ExportSummary, exportGraph, formatExportSummary } from './bulk-export.js';

export const DEFAULT_BATCH_SIZE = 500;

export interface ImportOptions {
  /** Who the audit log records the changes as. */
  author: Author;
  /** Records written per transaction (default 500). */
  batchSize?: number;
  /** What a bad line does: 'skip' reports it and goes on, 'abort' (the default) rolls back its batch and stops. */
  onError?: 'skip' | 'abort';
  /** Called after every line read. */
  onProgress?: ProgressCallback;
  /** The size of the input, when known, passed on to onProgress (for a percentage). */
  totalBytes?: number;
}

export interface LineError {
  /** 1-based line number in the input. */
  line: number;
  message: string;
}

export type ChangeCounts = Record<RecordChange, number>;

export interface ImportSummary {
  /** Lines read, blank lines and the header included. */
  linesRead: number;
  /** Records (lines that are not blank and not the header) read, good and bad. */
  recordsRead: number;
  /** What the applied records did, per record type. */
  changes: Record<RecordType, ChangeCounts>;
  /** Lines skipped (onError 'skip'), in line order. */
  skipped: LineError[];
  batchesCommitted: number;
  elapsedMs: number;
  /** Records read per second. */
  recordsPerSecond: number;
}

/** A problem with the input a user can fix, with the line it is on: the CLI prints the message, not a stack. */
export class BulkImportError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
    /** What was committed before the import stopped. */
    readonly summary: ImportSummary,
    options?: ErrorOptions,
  ) {
    super(`line ${line}: ${problem}`, options);
    this.name = 'BulkImportError';
  }
}

interface PendingRecord {
  line: number;
  record: BulkRecord;
}

/** Reads NDJSON records from `input` and writes them to the store in batches; see the module comment. */
export async function importNdjson(db: Db, input: Readable, options: ImportOptions): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, not ${batchSize}`);
  const onError = options.onError ?? 'abort';
  const started = performance.now();
  const now = nowTimestamp();
  const summary = emptySummary();
  let batch: PendingRecord[] = [];
  let bytesRead = 0;
  let seenContent = false;

  const finish = () => {
    // Lines that fail to parse are reported as they are read, those the writer refuses when their
    // batch is written: put them back in line order.
    summary.skipped.sort((a, b) => a.line - b.line);
    summary.elapsedMs = performance.now() - started;
    summary.recordsPerSecond = summary.elapsedMs > 0 ? (summary.recordsRead / summary.elapsedMs) * 1000 : 0;
    return summary;
  };
  const fail = (line: number, problem: string): void => {
    if (onError === 'abort') throw new BulkImportError(line, problem, finish());
    summary.skipped.push({ line, message: problem });
  };

  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const text of lines) {
    const line = ++summary.linesRead;
    bytesRead += Buffer.byteLength(text, 'utf8') + 1;
    const first = !seenContent;
    if (text.trim() !== '') {
      seenContent = true;
      const record = readLine(text, line, first, fail);
      if (record) {
        batch.push({ line, record });
        if (batch.length >= batchSize) {
          await writeBatchOrStop(batch);
          batch = [];
        }
      }
    }
    options.onProgress?.(line, bytesRead, options.totalBytes);
  }
  if (batch.length > 0) await writeBatchOrStop(batch);
  return finish();

  async function writeBatchOrStop(pending: PendingRecord[]): Promise<void> {
    try {
      await writeBatch(db, pending, { author: options.author, now }, summary, fail);
    } catch (error) {
      const first = (pending[0] as PendingRecord).line;
      if (isStoreBusy(error)) throw new BulkImportError(first, storeBusyProblem(first, summary.batchesCommitted), finish(), { cause: error });
      if (storageFaultKind(error)) throw new BulkImportError(first, storageProblem(error, first, summary.batchesCommitted), finish(), { cause: error });
      throw error;
    }
  }

  function readLine(text: string, line: number, first: boolean, report: typeof fail): BulkRecord | null {
    let record: BulkRecord | HeaderRecord;
    try {
      record = parseRecordLine(text);
    } catch (error) {
      if (!(error instanceof RecordProblem)) throw error;
      summary.recordsRead += 1;
      report(line, error.message);
      return null;
    }
    if (record.type !== HEADER_TYPE) {
      summary.recordsRead += 1;
      return record;
    }
    if (!first) {
      summary.recordsRead += 1;
      report(line, `type: the "${HEADER_TYPE}" header must be the first line`);
      return null;
    }
    if (record.version !== FORMAT_VERSION) {
      // Not a bad line but a file this build cannot read: stop whatever onError says.
      throw new BulkImportError(line, `version: this build reads version ${FORMAT_VERSION} of the format, not ${record.version}`, finish());
    }
    return null;
  }
}

/**
 * Writes one batch in one transaction, each record under a savepoint so a refused record leaves no
 * trace. Counts go into `summary` only when the batch commits.
 */
async function writeBatch(
  db: Db,
  batch: PendingRecord[],
  { author, now }: { author: Author; now: string },
  summary: ImportSummary,
  fail: (line: number, problem: string) => void,
): Promise<void> {
  const counts: [RecordType, RecordChange][] = [];
  const trx = await db.startTransaction().execute();
  try {
    const writer = new GraphWriter(trx, now);
    for (const { line, record } of batch) {
      const savepoint = await trx.savepoint('bulk_record').execute();
      try {
        const written = await writer.write(record);
        if (written.change !== 'unchanged') {
          const { entityType, entityId, change } = written;
          await appendAudit(trx, author, now, { operation: 'importNdjson', entityType, entityId, details: { line, record: record.type, change } });
        }
        counts.push([record.type, written.change]);
        await savepoint.releaseSavepoint('bulk_record').execute();
      } catch (error) {
        const problem = lineProblem(error);
        if (problem === null) throw error;
        await savepoint.rollbackToSavepoint('bulk_record').execute();
        await savepoint.releaseSavepoint('bulk_record').execute();
        writer.forget();
        fail(line, problem);
      }
    }
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
  summary.batchesCommitted += 1;
  for (const [type, change] of counts) summary.changes[type][change] += 1;
}

const RERUN_IS_SAFE = 'Re-running the same import is safe: records already imported are left unchanged.';

function writtenSoFar(line: number, batchesCommitted: number): string {
  return batchesCommitted === 0 ? 'Nothing was written' : `Nothing from line ${line} on was written; the ${batchesCommitted} batch(es) before it were`;
}

function storeBusyProblem(line: number, batchesCommitted: number): string {
  return `stopped here: another process kept the store locked for more than ${BUSY_TIMEOUT_MS / 1000} s. ${writtenSoFar(line, batchesCommitted)}. ${RERUN_IS_SAFE}`;
}

/** A full disk, a read-only or damaged file: not the line's fault, but where the import stopped. */
function storageProblem(error: unknown, line: number, batchesCommitted: number): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `stopped here: the store could not be written (${reason}). ${writtenSoFar(line, batchesCommitted)}. Once that is fixed, ${RERUN_IS_SAFE.charAt(0).toLowerCase()}${RERUN_IS_SAFE.slice(1)}`;
}

/** The message for an error the record caused, or null for one it did not (the store went away, …). */
function lineProblem(error: unknown): string | null {
  if (error instanceof RecordProblem) return error.message;
  if (constraintViolation(error)) return `the store refused the record: ${(error as Error).message}`;
  return null;
}

function emptySummary(): ImportSummary {
  return {
    linesRead: 0,
    recordsRead: 0,
    changes: Object.fromEntries(RECORD_TYPES.map((type) => [type, { inserted: 0, updated: 0, unchanged: 0 }])) as Record<
      RecordType,
      ChangeCounts
    >,
    skipped: [],
    batchesCommitted: 0,
    elapsedMs: 0,
    recordsPerSecond: 0,
  };
}

/** The summary the CLI prints after an import. */
export function formatImportSummary(summary: ImportSummary): string {
  const applied = RECORD_TYPES.reduce((sum, type) => {
    const { inserted, updated, unchanged } = summary.changes[type];
    return sum + inserted + updated + unchanged;
  }, 0);
  const lines = [
    `imported ${applied} of ${summary.recordsRead} record(s) from ${summary.linesRead} line(s) in ` +
      `${summary.batchesCommitted} batch(es), ${(summary.elapsedMs / 1000).toFixed(1)} s ` +
      `(${Math.round(summary.recordsPerSecond)} records/s)`,
  ];
  for (const type of RECORD_TYPES) {
    const { inserted, updated, unchanged } = summary.changes[type];
    if (inserted + updated + unchanged === 0) continue;
    lines.push(`  ${type}: ${inserted} inserted, ${updated} updated, ${unchanged} unchanged`);
  }
  if (summary.skipped.length > 0) {
    lines.push(`skipped ${summary.skipped.length} line(s):`);
    for (const { line, message } of summary.skipped) lines.push(`  line ${line}: ${message}`);
  }
  return lines.join('\n');
}
