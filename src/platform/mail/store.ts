import type { DbOrTx } from '../db/client.ts';
import { mailOutbox } from './schema.ts';

export async function insertOutboxMail(tx: DbOrTx, values: typeof mailOutbox.$inferInsert): Promise<void> {
  await tx.insert(mailOutbox).values(values);
}
