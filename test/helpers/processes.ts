// Real `node --import tsx server/main.ts …` processes for the tests that need one (a kill -9, a
// second writer, a server on a real port): started, waited for and stopped with a bound on time.
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const ROOT = new URL('../..', import.meta.url).pathname;
const MAIN = ['--import', 'tsx', 'server/main.ts'];

/** The Node flags `npm start` runs the server with (its 256 MB heap cap), read from package.json. */
const START_FLAGS: string[] = (() => {
  const { scripts } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: { start: string } };
  const words = scripts.start.split(/\s+/);
  return words.slice(1, words.indexOf('--import'));
})();

export interface Command {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `server/main.ts <args>` with `env` (on top of this process's), on 127.0.0.1 only; `serve`
 * with the flags of `npm start`, so a test's server has the memory a deployed one has.
 */
export function startCommand(args: string[], env: Record<string, string>, options: Pick<SpawnOptions, 'uid' | 'gid'> = {}): Command {
  const flags = args[0] === 'serve' ? START_FLAGS : [];
  const child = spawn(process.execPath, [...flags, ...MAIN, ...args], {
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    ...options,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Runs a command to its end (killing it after `timeoutMs`) and returns its exit code and output. */
export async function runCommand(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  const command = startCommand(args, env);
  const timer = setTimeout(() => command.child.kill('SIGKILL'), timeoutMs);
  const { code } = await command.exited;
  clearTimeout(timer);
  return { code, output: command.output() };
}

export interface Server extends Command {
  /** The GraphQL endpoint, `http://127.0.0.1:<port>/graphql`. */
  url: string;
  /** The server's origin, `http://127.0.0.1:<port>`. */
  origin: string;
  /** SIGTERM, then SIGKILL if it has not exited within a few seconds. */
  stop(): Promise<void>;
}

/** Starts `serve` and resolves once it listens (rejects if it exits first, or after `timeoutMs`). */
export async function startServer(env: Record<string, string>, options: Pick<SpawnOptions, 'uid' | 'gid'> = {}, timeoutMs = 60_000): Promise<Server> {
  const command = startCommand(['serve'], env, options);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen within ${timeoutMs} ms:\n${command.output()}`)), timeoutMs);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(command.output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    command.child.stdout?.on('data', check);
    command.child.stderr?.on('data', check);
    void command.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${command.output()}`));
    });
  });
  const stop = async () => {
    if (command.child.exitCode !== null || command.child.signalCode !== null) return;
    const timer = setTimeout(() => command.child.kill('SIGKILL'), 5_000);
    command.child.kill('SIGTERM');
    await command.exited;
    clearTimeout(timer);
  };
  return { ...command, url, origin: new URL(url).origin, stop };
}

/** POSTs a GraphQL operation and returns the HTTP status, headers and JSON body. */
export async function postGraphQL(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as never };
}
