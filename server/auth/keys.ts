// API keys: how they look, how they are stored (hashed), and how a request presents one.
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../store/enums.js';
import { ROLES } from '../store/enums.js';

/** Every key starts with this, so a leaked key is easy to recognise (and to scan for). */
export const KEY_PREFIX = 'sg_';
/** How much of a key listings show: enough to tell keys apart, far too little to use. */
const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 6;
const KEY_PATTERN = /^sg_[A-Za-z0-9_-]{43}$/;

/** A new key: 256 random bits, base64url. Shown once; only its hash is kept. */
export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256, hex. A slow password hash buys nothing for 256-bit random keys (they cannot be guessed),
 * and a fast one keeps authentication a single indexed lookup.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export type Credentials = { kind: 'none' } | { kind: 'bearer'; key: string } | { kind: 'malformed'; reason: string };

/** Reads an `Authorization` header: absent, `Bearer <key>`, or something we cannot accept. */
export function parseAuthorization(header: string | null | undefined): Credentials {
  if (header === null || header === undefined || header.trim() === '') return { kind: 'none' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!match?.[1]) return { kind: 'malformed', reason: 'the Authorization header must be "Bearer <API key>"' };
  return { kind: 'bearer', key: match[1] };
}

/** Roles are ordered: each can do everything the ones before it can. */
export function roleAtLeast(role: Role | null, required: Role): boolean {
  return role !== null && ROLES.indexOf(role) >= ROLES.indexOf(required);
}

export function parseRole(value: string): Role | null {
  const upper = value.trim().toUpperCase();
  return (ROLES as readonly string[]).includes(upper) ? (upper as Role) : null;
}
