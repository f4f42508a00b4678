import { Temporal } from 'temporal-polyfill';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { actorFromUser } from '../org/sessions.ts';
import type { Job } from '../platform/jobs/runner.ts';
import { insertPreparedTicket, prepareTicket } from '../tickets/service.ts';
import { daysUntil } from './rules.ts';
import { addDays } from '../calendar/dates.ts';
import { accountsToFollowUp, setReminderTicket } from './store.ts';
import { orderNumbers } from './service.ts';

/**
 * R-4.4: an account for a non-employee has an end date, and it is followed up: every morning, each
 * live account order whose end lies within the mission's follow-up days (or has passed) and has no
 * follow-up yet gets one ticket in the IT desk, registered for the orderer so they see it too. The
 * ticket id is stored on the order in the same transaction, so each account is followed up once.
 */
export const accountEndReminderJob: Job = {
  name: 'account-end-reminders',
  schedule: '0 6 * * *',
  async run(db, now) {
    const today = stockholmToday(Temporal.Instant.fromEpochMilliseconds(now.getTime()));
    const numbers = orderNumbers((await missionOn(db, today)).document);
    const due = await accountsToFollowUp(db, addDays(today, numbers.accountEndReminderDays), 500);
    for (const { order, orderer, unitName } of due) {
      const d = order.details?.kind === 'account_non_employee' ? order.details : undefined;
      const endsOn = order.accountEndsOn ?? today;
      const name = d ? `${d.firstName} ${d.lastName}` : 'okänd';
      const left = daysUntil(today, endsOn);
      const prepared = await prepareTicket(
        db,
        actorFromUser(orderer),
        {
          municipalityId: order.municipalityId,
          categoryId: 'behorighet',
          intefunktion: null,
          priority: 'normal',
          subject: `Kontot för ${name} upphör ${endsOn}`,
          description: `Uppföljning av beställning ${order.number} (användarkonto för ej anställd, ${unitName}): kontot upphör ${endsOn}${left >= 0 ? `, om ${left} dagar` : ', datumet har passerat'}. Förläng med en ny beställning eller bekräfta att kontot ska avslutas.`,
          device: null,
          deviceSupportLevel: null,
          unitId: order.unitId,
          affectsOperations: false,
          channel: 'portal',
        },
        now,
      );
      // A scheduled job acts, not the orderer: the history and audit name no one.
      await db.transaction(async (tx) => {
        const ticket = await insertPreparedTicket(tx, { ...prepared, actorUserId: null });
        await setReminderTicket(tx, order.id, ticket.id, now);
        await writeAudit(tx, {
          actorUserId: null,
          municipalityId: order.municipalityId,
          entity: 'order',
          entityId: order.id,
          action: 'account_end_reminder',
          after: { reminderTicketId: ticket.id, number: ticket.number, accountEndsOn: endsOn },
        });
      });
    }
    return { created: due.length };
  },
};
