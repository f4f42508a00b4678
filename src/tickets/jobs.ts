import { and, asc, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Job } from '../platform/jobs/runner.ts';
import { slaBreaches, tickets } from './schema.ts';
import { refreshStoredSla } from './service.ts';

/**
 * Records SLA breaches of open tickets for follow-up (issue 4, R-10). Every active ticket whose stored
 * due instant has passed, and whose breach of that instant is not yet recorded, is read again from its
 * history: a breach is recorded once per due instant, and the stored instants are refreshed, so a
 * paused ticket's deadline (which moves on while it waits) leaves the candidates until it passes again.
 */
export const slaBreachJob: Job = {
  name: 'sla-breaches',
  schedule: '*/5 * * * *',
  async run(db, now) {
    const candidates = await db
      .select()
      .from(tickets)
      .where(
        and(
          inArray(tickets.status, ['new', 'open', 'waiting']),
          isNotNull(tickets.slaDueAt),
          lt(tickets.slaDueAt, now),
          sql`not exists (select 1 from ${slaBreaches} b where b.ticket_id = ${tickets.id} and b.due_at = ${tickets.slaDueAt})`,
        ),
      )
      .orderBy(asc(tickets.slaDueAt))
      .limit(1000);
    let recorded = 0;
    for (const t of candidates) {
      const { sla, stored } = await refreshStoredSla(db, t, now);
      if (sla.state !== 'breached' || !stored.slaDueAt) continue;
      const inserted = await db
        .insert(slaBreaches)
        .values({ ticketId: t.id, municipalityId: t.municipalityId, dueAt: stored.slaDueAt, recordedAt: now, intefunktion: t.intefunktion !== null })
        .onConflictDoNothing()
        .returning({ id: slaBreaches.id });
      recorded += inserted.length;
    }
    return { checked: candidates.length, recorded };
  },
};
