import { z } from 'zod';
import { AppError } from './errors.ts';

/**
 * Keyset paging (issue 17: one helper for every list). A cursor is the last row's sort key as
 * base64url JSON: opaque to the client, checked by the list's own schema when it comes back.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The sort key a cursor carries, or undefined without one; a cursor that does not parse is a 400. */
export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, schema: T, field = 'query.cursor'): z.infer<T> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: the same answer as a wrong shape
  }
  throw new AppError('validation', [{ field, reason: 'invalid cursor', reasonSv: 'ogiltig markör' }]);
}
