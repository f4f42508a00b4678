import { and, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Job } from '../platform/jobs/runner.ts';
import { slaBreaches, tickets } from './schema.ts';
import { slaOf } from './service.ts';

/**
 * Records SLA breaches of open tickets for follow-up (issue 4, R-10): every ticket whose stored due
 * instant has passed is read again from its history (a pause may have moved it), and a breach is
 * recorded once per due instant.
 */
export const slaBreachJob: Job = {
  name: 'sla-breaches',
  schedule: '*/5 * * * *',
  async run(db, now) {
    const candidates = await db
      .select()
      .from(tickets)
      .where(and(inArray(tickets.status, ['new', 'open', 'waiting']), isNotNull(tickets.slaDueAt), lt(tickets.slaDueAt, now)))
      .limit(1000);
    let recorded = 0;
    for (const t of candidates) {
      const sla = await slaOf(db, t, now.getTime());
      if (sla.state !== 'breached' || sla.dueAt === null) continue;
      const inserted = await db
        .insert(slaBreaches)
        .values({ ticketId: t.id, municipalityId: t.municipalityId, dueAt: new Date(sla.dueAt), recordedAt: now, intefunktion: t.intefunktion !== null })
        .onConflictDoNothing()
        .returning({ id: slaBreaches.id });
      recorded += inserted.length;
    }
    return { checked: candidates.length, recorded };
  },
};
