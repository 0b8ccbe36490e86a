// Whether the store can do its job, for /health and for start-up: does it answer, has a write failed
// for a reason of storage (a full disk, a read-only file, a damaged table) lately, and do the cheap
// checks the dialect offers (free space, a writable file) pass. Dialect-neutral: database.ts supplies
// the probe and reports the faults it sees; this module decides what to make of them.

/** Storage faults, as opposed to a bad write or a busy store (which are the caller's or nobody's fault). */
export type StorageFaultKind = 'full' | 'read_only' | 'damaged' | 'io';

export interface StorageFault {
  kind: StorageFaultKind;
  /** The database's own message, e.g. "database or disk is full (SQLITE_FULL)". */
  message: string;
  /** When it happened (milliseconds since the epoch). */
  at: number;
}

/** What the dialect can tell without writing anything. */
export interface StorageProbe {
  /** Answers when the database does; throws when it does not. */
  ping(): Promise<void>;
  /** Problems visible right now (no space left, a file that cannot be written), cheapest first. */
  problems(): string[];
  /** A structural check of the file (reads all of it): null when sound, else the first problem. */
  damage(): string | null;
}

export type HealthReport =
  | { status: 'ok'; database: 'ok' }
  | { status: 'degraded'; database: string }
  | { status: 'unavailable'; database: 'unreachable' };

/** How long after a storage fault /health still reports it, unless a write commits sooner. */
export const FAULT_WINDOW_MS = 60_000;

const DESCRIPTIONS: Record<StorageFaultKind, string> = {
  full: 'disk full',
  read_only: 'read-only',
  damaged: 'damaged',
  io: 'I/O error',
};

/** The storage state of one open store. */
export class StorageMonitor {
  #lastFault: StorageFault | null = null;
  /** Damage does not heal: once seen (at start-up or by a query), it is reported until a restart. */
  #damage: string | null = null;

  constructor(
    private readonly probe: StorageProbe,
    private readonly now: () => number = Date.now,
  ) {}

  recordFault(kind: StorageFaultKind, message: string): void {
    this.#lastFault = { kind, message, at: this.now() };
    if (kind === 'damaged') this.#damage ??= message;
  }

  /** A write committed: whatever failed before works again (damage excepted, which stays). */
  recordCommit(): void {
    if (this.#lastFault) this.#lastFault = null;
  }

  get lastFault(): StorageFault | null {
    return this.#lastFault;
  }

  /** Runs the structural check (at start-up: it reads the whole file); the problem found, or null. */
  checkIntegrity(): string | null {
    const damage = this.probe.damage();
    if (damage) this.#damage = damage;
    return damage;
  }

  async report(): Promise<HealthReport> {
    try {
      await this.probe.ping();
    } catch {
      return { status: 'unavailable', database: 'unreachable' };
    }
    const problems = [
      ...(this.#damage ? [`damaged: ${this.#damage}`] : []),
      ...this.probe.problems(),
      ...this.#recentFault(),
    ];
    if (problems.length === 0) return { status: 'ok', database: 'ok' };
    return { status: 'degraded', database: problems.join('; ') };
  }

  #recentFault(): string[] {
    const fault = this.#lastFault;
    if (!fault || fault.kind === 'damaged') return [];
    const age = this.now() - fault.at;
    if (age > FAULT_WINDOW_MS) return [];
    return [`${DESCRIPTIONS[fault.kind]}: a statement failed ${Math.round(age / 1000)} s ago with "${fault.message}"`];
  }
}

const monitors = new WeakMap<object, StorageMonitor>();

/** Remembers the monitor of an open database (database.ts calls this when it opens one). */
export function registerStorage(db: object, monitor: StorageMonitor): void {
  monitors.set(db, monitor);
}

/** The monitor of a database opened by openDatabase. */
export function storageMonitor(db: object): StorageMonitor {
  const monitor = monitors.get(db);
  if (!monitor) throw new Error('this database was not opened by openDatabase, so nothing watches its storage');
  return monitor;
}
