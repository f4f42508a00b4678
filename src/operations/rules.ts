import { Temporal } from 'temporal-polyfill';

/**
 * Issue 19: availability, outages and operations messages — the rules, without I/O.
 *
 * Time is epoch milliseconds throughout; a period is half-open [start, end) and starts at local
 * midnight in the mission's time zone, so a year is 8,760 h (8,784 h in a leap year) and the tertial
 * holding the spring change is one hour shorter, the one holding the autumn change one hour longer.
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** A stretch of time, [start, end). */
export interface Interval {
  start: number;
  end: number;
}

// ---------------------------------------------------------------- interval arithmetic

/** The intervals merged: sorted, overlapping and touching ones joined, empty ones dropped. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** The intervals cut to `bounds`. */
export function clip(intervals: readonly Interval[], bounds: Interval): Interval[] {
  return intervals.map((i) => ({ start: Math.max(i.start, bounds.start), end: Math.min(i.end, bounds.end) })).filter((i) => i.end > i.start);
}

/** The total length of merged intervals. */
export function totalLength(merged: readonly Interval[]): number {
  return merged.reduce((sum, i) => sum + (i.end - i.start), 0);
}

/** How much of merged `a` lies outside merged `b`. */
export function lengthOutside(a: readonly Interval[], b: readonly Interval[]): number {
  let overlap = 0;
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j]!.end <= x.start) j++;
    for (let k = j; k < b.length && b[k]!.start < x.end; k++) {
      overlap += Math.min(x.end, b[k]!.end) - Math.max(x.start, b[k]!.start);
    }
  }
  return totalLength(a) - overlap;
}

// ---------------------------------------------------------------- periods

/** A follow-up period of the mission (`followUp.periods`, the tertials T1–T3). */
export interface FollowUpPeriod {
  code: string;
  fromMonth: number;
  toMonth: number;
}

export interface Period extends Interval {
  /** "2027" for the year, "2027-T1" for a tertial. */
  key: string;
  /** "T1" for a tertial, null for the year. */
  code: string | null;
  year: number;
  /** The first and last local dates of the period. */
  from: string;
  to: string;
}

function localMidnight(date: Temporal.PlainDate, timeZone: string): number {
  return date.toZonedDateTime({ timeZone }).epochMilliseconds;
}

/** The calendar year as a period, from local midnight on 1 January to local midnight on the next. */
export function yearPeriod(year: number, timeZone: string): Period {
  const first = Temporal.PlainDate.from({ year, month: 1, day: 1 });
  const next = first.add({ years: 1 });
  return {
    key: String(year),
    code: null,
    year,
    from: first.toString(),
    to: next.subtract({ days: 1 }).toString(),
    start: localMidnight(first, timeZone),
    end: localMidnight(next, timeZone),
  };
}

/** The year's follow-up periods as the mission names them (R-10: T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec). */
export function followUpPeriods(year: number, periods: readonly FollowUpPeriod[], timeZone: string): Period[] {
  return periods.map((p) => {
    const first = Temporal.PlainDate.from({ year, month: p.fromMonth, day: 1 });
    const next = Temporal.PlainDate.from({ year, month: p.toMonth, day: 1 }).add({ months: 1 });
    return {
      key: `${year}-${p.code}`,
      code: p.code,
      year,
      from: first.toString(),
      to: next.subtract({ days: 1 }).toString(),
      start: localMidnight(first, timeZone),
      end: localMidnight(next, timeZone),
    };
  });
}

// ---------------------------------------------------------------- outages

/**
 * an outage is unplanned, planned inside a service window (shown separately, R-2.5), or
 * planned outside one (which needs a reason, and counts as downtime like an unplanned one).
 */
export const OUTAGE_KINDS = ['unplanned', 'planned_window', 'planned_other'] as const;
export type OutageKind = (typeof OUTAGE_KINDS)[number];

export interface OutageFacts {
  id: string;
  kind: OutageKind;
  /** an IT incident the municipalities are told about in their template. */
  incident: boolean;
  start: number;
  /** Null while it is still going on: it then lasts until the report's "now". */
  end: number | null;
  functionIds: readonly string[];
  municipalityIds: readonly string[];
}

export interface ItFunctionFacts {
  id: string;
  name: string;
  /** The municipalities the function serves. */
  municipalityIds: readonly string[];
}

/** One window of the calendar, as much as the arithmetic needs. */
export interface WindowFacts extends Interval {
  kind: 'primary' | 'secondary';
}

/** Downtime of one function in one municipality (or a sum of them), over a measured span. */
export interface Downtime {
  /** Unplanned and planned-outside-a-window downtime, overlaps counted once. */
  downtime: number;
  /** Planned downtime inside service windows, beyond what `downtime` already counts. */
  windowTime: number;
  /** The time measured (per function, so a sum over n functions is n × the span). */
  measured: number;
}

export interface AvailabilityFigure extends Downtime {
  /** 1 − downtime / measured: planned window time left out. Null when nothing is measured yet. */
  withoutWindows: number | null;
  /** 1 − (downtime + window time) / measured: every outage counted. */
  withWindows: number | null;
  /** Each figure against the target of the mission in force. */
  meetsTargetWithoutWindows: boolean | null;
  meetsTargetWithWindows: boolean | null;
}

export interface AvailabilityInput {
  period: Period;
  /** Ongoing outages last until now; a period not yet ended is measured up to now. */
  now: number;
  /** the mission's `availability.targetShare` for the year. */
  targetShare: number;
  functions: readonly ItFunctionFacts[];
  /** The municipalities reported on (the reader's scope). */
  municipalityIds: readonly string[];
  outages: readonly OutageFacts[];
}

export interface PairFigure extends AvailabilityFigure {
  functionId: string;
  municipalityId: string;
}

export interface AvailabilityReport {
  /** The span measured: the period, or its part up to now. */
  measured: Interval;
  complete: boolean;
  pairs: PairFigure[];
  perFunction: (AvailabilityFigure & { functionId: string })[];
  perMunicipality: (AvailabilityFigure & { municipalityId: string })[];
  overall: AvailabilityFigure;
}

function figure(d: Downtime, target: number): AvailabilityFigure {
  if (d.measured <= 0) return { ...d, withoutWindows: null, withWindows: null, meetsTargetWithoutWindows: null, meetsTargetWithWindows: null };
  const withoutWindows = 1 - d.downtime / d.measured;
  const withWindows = 1 - (d.downtime + d.windowTime) / d.measured;
  return { ...d, withoutWindows, withWindows, meetsTargetWithoutWindows: withoutWindows >= target, meetsTargetWithWindows: withWindows >= target };
}

function add(a: Downtime, b: Downtime): Downtime {
  return { downtime: a.downtime + b.downtime, windowTime: a.windowTime + b.windowTime, measured: a.measured + b.measured };
}

const NONE: Downtime = { downtime: 0, windowTime: 0, measured: 0 };

/**
 * R-9.1: availability per function and municipality, per function, per municipality and overall.
 *
 * A function's downtime in a municipality is the union of the outages that name both, cut to the
 * measured span (overlapping outages count once). Planned work inside service windows is kept apart
 * and given both ways: left out (`withoutWindows`) and counted (`withWindows`). The sums are in
 * function-hours: a municipality's figure is the share of its functions' hours they were up, so a
 * function serving both municipalities counts once in each.
 */
export function availability(input: AvailabilityInput): AvailabilityReport {
  const { period, now, targetShare } = input;
  const measured: Interval = { start: period.start, end: Math.max(period.start, Math.min(period.end, now)) };
  const span = measured.end - measured.start;
  const pairs: PairFigure[] = [];
  const byFunction = new Map<string, Downtime>();
  const byMunicipality = new Map<string, Downtime>(input.municipalityIds.map((m) => [m, NONE]));
  let overall = NONE;
  for (const fn of input.functions) {
    for (const municipalityId of fn.municipalityIds) {
      if (!byMunicipality.has(municipalityId)) continue;
      const hits = input.outages.filter((o) => o.functionIds.includes(fn.id) && o.municipalityIds.includes(municipalityId));
      const spans = (kinds: (k: OutageKind) => boolean) =>
        mergeIntervals(
          clip(
            hits.filter((o) => kinds(o.kind)).map((o) => ({ start: o.start, end: o.end ?? now })),
            measured,
          ),
        );
      const down = spans((k) => k !== 'planned_window');
      const windows = spans((k) => k === 'planned_window');
      const d: Downtime = { downtime: totalLength(down), windowTime: lengthOutside(windows, down), measured: span };
      pairs.push({ functionId: fn.id, municipalityId, ...figure(d, targetShare) });
      byFunction.set(fn.id, add(byFunction.get(fn.id) ?? NONE, d));
      byMunicipality.set(municipalityId, add(byMunicipality.get(municipalityId) ?? NONE, d));
      overall = add(overall, d);
    }
  }
  return {
    measured,
    complete: now >= period.end,
    pairs,
    perFunction: input.functions.map((f) => ({ functionId: f.id, ...figure(byFunction.get(f.id) ?? NONE, targetShare) })),
    perMunicipality: input.municipalityIds.map((m) => ({ municipalityId: m, ...figure(byMunicipality.get(m) ?? NONE, targetShare) })),
    overall: figure(overall, targetShare),
  };
}

// ---------------------------------------------------------------- the arithmetic stated plainly

export interface TargetArithmetic {
  /** The whole period, in ms (a year: 8,760 h or 8,784 h). */
  periodLength: number;
  targetShare: number;
  /** (1 − target) × the period: the downtime the target allows (78.84 h of a 365-day year at 99.1 %). */
  allowedDowntime: number;
  /** The calendar's windows in the period, in full. */
  primaryWindows: { count: number; length: number };
  secondaryWindows: { count: number; length: number };
  /** The availability left if every window were used in full, and if only the primary ones were. */
  ifAllWindowsUsed: number;
  ifPrimaryWindowsUsed: number;
  /** Whether the windows alone would take more than the target allows (84 h > 78.8 h in a year). */
  windowsExceedAllowance: boolean;
}

/**
 * note: 12 × (4 h + 3 h) = 84 h of windows exceed the 78.8 h that 99.1 % of a year allows. The
 * report shows these numbers so nobody is misled by either availability figure.
 */
export function targetArithmetic(period: Interval, targetShare: number, windows: readonly WindowFacts[]): TargetArithmetic {
  const periodLength = period.end - period.start;
  const inPeriod = windows.filter((w) => w.start >= period.start && w.start < period.end);
  const sum = (kind: WindowFacts['kind']) => {
    const ws = inPeriod.filter((w) => w.kind === kind);
    return { count: ws.length, length: ws.reduce((s, w) => s + (w.end - w.start), 0) };
  };
  const primaryWindows = sum('primary');
  const secondaryWindows = sum('secondary');
  const allowedDowntime = (1 - targetShare) * periodLength;
  const all = primaryWindows.length + secondaryWindows.length;
  return {
    periodLength,
    targetShare,
    allowedDowntime,
    primaryWindows,
    secondaryWindows,
    ifAllWindowsUsed: periodLength > 0 ? 1 - all / periodLength : 1,
    ifPrimaryWindowsUsed: periodLength > 0 ? 1 - primaryWindows.length / periodLength : 1,
    windowsExceedAllowance: all > allowedDowntime,
  };
}

// ---------------------------------------------------------------- the incident cap

/** what counts against "at most five a year": unplanned outages and IT incidents. */
export function countsAgainstCap(o: Pick<OutageFacts, 'kind' | 'incident'>): boolean {
  return o.kind === 'unplanned' || o.incident;
}

export interface IncidentCount {
  /** Per municipality: the events that affected it and started in the period. */
  perMunicipality: { municipalityId: string; count: number }[];
  /** Distinct events in the period, whichever municipality they affected. */
  total: number;
}

/** unplanned outages and IT incidents that started in the period, per municipality and in all. */
export function incidentCount(period: Interval, outages: readonly OutageFacts[], municipalityIds: readonly string[]): IncidentCount {
  const counted = outages.filter((o) => countsAgainstCap(o) && o.start >= period.start && o.start < period.end);
  return {
    perMunicipality: municipalityIds.map((m) => ({ municipalityId: m, count: counted.filter((o) => o.municipalityIds.includes(m)).length })),
    total: counted.filter((o) => o.municipalityIds.some((m) => municipalityIds.includes(m))).length,
  };
}

// ---------------------------------------------------------------- checking an outage

/** A problem with an input, by field, in Swedish and English (the service turns them into a 400). */
export interface RuleProblem {
  field: string;
  sv: string;
  en: string;
}

export interface OutageCheck {
  kind: OutageKind;
  incident: boolean;
  start: number;
  end: number | null;
  plannedReason: string | null;
  functionIds: readonly string[];
  municipalityIds: readonly string[];
}

/** The window an interval lies wholly inside, if any. */
export function windowHolding<W extends Interval>(span: Interval, windows: readonly W[]): W | undefined {
  return windows.find((w) => span.start >= w.start && span.end <= w.end);
}

/**
 * an outage's facts hang together. It ends after it starts; planned work in a window
 * lies inside one of the calendar's windows and has ended or has an end; planned work outside a window
 * says why; an outage names at least one function and one municipality (an IT incident without
 * downtime may name no function).
 */
export function outageProblems(o: OutageCheck, windows: readonly Interval[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (o.end !== null && o.end <= o.start) problems.push({ field: 'endsAt', sv: 'måste vara efter starten', en: 'must be after the start' });
  if (o.municipalityIds.length === 0) problems.push({ field: 'municipalityIds', sv: 'välj minst en kommun', en: 'choose at least one municipality' });
  if (o.functionIds.length === 0 && !o.incident) {
    problems.push({ field: 'functionIds', sv: 'välj minst en it-funktion som inte fungerade', en: 'choose at least one IT function that was down' });
  }
  if (o.kind === 'planned_window') {
    if (o.end === null) problems.push({ field: 'endsAt', sv: 'planerat arbete i servicefönster behöver ett slut', en: 'planned window work needs an end' });
    else if (o.end > o.start && !windowHolding({ start: o.start, end: o.end }, windows)) {
      problems.push({
        field: 'kind',
        sv: 'tiden ligger inte inom ett servicefönster; välj ”planerat utanför servicefönster” och ange skälet',
        en: 'the time is not inside a service window; choose "planned outside a window" and give the reason',
      });
    }
  }
  if (o.kind === 'planned_other' && !o.plannedReason?.trim()) {
    problems.push({
      field: 'plannedReason',
      sv: 'ange varför arbetet inte kunde göras i ett servicefönster',
      en: 'say why the work could not be done in a service window',
    });
  }
  return problems;
}

// ---------------------------------------------------------------- work in service windows

export interface WindowWorkCheck {
  window: { kind: 'primary' | 'secondary'; onClosedDay: boolean } | undefined;
  secondaryReason: string | null;
  closedDayConfirmed: boolean;
  span: Interval;
  windowSpan: Interval | undefined;
}

/**
 * work is planned in one of the calendar's windows; the secondary window is used only when the
 * primary could not be, so it needs that reason; a window on a closed day needs an explicit
 * confirmation; the work's own times lie inside the window.
 */
export function windowWorkProblems(w: WindowWorkCheck): RuleProblem[] {
  if (!w.window || !w.windowSpan) return [{ field: 'windowDate', sv: 'är inget servicefönster', en: 'is not a service window' }];
  const problems: RuleProblem[] = [];
  if (w.window.kind === 'secondary' && !w.secondaryReason?.trim()) {
    problems.push({
      field: 'secondaryReason',
      sv: 'det sekundära fönstret används bara när arbetet inte kunde göras i det primära; ange varför',
      en: 'the secondary window is only used when the work could not be done in the primary one; say why',
    });
  }
  if (w.window.onClosedDay && !w.closedDayConfirmed) {
    problems.push({
      field: 'closedDayConfirmed',
      sv: 'fönstret infaller på en stängd dag; bekräfta att arbetet ska göras då',
      en: 'the window falls on a closed day; confirm the work is done then',
    });
  }
  if (w.span.end <= w.span.start) problems.push({ field: 'endsAt', sv: 'måste vara efter starten', en: 'must be after the start' });
  else if (w.span.start < w.windowSpan.start || w.span.end > w.windowSpan.end) {
    problems.push({ field: 'startsAt', sv: 'arbetet måste ligga inom fönstrets tider', en: 'the work must lie within the window’s hours' });
  }
  return problems;
}

// ---------------------------------------------------------------- operations messages

export const MESSAGE_KINDS = ['disruption', 'planned'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
/** What a reader is told: going on now, coming, or over. */
export type MessageState = 'ongoing' | 'upcoming' | 'resolved';

export interface MessageFacts {
  kind: MessageKind;
  start: number;
  /** Planned work's expected end; a disruption's expected end, if one was given. */
  expectedEnd: number | null;
  resolvedAt: number | null;
  updatedAt: number;
}

/**
 * A message's state at `now`: a disruption is going on until it is resolved; planned work is coming
 * before its start, going on until its end, and over after it (or when resolved earlier).
 */
export function messageState(m: MessageFacts, now: number): MessageState {
  if (m.resolvedAt !== null && m.resolvedAt <= now) return 'resolved';
  if (m.kind === 'planned') {
    if (now < m.start) return 'upcoming';
    if (m.expectedEnd !== null && now >= m.expectedEnd) return 'resolved';
  }
  return 'ongoing';
}

/** When the message became (or becomes) resolved, if it has. */
function resolvedInstant(m: MessageFacts): number | null {
  if (m.resolvedAt !== null) return m.kind === 'planned' && m.expectedEnd !== null ? Math.min(m.resolvedAt, m.expectedEnd) : m.resolvedAt;
  return m.kind === 'planned' ? m.expectedEnd : null;
}

/**
 * what the public page, feed and JSON show at `now`: every message going on or coming, and the
 * resolved ones for `resolvedShownDays` after they were resolved.
 */
export function isShown(m: MessageFacts, now: number, resolvedShownDays: number): boolean {
  if (messageState(m, now) !== 'resolved') return true;
  const at = resolvedInstant(m);
  return at !== null && now - at < resolvedShownDays * 24 * HOUR;
}

/**
 * The last moment what is shown changed, for `Last-Modified`: an edit, or a planned message starting
 * or ending, up to `now`. A resolved message dropping off the list is not counted: the list's ETag
 * changes with it, and a reader asking with `If-Modified-Since` alone is told again on the next edit.
 */
export function lastShownChange(messages: readonly MessageFacts[], now: number, floor: number): number {
  let last = floor;
  for (const m of messages) {
    for (const t of [m.updatedAt, m.kind === 'planned' ? m.start : null, resolvedInstant(m)]) if (t !== null && t <= now && t > last) last = t;
  }
  return last;
}

/** The next moment what is shown changes by the clock alone (a start, an end, a resolved notice dropping off), if any. */
export function nextShownChange(messages: readonly MessageFacts[], now: number, resolvedShownDays: number): number | null {
  let next: number | null = null;
  for (const m of messages) {
    const resolved = resolvedInstant(m);
    const times = [m.kind === 'planned' ? m.start : null, resolved, resolved === null ? null : resolved + resolvedShownDays * 24 * HOUR];
    for (const t of times) if (t !== null && t > now && (next === null || t < next)) next = t;
  }
  return next;
}
