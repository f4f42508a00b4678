import { Temporal } from 'temporal-polyfill';
import type { BusinessCalendar } from '../calendar/rules.ts';
import type { MissionDocument } from '../mission/rules.ts';
import type { Problem } from '../org/rules.ts';

/**
 * Pure rules of the service desk: statuses, lines and escalation, on-call, SLA targets and
 * readings, support-level triage, ticket numbers and attachment names. No I/O: the caller passes the
 * mission in force and the compiled calendar.
 */

const MINUTE = 60_000;

// ---- statuses (R-3.1, issue 4) ------------------------------------------------------------------

export const TICKET_STATUSES = ['new', 'open', 'waiting', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * Issue 16: the `urgent` queue order's groups (breached, at risk, the rest by deadline, none last),
 * far enough apart that epoch seconds never cross into the next one: a row's key is
 * group × 10¹⁰ + epoch seconds of the instant it is ordered by.
 */
export const URGENCY_GROUP = 10_000_000_000;

/**
 * A queue cursor's key as the sort it came from printed it, or undefined when it is not one (a
 * crafted cursor is a 400, never a database error): an urgency key (numeric, read as its group and
 * whole epoch second) or, for the other orders, an instant as PostgreSQL prints a timestamptz.
 */
export function queueCursorKey(sort: 'newest' | 'oldest' | 'due' | 'urgent', key: string): { group: number; second: number } | 'instant' | undefined {
  if (sort !== 'urgent') return /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?|infinity)$/.test(key) ? 'instant' : undefined;
  const m = /^(\d{0,10}?)(\d{1,10})(\.\d{1,6})?$/.exec(key);
  if (!m) return undefined;
  const group = Number(m[1] || '0');
  return group <= 3 ? { group, second: Number(m[2]) } : undefined;
}

/** the portal, e-mail, a call registered by an agent ('phone'), or an agent's own ticket. */
export const CHANNELS = ['portal', 'phone', 'email', 'agent'] as const;
export type Channel = (typeof CHANNELS)[number];

export type ActorKind = 'agent' | 'requester';

/** Swedish names of the statuses, as the UI shows them. */
export const STATUS_SV: Record<TicketStatus, string> = {
  new: 'ny',
  open: 'öppen',
  waiting: 'väntar på kund',
  solved: 'löst',
  closed: 'stängd',
};

export const PRIORITY_SV: Record<Priority, string> = { low: 'låg', normal: 'normal', high: 'hög', critical: 'kritisk' };

/** the SLA clock pauses while the desk waits for the customer. */
export const PAUSED_STATUSES: readonly TicketStatus[] = ['waiting'];
/** The SLA clock stops when the ticket is solved or closed (a reopen resumes it). */
export const STOPPED_STATUSES: readonly TicketStatus[] = ['solved', 'closed'];

const AGENT_CHANGES: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'waiting', 'solved'],
  open: ['waiting', 'solved'],
  waiting: ['open', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

/** Requester UI (issue 4): "mark solved" while the ticket is in progress, and reopen a solved one. */
const REQUESTER_CHANGES: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['solved'],
  open: ['solved'],
  waiting: ['solved'],
  solved: ['open'],
  closed: [],
};

/** The statuses an actor may move a ticket to from `from` (for buttons in the UI). */
export function allowedStatusChanges(from: TicketStatus, actor: ActorKind): readonly TicketStatus[] {
  return (actor === 'agent' ? AGENT_CHANGES : REQUESTER_CHANGES)[from];
}

/**
 * Allowed status changes. Agents: new→open|waiting|solved, open→waiting|solved, waiting→open|solved,
 * solved→open (reopen)|closed, closed→(none). Requester: new|open|waiting→solved ("mark solved"),
 * solved→open (reopen). Same status → problem. Problems name the field `status`.
 */
export function statusChangeProblems(from: TicketStatus, to: TicketStatus, actor: ActorKind): Problem[] {
  if (from === to) {
    return [{ field: 'status', reason: `the ticket is already ${from}`, reasonSv: `ärendet har redan status ${STATUS_SV[from]}` }];
  }
  if (from === 'closed') {
    return [
      { field: 'status', reason: 'a closed ticket cannot change; open a new ticket', reasonSv: 'ett stängt ärende kan inte ändras; skapa ett nytt ärende' },
    ];
  }
  if (allowedStatusChanges(from, actor).includes(to)) return [];
  if (actor === 'requester') {
    return [
      {
        field: 'status',
        reason: `a requester may only mark the ticket solved or reopen a solved ticket, not change ${from} to ${to}`,
        reasonSv: `som beställare kan du bara markera ärendet som löst eller återöppna ett löst ärende, inte ändra ${STATUS_SV[from]} till ${STATUS_SV[to]}`,
      },
    ];
  }
  return [
    {
      field: 'status',
      reason: `status cannot change from ${from} to ${to}`,
      reasonSv: `status kan inte ändras från ${STATUS_SV[from]} till ${STATUS_SV[to]}`,
    },
  ];
}

/**
 * The status after the requester replies in the public conversation: waiting → open (the customer
 * answered, the clock resumes); solved → open (a reply reopens); new stays new; open stays open;
 * closed stays closed (the caller rejects replies on closed tickets).
 */
export function statusAfterRequesterReply(current: TicketStatus): TicketStatus {
  switch (current) {
    case 'waiting':
    case 'solved':
      return 'open';
    case 'new':
    case 'open':
    case 'closed':
      return current;
  }
}

// ---- lines and escalation (R-3.2) -------------------------------------------------------------------

export const LINES = [1, 2, 3] as const;
export const ESCALATION_REASON_MIN = 3;
export const ESCALATION_REASON_MAX = 500;

export type EscalationKind = 'escalate' | 'de-escalate' | 'reroute';

/** where every new ticket starts: the first team offering line 1, in line 1. */
export function firstLinePlacement(teams: readonly { code: string; lines: readonly number[] }[]): { team: string; line: 1 } | undefined {
  const team = teams.find((t) => t.lines.includes(1));
  return team ? { team: team.code, line: 1 } : undefined;
}

/** up a line, down a line, or to another team on the same line. */
export function escalationKind(from: { line: number }, to: { line: number }): EscalationKind {
  if (to.line > from.line) return 'escalate';
  if (to.line < from.line) return 'de-escalate';
  return 'reroute';
}

/**
 * every ticket starts in the team offering line 1; 1st → 2nd line within the same team
 * (användarstöd has lines 1 and 2); 1st or 2nd → 3rd line in a team offering it (verksamhetsstöd or
 * infrastruktur, by subject); 3rd → 3rd in another team (re-route); back down (3 → 1/2, 2 → 1) with a
 * reason too. 2 → 1 stays within the team, like 1 → 2. Only line 3 re-routes between teams.
 * The reason is required (trimmed, 3–500 characters). The target team must offer the target line.
 */
export function escalationProblems(props: {
  from: { team: string; line: number };
  to: { team: string; line: number };
  reason: string;
  teams: readonly { code: string; lines: readonly number[] }[];
}): Problem[] {
  const { from, to, teams } = props;
  const problems: Problem[] = [];
  const reason = props.reason.trim();
  if (reason.length < ESCALATION_REASON_MIN) {
    problems.push({
      field: 'reason',
      reason: `a reason of at least ${ESCALATION_REASON_MIN} characters is required`,
      reasonSv: `ange en anledning på minst ${ESCALATION_REASON_MIN} tecken`,
    });
  } else if (reason.length > ESCALATION_REASON_MAX) {
    problems.push({
      field: 'reason',
      reason: `the reason may be at most ${ESCALATION_REASON_MAX} characters`,
      reasonSv: `anledningen får vara högst ${ESCALATION_REASON_MAX} tecken`,
    });
  }
  if (!(LINES as readonly number[]).includes(to.line)) {
    problems.push({ field: 'line', reason: 'the line must be 1, 2 or 3', reasonSv: 'linjen måste vara 1, 2 eller 3' });
    return problems;
  }
  const target = teams.find((t) => t.code === to.team);
  if (!target) {
    problems.push({ field: 'team', reason: `unknown team ${to.team}`, reasonSv: `okänt team ${to.team}` });
    return problems;
  }
  if (!target.lines.includes(to.line)) {
    problems.push({
      field: 'line',
      reason: `team ${to.team} offers line ${target.lines.join(', ')}, not line ${to.line}`,
      reasonSv: `teamet ${to.team} har linje ${target.lines.join(', ')}, inte linje ${to.line}`,
    });
    return problems;
  }
  if (from.team === to.team && from.line === to.line) {
    problems.push({
      field: 'team',
      reason: `the ticket is already in team ${to.team}, line ${to.line}`,
      reasonSv: `ärendet ligger redan hos ${to.team}, linje ${to.line}`,
    });
    return problems;
  }
  const kind = escalationKind(from, to);
  const betweenFirstAndSecond = (from.line === 1 && to.line === 2) || (from.line === 2 && to.line === 1);
  if (betweenFirstAndSecond && from.team !== to.team) {
    problems.push({
      field: 'team',
      reason: 'between 1st and 2nd line the ticket stays in its team',
      reasonSv: 'mellan första och andra linjen stannar ärendet i samma team',
    });
  } else if (kind === 'reroute' && to.line !== 3) {
    problems.push({
      field: 'team',
      reason: `only 3rd-line tickets move to another team on the same line; escalate or de-escalate instead`,
      reasonSv: 'bara ärenden i tredje linjen kan flyttas till ett annat team i samma linje; eskalera eller de-eskalera i stället',
    });
  }
  return problems;
}

// ---- on-call (R-3.6) ----------------------------------------------------------------------------------

/** received outside opening hours AND affecting operations (cannot wait) → an on-call ticket. */
export function isOnCall(calendar: { isOpen(t: number): boolean }, receivedAt: number, affectsOperations: boolean): boolean {
  return affectsOperations && !calendar.isOpen(receivedAt);
}

/**
 * billable minutes of on-call time, by the mission's rule: per_started → up to the next
 * increment; nearest → nearest increment (halves up); none → exact. Then at least
 * `minimumBilledMinutes` when any time was spent; 0 minutes → 0. Negative or non-finite → RangeError.
 */
export function billableOnCallMinutes(minutes: number, rule: MissionDocument['support']['onCall']): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('on-call minutes must be a non-negative number');
  if (minutes === 0) return 0;
  const inc = rule.roundingIncrementMinutes;
  let billed: number;
  switch (rule.rounding) {
    case 'per_started':
      billed = Math.ceil(minutes / inc) * inc;
      break;
    case 'nearest':
      billed = Math.floor(minutes / inc + 0.5) * inc;
      break;
    case 'none':
      billed = minutes;
      break;
  }
  return Math.max(billed, rule.minimumBilledMinutes);
}

// ---- SLA (R-3.4, R-2.3, issue 4) -----------------------------------------------------------------------

export type SlaTarget = { kind: 'working_days'; n: number } | { kind: 'business_minutes'; n: number };

/** What a desk's category holds: faults, questions or requests. */
export const CATEGORY_KINDS = ['fault', 'question', 'request'] as const;

/** Where a ticket stands against its SLA target. */
export const SLA_STATES = ['none', 'ok', 'at_risk', 'breached', 'paused', 'met', 'missed'] as const;
export type SlaState = (typeof SLA_STATES)[number];

/**
 * SLA target of a ticket. Intefunktion → the mission's working days (one working day in 2023);
 * otherwise the category's own target, working days winning when both are set; none → null.
 * Non-positive or non-integer working days and non-positive minutes count as not set.
 */
export function slaTarget(props: {
  intefunktion: boolean;
  category: { resolveWorkingDays: number | null; resolveBusinessMinutes: number | null } | null;
  mission: Pick<MissionDocument, 'support'>;
}): SlaTarget | null {
  if (props.intefunktion) return { kind: 'working_days', n: props.mission.support.intefunktion.resolveWithinWorkingDays };
  const c = props.category;
  if (!c) return null;
  if (c.resolveWorkingDays !== null && Number.isInteger(c.resolveWorkingDays) && c.resolveWorkingDays > 0) {
    return { kind: 'working_days', n: c.resolveWorkingDays };
  }
  if (c.resolveBusinessMinutes !== null && Number.isFinite(c.resolveBusinessMinutes) && c.resolveBusinessMinutes > 0) {
    return { kind: 'business_minutes', n: c.resolveBusinessMinutes };
  }
  return null;
}

export interface SlaReading {
  state: SlaState;
  /** The deadline (epoch ms): fixed once reached; before that, where it lies if the clock runs on from now. */
  dueAt: number | null;
  /** Share of the allowed opening time used (0.., above 1 when breached). */
  usedShare: number | null;
  /** Opening ms left (≤ 0 when breached; as of the stop for met/missed). */
  remainingMillis: number | null;
  /**
   * When the at-risk share is (or would be, if the clock runs on from the reading) reached; the
   * reading instant itself once it has been. Stored with `dueAt` so lists need no history.
   */
  atRiskAt: number | null;
}

const NO_SLA: SlaReading = { state: 'none', dueAt: null, usedShare: null, remainingMillis: null, atRiskAt: null };

/**
 * The SLA reading of a ticket from its status history (R-2.3, issue 4 SLA clocks). The clock runs in
 * new/open, pauses in 'waiting', stops at 'solved'/'closed'; a reopen resumes it, and the time spent
 * solved before the reopen does not count (like a pause).
 *
 * Working days: the allowed opening time is that from the start to `addWorkingDays(start, n)` (R-2.3:
 * same clock time n working days later, capped at closing); the deadline is
 * `addBusinessMillis(addWorkingDays(start, n), pausedMillis)` counting the paused opening time before
 * the running time reached the allowance (while not yet reached: all paused time so far, i.e. the
 * deadline if the clock runs on from now), so a pause after a breach does not move the breach.
 * Business minutes: the calendar clock's deadline with `targetMinutes`. Breached/missed = the reading
 * instant (now, or the stop) is after `dueAt`.
 *
 * States: 'none' (no target or no history up to `now`), 'ok', 'at_risk' (≥ `atRiskShare` of the
 * allowed time used, not breached), 'breached' (also while waiting, once the deadline has passed),
 * 'paused' (waiting, not breached), 'met' (stopped at or before the deadline), 'missed' (after it).
 */
export function slaReading(props: {
  calendar: Pick<BusinessCalendar, 'addWorkingDays' | 'addBusinessMillis' | 'businessMillisBetween' | 'clock'>;
  target: SlaTarget | null;
  history: readonly { at: number; state: TicketStatus }[];
  now: number;
  /** The mission's share of the allowed time after which the reading is "at risk" (support.atRiskShare). */
  atRiskShare: number;
}): SlaReading {
  const { calendar, target, now } = props;
  const { atRiskShare } = props;
  if (target === null) return NO_SLA;
  const visible = props.history.filter((h) => h.at <= now);
  const first = visible[0];
  const last = visible[visible.length - 1];
  if (first === undefined || last === undefined) return NO_SLA;

  const allowedMillis =
    target.kind === 'working_days' ? calendar.businessMillisBetween(first.at, calendar.addWorkingDays(first.at, target.n)) : Math.round(target.n * MINUTE);

  // Stopped: read the clock as it stood when the ticket was (last) solved.
  const stopped = STOPPED_STATUSES.includes(last.state);
  let readAt = now;
  let history = visible;
  if (stopped) {
    let k = visible.length - 1;
    while (k > 0 && STOPPED_STATUSES.includes((visible[k - 1] as { state: TicketStatus }).state)) k--;
    readAt = (visible[k] as { at: number }).at;
    history = visible.slice(0, k + 1);
  }
  // Earlier solved/closed stretches (followed by a reopen) count as paused time.
  const reading = calendar.clock({
    history,
    pausedStates: [...PAUSED_STATUSES, ...STOPPED_STATUSES],
    now: readAt,
    targetMinutes: allowedMillis / MINUTE,
  });
  const remainingMillis = allowedMillis - reading.elapsedMillis;
  const usedShare = allowedMillis > 0 ? reading.elapsedMillis / allowedMillis : 1;
  let dueAt = reading.deadline;
  if (target.kind === 'working_days' && dueAt !== null) {
    // names the instant: addWorkingDays(start, n) (e.g. Wed 07:30, not Tue 16:30 for a start at
    // Tue 07:30), shifted by the opening time not running before the deadline was (or will be) reached.
    const shift = Math.max(0, calendar.businessMillisBetween(first.at, dueAt) - allowedMillis);
    const plain = calendar.addWorkingDays(first.at, target.n);
    dueAt = shift === 0 ? plain : calendar.addBusinessMillis(plain, shift);
  }
  const breached = dueAt !== null && readAt > dueAt;
  const toAtRisk = atRiskShare * allowedMillis - reading.elapsedMillis;
  const atRiskAt = dueAt === null ? null : toAtRisk > 0 ? calendar.addBusinessMillis(readAt, toAtRisk) : readAt;
  let state: SlaReading['state'];
  if (stopped) state = breached ? 'missed' : 'met';
  else if (breached) state = 'breached';
  else if (PAUSED_STATUSES.includes(last.state)) state = 'paused';
  else state = usedShare >= atRiskShare ? 'at_risk' : 'ok';
  return { state, dueAt, usedShare, remainingMillis, atRiskAt };
}

/** What a list row stores of the SLA: the instants of the last full reading and when it was taken. */
export interface StoredSla {
  status: TicketStatus;
  dueAt: number | null;
  atRiskAt: number | null;
  /** When `dueAt`/`atRiskAt` were computed: for a paused clock, the reading as of then. */
  readAt: number | null;
  solvedAt: number | null;
}

export interface ListSla {
  state: SlaReading['state'];
  dueAt: number | null;
  /**
   * Opening minutes until the deadline, in the municipality's business time; once overdue, minus the
   * opening time since the deadline (the detail's reading instead counts only running time).
   */
  remainingMinutes: number | null;
}

/**
 * A queue row's SLA state without its history (issue 4: the queue shows time left, at risk and
 * breached at a glance). Exact as long as the stored instants were computed at the last status
 * change: they say where the deadline lies if the clock runs on from `readAt`, so while the clock
 * runs (new, open) now is compared with them; while it is paused ('waiting') the reading is the one
 * taken at the pause; once stopped (solved, closed) the stop is compared with the deadline.
 */
export function listSla(s: StoredSla, now: number, calendar: Pick<BusinessCalendar, 'businessMillisBetween'>): ListSla {
  const due = s.dueAt;
  if (due === null) return { state: 'none', dueAt: null, remainingMinutes: null };
  const left = (from: number) => Math.trunc((from <= due ? calendar.businessMillisBetween(from, due) : -calendar.businessMillisBetween(due, from)) / MINUTE);
  if (STOPPED_STATUSES.includes(s.status)) {
    const at = s.solvedAt ?? s.readAt ?? now;
    return { state: at <= due ? 'met' : 'missed', dueAt: due, remainingMinutes: left(at) };
  }
  if (PAUSED_STATUSES.includes(s.status)) {
    const at = Math.min(s.readAt ?? now, now);
    // Paused with no opening time left: the deadline is the next opening instant, breached once passed.
    const breached = at > due || (now > due && calendar.businessMillisBetween(at, due) === 0);
    return { state: breached ? 'breached' : 'paused', dueAt: due, remainingMinutes: left(at) };
  }
  if (now > due) return { state: 'breached', dueAt: due, remainingMinutes: left(now) };
  return { state: s.atRiskAt !== null && now >= s.atRiskAt ? 'at_risk' : 'ok', dueAt: due, remainingMinutes: left(now) };
}

/** Time to (or past) a deadline as people count it: whole working days, then opening hours and minutes. */
export interface WorkingTimeLeft {
  /** Whole working days (R-2.3: the same clock time that many working days later). */
  workingDays: number;
  /** Opening hours after the whole days (together with `minutes`, less than one working day). */
  hours: number;
  minutes: number;
  /** true: the deadline has passed and the numbers say how late. */
  overdue: boolean;
}

/** Cap on the working days counted (about 20 years), so a forgotten ticket cannot loop long. */
const MAX_COUNTED_WORKING_DAYS = 5000;

/**
 * Issue 16: "1 d 0 h öppettid kvar" read as one day when it meant 24 opening hours (about 2.7
 * working days). People count the time to a deadline as whole working days, then the opening hours
 * and minutes of the part day: from Tue 10:00 to Fri 13:00 (opening 07:30–16:30) is "3 arbetsdagar och
 * 3 tim". A working day is R-2.3's: the same clock time the next working day (capped at closing), so
 * a fresh ticket with a target of n working days shows exactly n working days left. The hours and
 * minutes are the calendar's opening time between the last whole day and the deadline. When `to` is
 * before `from` the same count is made from `to` to `from` and marked overdue.
 */
export function workingTimeBetween(calendar: Pick<BusinessCalendar, 'addWorkingDays' | 'businessMillisBetween'>, from: number, to: number): WorkingTimeLeft {
  const overdue = to < from;
  const [a, b] = overdue ? [to, from] : [from, to];
  let days = 0;
  while (days < MAX_COUNTED_WORKING_DAYS && calendar.addWorkingDays(a, days + 1) <= b) days++;
  const restMillis = Math.max(0, calendar.businessMillisBetween(calendar.addWorkingDays(a, days), b));
  const restMinutes = Math.floor(restMillis / MINUTE);
  return { workingDays: days, hours: Math.floor(restMinutes / 60), minutes: restMinutes % 60, overdue };
}

/**
 * The time left of an SLA state as the UI shows it (the server sends it, so the UI derives no rule):
 * running (ok, at risk) and paused clocks count from `at` to the deadline, a breached one how far
 * past it; none, met and missed show no time left (the deadline date says it all).
 */
export function slaTimeLeft(
  calendar: Pick<BusinessCalendar, 'addWorkingDays' | 'businessMillisBetween'>,
  sla: { state: SlaReading['state']; dueAt: number | null },
  at: number,
): WorkingTimeLeft | null {
  if (sla.dueAt === null) return null;
  switch (sla.state) {
    case 'ok':
    case 'at_risk':
    case 'paused':
      return workingTimeBetween(calendar, Math.min(at, sla.dueAt), sla.dueAt);
    case 'breached':
      return workingTimeBetween(calendar, Math.max(at, sla.dueAt), sla.dueAt);
    case 'none':
    case 'met':
    case 'missed':
      return null;
  }
}

/** A queue row's time left (issue 16): a paused clock as of the pause, every other as of now. */
export function listTimeLeft(
  s: StoredSla,
  list: ListSla,
  now: number,
  calendar: Pick<BusinessCalendar, 'addWorkingDays' | 'businessMillisBetween'>,
): WorkingTimeLeft | null {
  const at = PAUSED_STATUSES.includes(s.status) ? Math.min(s.readAt ?? now, now) : now;
  return slaTimeLeft(calendar, list, at);
}

// ---- the queue filtered as the follow-up counts (R-10) ------------------------------------------------

/** `sla=met|missed` of the queue, as the follow-up counts solved tickets against their deadline. */
export const SLA_OUTCOMES = ['met', 'missed'] as const;
export type SlaOutcome = (typeof SLA_OUTCOMES)[number];

/** Instants [start, end) in epoch ms; null: that end is open. */
export interface InstantRange {
  start: number | null;
  end: number | null;
}

/**
 * R-10 ("every figure links down to the tickets behind it"): a range of local dates, both inclusive,
 * as the follow-up counts it — from the start of `from`'s day to the start of the day after `to`, in
 * the mission calendar's time zone, so a day of the summer-time change is 23 or 25 hours long and a
 * ticket solved at 23:30 on `to` is inside. Either date may be absent (that end stays open). A
 * problem names `to` when it is before `from`, or the date that is not a calendar date.
 * @example localDateRange({ from: '2026-05-01', to: '2026-08-31', timeZone: 'Europe/Stockholm' })
 *   // { start: 2026-04-30T22:00Z, end: 2026-08-31T22:00Z } as epoch ms
 */
export function localDateRange(props: { from?: string | undefined; to?: string | undefined; timeZone: string }): InstantRange | Problem {
  const day = (field: 'from' | 'to', text: string | undefined): Temporal.PlainDate | Problem | undefined => {
    if (text === undefined) return undefined;
    try {
      return Temporal.PlainDate.from(text, { overflow: 'reject' });
    } catch {
      return { field, reason: 'must be a date (YYYY-MM-DD)', reasonSv: 'ska vara ett datum (ÅÅÅÅ-MM-DD)' };
    }
  };
  const from = day('from', props.from);
  const to = day('to', props.to);
  if (from && !(from instanceof Temporal.PlainDate)) return from;
  if (to && !(to instanceof Temporal.PlainDate)) return to;
  if (from && to && Temporal.PlainDate.compare(from, to) > 0) {
    return { field: 'to', reason: 'must not be before the from date', reasonSv: 'får inte vara före från-datumet' };
  }
  // toZonedDateTime without a time gives the day's first instant, also where midnight is skipped.
  const startOf = (d: Temporal.PlainDate) => d.toZonedDateTime({ timeZone: props.timeZone }).epochMilliseconds;
  return { start: from ? startOf(from) : null, end: to ? startOf(to.add({ days: 1 })) : null };
}

/** True when `r` is a rule's problem rather than a value. */
export function isProblem(r: unknown): r is Problem {
  return typeof r === 'object' && r !== null && 'reasonSv' in r && 'field' in r;
}

// ---- ticket numbers (issue 4) -------------------------------------------------------------------------

/** Ticket number: year and the year's sequence number, at least six digits: `2026-000123`. */
export function ticketNumber(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError('year must be a four-digit integer');
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError('sequence number must be a positive integer');
  return `${year}-${String(seq).padStart(6, '0')}`;
}

/** Parses `yyyy-nnnnnn` back to its parts; undefined when it is not a ticket number. */
export function parseTicketNumber(text: string): { year: number; seq: number } | undefined {
  const m = /^(\d{4})-(\d{6,})$/.exec(text.trim());
  if (!m) return undefined;
  const seq = Number(m[2]);
  if (!Number.isSafeInteger(seq) || seq < 1) return undefined;
  return { year: Number(m[1]), seq };
}

// ---- attachments (R-3.1, issue 4 "bad input") ------------------------------------------------------------

export const ATTACHMENT_NAME_MAX = 200;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// C0 and C1 control characters (NUL included) and DEL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Bidirectional overrides and marks: "rapport\u202Efdp.exe" shows as "rapportexe.pdf".
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;

/** The media type without parameters, lower case: `Text/Plain; charset=utf-8` → `text/plain`. */
export function baseContentType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * Attachment checks: the file name must be a plain name (no '..', '/', '\\', NUL or other control or
 * bidi characters, no leading '.', not empty, at most 200 characters, no Windows reserved name such as
 * CON, no trailing dot or white space, none of `<>:"|?*`); the content type (without parameters) must be one
 * of `allowedTypes`; the size must be 1..maxBytes. Every problem is listed.
 */
export function attachmentProblems(props: {
  filename: string;
  contentType: string;
  size: number;
  maxBytes: number;
  allowedTypes: readonly string[];
}): Problem[] {
  const problems: Problem[] = [];
  const name = props.filename;
  const bad = (reason: string, reasonSv: string) => problems.push({ field: 'filename', reason, reasonSv });
  if (name.trim().length === 0) {
    bad('the file name is empty', 'filnamnet är tomt');
  } else {
    if ([...name].length > ATTACHMENT_NAME_MAX) {
      bad(`the file name may be at most ${ATTACHMENT_NAME_MAX} characters`, `filnamnet får vara högst ${ATTACHMENT_NAME_MAX} tecken`);
    }
    if (name.includes('/') || name.includes('\\')) bad('the file name may not contain / or \\', 'filnamnet får inte innehålla / eller \\');
    if (name.includes('..')) bad('the file name may not contain ".."', 'filnamnet får inte innehålla ".."');
    if (CONTROL.test(name)) bad('the file name may not contain control characters', 'filnamnet får inte innehålla styrtecken');
    if (BIDI.test(name)) bad('the file name may not contain text direction characters', 'filnamnet får inte innehålla tecken som vänder textriktningen');
    if (WINDOWS_FORBIDDEN.test(name)) bad('the file name may not contain < > : " | ? *', 'filnamnet får inte innehålla < > : " | ? *');
    if (name.startsWith('.')) bad('the file name may not start with a dot', 'filnamnet får inte börja med en punkt');
    // Windows drops a trailing dot or space, so "rapport.pdf." would be saved as another name.
    if (/[.\s]$/u.test(name)) bad('the file name may not end with a dot or a space', 'filnamnet får inte sluta med punkt eller mellanslag');
    const stem = (name.split('.')[0] ?? '').trimEnd();
    if (WINDOWS_RESERVED.test(stem)) bad(`${stem} is a reserved device name in Windows`, `${stem} är ett reserverat enhetsnamn i Windows`);
  }
  const type = baseContentType(props.contentType);
  if (!props.allowedTypes.some((t) => baseContentType(t) === type)) {
    problems.push({
      field: 'contentType',
      reason: `files of type ${type || '(none)'} are not allowed`,
      reasonSv: `filer av typen ${type || '(ingen)'} är inte tillåtna`,
    });
  }
  if (!Number.isInteger(props.size) || props.size < 0) {
    problems.push({ field: 'size', reason: 'the size must be a whole number of bytes', reasonSv: 'storleken måste vara ett helt antal byte' });
  } else if (props.size === 0) {
    problems.push({ field: 'size', reason: 'the file is empty', reasonSv: 'filen är tom' });
  } else if (props.size > props.maxBytes) {
    problems.push({
      field: 'size',
      reason: `the file is larger than ${formatBytes(props.maxBytes)}`,
      reasonSv: `filen är större än ${formatBytes(props.maxBytes).replace('.', ',')}`,
    });
  }
  return problems;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} kB`;
  return `${n} B`;
}
