// The `import` and `export` commands, ready for server/main.ts to dispatch to:
//   import [--format ndjson] [--batch-size N] [--on-error abort|skip] <file | ->
//   export [--format ndjson] [--output <file>]
// Data goes to stdout (export without --output); the progress bar (on a terminal only) and the
// export summary go to stderr, so `npm run -s export > graph.ndjson` leaves a clean file.
import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Db } from '../store/database.js';
import { DEFAULT_BATCH_SIZE, exportGraph, formatExportSummary, formatImportSummary, importNdjson } from './bulk.js';
import { cliAuthor } from './import-cli.js';
import { createProgressBar, type ProgressStream } from './progress.js';

export const IMPORT_USAGE = `import --format ndjson [--batch-size N] [--on-error abort|skip] <file | ->`;
export const EXPORT_USAGE = `export [--format ndjson] [--output <file>]`;

/** A command line the bulk commands cannot run; the message says what to change. */
export class BulkUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BulkUsageError';
  }
}

export interface ImportCommand {
  format: 'ndjson';
  /** A path, or `-` for stdin. */
  file: string;
  batchSize: number;
  onError: 'abort' | 'skip';
}

export interface ExportCommand {
  format: 'ndjson';
  /** A path, or null for stdout. */
  output: string | null;
}

export interface BulkIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & ProgressStream;
}

const processIo = (): BulkIo => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });

export function parseImportArgs(args: string[]): ImportCommand {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    'batch-size': { type: 'string' },
    'on-error': { type: 'string' },
  });
  if (positionals.length !== 1) throw new BulkUsageError(`import takes one file (or - for stdin): ${IMPORT_USAGE}`);
  const batchSize = values['batch-size'] === undefined ? DEFAULT_BATCH_SIZE : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new BulkUsageError(`--batch-size must be a positive integer, not "${values['batch-size']}"`);
  }
  const onError = values['on-error'] ?? 'abort';
  if (onError !== 'abort' && onError !== 'skip') throw new BulkUsageError(`--on-error must be abort or skip, not "${onError}"`);
  return { format: checkFormat(values.format), file: positionals[0] as string, batchSize, onError };
}

export function parseExportArgs(args: string[]): ExportCommand {
  const { values, positionals } = parse(args, { format: { type: 'string' }, output: { type: 'string', short: 'o' } });
  if (positionals.length > 0) throw new BulkUsageError(`export takes no file argument (use --output): ${EXPORT_USAGE}`);
  return { format: checkFormat(values.format), output: values.output ?? null };
}

/** `import …`: reads the file into the store and prints the summary. Throws BulkImportError on a bad line (abort). */
export async function runImport(db: Db, args: string[], io: BulkIo = processIo()): Promise<void> {
  const command = parseImportArgs(args);
  const fromStdin = command.file === '-';
  // Stat first: a missing file is a usage error, not a stream that fails later.
  const totalBytes = fromStdin ? undefined : fileSize(command.file);
  const input = fromStdin ? io.stdin : createReadStream(command.file);
  const bar = createProgressBar({ label: 'importing', stream: io.stderr });
  try {
    const summary = await importNdjson(db, input, {
      author: cliAuthor(),
      batchSize: command.batchSize,
      onError: command.onError,
      onProgress: bar.update,
      totalBytes,
    });
    bar.finish();
    io.stdout.write(`${formatImportSummary(summary)}\n`);
  } catch (error) {
    bar.finish();
    throw error;
  } finally {
    if (!fromStdin) input.destroy();
  }
}

/** `export …`: writes the graph to the file or stdout; the summary goes to stderr. */
export async function runExport(db: Db, args: string[], io: BulkIo = processIo()): Promise<void> {
  const command = parseExportArgs(args);
  const output = command.output ? createWriteStream(command.output) : io.stdout;
  const bar = createProgressBar({ label: 'exporting', stream: io.stderr });
  try {
    const summary = await exportGraph(db, output, { onProgress: bar.update });
    bar.finish();
    io.stderr.write(`${formatExportSummary(summary)}\n`);
  } finally {
    if (command.output) {
      output.end();
      await once(output, 'close');
    }
  }
}

function parse<T extends Record<string, { type: 'string'; short?: string }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new BulkUsageError(error instanceof Error ? error.message : String(error));
  }
}

function checkFormat(format: string | undefined): 'ndjson' {
  if (format === undefined || format === 'ndjson') return 'ndjson';
  throw new BulkUsageError(`unknown --format "${format}" (this build reads and writes ndjson)`);
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    throw new BulkUsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
