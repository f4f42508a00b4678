import type { Job } from '../platform/jobs/runner.ts';
import { breachCandidates, recordBreach } from './store.ts';
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
    const candidates = await breachCandidates(db, now, 1000);
    let recorded = 0;
    for (const t of candidates) {
      const { sla, stored } = await refreshStoredSla(db, t, now);
      if (sla.state !== 'breached' || !stored.slaDueAt) continue;
      if (
        await recordBreach(db, {
          ticketId: t.id,
          municipalityId: t.municipalityId,
          dueAt: stored.slaDueAt,
          recordedAt: now,
          intefunktion: t.intefunktion !== null,
        })
      ) {
        recorded += 1;
      }
    }
    return { checked: candidates.length, recorded };
  },
};
