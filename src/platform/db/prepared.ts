import type { DbOrTx } from './client.ts';

/**
 * Hot statements built once per database handle and sent as prepared statements (issue 17 §4): the
 * query builder's work is done once, and PostgreSQL plans the statement once per connection. `name`
 * is the statement's name on the server and the key of the cache.
 */
const cache = new WeakMap<DbOrTx, Map<string, unknown>>();

export function preparedStatement<T>(db: DbOrTx, name: string, build: (db: DbOrTx, name: string) => T): T {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map<string, unknown>()));
  let statement = byName.get(name) as T | undefined;
  if (statement === undefined) byName.set(name, (statement = build(db, name)));
  return statement;
}
