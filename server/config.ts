// Configuration comes from environment variables, read and checked once at start-up. Every
// variable has a default that suits the embedded mode; README.md lists them all.

export interface Config {
  port: number;
  /** Interface to listen on; undefined listens on all of them. */
  host: string | undefined;
  databaseUrl: string;
  autoMigrate: boolean;
  autoSeed: boolean;
  graphiql: boolean;
  /** Whether clients without an API key may read; writes always need a key. */
  publicRead: boolean;
  /** Only saved queries and the SDK's operations may run (ADMIN keys excepted). */
  persistedOnly: boolean;
  /** Most rows a saved query writes as CSV in one request. */
  savedQueryMaxRows: number;
  limits: { depth: number; complexity: number; breadth: number; aliases: number };
  /** Longest a request may run statements, in ms: no new statement starts after it. */
  requestTimeoutMs: number;
  /** Requests a minute per client address without a key, and per API key (0: unlimited). */
  rateLimits: { anonymousPerMinute: number; keyPerMinute: number };
  /** Origins browsers may call the API from: any (`*`), a list, or none (`[]`). Never with cookies. */
  corsOrigins: '*' | string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export const DEFAULT_DATABASE_URL = 'file:./data/stancegraph.sqlite';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `*` (the default), `none`, or a comma-separated list of origins such as `https://news.example`. */
function origins(raw: string | undefined, problems: string[]): '*' | string[] {
  if (raw === undefined || raw === '*') return '*';
  if (raw.toLowerCase() === 'none') return [];
  const list = raw.split(',').map((origin) => origin.trim()).filter(Boolean);
  const bad = list.filter((origin) => !/^https?:\/\/[^/\s]+$/.test(origin));
  if (bad.length > 0) problems.push(`CORS_ORIGINS must be *, none, or origins like https://news.example (scheme and host, no path), got "${bad.join('", "')}"`);
  return list;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
    return fallback;
  };

  const config: Config = {
    port: integer('PORT', 4000, 0, 65535),
    host: read('HOST'),
    databaseUrl: read('DATABASE_URL') ?? DEFAULT_DATABASE_URL,
    autoMigrate: flag('AUTO_MIGRATE', true),
    autoSeed: flag('AUTO_SEED', true),
    graphiql: flag('GRAPHIQL', true),
    publicRead: flag('PUBLIC_READ', true),
    persistedOnly: flag('PERSISTED_ONLY', false),
    savedQueryMaxRows: integer('SAVED_QUERY_MAX_ROWS', 10_000, 1, 1_000_000),
    limits: {
      depth: integer('MAX_QUERY_DEPTH', 15, 1, 100),
      complexity: integer('MAX_QUERY_COMPLEXITY', 50_000, 1, 10_000_000),
      breadth: integer('MAX_QUERY_BREADTH', 500, 1, 100_000),
      aliases: integer('MAX_QUERY_ALIASES', 15, 0, 1000),
    },
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', 10_000, 100, 600_000),
    rateLimits: {
      anonymousPerMinute: integer('RATE_LIMIT_ANONYMOUS', 600, 0, 1_000_000),
      keyPerMinute: integer('RATE_LIMIT_KEY', 3000, 0, 1_000_000),
    },
    corsOrigins: origins(read('CORS_ORIGINS'), problems),
    logLevel: oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
