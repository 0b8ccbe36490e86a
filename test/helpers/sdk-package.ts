// For the tests that use the SDK as a published package (its built `sdk/dist`, its tarball): running
// a command, and a lock around building and reading `sdk/dist`. Test files run in parallel and `tsc`
// rewrites dist/ in place, so without the lock one file's build could truncate a declaration file
// while another file's compiler or `npm pack` is reading it.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

export interface RunResult {
  /** The exit code; a process ended by a signal or the timeout rejects instead. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion without blocking the event loop (a test may be serving it). */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, timeout: options.timeoutMs ?? 90_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(Object.assign(error, { stdout, stderr }));
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** `tsc -p <project> --noEmit` with the repository's TypeScript, one diagnostic per line. */
export function typecheck(project: string, extraArgs: string[] = [], cwd = ROOT): Promise<RunResult> {
  return run(process.execPath, [TSC, '-p', project, '--noEmit', '--pretty', 'false', ...extraArgs], { cwd });
}

const LOCK = join(tmpdir(), `stancegraph-sdk-dist-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
const LOCK_WAIT_MS = 180_000;

/**
 * Takes the `sdk/dist` lock (waiting for another test file to release it) and resolves with its
 * release. A lock left by a process that no longer runs is taken over.
 */
export async function lockSdkDist(): Promise<() => void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isStale(LOCK)) {
      rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the sdk/dist lock ${LOCK}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isStale(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No pid file yet: the holder is between mkdir and write, unless that was long ago.
    if (code === 'ENOENT') return Date.now() - statMtime(lock) > 10_000;
    return code === 'ESRCH';
  }
}

function statMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

/** Builds `sdk/dist` (`npm run build -w sdk`, i.e. `tsc -p sdk/tsconfig.json`); hold the lock. */
export async function buildSdk(): Promise<void> {
  const result = await run('npm', ['run', 'build', '-w', 'sdk']);
  if (result.code !== 0) throw new Error(`npm run build -w sdk failed:\n${result.stdout}\n${result.stderr}`);
}
