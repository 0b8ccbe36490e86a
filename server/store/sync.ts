// Writing rows matched by natural key, for the two loaders that converge the store on a file: the
// seed loader (seeds/load.ts) and the NDJSON importer (server/ingest/bulk-writer.ts). A row is
// inserted when missing, updated (with a fresh updatedAt) only where a value differs, and left alone
// otherwise, so loading the same file twice changes nothing. Values a file gives for createdAt or
// updatedAt are kept and compared; where it gives none, the load's time is used and not compared.
import type { Transaction } from 'kysely';
import type { Database } from './tables.js';
import type { Trx } from './writes.js';

/** A row's columns as plain values (camelCase, as everywhere in the store). */
export type Row = Record<string, string | number | null>;

export type RowChange = 'inserted' | 'updated' | 'unchanged';

/** What making a parent's children match a list did. */
export interface ChildChanges {
  inserted: number;
  updated: number;
  deleted: number;
}

/** The tables are chosen at run time here, so the transaction is viewed without column types. */
type LooseTrx = Transaction<Record<string, Row>>;

function loose(trx: Trx): LooseTrx {
  return trx as unknown as LooseTrx;
}

/** Whether any value `wanted` names differs from the row's (null and missing are the same). */
export function differs(existing: Row, wanted: Row): boolean {
  return Object.entries(wanted).some(([key, value]) => (existing[key] ?? null) !== (value ?? null));
}

/**
 * Inserts the row of `table` matched by `key`, or updates it where `values` differ; returns its id.
 * When `keep` says true of the existing row (an editor changed it, say), it is left as it is.
 */
export async function upsertRow(
  trx: Trx,
  table: keyof Database,
  key: Row,
  values: Row,
  now: string,
  options: { keep?: (existing: Row) => Promise<boolean> } = {},
): Promise<{ id: number; change: RowChange }> {
  let query = loose(trx).selectFrom(table).selectAll();
  for (const [column, value] of Object.entries(key)) query = query.where(column, '=', value);
  const existing = await query.executeTakeFirst();
  const wanted = { ...key, ...values };
  if (!existing) {
    const inserted = await loose(trx)
      .insertInto(table)
      .values({ createdAt: now, updatedAt: now, ...wanted })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: Number(inserted.id), change: 'inserted' };
  }
  const id = Number(existing.id);
  if (options.keep && (await options.keep(existing))) return { id, change: 'unchanged' };
  if (!differs(existing, wanted)) return { id, change: 'unchanged' };
  await loose(trx).updateTable(table).set({ updatedAt: now, ...wanted }).where('id', '=', id).execute();
  return { id, change: 'updated' };
}

/**
 * Makes the rows of `table` under `parent` (one column and its value) equal `rows`, matching them by
 * `keys`: deletes the rest, inserts the missing (in the order given), updates the changed. With
 * `timestamps`, the table has createdAt/updatedAt, stamped as upsertRow does. An existing row for
 * which `keep` says true (one an editor changed, say) is neither deleted nor updated; `keep` is asked
 * only about rows the sync would otherwise change.
 */
export async function syncChildren(
  trx: Trx,
  table: keyof Database,
  parent: Row,
  keys: readonly string[],
  rows: readonly Row[],
  options: { now: string; timestamps?: boolean; keep?: (existing: Row) => boolean },
): Promise<ChildChanges> {
  const [[parentColumn, parentId]] = Object.entries(parent) as [[string, number]];
  const keyOf = (row: Row) => JSON.stringify(keys.map((key) => row[key]));
  const existing = await loose(trx).selectFrom(table).selectAll().where(parentColumn, '=', parentId).execute();
  const byKey = new Map(existing.map((row) => [keyOf(row), row]));
  const wanted = new Set(rows.map(keyOf));
  const insertStamps = options.timestamps ? { createdAt: options.now, updatedAt: options.now } : {};
  const updateStamp = options.timestamps ? { updatedAt: options.now } : {};
  const changes: ChildChanges = { inserted: 0, updated: 0, deleted: 0 };

  const keep = options.keep ?? (() => false);
  for (const row of existing.filter((candidate) => !wanted.has(keyOf(candidate)) && !keep(candidate))) {
    let query = loose(trx).deleteFrom(table).where(parentColumn, '=', parentId);
    for (const key of keys) query = query.where(key, '=', row[key] ?? null);
    await query.execute();
    changes.deleted += 1;
  }
  for (const row of rows) {
    const current = byKey.get(keyOf(row));
    if (!current) {
      await loose(trx).insertInto(table).values({ ...insertStamps, ...row, [parentColumn]: parentId }).execute();
      changes.inserted += 1;
    } else if (differs(current, row) && !keep(current)) {
      let query = loose(trx).updateTable(table).set({ ...updateStamp, ...row }).where(parentColumn, '=', parentId);
      for (const key of keys) query = query.where(key, '=', row[key] ?? null);
      await query.execute();
      changes.updated += 1;
    }
  }
  return changes;
}

/** Whether making children match changed any. */
export function anyChange(changes: ChildChanges): boolean {
  return changes.inserted + changes.updated + changes.deleted > 0;
}
