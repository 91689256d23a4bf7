/** Small helpers for the maps of lists that run-level steps build. */

/**
 * Appends to the list under `key`, creating it on first use. In place: copying the list on every
 * append (`[...(map.get(k) ?? []), v]`) made grouping thousands of items quadratic.
 */
export function addToList<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
