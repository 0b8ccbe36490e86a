// API keys as rows: created with their hash, found by hash, listed, revoked. Keys are never stored.
import { displayPrefix, generateApiKey, hashApiKey } from '../auth/keys.js';
import { type Db, isStoreBusy } from './database.js';
import { nowTimestamp } from './dates.js';
import type { Role } from './enums.js';
import type { ApiKeyRow } from './tables.js';

/** `lastUsedAt` is refreshed at most this often, so reads do not turn into a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeyInfo = Omit<ApiKeyRow, 'keyHash'>;

export function apiKeyQueries(db: Db) {
  const info = ['id', 'name', 'role', 'prefix', 'createdAt', 'lastUsedAt', 'revokedAt'] as const;
  return {
    /** Creates a key and returns it in clear, the only time it is ever available. */
    async create(name: string, role: Role): Promise<{ key: string; info: ApiKeyInfo }> {
      const key = generateApiKey();
      const row = await db
        .insertInto('apiKey')
        .values({ name, role, prefix: displayPrefix(key), keyHash: hashApiKey(key), createdAt: nowTimestamp() })
        .returning(info)
        .executeTakeFirstOrThrow();
      return { key, info: row };
    },

    /** The active (not revoked) key with this value, if any. */
    findActiveByKey: (key: string): Promise<ApiKeyInfo | undefined> =>
      db
        .selectFrom('apiKey')
        .select(info)
        .where('keyHash', '=', hashApiKey(key))
        .where('revokedAt', 'is', null)
        .executeTakeFirst(),

    async touch(key: ApiKeyInfo, now = new Date()): Promise<void> {
      if (key.lastUsedAt && now.getTime() - Date.parse(key.lastUsedAt) < LAST_USED_RESOLUTION_MS) return;
      // Only a note of when the key was last seen: while another writer holds the store (an import),
      // a request with a key reads on without it rather than failing.
      await db
        .updateTable('apiKey')
        .set({ lastUsedAt: now.toISOString() })
        .where('id', '=', key.id)
        .execute()
        .catch((error: unknown) => {
          if (!isStoreBusy(error)) throw error;
        });
    },

    list: (): Promise<ApiKeyInfo[]> => db.selectFrom('apiKey').select(info).orderBy('id').execute(),

    /** Revokes a key; returns it, or undefined when there is no such active key. */
    revoke: (id: number): Promise<ApiKeyInfo | undefined> =>
      db
        .updateTable('apiKey')
        .set({ revokedAt: nowTimestamp() })
        .where('id', '=', id)
        .where('revokedAt', 'is', null)
        .returning(info)
        .executeTakeFirst(),
  };
}
