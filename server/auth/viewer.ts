// Who is asking: an anonymous reader, or the holder of an API key with a role. Decided once per
// request, before any GraphQL runs, from the Authorization header.
import type { Store } from '../store/index.js';
import type { Role } from '../store/enums.js';
import { looksLikeApiKey, parseAuthorization } from './keys.js';

export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'key'; keyId: number; name: string; role: Role }
  /** The command line, run by someone with access to the database itself: every role. */
  | { kind: 'system'; name: string };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/** Credentials were sent but cannot be accepted: the request fails as a whole (401). */
export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/**
 * No header is an anonymous viewer. A header that is malformed, or names a key that does not exist
 * or was revoked, is an error rather than a quiet fall-back to anonymous: a client with a broken key
 * should find out at once, not when its first write is refused.
 */
export async function authenticate(header: string | null, store: Store): Promise<Viewer> {
  const credentials = parseAuthorization(header);
  if (credentials.kind === 'none') return ANONYMOUS;
  if (credentials.kind === 'malformed') throw new AuthenticationError(`Invalid credentials: ${credentials.reason}.`);
  const key = looksLikeApiKey(credentials.key) ? await store.apiKeys.findActiveByKey(credentials.key) : undefined;
  if (!key) throw new AuthenticationError('Invalid credentials: the API key is unknown or has been revoked.');
  await store.apiKeys.touch(key);
  return { kind: 'key', keyId: key.id, name: key.name, role: key.role };
}

/** Who a change is recorded as, in the audit log. */
export interface Author {
  apiKeyId: number | null;
  name: string;
}

export function authorOf(viewer: Viewer): Author {
  if (viewer.kind === 'key') return { apiKeyId: viewer.keyId, name: viewer.name };
  return { apiKeyId: null, name: viewer.kind === 'system' ? viewer.name : 'anonymous' };
}

/** The role a viewer holds; null for anonymous callers. */
export function roleOf(viewer: Viewer): Role | null {
  if (viewer.kind === 'key') return viewer.role;
  return viewer.kind === 'system' ? 'ADMIN' : null;
}
