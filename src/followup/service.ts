import { Temporal } from 'temporal-polyfill';
import { plansRenewals, readsWholeRegister } from '../assets/policy.ts';
import { readsBilling } from '../billing/policy.ts';
import { missionInForce } from '../mission/rules.ts';
import { listMissions, stockholmToday } from '../mission/service.ts';
import type { MissionVersionRow } from '../mission/store.ts';
import { readsAvailability, readsOutages } from '../operations/policy.ts';
import { followUpPeriods, yearPeriod } from '../operations/rules.ts';
import { availabilityFigures, scopeMunicipalities } from '../operations/service.ts';
import { seesOrders } from '../orders/policy.ts';
import type { Problem } from '../org/rules.ts';
import { canSeeMunicipality } from '../platform/access.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertPolicy } from '../platform/auth/policy.ts';
import { now } from '../platform/clock.ts';
import type { Db } from '../platform/db/client.ts';
import { permission } from '../platform/http/contract.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { readsAllSites } from '../sites/policy.ts';
import { siteShortfalls } from '../sites/service.ts';
import { worksQueue } from '../tickets/policy.ts';
import {
  ZFollowUpReport,
  type FollowUpAnswer,
  type FollowUpQuery,
  type FollowUpReport,
  type MarkSent,
  type Snapshot,
  type SnapshotSummary,
} from './contract.ts';
import { marksFollowUpSent, readsFollowUp } from './policy.ts';
import { buildSections, withLinks, type Drills, type ReportFacts } from './report-rules.ts';
import { defaultReportPeriod, periodLabel, previousPeriod, reportChanges, reportPeriod, trendPeriods, type Period } from './rules.ts';
import * as store from './store.ts';

/**
 * the tertial and year follow-up — every figure computed from the data when asked for, against
 * the targets of the mission in force that year, for the municipalities the reader sees; a report
 * marked sent is frozen as it was, and shown again beside what has changed since.
 */

type Municipality = { id: string; code: string; name: string };

const ALL_DRILLS: Drills = { tickets: true, outages: true, availability: true, billing: true, orders: true, assets: true, renewals: true, sites: true };

/** What the reader may follow a figure down to: each list by its own capability's policy. */
function drillsOf(actor: Actor): Drills {
  return {
    tickets: worksQueue(actor),
    outages: readsOutages(actor),
    availability: readsAvailability(actor),
    billing: readsBilling(actor),
    orders: seesOrders(actor),
    assets: readsWholeRegister(actor),
    renewals: plansRenewals(actor),
    sites: readsAllSites(actor),
  };
}

function problem(field: 'period' | 'municipality' | 'year', reason: string, reasonSv: string): FieldProblem {
  const labels = { period: ['Period', 'Period'], municipality: ['Kommun', 'Municipality'], year: ['År', 'Year'] }[field];
  return { field, reason, reasonSv, label: labels[0], labelEn: labels[1] };
}

const NOT_SENT: Problem = {
  field: 'role',
  reason: 'only IT management marks a follow-up report as sent to the boards',
  reasonSv: 'bara it-ledningen markerar en uppföljningsrapport som skickad till nämnderna',
};
const NOT_OVER: Problem = {
  field: 'period',
  reason: 'the period is not over yet; a report is sent once its period has ended',
  reasonSv: 'perioden är inte slut än; rapporten skickas när perioden är över',
};

interface Resolved {
  missions: MissionVersionRow[];
  mission: MissionVersionRow;
  period: Period;
  /** The municipalities reported on; `one` set when the report is a single municipality's. */
  municipalities: Municipality[];
  one: Municipality | null;
  visible: Municipality[];
  both: boolean;
  now: number;
}

function missionOfYear(missions: readonly MissionVersionRow[], year: number): MissionVersionRow {
  const m = missionInForce(missions, `${year}-01-01`) ?? missions[0];
  if (!m) throw new AppError('not_found', [{ field: 'mission', reason: 'no mission is stored', reasonSv: 'inget ramuppdrag finns' }]);
  return m;
}

/** Each year's follow-up periods, from the mission in force that year. */
const periodsOfYear = (missions: readonly MissionVersionRow[]) => (year: number) => {
  const d = missionOfYear(missions, year).document;
  return { periods: d.followUp.periods, timeZone: d.calendar.timeZone };
};

/** The period, municipalities and mission a query asks for, within what the reader sees. */
async function resolve(db: Db, actor: Actor, query: FollowUpQuery): Promise<Resolved> {
  const [visible, missions] = await Promise.all([scopeMunicipalities(db, actor), listMissions(db)]);
  const both = actor.scope.kind === 'all';
  let reported: Municipality[];
  if (query.municipality !== undefined) {
    const m = visible.find((v) => v.code === query.municipality);
    if (!m) throw new AppError('not_found', [problem('municipality', 'no such municipality among yours', 'ingen sådan kommun bland dina')]);
    reported = [m];
  } else reported = both ? visible : visible.slice(0, 1);
  const at = now().getTime();
  const periodsOf = periodsOfYear(missions);
  const thisYear = Number(stockholmToday().slice(0, 4));
  let period: Period | undefined;
  if (query.period === undefined) period = defaultReportPeriod(query.year, thisYear, at, periodsOf);
  else {
    const y = query.year ?? thisYear;
    period = reportPeriod(y, query.period, periodsOf(y).periods, periodsOf(y).timeZone);
  }
  const year = period?.year ?? query.year ?? thisYear;
  const mission = missionOfYear(missions, year);
  const doc = mission.document;
  if (!period) {
    const codes = doc.followUp.periods.map((p) => p.code).join(', ');
    throw new AppError('validation', [
      problem('period', `the mission of ${year} has the periods ${codes} and the whole year`, `ramuppdraget ${year} har perioderna ${codes} och helåret`),
    ]);
  }
  if (period.start > at) throw new AppError('validation', [problem('period', 'the period has not begun yet', 'perioden har inte börjat än')]);
  const one = reported.length === 1 && !(both && query.municipality === undefined) ? (reported[0] ?? null) : null;
  return { missions, mission, period, municipalities: reported, one, visible, both, now: at };
}

const months = (p: Pick<Period, 'from' | 'to'>) => ({ from: p.from.slice(0, 7), to: p.to.slice(0, 7) });

/** The report of a resolved query, measured now; links as far as `drills` allow. */
async function measure(db: Db, r: Resolved, drills: Drills): Promise<FollowUpReport> {
  const doc = r.mission.document;
  const timeZone = doc.calendar.timeZone;
  const periodsOf = periodsOfYear(r.missions);
  const { period } = r;
  const trend = trendPeriods(period, r.now, periodsOf);
  const previous = previousPeriod(period, periodsOf);
  const ids = r.municipalities.map((m) => m.id);
  const deskId = await store.itDeskId(db);
  const scope = { municipalityIds: ids, deskId };
  const span = { start: new Date(period.start), end: new Date(period.end) };
  const yearToDate = { ...yearPeriod(period.year, timeZone), end: period.end };
  // A tertial is the trend's last period: counted once, as the trend's (bucket i = trend[i]).
  const inTrend = trend.findIndex((p) => p.key === period.key);
  const buckets = inTrend >= 0 ? trend : [...trend, period];
  const periodBucket = inTrend >= 0 ? inTrend : trend.length;
  const [solved, breaches, misses, received, onCall, operations, surveys, deliveredLines, assets, invoiced, categories, sites] = await Promise.all([
    store.solvedCounts(
      db,
      scope,
      buckets.map((p) => ({ start: new Date(p.start), end: new Date(p.end) })),
    ),
    store.breachCounts(db, scope, span),
    store.intefunktionMisses(db, scope, span, timeZone),
    store.receivedCounts(db, scope, span),
    store.onCallFigures(db, scope, span),
    availabilityFigures(db, { periods: [period, yearToDate, ...trend], municipalityIds: ids, now: r.now }),
    store.surveyFigures(db, ids, span, timeZone),
    store.deliveredOrderLines(db, ids, period.from, period.to),
    store.assetFigures(db, ids, period.to),
    store.invoiced(db, ids, [period, previous, ...trend].map(months)),
    store.categoryNames(db),
    siteShortfalls(db, ids, stockholmToday(Temporal.Instant.fromEpochMilliseconds(r.now))),
  ]);
  const functionLabels = new Map(r.missions.flatMap((m) => m.document.support.intefunktion.functions.map((f) => [f.code, f.label] as const)));
  for (const f of doc.support.intefunktion.functions) functionLabels.set(f.code, f.label);
  const billed = (bucket: number, municipalityId?: string) =>
    invoiced.filter((x) => x.bucket === bucket && (municipalityId === undefined || x.municipalityId === municipalityId)).reduce((s, x) => s + x.ore, 0);
  const facts: ReportFacts = {
    period,
    trend,
    previous,
    municipalities: r.municipalities,
    itDeskId: deskId,
    drills,
    targets: {
      firstLine: doc.support.firstLineResolutionTarget,
      intefunktionDays: doc.support.intefunktion.resolveWithinWorkingDays,
      availability: doc.availability.targetShare,
      maxOutagesPerYear: doc.availability.maxOutagesPerYear,
    },
    survey: { scale: doc.support.survey.scale, questions: doc.support.survey.questions },
    categories,
    solved: solved.filter((s) => s.bucket === periodBucket).map((s) => ({ ...s, bucket: 0 })),
    trendSolved: solved.filter((s) => s.bucket < trend.length),
    breaches,
    misses: misses.map((m) => ({ ...m, functionLabel: functionLabels.get(m.intefunktion) ?? null })),
    received,
    onCall,
    operations: {
      availability: operations[0]?.availability ?? null,
      trend: operations.slice(2).map((o) => o.availability),
      incidents: operations[0]?.incidents ?? 0,
      incidentsInYear: operations[1]?.incidents ?? 0,
      yearLabel: String(period.year),
    },
    surveys,
    orders: { deliveredLines },
    assets,
    billing: {
      perMunicipality: r.municipalities.map((m) => ({ id: m.id, name: m.name, currentOre: billed(0, m.id), previousOre: billed(1, m.id) })),
      trend: trend.map((_, i) => billed(i + 2)),
    },
    sites,
  };
  return {
    year: period.year,
    period: {
      key: period.key,
      code: period.code,
      year: period.year,
      label: periodLabel(period),
      from: period.from,
      to: period.to,
      complete: r.now >= period.end,
    },
    municipality: r.one ? { code: r.one.code, name: r.one.name } : null,
    missionTitle: r.mission.title,
    generatedAt: new Date(r.now).toISOString(),
    sections: buildSections(facts),
  };
}

function summary(row: store.SnapshotRow, municipalities: readonly Municipality[]): SnapshotSummary {
  const m = municipalities.find((x) => x.id === row.municipalityId);
  return {
    id: row.id,
    periodKey: row.periodKey,
    periodLabel: row.periodLabel,
    municipality: m ? { code: m.code, name: m.name } : null,
    sentAt: row.sentAt.toISOString(),
    sentBy: row.sentByName,
    note: row.note,
  };
}

/** The years one may report on: from the first mission's to this year, newest first. */
function years(missions: readonly MissionVersionRow[]): number[] {
  const thisYear = Number(stockholmToday().slice(0, 4));
  const first = Math.min(thisYear, ...missions.map((m) => Number(m.effectiveFrom.slice(0, 4))));
  const out: number[] = [];
  for (let y = thisYear; y >= first; y--) out.push(y);
  return out;
}

/** GET /followup: the report asked for, what the reader may choose and do, and the sendings of it. */
export async function followUpReport(db: Db, actor: Actor, query: FollowUpQuery): Promise<FollowUpAnswer> {
  assertPolicy(actor, readsFollowUp);
  const r = await resolve(db, actor, query);
  const [report, sent] = await Promise.all([measure(db, r, drillsOf(actor)), store.snapshotsOf(db, r.period.key, r.one?.id ?? null)]);
  const doc = r.mission.document;
  const begun = [
    ...followUpPeriods(r.period.year, doc.followUp.periods, doc.calendar.timeZone).filter((p) => p.start <= r.now),
    yearPeriod(r.period.year, doc.calendar.timeZone),
  ];
  return {
    report,
    choices: {
      years: years(r.missions),
      periods: begun.map((p) => ({ key: p.key, code: p.code, year: p.year, label: periodLabel(p), from: p.from, to: p.to })),
      municipalities: r.visible.map((m) => ({ code: m.code, name: m.name })),
      both: r.both,
    },
    snapshots: sent.map((s) => summary(s, r.visible)),
    actions: { markSent: permission(marksFollowUpSent(actor) ? (report.period.complete ? null : NOT_OVER) : NOT_SENT) },
  };
}

/** The report as it will be exported: the same figures, every link as far as the reader may go. */
export async function followUpForExport(db: Db, actor: Actor, query: FollowUpQuery): Promise<FollowUpReport> {
  assertPolicy(actor, readsFollowUp);
  return measure(db, await resolve(db, actor, query), drillsOf(actor));
}

/** IT management marks a report sent; it is frozen as it is now, with every link. */
export async function markSent(db: Db, actor: Actor, input: MarkSent): Promise<SnapshotSummary> {
  assertPolicy(actor, marksFollowUpSent);
  const r = await resolve(db, actor, { year: input.year, period: input.period, municipality: input.municipality ?? undefined });
  if (r.now < r.period.end) throw new AppError('conflict', [problem('period', NOT_OVER.reason, NOT_OVER.reasonSv)]);
  const report = await measure(db, r, ALL_DRILLS);
  return db.transaction(async (tx) => {
    const row = {
      year: r.period.year,
      periodKey: r.period.key,
      periodLabel: report.period.label,
      municipalityId: r.one?.id ?? null,
      report,
      note: input.note,
      sentAt: new Date(r.now),
      sentByUserId: actor.id,
    };
    const id = await store.insertSnapshot(tx, row);
    const { report: _frozen, ...shown } = row;
    await writeAudit(tx, {
      actorUserId: actor.id,
      municipalityId: row.municipalityId,
      entity: 'followup_snapshot',
      entityId: id,
      action: 'create',
      after: shown,
    });
    return summary({ ...row, id, sentByName: actor.displayName }, r.visible);
  });
}

/** A report as it was sent, the live report of the same period beside it, and what differs. */
export async function getSnapshot(db: Db, actor: Actor, id: string): Promise<Snapshot> {
  assertPolicy(actor, readsFollowUp);
  const row = await store.snapshotById(db, id);
  const visible = row && (row.municipalityId === null ? actor.scope.kind === 'all' : canSeeMunicipality(actor.scope, row.municipalityId));
  if (!row || !visible) throw new AppError('not_found');
  const drills = drillsOf(actor);
  const sent = ZFollowUpReport.parse(row.report);
  const code = row.periodKey.includes('-') ? row.periodKey.slice(row.periodKey.indexOf('-') + 1) : 'year';
  const municipality = sent.municipality?.code;
  const r = await resolve(db, actor, { year: row.year, period: code, ...(municipality ? { municipality } : {}) });
  const live = await measure(db, r, drills);
  return {
    ...summary(row, r.visible),
    report: { ...sent, sections: withLinks(sent.sections, drills) },
    changes: reportChanges(sent, live),
    live,
  };
}
