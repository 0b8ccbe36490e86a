// The servers under test run in child processes, so their memory is theirs alone and autocannon (in
// the parent) does not share their event loop. Each child reports its port over IPC once listening.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ReadyMessage {
  type: 'ready';
  port: number;
}

export interface MemoryMessage {
  type: 'memory';
  rss: number;
}

export interface Child {
  pid: number;
  url: string;
  /** Resident memory now, in bytes. */
  rss(): Promise<number>;
  /** The most resident memory the process has had, in bytes (Linux; the largest sample elsewhere). */
  peakRss(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The Node options `npm start` gives the server (the heap limit, say), read from package.json so
 * the app under test runs as it does in production.
 */
export function startNodeOptions(): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> };
  const start = manifest.scripts?.start ?? '';
  const match = /^node((?: --[\w-]+(?:=\S+)?)*) --import tsx /.exec(start);
  if (!match) throw new Error(`bench: cannot read the node options of the start script: ${JSON.stringify(start)}`);
  return (match[1] ?? '').trim().split(' ').filter(Boolean);
}

/** Starts `bench/<entry>.ts` under tsx with the start script's options (both servers alike) and waits until it listens. */
export async function startChild(entry: 'server' | 'raw-server', env: Record<string, string>): Promise<Child> {
  const file = fileURLToPath(new URL(`./${entry}.ts`, import.meta.url));
  const child = fork(file, [], {
    execArgv: [...startNodeOptions(), '--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench/${entry}.ts exited with code ${code} before listening`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.on('message', (message: ReadyMessage) => {
      if (message.type !== 'ready') return;
      child.off('exit', onExit);
      resolve(message.port);
    });
  });
  const pid = child.pid as number;
  let largestSample = 0;
  const askRss = () =>
    new Promise<number>((resolve) => {
      const onMessage = (message: MemoryMessage) => {
        if (message.type !== 'memory') return;
        child.off('message', onMessage);
        resolve(message.rss);
      };
      child.on('message', onMessage);
      child.send({ type: 'memory' });
    });
  const rss = async () => {
    const value = procStatusBytes(pid, 'VmRSS') ?? (await askRss());
    largestSample = Math.max(largestSample, value);
    return value;
  };
  return {
    pid,
    url: `http://127.0.0.1:${port}`,
    rss,
    peakRss: async () => Math.max(procStatusBytes(pid, 'VmHWM') ?? 0, largestSample, await rss()),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A `kB` line of /proc/<pid>/status in bytes, or null where there is no /proc. */
function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Called by a child entry once it listens: tells the parent its port and answers memory questions. */
export function reportReady(port: number, close: () => void): void {
  process.send?.({ type: 'ready', port } satisfies ReadyMessage);
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'memory') process.send?.({ type: 'memory', rss: process.memoryUsage().rss } satisfies MemoryMessage);
  });
  process.once('SIGTERM', close);
  // The parent died without stopping us: do not linger.
  process.once('disconnect', close);
}
