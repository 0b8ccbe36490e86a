// `keys create|list|revoke`: API keys from the command line. A new key is printed once, on stdout,
// and never again (only its hash is stored).
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Store } from '../store/index.js';
import { ROLES } from '../store/enums.js';
import { parseRole } from './keys.js';

export const KEYS_USAGE = `keys create --role reader|analyst|editor|admin --name NAME
keys list
keys revoke <id>`;

export class KeysUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeysUsageError';
  }
}

export async function runKeys(store: Store, args: string[], out: Writable = process.stdout): Promise<void> {
  const [action, ...rest] = args;
  switch (action) {
    case 'create':
      return create(store, rest, out);
    case 'list':
      return list(store, out);
    case 'revoke':
      return revoke(store, rest, out);
    default:
      throw new KeysUsageError(action ? `unknown keys command "${action}"` : 'keys needs a command: create, list or revoke');
  }
}

async function create(store: Store, args: string[], out: Writable): Promise<void> {
  let values: { role?: string; name?: string };
  try {
    ({ values } = parseArgs({ args, strict: true, options: { role: { type: 'string' }, name: { type: 'string' } } }));
  } catch (error) {
    throw new KeysUsageError(error instanceof Error ? error.message : String(error));
  }
  const role = values.role ? parseRole(values.role) : null;
  if (!role) throw new KeysUsageError(`--role must be one of ${ROLES.map((r) => r.toLowerCase()).join(', ')}`);
  const name = values.name?.trim();
  if (!name) throw new KeysUsageError('--name is required: say who or what the key is for ("desk", "dashboard")');
  if (name.length > 100) throw new KeysUsageError('--name must be at most 100 characters');
  const { key, info } = await store.apiKeys.create(name, role);
  process.stderr.write(`Created key ${info.id} "${info.name}" with role ${info.role}. It is shown only now; store it safely:\n`);
  out.write(`${key}\n`);
}

async function list(store: Store, out: Writable): Promise<void> {
  const keys = await store.apiKeys.list();
  if (keys.length === 0) {
    out.write('no API keys yet: create one with `npm run keys -- create --role editor --name desk`\n');
    return;
  }
  const rows = keys.map((key) => [
    String(key.id),
    key.name,
    key.role,
    `${key.prefix}…`,
    key.createdAt.slice(0, 19).replace('T', ' '),
    key.lastUsedAt ? key.lastUsedAt.slice(0, 19).replace('T', ' ') : 'never',
    key.revokedAt ? `revoked ${key.revokedAt.slice(0, 10)}` : 'active',
  ]);
  const header = ['ID', 'NAME', 'ROLE', 'KEY', 'CREATED (UTC)', 'LAST USED (UTC)', 'STATUS'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  for (const row of [header, ...rows]) out.write(`${row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd()}\n`);
}

async function revoke(store: Store, args: string[], out: Writable): Promise<void> {
  const [id] = args;
  if (!id || !/^\d+$/.test(id) || args.length !== 1) throw new KeysUsageError('keys revoke takes one key ID (see `keys list`)');
  const revoked = await store.apiKeys.revoke(Number(id));
  if (!revoked) throw new KeysUsageError(`no active key with ID ${id} (see \`keys list\`)`);
  out.write(`revoked key ${revoked.id} "${revoked.name}" (${revoked.role}); requests using it now get 401\n`);
}
