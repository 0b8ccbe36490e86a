// Progress of a long job that reads or writes lines (bulk import and export, data generators): a
// callback type the job calls, and a one-line bar drawn on a terminal. The bar draws only when its
// stream is a TTY, so piped output and CI logs stay clean.

/** Called as work advances; `totalBytes` when the size of the whole is known (a file, say). */
export type ProgressCallback = (linesDone: number, bytesDone: number, totalBytes?: number) => void;

/** The part of a stream the bar uses: `process.stderr` fits, and so does a test double. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

export interface ProgressBarOptions {
  /** Shown before the bar: "importing", "exporting", … */
  label: string;
  /** Default: process.stderr. */
  stream?: ProgressStream;
  /** Redraw at most this often (default 100 ms); the last update is always drawn by finish(). */
  intervalMs?: number;
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

export interface ProgressBar {
  /** Pass this as the job's onProgress. */
  update: ProgressCallback;
  /** Draws the final state and ends the line. */
  finish(): void;
}

const BAR_WIDTH = 24;

export function createProgressBar({
  label,
  stream = process.stderr,
  intervalMs = 100,
  now = () => performance.now(),
}: ProgressBarOptions): ProgressBar {
  if (!stream.isTTY) return { update: () => {}, finish: () => {} };
  let last: [number, number, number | undefined] | null = null;
  let drawnAt = -Infinity;
  const draw = () => {
    if (!last) return;
    const line = formatProgressLine(label, ...last);
    const width = stream.columns ?? 80;
    // \r back to the start, \x1b[K clears what a longer previous line left behind.
    stream.write(`\r${line.length > width - 1 ? line.slice(0, width - 1) : line}\x1b[K`);
    drawnAt = now();
  };
  return {
    update(linesDone, bytesDone, totalBytes) {
      last = [linesDone, bytesDone, totalBytes];
      if (now() - drawnAt >= intervalMs) draw();
    },
    finish() {
      draw();
      if (last) stream.write('\n');
    },
  };
}

/** `importing [#########---------------]  38%  12,000 lines  4.1 MiB / 10.8 MiB` (bar and % only with a total). */
export function formatProgressLine(label: string, linesDone: number, bytesDone: number, totalBytes?: number): string {
  const lines = `${linesDone.toLocaleString('en-US')} lines`;
  if (!totalBytes) return `${label}  ${lines}  ${formatBytes(bytesDone)}`;
  const fraction = Math.min(1, bytesDone / totalBytes);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `${label} ${bar} ${percent}  ${lines}  ${formatBytes(bytesDone)} / ${formatBytes(totalBytes)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
