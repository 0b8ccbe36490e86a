// Dataloader helper: splits rows fetched for many keys into one list per key, in key order.

export function groupRows<K, R, V = R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K, valueOf?: (row: R) => V): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(valueOf ? valueOf(row) : (row as unknown as V));
  return keys.map((key) => groups.get(key) ?? []);
}
