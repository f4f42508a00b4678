import { and, asc, eq, isNull, lte, ne } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { units, users } from '../org/schema.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { actorFromUser } from '../org/sessions.ts';
import type { Job } from '../platform/jobs/runner.ts';
import { insertPreparedTicket, prepareTicket } from '../tickets/service.ts';
import { daysUntil } from './rules.ts';
import { addDays } from '../calendar/dates.ts';
import { orders } from './schema.ts';
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
    const due = await db
      .select({ order: orders, orderer: users, unitName: units.name })
      .from(orders)
      .innerJoin(users, eq(users.id, orders.ordererUserId))
      .innerJoin(units, eq(units.id, orders.unitId))
      .where(and(eq(orders.kind, 'account_non_employee'), ne(orders.status, 'cancelled'), isNull(orders.reminderTicketId), lte(orders.accountEndsOn, addDays(today, numbers.accountEndReminderDays))))
      .orderBy(asc(orders.accountEndsOn))
      .limit(500);
    for (const { order, orderer, unitName } of due) {
      const d = order.details?.kind === 'account_non_employee' ? order.details : undefined;
      const endsOn = order.accountEndsOn ?? today;
      const name = d ? `${d.firstName} ${d.lastName}` : 'okänd';
      const left = daysUntil(today, endsOn);
      const prepared = await prepareTicket(db, actorFromUser(orderer), {
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
      }, now);
      // A scheduled job acts, not the orderer: the history and audit name no one.
      const ticket = await insertPreparedTicket(db, { ...prepared, actorUserId: null });
      await db.update(orders).set({ reminderTicketId: ticket.id, updatedAt: now }).where(eq(orders.id, order.id));
      await writeAudit(db, { actorUserId: null, municipalityId: order.municipalityId, entity: 'order', entityId: order.id, action: 'account_end_reminder', after: { reminderTicketId: ticket.id, number: ticket.number, accountEndsOn: endsOn } });
    }
    return { created: due.length };
  },
};
