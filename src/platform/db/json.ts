import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * Children fetched with their parent in one statement (issue 17: a read sends at most three). A
 * child table's rows become one JSON array column, built from the table's own column list, and are
 * read back with the types the query builder would give them (timestamps as Date).
 */

type Row<T extends PgTable> = T['$inferSelect'];

/** `json_build_object('key', alias.column, …)` for every column of `table` (keys as in TypeScript). */
export function jsonRow<T extends PgTable>(table: T, alias: string, only?: readonly (keyof Row<T> & string)[]): SQL {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => !only || only.includes(key as keyof Row<T> & string));
  const pairs = columns.map(([key, column]) => sql`${key}::text, ${sql.identifier(alias)}.${sql.identifier(column.name)}`);
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

/**
 * `(select coalesce(json_agg(row order by …), '[]') from table alias where …)`: the rows of a child
 * table as one JSON array; `where` and `orderBy` refer to the alias.
 */
export function jsonRows<T extends PgTable>(table: T, alias: string, where: SQL, orderBy: SQL, only?: readonly (keyof Row<T> & string)[]): SQL {
  return sql`(select coalesce(json_agg(${jsonRow(table, alias, only)} order by ${orderBy}), '[]'::json) from ${table} ${sql.identifier(alias)} where ${where})`;
}

/** A row read back from `jsonRow`: timestamp columns become Date again. */
export function fromJsonRow<T extends PgTable>(table: T, value: Record<string, unknown>): Row<T> {
  const out: Record<string, unknown> = { ...value };
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const v = out[key];
    if (column.dataType === 'date' && typeof v === 'string') out[key] = new Date(v);
  }
  return out;
}

/** The rows of `jsonRows`, typed and with their timestamps as Date. */
export function fromJsonRows<T extends PgTable>(table: T, value: unknown): Row<T>[] {
  const rows = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(rows) ? rows.map((r) => fromJsonRow(table, r as Record<string, unknown>)) : [];
}
