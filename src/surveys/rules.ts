/**
 * R-3.7 / issue 5: the satisfaction survey. Pure rules: who is sampled, what a valid answer is.
 * The random number and the clock come from the caller (the service draws from node:crypto), so every
 * decision here is a plain function of its inputs and can be table- and property-tested.
 */

const DAY_MS = 86_400_000;

/** Issue 5: the optional comment is at most this long. */
export const COMMENT_MAX = 2000;

/** The survey part of the mission document in force, as the rules need it. */
export interface SurveySettings {
  /** Share of closed tickets drawn, 0..1 (R-3.7: 25 %). */
  sampleShare: number;
  scale: { min: number; max: number };
  questions: readonly { code: string; text: string }[];
  /** A person is surveyed at most once in this many days (0 = no limit). */
  personLimitDays: number;
  /** Days a survey link stays valid. */
  linkValidDays: number;
}

export interface SampleDecisionProps {
  /** Share to draw, 0..1, from the mission in force on the closing date. */
  share: number;
  /** A uniform number in [0, 1) from a cryptographic source; the caller draws it. */
  random01: number;
  /** When this person was last sampled (any ticket), or null if never. */
  lastSurveyedAtMs: number | null;
  /** The closing instant. */
  nowMs: number;
  /** Issue 5: at most one survey per person in this many days; 0 = no limit. */
  personLimitDays: number;
  /**
   * Issue 16: the survey can reach the requester (an e-mail address to send it to). Unreachable
   * requesters are left out before the draw, so no survey is counted that could never arrive.
   * Absent: reachable.
   */
  reachable?: boolean | undefined;
}

export type SampleReason = 'drawn' | 'not_drawn' | 'person_limit' | 'unreachable';

/**
 * Whether a closed ticket gets a survey. The draw comes first and is the same for every ticket, so the
 * sample does not depend on team, line, category or requester (R-3.7 "random and unbiased"); the
 * person limit then removes some of the drawn tickets — reason `person_limit` — which is what lowers
 * the effective rate below the share (docs/surveys.md gives the figures).
 */
export function sampleDecision(p: SampleDecisionProps): { sampled: boolean; reason: SampleReason } {
  if (!(p.share >= 0 && p.share <= 1)) throw new RangeError(`share must be within 0..1, got ${p.share}`);
  if (!(p.random01 >= 0 && p.random01 < 1)) throw new RangeError(`random01 must be within [0, 1), got ${p.random01}`);
  if (!Number.isInteger(p.personLimitDays) || p.personLimitDays < 0) {
    throw new RangeError(`personLimitDays must be a whole number ≥ 0, got ${p.personLimitDays}`);
  }
  if (p.reachable === false) return { sampled: false, reason: 'unreachable' };
  if (p.random01 >= p.share) return { sampled: false, reason: 'not_drawn' };
  if (p.lastSurveyedAtMs !== null && p.personLimitDays > 0 && p.nowMs - p.lastSurveyedAtMs < p.personLimitDays * DAY_MS) {
    return { sampled: false, reason: 'person_limit' };
  }
  return { sampled: true, reason: 'drawn' };
}

/**
 * Who the person limit counts: the requester's account when there is one, else the e-mail address
 * (case-insensitive). Null when there is nobody to send the survey to.
 */
export function requesterKey(t: { requesterUserId: string | null; requesterEmail: string | null }): { userId: string | null; email: string | null } | null {
  const email = t.requesterEmail?.trim().toLowerCase() || null;
  if (t.requesterUserId === null && email === null) return null;
  return { userId: t.requesterUserId, email };
}

/**
 * Issue 16: where the survey goes: the ticket's requester address, else the requester account's, if
 * it looks like an address a mail can be sent to (the outbox refuses others); null: unreachable.
 */
export function surveyAddress(ticketEmail: string | null, accountEmail: string | null): string | null {
  for (const candidate of [ticketEmail, accountEmail]) {
    const a = candidate?.trim().toLowerCase() ?? '';
    if (/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(a)) return a;
  }
  return null;
}

export interface AnswerInput {
  /** Question code → chosen step on the scale. */
  answers: Record<string, unknown>;
  comment?: unknown;
}

export interface AnswerProblem {
  field: string;
  reason: string;
  reasonSv: string;
  /** The field as the person answering knows it: the question's own text (issue 16: no field codes). */
  label?: string;
  labelEn?: string;
}

/**
 * Problems of an answer against the questions and scale the survey was sent with: every question
 * answered exactly once with a whole number within the scale, no unknown question, an optional comment
 * of at most {@link COMMENT_MAX} characters. Empty when valid.
 */
export function answerProblems(settings: Pick<SurveySettings, 'scale' | 'questions'>, input: AnswerInput): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const { min, max } = settings.scale;
  const codes = new Set(settings.questions.map((q) => q.code));
  for (const q of settings.questions) {
    const value = input.answers[q.code];
    const field = `answers.${q.code}`;
    const named = { label: q.text, labelEn: q.text };
    if (value === undefined || value === null) problems.push({ field, reason: 'required', reasonSv: 'obligatoriskt', ...named });
    else if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push({ field, reason: `a whole number from ${min} to ${max}`, reasonSv: `ett heltal från ${min} till ${max}`, ...named });
    }
  }
  for (const code of Object.keys(input.answers)) {
    if (!codes.has(code)) {
      problems.push({ field: `answers.${code}`, reason: 'unknown question', reasonSv: 'okänd fråga', label: 'Okänd fråga', labelEn: 'Unknown question' });
    }
  }
  if (input.comment !== undefined && input.comment !== null) {
    if (typeof input.comment !== 'string') problems.push({ field: 'comment', reason: 'must be text', reasonSv: 'måste vara text' });
    else if ([...input.comment].length > COMMENT_MAX) {
      problems.push({ field: 'comment', reason: `at most ${COMMENT_MAX} characters`, reasonSv: `högst ${COMMENT_MAX} tecken` });
    }
  }
  return problems;
}

/** The comment as stored: trimmed, empty → null. */
export function normaliseComment(comment: string | null | undefined): string | null {
  const c = comment?.trim() ?? '';
  return c === '' ? null : c;
}

/** The state of a survey link at an instant: answerable, or gone and why (the page says which). */
export function surveyState(s: { expiresAtMs: number; answeredAtMs: number | null }, nowMs: number): 'open' | 'answered' | 'expired' {
  if (s.answeredAtMs !== null) return 'answered';
  return nowMs >= s.expiresAtMs ? 'expired' : 'open';
}

/** Expiry of a link sent at `nowMs`. */
export function linkExpiry(nowMs: number, linkValidDays: number): number {
  return nowMs + linkValidDays * DAY_MS;
}

/**
 * What became of a survey's mail (issue 16: count what was really sent): `sent` (the mail left),
 * `pending` (waiting in the outbox), `failed` (given up), `none` (no mail was ever queued: a survey
 * drawn before unreachable requesters were left out).
 */
export type SurveyDelivery = 'sent' | 'pending' | 'failed' | 'none';

export interface SummaryRow {
  answeredAt: Date | null;
  answers: Record<string, number> | null;
  /** Absent: counted as sent (a caller without delivery data). */
  delivery?: SurveyDelivery | undefined;
}

/**
 * Sent, answered, answer rate and mean per question code (issue 5: "followed up internally"). Only
 * surveys whose mail was sent count as sent (issue 16); an answered survey was received, so it counts
 * as sent whatever the outbox says. `pending` and `notSent` (failed or never queued) are reported
 * beside it; the answer rate is answered / sent.
 */
export function summarise(rows: readonly SummaryRow[]): {
  sent: number;
  pending: number;
  notSent: number;
  answered: number;
  answerRate: number | null;
  means: Record<string, number | null>;
  counts: Record<string, number>;
} {
  const sums: Record<string, number> = {};
  const counts: Record<string, number> = {};
  let answered = 0;
  let sent = 0;
  let pending = 0;
  for (const r of rows) {
    const delivery = r.answeredAt ? 'sent' : (r.delivery ?? 'sent');
    if (delivery === 'sent') sent++;
    else if (delivery === 'pending') pending++;
    if (!r.answeredAt || !r.answers) continue;
    answered++;
    for (const [code, v] of Object.entries(r.answers)) {
      sums[code] = (sums[code] ?? 0) + v;
      counts[code] = (counts[code] ?? 0) + 1;
    }
  }
  const means: Record<string, number | null> = {};
  for (const code of Object.keys(counts)) means[code] = Math.round(((sums[code] ?? 0) / (counts[code] ?? 1)) * 100) / 100;
  return {
    sent,
    pending,
    notSent: rows.length - sent - pending,
    answered,
    answerRate: sent ? Math.round((answered / sent) * 1000) / 1000 : null,
    means,
    counts,
  };
}
