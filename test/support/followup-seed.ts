import assert from 'node:assert/strict';
import type { z } from 'zod';
import { actorFromUser } from '../../src/org/sessions.ts';
import { findUserByUsername } from '../../src/org/store.ts';
import { withClock, type Clock } from '../../src/platform/clock.ts';
import type { Actor } from '../../src/platform/http/context.ts';
import { runJobOnce } from '../../src/platform/jobs/runner.ts';
import { answerSurvey } from '../../src/surveys/service.ts';
import { surveyToken } from '../../src/surveys/token.ts';
import { ZEscalation, ZStatusChange, ZTicketInput } from '../../src/tickets/contract.ts';
import { slaBreachJob } from '../../src/tickets/jobs.ts';
import * as tickets from '../../src/tickets/service.ts';
import type { TestContext } from './app.ts';

/**
 * Issue 21: seeding a tertial through the ticket and survey services as of chosen instants, so the SLA
 * clock, escalations, solving lines, breaches and survey draws come from the product's own behaviour
 * (never from rows written by hand). Every call runs under a clock stopped at its instant
 * (platform/clock.ts `withClock`): the history event, the stored deadline, the solve and the survey's
 * sampling all carry exactly that instant.
 */

/** A clock that always reads `at` (one step of a scripted day; the next step has its own clock). */
export const stoppedClock = (at: Date): Clock => ({ now: () => new Date(at.getTime()) });

/** Runs `fn` as of `iso` (an instant with offset). */
export function asOf<T>(iso: string, fn: (at: Date) => Promise<T>): Promise<T> {
  const at = new Date(iso);
  assert.ok(!Number.isNaN(at.getTime()), `not an instant: ${iso}`);
  return withClock(stoppedClock(at), () => fn(at));
}

/** The service-level actor of an account made by `ctx.userClient`. */
export async function actorOf(ctx: TestContext, username: string): Promise<Actor> {
  const user = await findUserByUsername(ctx.database.db, username);
  assert.ok(user, `no account ${username}`);
  return actorFromUser(user);
}

export interface SeededTicket {
  id: string;
  number: string;
  version: number;
}

/** A survey drawn for every closing (the draw is below the mission's 25 % share). */
const DRAWN = () => 0.01;

/** The ticket use cases as of an instant, keeping each ticket's version between steps. */
export class TicketScript {
  constructor(private readonly ctx: TestContext) {}

  private get db() {
    return this.ctx.database.db;
  }

  /** A ticket arriving at `iso` (the portal, or an agent registering a call or a forwarded mail as it comes). */
  open(by: Actor, iso: string, input: z.input<typeof ZTicketInput>): Promise<SeededTicket> {
    return asOf(iso, async (at) => {
      const row = await tickets.createTicket(this.db, by, ZTicketInput.parse(input), at);
      return { id: row.id, number: row.number, version: row.version };
    });
  }

  /** A status change at `iso`; a closing draws the satisfaction survey (always drawn here). */
  async status(by: Actor, t: SeededTicket, iso: string, status: z.input<typeof ZStatusChange>['status']): Promise<void> {
    const row = await asOf(iso, (at) =>
      tickets.changeStatus(this.db, by, t.id, ZStatusChange.parse({ version: t.version, status }), at, { surveyRandom: DRAWN }),
    );
    assert.equal(row.status, status);
    t.version = row.version;
  }

  /** an escalation at `iso` to `team`, `line`. */
  async escalate(by: Actor, t: SeededTicket, iso: string, team: string, line: number, reason: string): Promise<void> {
    const row = await asOf(iso, () => tickets.escalate(this.db, by, t.id, ZEscalation.parse({ version: t.version, team, line, reason })));
    assert.equal(row.line, line);
    t.version = row.version;
  }

  /** The scheduled SLA breach job (tickets/jobs.ts) as it would run at `iso`; answers how many breaches it recorded. */
  async breachJob(iso: string): Promise<number> {
    const detail = await asOf(iso, (at) => runJobOnce(this.db, slaBreachJob, at));
    assert.ok(detail, 'the job ran');
    return Number(detail.recorded);
  }

  /** The requester answers the survey of `t` through its signed link at `iso`. */
  async answerSurvey(t: SeededTicket, iso: string, answers: Record<string, number>, comment: string | null): Promise<void> {
    const [survey] = await this.ctx.database.query<{ id: string; expires_at: Date | string }>('select id, expires_at from surveys where ticket_id = $1', [
      t.id,
    ]);
    assert.ok(survey, `no survey for ${t.number}`);
    const token = surveyToken(this.ctx.deps.secret, survey.id, new Date(survey.expires_at).getTime());
    await asOf(iso, (at) => answerSurvey(this.db, this.ctx.deps.secret, token, { answers, comment }, at));
  }
}
