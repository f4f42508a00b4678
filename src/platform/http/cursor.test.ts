import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { AppError } from './errors.ts';

const ZKey = z.object({ key: z.string(), id: z.string() });

test('a cursor decodes to the key it was made from', () => {
  fc.assert(
    fc.property(fc.record({ key: fc.string(), id: fc.string() }, { noNullPrototype: true }), (k) => assert.deepEqual(decodeCursor(encodeCursor(k), ZKey), k)),
  );
});

test('no cursor is the first page', () => {
  assert.equal(decodeCursor(undefined, ZKey), undefined);
  assert.equal(decodeCursor('', ZKey), undefined);
});

test('a cursor that is not JSON, or of another shape, is a 400 naming the field', () => {
  for (const bad of ['%%%', Buffer.from('not json').toString('base64url'), encodeCursor({ key: 1 })]) {
    assert.throws(
      () => decodeCursor(bad, ZKey),
      (e: unknown) => e instanceof AppError && e.code === 'validation' && e.problems[0]?.field === 'query.cursor',
    );
  }
});
