import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig } from '../server/config.js';

describe('loadConfig', () => {
  it('has a default for everything, suited to the embedded mode', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: undefined,
      databaseUrl: DEFAULT_DATABASE_URL,
      autoMigrate: true,
      autoSeed: true,
      graphiql: true,
      publicRead: true,
      persistedOnly: false,
      savedQueryMaxRows: 10_000,
      limits: { depth: 15, complexity: 50_000, breadth: 500, aliases: 15 },
      requestTimeoutMs: 10_000,
      rateLimits: { anonymousPerMinute: 600, keyPerMinute: 3000 },
      corsOrigins: '*',
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: ':memory:',
      AUTO_MIGRATE: 'false',
      AUTO_SEED: '0',
      GRAPHIQL: 'off',
      PUBLIC_READ: 'no',
      PERSISTED_ONLY: 'yes',
      SAVED_QUERY_MAX_ROWS: '500',
      MAX_QUERY_DEPTH: '8',
      MAX_QUERY_COMPLEXITY: '1000',
      MAX_QUERY_BREADTH: '100',
      MAX_QUERY_ALIASES: '4',
      REQUEST_TIMEOUT_MS: '2500',
      RATE_LIMIT_ANONYMOUS: '60',
      RATE_LIMIT_KEY: '0',
      CORS_ORIGINS: 'https://news.example, http://localhost:5173',
      LOG_LEVEL: 'debug',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: ':memory:',
      autoMigrate: false,
      autoSeed: false,
      graphiql: false,
      publicRead: false,
      persistedOnly: true,
      savedQueryMaxRows: 500,
      limits: { depth: 8, complexity: 1000, breadth: 100, aliases: 4 },
      requestTimeoutMs: 2500,
      rateLimits: { anonymousPerMinute: 60, keyPerMinute: 0 },
      corsOrigins: ['https://news.example', 'http://localhost:5173'],
      logLevel: 'debug',
    });
  });

  it('reads CORS_ORIGINS as none, or refuses an origin with a path', () => {
    expect(loadConfig({ CORS_ORIGINS: 'none' }).corsOrigins).toEqual([]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://news.example/app' })).toThrow(/CORS_ORIGINS must be/);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: ' ', DATABASE_URL: '' }).port).toBe(4000);
  });

  it('reports every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', AUTO_SEED: 'maybe', LOG_LEVEL: 'loud', MAX_QUERY_COMPLEXITY: '-5' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT must be a whole number from 0 to 65535, got "70000"',
      'AUTO_SEED must be true or false, got "maybe"',
      'MAX_QUERY_COMPLEXITY must be a whole number from 1 to 10000000, got "-5"',
      'LOG_LEVEL must be one of debug, info, warn, error, got "loud"',
    ]);
  });
});
