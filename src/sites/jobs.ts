import { Temporal } from 'temporal-polyfill';
import { stockholmToday } from '../mission/service.ts';
import type { Job } from '../platform/jobs/runner.ts';
import { remindOverdue } from './pool.ts';

/**
 * every morning, each loan from the laptop pool that is overdue and not yet reminded gets one
 * mail to its borrower (or, without one, to whoever booked it), through the outbox in the job's
 * transaction. IT reminds again from the pool page when needed.
 */
export const loanReminderJob: Job = {
  name: 'laptop-loan-reminders',
  schedule: '15 7 * * *',
  async run(db, now) {
    return remindOverdue(db, stockholmToday(Temporal.Instant.fromEpochMilliseconds(now.getTime())));
  },
};
