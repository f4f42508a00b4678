import type { Db } from '../platform/db/client.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { insertCategories, insertDesk, itDesk } from './store.ts';

/**
 * The IT unit's desk with its categories. Intefunktion's target comes from the mission;
 * the other categories carry their own (configurable) targets. Idempotent.
 */
export const IT_CATEGORIES: {
  code: string;
  name: string;
  kind: 'fault' | 'question' | 'request';
  isIntefunktion?: boolean;
  resolveWorkingDays?: number;
  resolveBusinessMinutes?: number;
}[] = [
  { code: 'intefunktion', name: 'Något fungerar inte (intefunktion)', kind: 'fault', isIntefunktion: true },
  { code: 'fel', name: 'Övrigt fel', kind: 'fault', resolveWorkingDays: 3 },
  { code: 'fraga', name: 'Fråga', kind: 'question', resolveWorkingDays: 2 },
  { code: 'bestallning', name: 'Beställning', kind: 'request', resolveWorkingDays: 5 },
  { code: 'behorighet', name: 'Behörighet och konton', kind: 'request', resolveWorkingDays: 2 },
  { code: 'programvara', name: 'Programvara', kind: 'request', resolveWorkingDays: 5 },
];

export async function seedDesks(db: Db): Promise<void> {
  const existing = await itDesk(db);
  if (existing) return;
  await db.transaction(async (tx) => {
    const desk = await insertDesk(tx, { code: 'it', name: 'IT-supporten', municipalityId: null, isIt: true });
    await insertCategories(
      tx,
      IT_CATEGORIES.map((c) => ({
        deskId: desk.id,
        code: c.code,
        name: c.name,
        kind: c.kind,
        isIntefunktion: c.isIntefunktion ?? false,
        resolveWorkingDays: c.resolveWorkingDays ?? null,
        resolveBusinessMinutes: c.resolveBusinessMinutes ?? null,
      })),
    );
    await writeAudit(tx, {
      actorUserId: null,
      municipalityId: null,
      entity: 'desk',
      entityId: desk.id,
      action: 'seed',
      after: { code: desk.code, categories: IT_CATEGORIES.map((c) => c.code) },
    });
  });
}
