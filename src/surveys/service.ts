import { randomInt } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { MISSION_2023 } from '../mission/default-2023.ts';
import { missionInForce, type MissionDocument } from '../mission/rules.ts';
import { stockholmToday } from '../mission/service.ts';
import { listMissionVersions } from '../mission/store.ts';
import type { Actor } from '../platform/http/context.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { AppError } from '../platform/http/errors.ts';
import { enqueueMail } from '../platform/mail/outbox.ts';
import {
  answerProblems,
  linkExpiry,
  normaliseComment,
  requesterKey,
  sampleDecision,
  summarise,
  surveyAddress,
  surveyState,
  type SurveySettings,
} from './rules.ts';
import type { SurveyAnswerInput, SurveySummary } from './contract.ts';
import * as store from './store.ts';
import { verifySurveyToken } from './token.ts';
import { ticketClosed } from '../tickets/hooks.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { readsSurveyAnswers } from './policy.ts';

/** A uniform number in [0, 1) from the operating system's CSPRNG (48 random bits). */
export function cryptoUniform(): number {
  return randomInt(0, 2 ** 48 - 1) / (2 ** 48 - 1);
}

/** The survey settings of the mission in force on a Stockholm date, read through the caller's transaction. */
async function surveySettingsOn(tx: DbOrTx, localDate: string): Promise<SurveySettings> {
  const versions = await listMissionVersions(tx);
  const doc: MissionDocument = (missionInForce(versions, localDate) ?? versions[0])?.document ?? MISSION_2023;
  return doc.support.survey;
}

export interface ClosedTicket {
  id: string;
  municipalityId: string;
  requesterUserId: string | null;
  requesterEmail: string | null;
  /** The name the survey mail greets (absent: none). */
  requesterName?: string | null | undefined;
}

/** Issue 17: the survey draw reacts to a closed ticket (registered when the app boots). */
export function registerSurveyReactions(): void {
  ticketClosed.on('surveys', async (tx, e) => {
    await considerSurvey(tx, e.ticket, e.at, e.random01 ? { random01: e.random01 } : {});
  });
}

export interface ConsiderSurveyOptions {
  /** Replaces the cryptographic draw (tests make sampling deterministic with it). */
  random01?: () => number;
}

/**
 * R-3.7 / issue 5: called inside the ticket-closing transaction. Draws the ticket with the share of
 * the mission in force on the closing date, applies the per-person limit against earlier surveys, and
 * inserts the survey and queues its mail (the outbox renders the signed link) when sampled. Issue
 * 16: only requesters the mail can reach are drawn — the ticket's address, else their account's — so
 * no survey is counted that could never arrive. Answers the survey's id, link expiry and address, or
 * null: not drawn, limited, unreachable, not the IT desk, or the ticket already had a survey (a
 * reopened ticket is surveyed once).
 */
export async function considerSurvey(
  tx: DbOrTx,
  ticket: ClosedTicket,
  now: Date,
  options: ConsiderSurveyOptions = {},
): Promise<{ surveyId: string; expiresAt: Date; to: string } | null> {
  const given = requesterKey(ticket);
  if (!given) return null;
  if (!(await store.isItDeskTicket(tx, ticket.id))) return null;
  if (await store.surveyForTicket(tx, ticket.id)) return null;
  const key = await store.resolvePerson(tx, given);
  const to = surveyAddress(ticket.requesterEmail, key.email);
  if (to === null) return null; // sampleDecision's 'unreachable': left out before the draw
  const settings = await surveySettingsOn(tx, stockholmToday(Temporal.Instant.fromEpochMilliseconds(now.getTime())));
  // Two closings for the same person at once must not both slip under the limit.
  await store.lockPersonForSurvey(tx, key.userId ?? key.email ?? '');
  const last = await store.lastSurveyedAt(tx, key);
  const decision = sampleDecision({
    share: settings.sampleShare,
    random01: (options.random01 ?? cryptoUniform)(),
    lastSurveyedAtMs: last ? last.getTime() : null,
    nowMs: now.getTime(),
    personLimitDays: settings.personLimitDays,
    reachable: true,
  });
  if (!decision.sampled) return null;
  const expiresAt = new Date(linkExpiry(now.getTime(), settings.linkValidDays));
  const surveyId = await store.insertSurvey(tx, {
    ticketId: ticket.id,
    municipalityId: ticket.municipalityId,
    requesterUserId: key.userId,
    requesterEmail: key.email,
    sampledAt: now,
    expiresAt,
    form: { scale: { ...settings.scale }, questions: settings.questions.map((q) => ({ code: q.code, text: q.text })) },
  });
  if (!surveyId) return null;
  await enqueueMail(tx, {
    kind: 'survey',
    ticketId: ticket.id,
    to,
    toName: ticket.requesterName ?? null,
    params: { surveyId, expiresAt: expiresAt.getTime() },
  });
  await writeAudit(tx, {
    actorUserId: null,
    municipalityId: ticket.municipalityId,
    entity: 'survey',
    entityId: surveyId,
    action: 'create',
    after: { ticketId: ticket.id, expiresAt },
  });
  return { surveyId, expiresAt, to };
}

/** The link can no longer be answered: the page says why (410 Gone). */
export class SurveyGoneError extends Error {
  constructor(readonly reason: 'expired' | 'answered') {
    super(`survey ${reason}`);
  }
}

const notFound = () => new AppError('not_found', [{ field: 'token', reason: 'no such survey link', reasonSv: 'ingen sådan enkätlänk' }]);

function surveyIdFrom(secret: string, token: string, now: Date): string {
  const v = verifySurveyToken(secret, token, now.getTime());
  if ('error' in v) {
    if (v.error === 'expired') throw new SurveyGoneError('expired');
    throw notFound();
  }
  return v.surveyId;
}

/** The public survey page's content. 404 for a bad link, SurveyGoneError when expired or answered. */
export async function openSurvey(db: Db, secret: string, token: string, now: Date) {
  const id = surveyIdFrom(secret, token, now);
  const found = await store.surveyWithTicket(db, id);
  if (!found) throw notFound();
  const state = surveyState({ expiresAtMs: found.survey.expiresAt.getTime(), answeredAtMs: found.survey.answeredAt?.getTime() ?? null }, now.getTime());
  if (state !== 'open') throw new SurveyGoneError(state);
  return { ticketNumber: found.ticketNumber, subject: found.subject, expiresAt: found.survey.expiresAt, form: found.survey.form };
}

/**
 * Issue 5: one answer per ticket. Validated against the questions and scale the survey was sent with;
 * a second answer is a 409, an expired link a SurveyGoneError. One transaction with its audit row.
 */
export async function answerSurvey(db: Db, secret: string, token: string, input: SurveyAnswerInput, now: Date): Promise<{ answeredAt: Date }> {
  const id = surveyIdFrom(secret, token, now);
  return db.transaction(async (tx) => {
    const found = await store.surveyWithTicket(tx, id, true);
    if (!found) throw notFound();
    const s = found.survey;
    if (s.answeredAt) {
      throw new AppError('conflict', [{ field: 'token', reason: 'this survey has already been answered', reasonSv: 'enkäten är redan besvarad' }]);
    }
    if (now.getTime() >= s.expiresAt.getTime()) throw new SurveyGoneError('expired');
    const problems = answerProblems(s.form, input);
    if (problems.length) throw new AppError('validation', problems);
    const answers = Object.fromEntries(s.form.questions.map((q) => [q.code, input.answers[q.code] as number]));
    if (!(await store.recordAnswer(tx, id, { answers, comment: normaliseComment(input.comment), at: now }))) {
      throw new AppError('conflict', [{ field: 'token', reason: 'this survey has already been answered', reasonSv: 'enkäten är redan besvarad' }]);
    }
    await writeAudit(tx, {
      actorUserId: null,
      municipalityId: s.municipalityId,
      entity: 'survey',
      entityId: id,
      action: 'answer',
      after: { ticketId: s.ticketId },
    });
    return { answeredAt: now };
  });
}

/** Issue 5 "answers visible only inside IT" (surveys/policy.ts). */
function requireSurveyReader(actor: Actor): void {
  assertPolicy(actor, readsSurveyAnswers);
}

/** Stockholm calendar dates → the instants that bound them ([from 00:00, day after `to` 00:00)). */
export function periodInstants(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const start = (d: string) => new Date(Temporal.PlainDate.from(d).toZonedDateTime('Europe/Stockholm').epochMilliseconds);
  const out: { from?: Date; to?: Date } = {};
  if (from) out.from = start(from);
  if (to) out.to = start(Temporal.PlainDate.from(to).add({ days: 1 }).toString());
  return out;
}

export async function listSurveyAnswers(
  db: Db,
  actor: Actor,
  q: { municipalityId: string | undefined; from?: string | undefined; to?: string | undefined; answeredOnly: boolean; limit: number },
) {
  requireSurveyReader(actor);
  return store.listSurveys(db, { municipalityId: q.municipalityId, ...periodInstants(q.from, q.to), answeredOnly: q.answeredOnly, limit: q.limit });
}

/** Sent, answered, answer rate, and the mean per question over the period. */
export async function surveySummary(
  db: Db,
  actor: Actor,
  q: { municipalityId: string | undefined; from?: string | undefined; to?: string | undefined },
): Promise<SurveySummary> {
  requireSurveyReader(actor);
  const rows = await store.summaryRows(db, { municipalityId: q.municipalityId, ...periodInstants(q.from, q.to) });
  const s = summarise(rows);
  const texts = new Map<string, string>();
  for (const r of rows) for (const question of r.form.questions) if (!texts.has(question.code)) texts.set(question.code, question.text);
  if (texts.size === 0) {
    for (const question of (await surveySettingsOn(db, q.to ?? stockholmToday())).questions) texts.set(question.code, question.text);
  }
  return {
    from: q.from ?? null,
    to: q.to ?? null,
    sent: s.sent,
    pending: s.pending,
    notSent: s.notSent,
    answered: s.answered,
    answerRate: s.answerRate,
    questions: [...texts].map(([code, text]) => ({ code, text, mean: s.means[code] ?? null, answers: s.counts[code] ?? 0 })),
  };
}
